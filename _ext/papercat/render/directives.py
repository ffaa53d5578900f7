"""The ``{paper}``, ``{paper-list}`` and ``{paper-tag}`` directives, and the bases of the
extension's other directives (``RecordDirective``, ``PlaceholderDirective``).

Every node holding generated text is made here, in ``run()``, with its source
and rawsource, and marked ``translatable=False``: labels come translated from
the extension's catalog, and names, ids and URLs must stay out of the .pot.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..compat.sphinx_internals import download_path
from ..i18n.catalog import _, format_paper_date
from ..nodes import (depart_passthrough, generated, page_title, paper_list, paper_neighbours,
                     paper_record, paper_techniques, visit_passthrough)
from ..pdfs.nodes import pdf_placeholder
from ..records import fields as declared
from ..records.papers import ID_RE, WARNING_TYPE, Paper, split_list, summary_todo
from . import citation
from .htmldata import data_container, with_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class scrollable_block(nodes.literal_block):
    """A literal block that may scroll sideways (BibTeX): reachable by keyboard, and
    named for screen readers (``label``). Other writers see a literal block."""


class PlaceholderDirective(SphinxDirective):
    """A directive without options or content that leaves its ``placeholder`` node."""

    placeholder: ClassVar[type[nodes.Element]]
    option_spec: ClassVar = {}

    def run(self) -> list[nodes.Node]:
        node = self.placeholder()
        self.set_source_info(node)
        return [node]


class AnyOption(dict):
    """Accept every option, so that unknown ones get our own located warning."""

    def __missing__(self, key: str):
        return directives.unchanged

    @classmethod
    def of(cls, names: tuple[str, ...]) -> AnyOption:
        """A record's options: each a string, checked by the record's ``parse_options``."""
        return cls(dict.fromkeys(names, directives.unchanged))


class RecordDirective(SphinxDirective):
    """The base of the extension's directives: located warnings, a record's parsing."""

    def warn(self, subtype: str, message: str, lineno: int | None = None) -> None:
        logger.warning(
            message,
            location=(self.env.docname, lineno or self.lineno),
            type=WARNING_TYPE,
            subtype=subtype,
        )

    def parse_record(self, parse, kind: str, node_class: type[nodes.Element]
                     ) -> tuple[dict, str | None, nodes.Element]:
        """A record's fields (``parse`` checks the options), its page's title (its H1) and
        its node, located here; each problem is a warning located at the directive."""
        fields, problems = parse(self.options)
        for problem in problems:
            self.warn(problem.subtype, problem.message)
        title = page_title(self.state.document)
        if title is None:
            self.warn("no-title", f"a {kind} record must follow the page's title (H1)")
        record = node_class(classes=[f"{kind}-record"])
        self.set_source_info(record)
        return fields, title, record

    def generated(self, node_class: type[nodes.TextElement], text: str = "",
                  *children: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.TextElement:
        """Generated text, located at the directive."""
        node = generated(node_class, text, *children, classes=classes)
        self.set_source_info(node)
        return node


class PaperDirective(RecordDirective):
    """One paper record: metadata as options (``records/fields.py``), the summary as body."""

    has_content = True
    option_spec: ClassVar = AnyOption.of(declared.option_names())

    def run(self) -> list[nodes.Node]:
        fields, title, record = self.parse_record(declared.parse_options, "paper",
                                                  paper_record)
        if title is None or "id" not in fields or "date" not in fields:
            # Not a usable record: show the summary, register nothing.
            record += self.summary()
            return [record]

        paper = Paper(
            docname=self.env.docname, lineno=self.lineno, title=title, title_local=title,
            date_local=format_paper_date(fields["date"], self.config.language),
            **declared.record_values(fields),
        )
        if paper.pdf_source == "project":
            paper = dataclasses.replace(paper, pdf_download=self.register_download(paper.pdf))
        record["paper"] = paper
        record["ids"].append(f"paper-{paper.id}")
        record += self.generated(
            nodes.paragraph, "", nodes.inline(text=_("Official title:"),
                                              classes=["paper-label"]),
            nodes.inline(text=title, classes=["paper-original-title-text"]),
            classes=("paper-original-title",),
        )
        if paper.withdrawn:
            record += self.generated(
                nodes.paragraph,
                _("This report was withdrawn by its authors; no download is offered."),
                classes=("paper-withdrawn",),
            )
        elif paper.status == "preview":
            record += self.generated(
                nodes.paragraph,
                _("A preview: the report presents a preview version, and may be revised."),
                classes=("paper-preview",),
            )
        record += self.metadata(paper)
        record += self.actions(paper)
        record += self.pdf_placeholder(paper, "facts")
        record += paper_neighbours(paper_id=paper.id)
        record += paper_techniques(paper_id=paper.id)
        record += self.summary()
        record += self.pdf_placeholder(paper, "sections")
        record += self.citation(paper)
        return [record]

    def field(self, label: str, *body: nodes.Node, name: str) -> nodes.field:
        field_body = nodes.field_body()
        field_body += self.generated(nodes.paragraph, "", *body)
        return nodes.field(
            "", self.generated(nodes.field_name, label), field_body, classes=[f"paper-{name}"]
        )

    def metadata(self, paper: Paper) -> nodes.field_list:
        """A row for each field with a label (``records/fields.py``) that has a value."""
        rows = nodes.field_list(classes=["paper-meta"])
        for field in declared.shown_in_metadata():
            if value := field.value(paper):
                shown = METADATA_ROWS.get(field.name, plain_row)(paper, value)
                rows += self.field(_(field.label), *shown, name=field.option or field.name)
        return rows

    def actions(self, paper: Paper) -> nodes.paragraph:
        buttons: list[nodes.Node] = []

        def button(label: str, kind: str, uri: str) -> None:
            buttons.append(nodes.reference(label, label, refuri=uri,
                                           classes=["paper-button", f"paper-button-{kind}"]))

        if paper.pdf_source == "project":
            buttons.append(self.project_download(paper.pdf))
        buttons.append(self.pdf_placeholder(paper, "buttons"))
        if paper.arxiv:
            button(_("arXiv page"), "arxiv", paper.arxiv_url)
        if paper.code:
            button(_("Code"), "code", paper.code)
        for url in paper.models:
            name = url.rstrip("/").rsplit("/", 1)[-1]
            button(_("Model weights: %(name)s") % {"name": name}, "models", url)
        return self.generated(nodes.paragraph, "", *buttons, classes=("paper-actions",))

    def pdf_placeholder(self, paper: Paper, part: str) -> pdf_placeholder:
        """Where the page shows the record's PDF: filled by the PDF package (``pdfs/page.py``)
        from its one lookup; gone when the record has no PDF to fetch."""
        node = pdf_placeholder(paper_id=paper.id, part=part)
        self.set_source_info(node)
        return node

    def register_download(self, path: str) -> str:
        """A PDF kept inside the project: its path under ``_downloads/``, "" if it is missing.

        Registered as Sphinx registers the page's download link to it (the same file gives
        the same name), so the exported files can link the copy.
        """
        if not (Path(self.env.srcdir) / path).is_file():
            return ""
        relative = self.env.relfn2path("/" + path, self.env.docname)[0]
        return download_path(self.env, relative)

    def project_download(self, path: str) -> nodes.Node:
        """A PDF kept inside the project: Sphinx copies it to ``_downloads/``."""
        label = _("Download PDF")
        if not (Path(self.env.srcdir) / path).is_file():
            self.warn("missing-pdf", f"pdf: {path!r} does not exist in the project")
            return nodes.inline(label, label, classes=["paper-button", "paper-button-disabled"])
        node = addnodes.download_reference(
            label, "", nodes.inline(label, label), reftarget="/" + path,
            refdoc=self.env.docname, classes=["paper-button", "paper-button-pdf"],
        )
        return node

    def summary(self) -> nodes.container:
        if todo := summary_todo(self.content):
            index, problem = todo
            # MyST counts content_offset from the directive's line (docutils: the file's).
            line = self.lineno + self.content_offset + index + 1
            self.warn(problem.subtype, problem.message, line)
        body = nodes.container(classes=["paper-summary"])
        body += self.parse_content_to_nodes(allow_section_headings=False)
        return body

    def citation(self, paper: Paper) -> list[nodes.Node]:
        heading = self.generated(nodes.rubric, _("Cite"), classes=("paper-cite-heading",))
        entry = citation.bibtex(paper)
        block = scrollable_block(entry, entry, language="bibtex", classes=["paper-bibtex"],
                                 label=_("BibTeX entry"))
        self.set_source_info(block)
        block["translatable"] = False
        plain = self.generated(
            nodes.paragraph, "", nodes.inline(text=_("Plain text") + ": ", classes=["paper-label"]),
            nodes.inline(text=citation.plain_text(paper), classes=["paper-cite-plain-text"]),
            classes=("paper-cite-plain",),
        )
        # catalogue.js adds a copy button to each; its labels come from here.
        box = with_data(data_container(classes=["paper-citation"]),
                        copy_label=_("Copy"), copied_label=_("Copied"))
        box += [block, plain]
        return [heading, box]


def tag_reference(tag: str) -> addnodes.pending_xref:
    """A link to a tag's page; the domain fills in the tag's translated name."""
    return addnodes.pending_xref(
        tag, nodes.inline(tag, tag, classes=["paper-tag"]),
        refdomain="paper", reftype="tag", reftarget=tag, refexplicit=False,
    )


def plain_row(paper: Paper, value) -> list[nodes.Node]:
    """A field's value as text: a list's items joined by commas."""
    return [nodes.Text(", ".join(value) if isinstance(value, tuple) else str(value))]


def tags_row(paper: Paper, tags: tuple[str, ...]) -> list[nodes.Node]:
    shown: list[nodes.Node] = []
    for tag in tags:
        if shown:
            shown.append(nodes.Text(", "))
        shown.append(tag_reference(tag))
    return shown


#: How the metadata block shows the fields that are more than their text.
METADATA_ROWS = {
    "date": lambda paper, _value: [nodes.Text(paper.date_local)],
    "venue": lambda paper, _value: [nodes.Text(citation.venue_line(paper))],
    "tags": tags_row,
    "arxiv": lambda paper, arxiv: [nodes.reference(arxiv, arxiv, refuri=paper.arxiv_url)],
}


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be a positive whole number")
    return number


class PaperListDirective(RecordDirective):
    """A listing of records, newest first, grouped by year."""

    option_spec: ClassVar = AnyOption({"tag": directives.unchanged,
                                       "year": directives.unchanged,
                                       "limit": directives.unchanged})

    def run(self) -> list[nodes.Node]:
        node = paper_list()
        self.set_source_info(node)
        for name in sorted(set(self.options) - {"tag", "year", "limit"}):
            self.warn("unknown-option", f"unknown option {name!r} (known: limit, tag, year)")
        node["tags"] = list(split_list(self.options.get("tag")))
        node["years"], node["limit"] = [], 0
        try:
            node["years"] = [int(y) for y in split_list(self.options.get("year"))]
        except ValueError:
            self.warn("bad-option", f"year: {self.options['year']!r} is not a list of years")
        if self.options.get("limit"):
            try:
                node["limit"] = positive_int(self.options["limit"])
            except ValueError:
                self.warn("bad-option", f"limit: {self.options['limit']!r} is not a positive number")
        return [node]


class PaperTagDirective(RecordDirective):
    """Declares the page as a tag's page (its title is the tag's name) and lists the tag."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        tag = self.arguments[0].strip()
        if not ID_RE.match(tag):
            self.warn("bad-tag", f"{tag!r} is not a lowercase slug")
            return []
        node = paper_list(tags=[tag], years=[], limit=0, tag_page=tag)
        self.set_source_info(node)
        return [node]


