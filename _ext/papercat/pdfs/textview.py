"""The text view: a hosted PDF's text as a web page (``text/<id>``).

A PDF page on a phone is text too small to read; a browser cannot translate a
PDF.js canvas, and a screen reader gets little from it. The text view shows the
paper's text layer (``text.py``) as HTML: the paper's headings as headings, its
paragraphs as paragraphs, and before each PDF page a marker (``#page-N``) that
opens the reader at that page (the hosted PDF where the reader is off). The
paper's text stays English (``lang="en"``, so that browsers offer to translate
it and screen readers pronounce it right); all around it is in the build's
language.

Which PDFs have a text view (hosted, and their text layer loads) is known once
the layers were extracted (``env-updated``) and kept in the PDF domain, so that
paper pages show "Full text" only when the page exists and are rewritten when
that changes. The pages themselves are made at every build, like the reader's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util.osutil import relative_uri

from ..i18n.catalog import _, html_lang
from .domain import PdfDomain
from .host import text_layer_of
from .lookup import download_name
from .nodes import HOSTING_BUILDERS, hosted_name, reader_page, text_view_page

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .text import TextLayer

TEMPLATE = "papercat/text.html"
#: The layer's heading levels (1-3) under the page's h1: the paper's title.
HEADING_TAGS = {1: "h2", 2: "h3", 3: "h4"}


def note_text_views(app: Sphinx, env: BuildEnvironment) -> None:
    """After the layers were extracted: which hosted PDFs have a text view (the pages
    whose "Full text" button appears or goes are rewritten: domains/shown.py)."""
    domain = env.domains[PdfDomain.name]
    ids: set[str] = set()
    if app.builder.name in HOSTING_BUILDERS:
        ids = {pdf_id for pdf_id in domain.hosted_by_id() if text_layer_of(app, pdf_id)}
    domain.note_text_views(ids)


def text_view_pagenames(app: Sphinx) -> list[str]:
    """The pagenames of this build's text views (the sitemap lists them)."""
    if app.builder.name not in HOSTING_BUILDERS:
        return []
    return sorted(text_view_page(pdf_id) for pdf_id in app.env.domains[PdfDomain.name].text_views)


def labels(reader: bool) -> dict[str, str]:
    """The text view's interface, in the build's language."""
    return {
        "full_text": _("Full text"),
        "back": _("Back to the paper"),
        "read_online": _("Read online"),
        "open": _("Open the PDF"),
        "download": _("Download PDF"),
        "contents": _("Contents of the paper"),
        "note": _("The paper's text, taken from its PDF for phones, screen readers and "
                  "translation. Formulas, tables and figures are best read in the PDF."),
        "page_link": (_("Page %(page)s in the reader") if reader
                      else _("Page %(page)s of the PDF")),
    }


def page_blocks(layer: TextLayer) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(pages, contents): each PDF page's blocks as tags, and the headings to list.

    The layer is read as untrusted: what is not of its shape is left out."""
    pages: list[dict[str, Any]] = []
    contents: list[dict[str, Any]] = []
    for page in layer.get("pages", ()):
        number = page.get("page") if isinstance(page, dict) else None
        if not isinstance(number, int) or number < 1:
            continue
        blocks = []
        for block in page.get("blocks", ()):
            text = block.get("text") if isinstance(block, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue
            if block.get("kind") == "heading":
                level = block.get("level")
                level = min(max(level, 1), 3) if isinstance(level, int) else 1
                anchor = f"section-{len(contents) + 1}"
                contents.append({"level": level, "text": text, "id": anchor})
                blocks.append({"tag": HEADING_TAGS[level], "text": text, "id": anchor})
            else:
                blocks.append({"tag": "p", "text": text, "id": ""})
        pages.append({"number": number, "blocks": blocks})
    return pages, contents


def text_view_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``text/<id>`` for every hosted PDF whose text layer loads, in the build's language."""
    if app.builder.name not in HOSTING_BUILDERS:
        return
    domain = app.env.domains[PdfDomain.name]
    papers = app.env.domains["paper"].papers
    reader = domain.reader_on
    text = labels(reader)
    for docname, hosted in sorted(domain.data["hosted"].items()):
        paper = papers.get(docname)
        layer = text_layer_of(app, hosted.id) if hosted.id in domain.text_views else None
        if paper is None or layer is None:
            continue
        pagename = text_view_page(hosted.id)
        here = app.builder.get_target_uri(pagename)

        def uri(target: str, here: str = here) -> str:
            return relative_uri(here, target)

        pdf = uri(hosted_name(hosted.id))
        read = uri(app.builder.get_target_uri(reader_page(hosted.id))) if reader else ""
        pages, contents = page_blocks(layer)
        for page in pages:
            page["href"] = f"{read or pdf}#page={page['number']}"
            page["label"] = _("Page %(page)s") % {"page": page["number"]}
            page["link_label"] = text["page_link"] % {"page": page["number"]}
        context = {
            "title": _("Full text: %(title)s") % {"title": paper.title_local},
            "papercat_text": {
                "id": hosted.id,
                "title": paper.title_local,
                # An untranslated title is the paper's own, English.
                "title_lang": "en" if paper.title_local == paper.title else "",
                "site_lang": html_lang(app.config.language),
                "paper": uri(app.builder.get_target_uri(docname)),
                "reader": read,
                "pdf": pdf,
                "download_name": download_name(paper),
                "pages": pages,
                "contents": contents,
                "labels": text,
            },
        }
        yield pagename, context, TEMPLATE


def setup(app: Sphinx) -> None:
    app.connect("env-updated", note_text_views)
    app.connect("html-collect-pages", text_view_pages)
