"""The ``{technique}`` and ``{technique-list}`` directives and how a technique's record
renders; what pages show of techniques is filled in by ``technique_pages.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from ..i18n.catalog import _
from ..nodes import (depart_passthrough, technique_list, technique_names, technique_papers,
                     technique_record, visit_passthrough)
from ..records.techniques import OPTIONS, Technique, parse_options
from .directives import AnyOption, PlaceholderDirective, RecordDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def visit_technique_record(self, node: technique_record) -> None:
    self.body.append(self.starttag(node, "div", CLASS="technique-record"))


def depart_technique_record(self, node: technique_record) -> None:
    self.body.append("</div>\n")


# -- directives ------------------------------------------------------------------------------


class TechniqueDirective(RecordDirective):
    """One technique: ``:id:`` and ``:short-name:`` as options, the definition as body."""

    has_content = True
    option_spec: ClassVar = AnyOption.of(OPTIONS)

    def run(self) -> list[nodes.Node]:
        fields, name, record = self.parse_record(parse_options, "technique", technique_record)
        if name is not None and "id" in fields:
            technique = Technique(docname=self.env.docname, lineno=self.lineno, name=name,
                                  name_local=name, **fields)
            record["technique"] = technique
            record["ids"].append(f"technique-{technique.id}")
            # The names are known once the page is translated: filled in technique_pages.
            names = technique_names(technique_id=technique.id)
            if technique.short_name:
                names += self.short_name(technique.short_name)
            record += names
        definition = nodes.container(classes=["technique-definition"])
        definition += self.parse_content_to_nodes(allow_section_headings=False)
        record += definition
        if "technique" in record:
            record += technique_papers(technique_id=record["technique"].id)
        return [record]

    def short_name(self, text: str) -> nodes.field_list:
        body = nodes.field_body()
        body += self.generated(nodes.paragraph, text)
        fields = nodes.field_list(classes=["technique-meta"])
        fields += nodes.field("", self.generated(nodes.field_name, _("Short name")), body,
                              classes=["technique-short-name"])
        return fields


class TechniqueListDirective(PlaceholderDirective):
    """Every technique, by name, with its definition and the paper that introduced it."""

    placeholder = technique_list


def setup(app: Sphinx) -> None:
    html = (visit_technique_record, depart_technique_record)
    plain = (visit_passthrough, depart_passthrough)
    app.add_node(technique_record, html=html, latex=plain, text=plain, man=plain,
                 texinfo=plain)
    app.add_node(technique_papers)
    app.add_node(technique_names)
    app.add_node(technique_list)
    app.add_directive("technique", TechniqueDirective)
    app.add_directive("technique-list", TechniqueListDirective)