# -- how a record renders ---------------------------------------------------------------


def visit_paper_record(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="paper-record"))


def depart_paper_record(self, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_scrollable_block(self, node: scrollable_block) -> None:
    start = len(self.body)
    try:
        self.visit_literal_block(node)
    except nodes.SkipNode:
        # Its <pre> scrolls: give it focus and a name, in what Sphinx wrote for the block.
        written = "".join(self.body[start:])
        self.body[start:] = [written.replace(
            "<pre>", f'<pre tabindex="0" aria-label="{escape(node["label"])}">', 1)]
        raise


def depart_scrollable_block(self, node: scrollable_block) -> None:
    self.depart_literal_block(node)


def setup(app: Sphinx) -> None:
    html = (visit_paper_record, depart_paper_record)
    plain = (visit_passthrough, depart_passthrough)
    app.add_node(
        paper_record, html=html, latex=plain, text=plain, man=plain, texinfo=plain
    )
    app.add_node(scrollable_block, html=(visit_scrollable_block, depart_scrollable_block))
    # Placeholders never reach a writer: they are replaced or removed first.
    app.add_node(paper_list)
    app.add_node(paper_neighbours)
    app.add_node(paper_techniques)
    app.add_directive("paper", PaperDirective)
    app.add_directive("paper-list", PaperListDirective)
    app.add_directive("paper-tag", PaperTagDirective)
