"""What a paper's page shows of its PDF: buttons, facts, contents and first page.

The ``{paper}`` directive leaves a ``pdf_placeholder`` wherever the page shows its
PDF (``part``: "buttons", "facts" or "sections"); ``fill_pdf_parts`` fills each one
at ``doctree-resolved`` from what the PDF domain's one lookup found. Generated nodes
are located at the directive, as if it had made them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from docutils import nodes

from ..i18n.catalog import _, babel_locale
from ..nodes import generated
from .domain import PdfDomain, offered_uri
from .nodes import (collapsible, collapsible_summary, pdf_link, pdf_placeholder, pdf_preview,
                    pdf_thumbnail, reader_button, text_button)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .lookup import PaperPdf


def pdf_reference(app: Sphinx, pdf: PaperPdf, *children: nodes.Node, page: int = 0,
                  download: bool = False, classes: tuple[str, ...] = (),
                  reader: bool = False) -> nodes.Element:
    """A link to the PDF (at ``page``) where ``offered_uri`` says: the hosted copy (a
    ``pdf_link``, placed from the page when it is written; with ``reader``, the online
    reader where the build has it), else the canonical URL."""
    uri = offered_uri(app, pdf)
    if urlsplit(uri).scheme:
        return nodes.reference("", "", *children, refuri=uri + (f"#page={page}" if page else ""),
                               classes=list(classes))
    return pdf_link("", "", *children, pdf_id=pdf.id, uri=uri, page=page,
                    download=pdf.download_name if download else "", classes=list(classes),
                    reader=reader)


def download_button(app: Sphinx, pdf: PaperPdf) -> nodes.Element:
    if pdf.refused:
        label = _("PDF not verified")
        classes = ["paper-button", "paper-button-pdf-refused"]
        if not pdf.url:
            return nodes.inline(label, label, classes=classes)
        return nodes.reference(label, label, refuri=pdf.url, classes=classes)
    label = _("Download PDF")
    return pdf_reference(app, pdf, nodes.Text(label), download=True,
                         classes=("paper-button", "paper-button-pdf"))


def reader_buttons(pdf: PaperPdf) -> list[nodes.Node]:
    """"Read online" and "Full text", for a hosted PDF (written only where the build has
    the reader, and the text view)."""
    if not pdf.hosted:
        return []
    return [reader_button("", _("Read online"), pdf_id=pdf.id,
                          classes=["paper-button", "paper-button-read"]),
            text_button("", _("Full text"), pdf_id=pdf.id,
                        classes=["paper-button", "paper-button-text"])]


def format_size(size: int, language: str | None) -> str:
    locale = babel_locale(language)
    if size >= 1024 * 1024:
        number = format_decimal(round(size / (1024 * 1024), 1), locale=locale)
        return _("%(size)s MB") % {"size": number}
    number = format_decimal(max(1, round(size / 1024)), locale=locale)
    return _("%(size)s KB") % {"size": number}


def facts_line(here: nodes.Element, pdf: PaperPdf, language: str | None) -> list[nodes.Node]:
    """"PDF: 22 pages, 1.3 MB", from the lock (also when the file is not cached); for a
    refused file, why there is none."""
    if pdf.refused:
        return [refused_note(here, pdf)]
    if pdf.entry is None:
        return []
    facts = pdf.entry.facts
    text = _("%(pages)d pages, %(size)s") % {
        "pages": facts.pages, "size": format_size(facts.size, language)}
    line = generated(nodes.paragraph, "",
                     nodes.inline(text=_("PDF") + ": ", classes=["paper-label"]),
                     nodes.inline(text=text, classes=["paper-pdf-facts-text"]),
                     classes=("paper-pdf-facts",))
    located(here, line)
    return [line]


def refused_note(here: nodes.Element, pdf: PaperPdf) -> nodes.Element:
    """A visitor's signal that the PDF offered for this paper was not its own."""
    text = _("The PDF offered for this paper could not be verified as this paper's file, "
             "so this site neither hosts nor links it.")
    note = generated(nodes.paragraph, "", nodes.Text(text), classes=("paper-pdf-refused",))
    if pdf.url:
        note += nodes.Text(" ")
        note += nodes.reference("", _("Its arXiv abstract page links the paper."),
                                refuri=pdf.url)
    located(here, note)
    return note


