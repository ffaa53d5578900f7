"""``robots.txt``: crawlers may read everything; every language's sitemap."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..i18n.languages import url_slug
from . import sitemap
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def robots_txt(app: Sphinx) -> str:
    """``robots.txt``: every language's sitemap, when their URLs are absolute.

    Read the Docs serves it from the English project's default version root.
    """
    lines = ["User-agent: *", "Disallow:", ""]
    sitemaps = [app.config.papercat_language_url.format(
        lang=code, slug=url_slug(code), page=sitemap.NAME, root="")
        for code, _name in app.config.papercat_languages]
    if all(urlsplit(url).scheme in {"http", "https"} for url in sitemaps):
        lines += [f"Sitemap: {url}" for url in sitemaps]
    else:
        lines.append("# No Sitemap lines: they need absolute URLs (on Read the Docs, "
                     "from READTHEDOCS_CANONICAL_URL).")
    return "\n".join(lines) + "\n"


def inputs(catalogue: Catalogue) -> tuple:
    return (robots_txt(catalogue.app),)  # as cheap as the file


EXPORT = Export("robots.txt", None, inputs,
                lambda catalogue: robots_txt(catalogue.app).encode("utf-8"), position=70)
