"""Where things are in the built site: the feed's file name, URLs, and which builders write
the catalogue's files (each file's name is its format's, in ``exports/``).

The parts above ``pdfs`` import it (``tests/test_architecture.py``); it imports the
language switch (``languages.page_url``) and the PDF domain's choice of a record's PDF.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from sphinx.util.osutil import relative_uri

from .i18n.languages import page_url
from .pdfs.domain import pdf_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .records.papers import Paper

# The Atom feed, in each language's output root (exports/feed.py): the pages' <head> links it.
FEED = "feed.atom"


def writes_exports(app: Sphinx) -> bool:
    """Only builders with one page per document get the catalogue's files."""
    return app.builder.name in ("html", "dirhtml")


def site_url(app: Sphinx, uri: str) -> str:
    """``uri`` (relative to the output root) as readers reach it: absolute with html_baseurl."""
    if urlsplit(uri).scheme or not app.config.html_baseurl:
        return uri
    return urljoin(app.config.html_baseurl.rstrip("/") + "/", uri)


def page_link(app: Sphinx, docname: str) -> str:
    return site_url(app, app.builder.get_target_uri(docname))


def alternate_url(app: Sphinx, docname: str, language: str) -> str:
    """The page in ``language``, as seen from the output root (i18n/languages.py decides where)."""
    url = page_url(app, docname, language)
    if urlsplit(url).scheme:
        return url
    own = page_link(app, docname)
    if urlsplit(own).scheme:
        return urljoin(own, url)
    return posixpath.normpath(posixpath.join(posixpath.dirname(own), url))


def from_page(app: Sphinx, pagename: str, uri: str) -> str:
    """A URL as written on ``pagename``: absolute ones stay, root-relative ones are rebased."""
    if not uri or urlsplit(uri).scheme:
        return uri
    return relative_uri(app.builder.get_target_uri(pagename), uri)


def pdf_href(app: Sphinx, paper: Paper, fromdocname: str | None = None) -> str:
    """The record's PDF as readers reach it (``pdfs.domain.pdf_uri`` decides which), absolute
    with html_baseurl; as written on ``fromdocname`` if given. "" for none."""
    uri = pdf_uri(app, paper)
    href = site_url(app, uri) if uri else ""
    return from_page(app, fromdocname, href) if fromdocname is not None else href
