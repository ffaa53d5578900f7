"""``sitemap.xml``: every page, with its ``hreflang`` alternates.

It lists pages, not the catalogue's files: search engines index pages, and the files are
linked from the downloads row. ``robots.txt`` names it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..i18n.catalog import html_lang
from ..paths import alternate_url, page_link
from ..pdfs.textview import text_view_pagenames
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NAME = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap(app: Sphinx) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    languages = [code for code, _name in app.config.papercat_languages]
    # The 404 page (sphinx-notfound-page) is no page to index.
    not_found = app.config["notfound_pagename"] if "notfound_pagename" in app.config else None
    # The documents, and the papers' text views (pages of their own; readers' pages hold
    # no text until a script draws it).
    for pagename in sorted([*(app.env.found_docs - {not_found}), *text_view_pagenames(app)]):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_link(app, pagename)
        for code in [*languages, "x-default"]:
            target = languages[0] if code == "x-default" else code
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate",
                          hreflang=code if code == "x-default" else html_lang(code),
                          href=alternate_url(app, pagename, target))
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def inputs(catalogue: Catalogue) -> tuple:
    app = catalogue.app
    return sorted(app.env.found_docs), text_view_pagenames(app), app.builder.name


EXPORT = Export(NAME, None, inputs, lambda catalogue: sitemap(catalogue.app),
                position=60)
