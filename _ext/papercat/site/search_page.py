"""The search page (``search.html``) on the Pagefind index: the theme's search box leads here.

Where ``search_index`` writes an index, the page is the extension's template
(``papercat/search.html``) and script (``papercat-search.js``) instead of Sphinx's,
and never loads ``searchindex.js``. Its labels come from the extension's catalog; its
glossary (technique names in both languages and their abbreviations, from the
technique records) lets 多头潜在注意力 or MLA find the English passages that name the
technique. Without JavaScript the page says search needs it and links the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n.catalog import _
from .search_index import OUTPUT_FOLDER, enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

TEMPLATE = "papercat/search.html"


def glossary(env: BuildEnvironment) -> list[list[str]]:
    """Per technique, its names: the local name, the English one, the abbreviation.

    A query naming any of them is also searched with the others (``papercat-search.js``).
    """
    entries = []
    for technique in sorted(env.domains["technique"].techniques.values(), key=lambda t: t.id):
        names = []
        for name in (technique.name_local, technique.name, technique.short_name):
            if name and name not in names:
                names.append(name)
        if len(names) > 1:
            entries.append(names)
    return entries


def labels() -> dict[str, str]:
    return {
        "heading": _("Search"),
        "field": _("Search the site and the papers"),
        "button": _("Search"),
        "no_script": _("Search needs JavaScript."),
        "catalogue": _("Browse the catalogue"),
        "searching": _("Searching…"),
        "results": _("Results for “%(query)s”"),
        "none": _("Nothing found for “%(query)s”."),
        "failed": _("Search could not be loaded."),
        "page": _("Page %(page)s"),
        "passages": _("In the paper"),
        "more": _("More in this paper"),
        "more_results": _("More results"),
    }


def search_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> str | None:
    if pagename != "search" or not enabled(app):
        return None
    context["papercat_search"] = {
        "labels": labels(),
        "glossary": glossary(app.env),
        "pagefind": f"{OUTPUT_FOLDER}/pagefind.js",
        "catalogue": app.config.root_doc,
    }
    return TEMPLATE


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", search_page)
