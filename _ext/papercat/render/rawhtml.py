"""Titles are data: raw HTML in a title or a record is reported and removed at read time.

MyST passes HTML in Markdown through as ``raw`` nodes. In a section title it would reach every
place the title is shown (``<title>``, prev/next, the sidebar, search results), and in a record
(the summary) every listing and exported file. Such nodes are removed before Sphinx collects
titles, with a located ``papercat.raw-html`` warning for each title or paragraph. Their markup
is dropped rather than kept as text: kept, it would sit verbatim in ``papers.json``,
``papers.bib`` and the feed's data for every consumer to escape; the warning fails the ``-W``
build, so nothing is lost silently (to show a literal ``<`` in Markdown, write ``\\<``).

The rule is general: every section title of every page (a paper's, a tag's, any page with a
record), and everything inside a node this extension owns (``paper_record`` and its kin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..compat.sphinx_internals import TRANSLATION_PRIORITY
from ..records.papers import WARNING_TYPE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
PACKAGE = __name__.partition(".")[0]


def container_of(node: nodes.Node) -> str | None:
    """What shows ``node`` as data: "a title", "a paper record", or None."""
    for ancestor in ancestors(node):
        if isinstance(ancestor, nodes.title) and isinstance(ancestor.parent, nodes.section):
            return "a title"
        if type(ancestor).__module__.partition(".")[0] == PACKAGE:
            return "a paper record"
    return None


def ancestors(node: nodes.Node):
    while (node := node.parent) is not None:
        yield node


class RemoveRawHtml(SphinxTransform):
    # After the translations (parsed Markdown too) are in; before doctree-read.
    default_priority = TRANSLATION_PRIORITY + 5

    def apply(self, **kwargs) -> None:
        # One warning per title or paragraph, naming all the markup removed from it.
        found: dict[int, list[nodes.raw]] = {}
        for raw in self.document.findall(nodes.raw):
            if container_of(raw):
                found.setdefault(id(raw.parent), []).append(raw)
        for raws in found.values():
            markup = " ".join(raw.astext().strip() for raw in raws)
            logger.warning("raw HTML in %s is not allowed and was removed: %s",
                           container_of(raws[0]), markup, location=raws[0],
                           type=WARNING_TYPE, subtype="raw-html")
            for raw in raws:
                raw.parent.remove(raw)


def setup(app: Sphinx) -> None:
    app.add_transform(RemoveRawHtml)
