"""What keeps the cost of a page independent of the size of the catalogue.

Translated builds: Sphinx parses each translated message into a temporary
document and moves its nodes into the page, but those nodes keep pointing at the
temporary document, whose settings hold the whole build environment. Every
pickled doctree then carries a copy of the environment: with N papers each
page costs O(N) to pickle and to load again at write time, the build O(N²).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of the page belong to the page's own document."""
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> None:
    # Late: after every other handler that may add translated nodes.
    app.connect("doctree-read", adopt_translated_nodes, priority=900)