def contents(app: Sphinx, here: nodes.Element, pdf: PaperPdf) -> list[nodes.Node]:
    """The paper's own table of contents, each entry linking to its page."""
    outline = pdf.entry.facts.outline if pdf.entry else ()
    if not outline:
        return []
    root = nodes.bullet_list(classes=["paper-pdf-contents-list"])
    stack: list[tuple[int, nodes.bullet_list]] = [(0, root)]
    for entry in outline:
        while len(stack) > 1 and stack[-1][0] >= entry.level:
            stack.pop()
        parent = stack[-1][1]
        item = nodes.list_item()
        page = nodes.inline(text=_("p. %(page)d") % {"page": entry.page},
                            classes=["paper-pdf-page"])
        item += generated(nodes.paragraph, "",
                          pdf_reference(app, pdf, nodes.Text(entry.title), page=entry.page,
                                        reader=True),
                          nodes.Text(" "), page)
        parent += item
        sublist = nodes.bullet_list()
        item += sublist
        stack.append((entry.level, sublist))
    for empty in [n for n in root.findall(nodes.bullet_list) if not n.children]:
        empty.parent.remove(empty)
    summary = generated(collapsible_summary, _("Contents of the paper"))
    box = collapsible("", summary, root, classes=["paper-pdf-contents"])
    located(here, box, summary)
    return [box]


def preview(app: Sphinx, here: nodes.Element, pdf: PaperPdf, title: str) -> list[nodes.Node]:
    """The hosted PDF's first page, linking the reader (or the PDF), and "Open the PDF";
    none where this builder hosts no files (its buttons link the canonical PDF)."""
    if not pdf.hosted or urlsplit(offered_uri(app, pdf)).scheme:
        return []
    heading = generated(nodes.rubric, _("Read online"), classes=("paper-reader-heading",))
    box = pdf_preview(pdf_id=pdf.id)
    if pdf.thumbnails:
        image = pdf_thumbnail(pdf_id=pdf.id,
                              alt=_("First page of %(title)s") % {"title": title})
        box += pdf_reference(app, pdf, image, classes=("paper-thumbnail-link",), reader=True)
    box += generated(nodes.paragraph, "",
                     pdf_reference(app, pdf, nodes.Text(_("Open the PDF"))),
                     classes=("paper-reader-open",))
    located(here, heading, box)
    return [heading, box]


def located(here: nodes.Element, *made: nodes.Element) -> None:
    """Generated nodes are located where the placeholder was (the directive)."""
    for node in made:
        node.source, node.line = here.source, here.line


def parts(app: Sphinx, placeholder: pdf_placeholder, pdf: PaperPdf) -> list[nodes.Node]:
    part = placeholder["part"]
    if part == "buttons":
        return [download_button(app, pdf), *reader_buttons(pdf)]
    if part == "facts":
        return facts_line(placeholder, pdf, app.config.language)
    # The title as the page shows it: translated after the directive ran.
    paper = app.env.domains["paper"].paper(pdf.id)
    title = paper.title_local if paper is not None else pdf.id
    return contents(app, placeholder, pdf) + preview(app, placeholder, pdf, title)


def fill_pdf_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill each placeholder from the domain's lookup (none: the record has no PDF to
    fetch, and the page shows none)."""
    domain = app.env.domains[PdfDomain.name]
    own = domain.data["pdfs"].get(docname)
    for placeholder in list(doctree.findall(pdf_placeholder)):
        # By id where a builder assembles several documents into one (LaTeX, singlehtml).
        pdf = own if own is not None and own.id == placeholder["paper_id"] \
            else domain.paper_pdf(placeholder["paper_id"])
        placeholder.replace_self(parts(app, placeholder, pdf) if pdf is not None else [])


def setup(app: Sphinx) -> None:
    app.add_css_file("papercat-pdf.css")
    app.connect("doctree-resolved", fill_pdf_parts)
