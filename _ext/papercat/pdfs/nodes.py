"""Nodes for a hosted PDF: links that know where the site keeps the file.

A hosted file's URL depends on the page that links to it and on the builder
(``html`` vs ``dirhtml``), so the nodes store the file's place in the output
(``domain.offered_uri`` chose it) and the HTML visitors write the relative URL.
``reference`` nodes cannot carry HTML attributes such as ``download``, hence
``pdf_link``; builders that host no files get a plain reference to the canonical
URL. Where the online reader is on (PDF.js found, see ``reader``), links marked
``reader`` open the reader page instead of the PDF; that is decided when the page
is written, as is whether a PDF has a text view (``textview``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..compat.sphinx_internals import page_being_written
from ..nodes import depart_passthrough, visit_passthrough

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where hosted files go in the output folder, and the builders that host them.
HOSTED_FOLDER = "pdf"
HOSTING_BUILDERS = ("html", "dirhtml")
#: The reader's pages, one per hosted PDF: ``read/<id>``.
READER_FOLDER = "read"
#: The text views' pages, one per hosted PDF whose text layer loads: ``text/<id>``.
TEXT_VIEW_FOLDER = "text"


def hosted_name(pdf_id: str, kind: str = "pdf") -> str:
    """Output-relative path of a hosted PDF (``pdf``) or its thumbnails (``1x``/``2x``)."""
    suffix = {"pdf": ".pdf", "1x": ".webp", "2x": "@2x.webp"}[kind]
    return f"{HOSTED_FOLDER}/{pdf_id}{suffix}"


def reader_page(pdf_id: str) -> str:
    """The pagename of a hosted PDF's reader."""
    return f"{READER_FOLDER}/{pdf_id}"


def text_view_page(pdf_id: str) -> str:
    """The pagename of a hosted PDF's text view."""
    return f"{TEXT_VIEW_FOLDER}/{pdf_id}"


class pdf_placeholder(nodes.General, nodes.Element):
    """Where a paper's page shows its PDF (``paper_id``, ``part``);
    filled at ``doctree-resolved`` (``page.fill_pdf_parts``), never written."""


class pdf_link(nodes.Inline, nodes.TextElement):
    """A link to a hosted PDF: ``pdf_id``, ``uri`` (relative to the output root), ``page``
    (0: none), ``download``; with ``reader``, to the reader page where the reader is on."""


class reader_button(nodes.Inline, nodes.TextElement):
    """"Read online": a link to the reader page (``pdf_id``); nothing where the reader is off."""


class text_button(nodes.Inline, nodes.TextElement):
    """"Full text": a link to the text view (``pdf_id``); nothing where the PDF has none."""


class pdf_preview(nodes.General, nodes.Element):
    """A paper page's view of its hosted PDF: the first page and "Open the PDF". Reading is
    the reader page's (``read/<id>``), which the first page links where the reader is on."""


class pdf_thumbnail(nodes.Inline, nodes.Element):
    """The first page of a hosted PDF (``pdf_id``, ``alt``)."""


class collapsible(nodes.General, nodes.Element):
    """``<details>``; its first child is the ``collapsible_summary``."""


class collapsible_summary(nodes.Part, nodes.TextElement):
    pass


def hosts_files(translator) -> bool:
    return translator.builder.name in HOSTING_BUILDERS


def hosted_uri(translator, path: str) -> str:
    here = translator.builder.get_target_uri(page_being_written(translator))
    return relative_uri(here, path)


def reader_on(translator) -> bool:
    """Whether this build has the online reader (PDF.js found; see ``reader``)."""
    return hosts_files(translator) and bool(
        translator.builder.env.domains["paperpdf"].reader_on)


def reader_uri(translator, pdf_id: str, page: int = 0) -> str:
    target = translator.builder.get_target_uri(reader_page(pdf_id))
    return hosted_uri(translator, target) + (f"#page={page}" if page else "")


def text_view_uri(translator, pdf_id: str) -> str:
    return hosted_uri(translator, translator.builder.get_target_uri(text_view_page(pdf_id)))


def visit_pdf_link(self, node: pdf_link) -> None:
    if node.get("reader") and reader_on(self):
        attributes = {"href": reader_uri(self, node["pdf_id"], node.get("page", 0)),
                      "CLASS": "reference internal"}
    else:  # the URI domain.offered_uri chose, from the page being written
        page = f"#page={node['page']}" if node.get("page") else ""
        attributes = {"href": hosted_uri(self, node["uri"]) + page,
                      "CLASS": "reference external"}
        if node.get("download"):
            attributes["download"] = node["download"]
    self.body.append(self.starttag(node, "a", "", **attributes))


def depart_pdf_link(self, node: pdf_link) -> None:
    self.body.append("</a>")


def visit_reader_button(self, node: reader_button) -> None:
    if not reader_on(self):
        raise nodes.SkipNode
    self.body.append(self.starttag(node, "a", "", href=reader_uri(self, node["pdf_id"]),
                                   CLASS="reference internal"))


def visit_text_button(self, node: text_button) -> None:
    # Known once the text layers were extracted (textview.note_text_views).
    if not hosts_files(self) or node["pdf_id"] not in \
            self.builder.env.domains["paperpdf"].text_views:
        raise nodes.SkipNode
    self.body.append(self.starttag(node, "a", "", href=text_view_uri(self, node["pdf_id"]),
                                   CLASS="reference internal"))


def visit_pdf_preview(self, node: pdf_preview) -> None:
    # The page never fetches its PDF: the first page is a picture, the PDF a link.
    self.body.append(self.starttag(node, "div", CLASS="paper-reader"))


def depart_pdf_preview(self, node: pdf_preview) -> None:
    self.body.append("</div>\n")


def visit_pdf_thumbnail(self, node: pdf_thumbnail) -> None:
    if not hosts_files(self):
        raise nodes.SkipNode
    one = hosted_uri(self, hosted_name(node["pdf_id"], "1x"))
    two = hosted_uri(self, hosted_name(node["pdf_id"], "2x"))
    self.body.append(
        f'<img class="paper-thumbnail" src="{escape(one)}" srcset="{escape(two)} 2x" '
        f'width="300" alt="{escape(node["alt"])}" loading="lazy" decoding="async">'
    )
    raise nodes.SkipNode


def visit_collapsible(self, node: collapsible) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_collapsible(self, node: collapsible) -> None:
    self.body.append("</details>\n")


def visit_summary(self, node: collapsible_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary(self, node: collapsible_summary) -> None:
    self.body.append("</summary>\n")


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    plain = (visit_passthrough, depart_passthrough)
    others = ("latex", "text", "man", "texinfo")
    for node_class, html in (
        (pdf_link, (visit_pdf_link, depart_pdf_link)),
        (pdf_preview, (visit_pdf_preview, depart_pdf_preview)),
        (collapsible, (visit_collapsible, depart_collapsible)),
        (collapsible_summary, (visit_summary, depart_summary)),
    ):
        app.add_node(node_class, html=html, **dict.fromkeys(others, plain))
    app.add_node(pdf_placeholder)
    app.add_node(pdf_thumbnail, html=(visit_pdf_thumbnail, None),
                 **dict.fromkeys(others, (skip, None)))
    app.add_node(reader_button, html=(visit_reader_button, depart_pdf_link),
                 **dict.fromkeys(others, (skip, None)))
    app.add_node(text_button, html=(visit_text_button, depart_pdf_link),
                 **dict.fromkeys(others, (skip, None)))
