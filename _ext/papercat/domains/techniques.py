"""The ``technique`` domain: technique records kept by docname, as in ``sphinx.ext.todo``.

As in the paper domain, everything is stored per docname so that ``clear_doc`` and
``merge_domaindata`` are exact under incremental and parallel builds. The domain also
keeps what other pages show of each technique, and decides which pages to rewrite.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.util import logging

from ..nodes import page_title, technique_list, technique_record
from ..records.papers import WARNING_TYPE
from ..records.techniques import Technique, digest
from .base import PerDocumentDomain

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..records.papers import Paper
    from .papers import PaperDomain

logger = logging.getLogger(__name__)


class Shown(NamedTuple):
    """What pages show of a technique, or of a paper that names techniques."""

    everything: str  # the technique's page, the index, techniques.json
    link: str  # links to it; for a paper: its link and date (technique pages sort by date)
    introduces: tuple[str, ...] = ()  # papers only
    uses: tuple[str, ...] = ()
    order: tuple[str, str] = ("", "")  # a paper's sort key (techniques.json lists users by it)


def edges(shown: Shown | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A paper's (introduces, uses) as a Shown holds them."""
    return (shown.introduces, shown.uses) if shown else ((), ())


class TechniqueDomain(PerDocumentDomain):
    name = "technique"
    label = "Techniques"
    initial_data: ClassVar[dict[str, Any]] = {
        "techniques": {},  # docname -> Technique
        "index_pages": {},  # docname -> True: the page lists every technique
        "shown": {},  # key -> Shown, as the pages were last written (pages_to_rewrite)
    }
    data_version = 1

    @property
    def techniques(self) -> dict[str, Technique]:
        return self.data["techniques"]

    def forget_derived(self) -> None:
        self._by_id = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        if found := self.page_record(document, technique_record, "technique"):
            record, technique = found
            definition = " ".join(node.astext() for node in record.findall(nodes.container)
                                  if "technique-definition" in node["classes"])
            self.techniques[docname] = dataclasses.replace(
                technique, name_local=page_title(document) or technique.name,
                definition=" ".join(definition.split()))
        if any(document.findall(technique_list)):
            self.data["index_pages"][docname] = True
        self._by_id = None

    # -- derived --------------------------------------------------------------------------

    _by_id: dict[str, Technique] | None = None

    def by_id(self) -> dict[str, Technique]:
        if self._by_id is None:
            self._by_id = {}
            for docname in sorted(self.techniques):
                technique = self.techniques[docname]
                self._by_id.setdefault(technique.id, technique)
        return self._by_id

    def technique(self, technique_id: str) -> Technique | None:
        return self.by_id().get(technique_id)

    def all_techniques(self) -> list[Technique]:
        """By name in the build's language."""
        return sorted(self.by_id().values(), key=lambda t: (t.name_local.casefold(), t.id))

    @property
    def papers(self) -> PaperDomain:
        return self.env.domains["paper"]

    def introducers(self, technique_id: str) -> list[Paper]:
        """The papers that say they introduce it, oldest first (the first is shown)."""
        return [p for p in reversed(self.papers.all_papers()) if technique_id in p.introduces]

    def users(self, technique_id: str) -> list[Paper]:
        """The papers that use it, newest first."""
        return [p for p in self.papers.all_papers() if technique_id in p.uses]

    def shown(self) -> dict[tuple[str, str], Shown]:
        """Per technique, and per paper that names one, what other pages show of it."""
        shown = {("technique", t.id): Shown(*t.view_digests) for t in self.by_id().values()}
        for paper in self.papers.all_papers():
            if paper.introduces or paper.uses:
                link = digest(repr((paper.docname, paper.title_local, paper.sort_key)))
                shown["paper", paper.id] = Shown(link, link, paper.introduces, paper.uses,
                                                 paper.sort_key)
        return shown

    def pages_to_rewrite(self, found_docs: Set[str]) -> list[str]:
        """Pages that show something of a technique or of a paper's technique edges that
        changed; from now on, what they show is as those pages are written."""
        previous, current = self.data["shown"], self.shown()
        self.data["shown"] = current
        pages: set[str] = set()
        index_pages = set(self.data["index_pages"])
        charts = set(self.papers.charts)
        for key in previous.keys() | current.keys():
            before, after = previous.get(key), current.get(key)
            if before == after:
                continue
            kind, target = key
            if kind == "technique":
                pages |= index_pages
                if getattr(before, "link", None) != getattr(after, "link", None):
                    pages.update(p.docname for p in self.papers.all_papers()
                                 if target in p.introduces or target in p.uses)
                    pages |= charts
                continue
            # A paper: the pages of the techniques it names, before and after the change.
            named = {t for shown in (before, after) for t in edges(shown)[0] + edges(shown)[1]}
            pages.update(t.docname for i in named if (t := self.technique(i)) is not None)
            relinked = getattr(before, "link", None) != getattr(after, "link", None)
            if (edges(before)[0] or edges(after)[0]) and (
                    relinked or edges(before)[0] != edges(after)[0]):
                pages |= index_pages  # the index names each technique's introducing paper
            if edges(before) != edges(after):
                pages |= charts  # the selector's data
        return sorted(pages & found_docs)

    # -- consistency ------------------------------------------------------------------------

    def check_consistency(self) -> None:
        first = self.first_of_each_id(self.techniques, "technique")
        papers = list(reversed(self.papers.all_papers()))  # oldest first
        introduced: dict[str, Paper] = {}
        for paper in papers:
            for option in ("introduces", "uses"):
                for technique_id in getattr(paper, option):
                    if technique_id not in first:
                        logger.warning("%s: unknown technique id %r", option, technique_id,
                                       location=(paper.docname, paper.lineno),
                                       type=WARNING_TYPE, subtype="unknown-technique")
            for technique_id in paper.introduces:
                if technique_id in introduced:
                    logger.warning("technique %r is already introduced by %s",
                                   technique_id, introduced[technique_id].id,
                                   location=(paper.docname, paper.lineno),
                                   type=WARNING_TYPE, subtype="multiple-introducers")
                introduced.setdefault(technique_id, paper)
        for technique in first.values():
            if technique.id not in introduced:
                logger.warning("no paper introduces technique %r (add it to the :introduces: "
                               "of the paper that did)", technique.id,
                               location=(technique.docname, technique.lineno),
                               type=WARNING_TYPE, subtype="not-introduced")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []  # no roles: the base class would raise for the "any" role

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        # Priority -1: in the inventory, not in search, which lists the page itself.
        for technique in self.by_id().values():
            yield technique.id, technique.name_local, "technique", technique.docname, "", -1


def setup(app: Sphinx) -> None:
    app.add_domain(TechniqueDomain)
    app.connect("env-get-updated", TechniqueDomain.rewritten_pages)
