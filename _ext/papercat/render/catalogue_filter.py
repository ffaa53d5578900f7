"""The catalogue's filter box: complete listings without JavaScript; ``catalogue.js``
turns the hidden box into controls (by topic, by words, sort by date). Its labels are
data attributes set here from the extension's catalog, so a Chinese page gets Chinese
controls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n.catalog import _
from .htmldata import data_container, with_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper


def filter_labels() -> dict[str, str]:
    return {
        "filter": _("Filter the catalogue"),
        "search": _("Search"),
        "search_placeholder": _("Title, topic or words of the summary"),
        "tag": _("Topic"),
        "all_tags": _("All tags"),
        "sort": _("Sort"),
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        # catalogue.js fills in the numbers.
        "count": _("Showing %(shown)s of %(total)s papers"),
        "none": _("No papers match the filter."),
    }


def filter_box(domain: PaperDomain, papers: list[Paper]) -> data_container:
    """Hidden without JavaScript; the script builds the controls inside it."""
    tags = sorted({t for p in papers for t in p.tags}, key=lambda t: domain.tag_name(t))
    box = with_data(data_container(classes=["paper-filter"]), labels=filter_labels(),
                    tags=[[t, domain.tag_name(t)] for t in tags])
    box["hidden"] = True
    return box


def setup(app: Sphinx) -> None:
    app.add_css_file("catalogue.css")
    app.add_js_file("catalogue.js", loading_method="defer")
