"""Where things are in the built site: the feed's file name, URLs, and which builders write
the catalogue's files (each file's name is its format's, in ``exports/``).

Every module may import this one; it imports nothing of papercat above the
language switch (``languages.page_url``) and the PDF package's hosted paths.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .i18n.languages import page_url
from .pdfs.build import hosted_pdf_uri, refused_here

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


def pdf_url(app: Sphinx, paper: Paper) -> str:
    """The PDF readers get: the hosted copy when the PDF step cached one, else the canonical."""
    if paper.withdrawn or not paper.pdf or refused_here(app, paper):
        return ""  # a refused file's URL is never linked
    if uri := hosted_pdf_uri(app, paper):
        return site_url(app, uri)
    if urlsplit(paper.pdf).scheme:
        return paper.pdf
    # A PDF inside the project: Sphinx copied it where the directive registered it.
    return site_url(app, "_downloads/" + paper.pdf_download) if paper.pdf_download else ""
