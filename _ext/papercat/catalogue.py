"""The catalogue's reader tools: card data, the filter box, thumbnails, downloads.

Listings (listing.py) are complete lists without JavaScript; ``catalogue.js``
turns the hidden filter box into controls. Its labels are data attributes set
here from the extension's catalog, so a Chinese page gets Chinese controls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from . import paths
from .directives import PlaceholderDirective
from .htmldata import data_container, with_data
from .i18n import _
from .nodes import generated
from .pdfs.build import thumbnail_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import PaperDomain
    from .records import Paper


def card_data(domain: PaperDomain, paper: Paper) -> dict[str, str]:
    """What the filter looks at: date, tag slugs, and the text a search matches."""
    words = [paper.id, paper.title, paper.title_local, paper.short_title,
             paper.first_sentence, *(domain.tag_name(t) for t in paper.tags)]
    return {"date": paper.sort_key[0], "tags": " ".join(paper.tags),
            "text": " ".join(w for w in words if w).casefold()}


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


def card_thumbnail(app: Sphinx, docname: str, paper: Paper) -> str | None:
    """The card's picture, relative to ``docname``'s page; None if none was made."""
    uri = thumbnail_uri(app, paper)
    return relative_uri(app.builder.get_target_uri(docname), uri) if uri else None


class paper_downloads(nodes.General, nodes.Element):
    """Placeholder for the links to the catalogue's files; filled at ``doctree-resolved``."""


class PaperDownloadsDirective(PlaceholderDirective):
    """Links to the files of the whole catalogue: BibTeX, JSON, Atom feed, lineage chart."""

    placeholder = paper_downloads


def download_links(app: Sphinx, docname: str) -> list[nodes.Node]:
    page = app.builder.get_target_uri(docname)
    links = [
        (_("All citations (BibTeX)"), paths.BIBTEX, "bib"),
        (_("Atom feed"), paths.FEED, "feed"),
        (_("All records (JSON)"), paths.JSON, "json"),
        (_("Lineage chart (SVG)"), paths.LINEAGE_SVG, "svg"),
    ]
    para = generated(nodes.paragraph, classes=("paper-downloads",))
    para += nodes.inline(_("Downloads"), _("Downloads"), classes=["paper-label"])
    for label, filename, kind in links:
        para += nodes.reference(label, label, refuri=relative_uri(page, filename),
                                classes=["paper-download", f"paper-download-{kind}"])
    return [para]


def fill_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(paper_downloads)):
        if paths.writes_exports(app):
            node.replace_self(download_links(app, docname))
        else:
            node.parent.remove(node)


def setup(app: Sphinx) -> None:
    app.add_node(paper_downloads)
    app.add_directive("paper-downloads", PaperDownloadsDirective)
    app.connect("doctree-resolved", fill_downloads)
    app.add_css_file("catalogue.css")
    app.add_js_file("catalogue.js", loading_method="defer")
