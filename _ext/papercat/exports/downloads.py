"""``{paper-downloads}``: the downloads row, a link to each of the catalogue's files that has
a label in the registry (BibTeX, Atom feed, JSON, chart, and any a site adds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from .. import paths
from ..i18n.catalog import _
from ..nodes import generated
from ..render.directives import PlaceholderDirective
from .registry import formats

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class paper_downloads(nodes.General, nodes.Element):
    """Placeholder for the links to the catalogue's files; filled at ``doctree-resolved``."""


class PaperDownloadsDirective(PlaceholderDirective):
    """Links to the files of the whole catalogue."""

    placeholder = paper_downloads


def download_links(app: Sphinx, docname: str) -> list[nodes.Node]:
    page = app.builder.get_target_uri(docname)
    para = generated(nodes.paragraph, classes=("paper-downloads",))
    para += nodes.inline(_("Downloads"), _("Downloads"), classes=["paper-label"])
    for export in formats(app).in_downloads_row():
        label = export.label()
        kind = export.kind or export.name.rpartition(".")[2]
        para += nodes.reference(label, label, refuri=relative_uri(page, export.name),
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
