"""The ``technique`` domain: technique records kept by docname, as in ``sphinx.ext.todo``.

As in the paper domain, everything is stored per docname so that ``clear_doc`` and
``merge_domaindata`` are exact under incremental and parallel builds. The domain also
keeps what other pages show of each technique, and decides which pages to rewrite.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util import logging

from ..i18n.catalog import _
from ..nodes import page_title, paper_lineage_graph, paper_record, technique_list, technique_record
from ..records.papers import WARNING_TYPE
from ..records.techniques import Technique
from .base import PerDocumentDomain
from .shown import digest

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..records.papers import Paper
    from .papers import PaperDomain

logger = logging.getLogger(__name__)


class TechniqueDomain(PerDocumentDomain):
    name = "technique"
    label = "Techniques"
    initial_data: ClassVar[dict[str, Any]] = {
        "techniques": {},  # docname -> Technique
    }
    data_version = 2
    #: What pages show of techniques (domains/shown.py): a technique's link ("technique"),
    #: the papers that name one, the index of every technique, and the chart's selector
    #: (the techniques and which papers introduce or use them).
    shown_kinds = ("technique", "technique-users", "technique-index", "technique-edges")

    @property
    def techniques(self) -> dict[str, Technique]:
        return self.data["techniques"]

    def forget_derived(self) -> None:
        self._by_id = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        shown = env.domains["shown"]
        if found := self.page_record(document, technique_record, "technique"):
            record, technique = found
            definition = " ".join(node.astext() for node in record.findall(nodes.container)
                                  if "technique-definition" in node["classes"])
            named = dataclasses.replace(
                technique, name_local=page_title(document) or technique.name,
                definition=" ".join(definition.split()))
            self.techniques[docname] = dataclasses.replace(named, label=label_of(named))
            shown.note(docname, ("technique-users", technique.id))
        if any(document.findall(technique_list)):
            shown.note(docname, ("technique-index", ""))
        for node in document.findall(paper_record):
            if paper := node.get("paper"):
                shown.note(docname, *(("technique", i) for i in paper.introduces + paper.uses))
        if any(document.findall(paper_lineage_graph)):
            shown.note(docname, ("technique-edges", ""))
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

    # -- what other pages show of techniques (domains/shown.py) ---------------------------

    def shown_digest(self, kind: str, target: str) -> str:
        """What pages show now of ``target`` as ``kind`` (one of ``shown_kinds``)."""
        if kind == "technique":
            technique = self.technique(target)
            return technique.view_digests[1] if technique else ""
        if kind == "technique-users":  # by date, with what each introduces and uses
            return digest([(paper_link(p), p.introduces, p.uses)
                           for p in self.papers.all_papers()
                           if target in p.introduces or target in p.uses])
        techniques = self.by_id().values()
        if kind == "technique-index":  # it names each technique's introducing paper
            return digest(([t.view_digests[0] for t in techniques],
                           [(paper_link(p), p.introduces) for p in self.papers.all_papers()
                            if p.introduces]))
        return digest(([t.view_digests[1] for t in techniques],  # the chart's selector
                       [(p.id, p.introduces, p.uses) for p in self.papers.all_papers()
                        if p.introduces or p.uses]))

    def export_digest(self) -> str:
        """What techniques.json is made from: the techniques, the papers' edges and order."""
        return repr(sorted([(("technique", t.id), t.view_digests[0]) for t in self.by_id().values()]
                           + [(("paper", p.id), p.introduces, p.uses, p.sort_key)
                              for p in self.papers.all_papers() if p.introduces or p.uses]))

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


def paper_link(paper: Paper) -> tuple:
    """What a technique's pages show of a paper that names it: its link and date."""
    return paper.docname, paper.title_local, paper.sort_key


def setup(app: Sphinx) -> None:
    app.add_domain(TechniqueDomain)


def label_of(technique: Technique) -> str:
    """How links name a technique, in the build's language (``Technique.label``)."""
    names = {"name": technique.name_local, "english": technique.name,
             "short_name": technique.short_name}
    if technique.translated:
        if technique.short_name and technique.short_name != technique.name:
            return _("%(name)s (%(english)s, %(short_name)s)") % names
        return _("%(name)s (%(english)s)") % names
    if not technique.short_name or technique.short_name == technique.name_local:
        return technique.name_local
    return _("%(name)s (%(short_name)s)") % names

