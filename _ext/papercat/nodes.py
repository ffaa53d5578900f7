"""Doctree nodes of the extension.

A record renders with standard docutils nodes inside ``paper_record``; only the
placeholders that are filled in at resolve time are node types of their own.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class paper_record(nodes.General, nodes.Element):
    """A paper's rendered record; its attributes carry the record's data."""


class paper_list(nodes.General, nodes.Element):
    """Placeholder for a listing; filled from the domain at ``doctree-resolved``."""


class paper_lineage(nodes.General, nodes.Element):
    """Placeholder for "Builds on" / "Followed by"; needs every record to resolve."""


class paper_lineage_graph(nodes.General, nodes.Element):
    """Placeholder for the lineage chart (lineage.py); drawn at ``doctree-resolved`` from
    every record."""


class paper_techniques(nodes.General, nodes.Element):
    """Placeholder for "Introduces" / "Uses" (techniques.py); names come from other pages."""


class scrollable_block(nodes.literal_block):
    """A literal block that may scroll sideways (BibTeX): reachable by keyboard, and
    named for screen readers (``label``). Other writers see a literal block."""


def generated(node_class: type[nodes.TextElement], text: str = "", *children: nodes.Node,
              classes: tuple[str, ...] = ()) -> nodes.TextElement:
    """A node of generated text (a label, a name, a URL): never extracted for translation."""
    children = children or ((nodes.Text(text),) if text else ())
    rawsource = text or "".join(child.astext() for child in children)
    node = node_class(rawsource, "", *children, classes=list(classes))
    node["translatable"] = False
    return node


def page_title(document: nodes.document) -> str | None:
    """The text of the page's first heading (its H1), or None; raw HTML is not text."""
    for section in document.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title):
            # rawhtml.py removes raw nodes after the directives that ask for the title run.
            return "".join(text.astext() for text in section[0].findall(nodes.Text)
                           if not isinstance(text.parent, nodes.raw))
        return None
    return None


def visit_container(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="paper-record"))


def depart_container(self, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_scrollable_block(self, node: scrollable_block) -> None:
    try:
        self.visit_literal_block(node)
    except nodes.SkipNode:
        # Sphinx writes the highlighted block in one piece: give its <pre> focus and a name.
        self.body[-1] = self.body[-1].replace(
            "<pre>", f'<pre tabindex="0" aria-label="{escape(node["label"])}">', 1)
        raise


def depart_scrollable_block(self, node: scrollable_block) -> None:
    self.depart_literal_block(node)


def visit_passthrough(self, node: nodes.Element) -> None:
    pass


def depart_passthrough(self, node: nodes.Element) -> None:
    pass


def setup(app: Sphinx) -> None:
    html = (visit_container, depart_container)
    plain = (visit_passthrough, depart_passthrough)
    app.add_node(
        paper_record, html=html, latex=plain, text=plain, man=plain, texinfo=plain
    )
    app.add_node(scrollable_block, html=(visit_scrollable_block, depart_scrollable_block))
    # Placeholders never reach a writer: they are replaced or removed first.
    app.add_node(paper_list)
    app.add_node(paper_lineage)
    app.add_node(paper_techniques)
