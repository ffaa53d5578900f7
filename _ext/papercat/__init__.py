"""papercat: a Sphinx extension for bilingual catalogues of research papers.

The parts follow the data: ``records`` (a record's options and stored form) are kept
by the ``domains``, which ``render`` turns into pages and ``exports`` into the
catalogue's files; ``i18n`` is the language layer, ``pdfs`` the PDF step, ``site``
what concerns the whole site and its builds, and ``compat`` the one boundary into
other projects' internals. ``nodes`` is shared by all, ``paths`` by the parts above
``pdfs``. This file only wires the parts into Sphinx (see the README's "Architecture").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import compat, pdfs
from .domains import papers as paper_domain
from .domains import shown
from .domains import techniques as technique_domain
from .exports import downloads, registry
from .i18n import catalog, interface, languages, search
from .records import fields as record_fields
from .render import catalogue_filter, directives, htmldata, lineage, listing, meta
from .render import rawhtml, technique_pages, techniques
from .site import problems, scale, search_index, search_page, theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: In this order: compat first (the others ask it which patches are on); for the rest,
#: the order of their handlers of one event and of their static files in the pages.
PARTS = (compat, catalog, shown, paper_domain, directives, rawhtml, listing, htmldata,
         catalogue_filter, downloads, lineage, techniques, technique_domain, technique_pages,
         registry, meta, languages, theme, interface, search, scale, pdfs, search_index,
         search_page, problems)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.require_sphinx("8.1")
    for part in PARTS:
        part.setup(app)
    return {
        "version": __version__,
        # Follows the record's fields; see fields.STORED_FORM for other stored changes.
        "env_version": record_fields.env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
