"""papercat: a Sphinx extension for bilingual catalogues of research papers.

Each concern lives in its own module; this file only wires them into Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import directives, domain, i18n, interface, languages, listing, nodes, search, theme
from . import catalogue, compat, exports, htmldata, lineage, meta, problems, rawhtml, scale
from . import technique_pages, techniques
from .pdfs import setup as setup_pdfs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.require_sphinx("8.1")
    # First: other modules ask it which patches into other projects are on.
    compat.setup(app)
    i18n.setup(app)
    nodes.setup(app)
    domain.setup(app)
    directives.setup(app)
    rawhtml.setup(app)
    listing.setup(app)
    htmldata.setup(app)
    catalogue.setup(app)
    lineage.setup(app)
    techniques.setup(app)
    technique_pages.setup(app)
    exports.setup(app)
    meta.setup(app)
    languages.setup(app)
    theme.setup(app)
    interface.setup(app)
    search.setup(app)
    scale.setup(app)
    setup_pdfs(app)
    problems.setup(app)
    return {
        "version": __version__,
        # Bump when the shape of a stored record changes.
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
