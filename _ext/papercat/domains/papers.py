"""The ``paper`` domain: records keyed by document name, as in ``sphinx.ext.todo``.

Everything is stored per docname so that ``clear_doc`` and ``merge_domaindata``
are exact under incremental and parallel builds; indexes across documents
(by id, by tag, followers) are derived on demand and never stored.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..nodes import page_title, paper_lineage_graph, paper_list, paper_record
from ..records.papers import WARNING_TYPE, Paper, first_sentence
from .base import PerDocumentDomain
from .shown import digest

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class PaperRole(XRefRole):
    """``{paper}`id``` links to a record, titled in the reader's language."""

    def result_nodes(self, document, env, node, is_ref):
        node["refdomain"] = "paper"
        return [node], []


class PaperDomain(PerDocumentDomain):
    name = "paper"
    label = "Papers"
    initial_data: dict[str, Any] = {
        "papers": {},  # docname -> Paper
        "tag_pages": {},  # docname -> (tag, title)
    }
    data_version = 4
    #: What pages show of records (domains/shown.py): a paper's link ("paper") or a tag's,
    #: who follows a paper, a listing's cards (of a tag; "": of all), the tags' names, the
    #: lineage chart.
    shown_kinds = ("paper", "tag", "followers", "cards", "tag-names", "lineage")

    @property
    def papers(self) -> dict[str, Paper]:
        return self.data["papers"]

    @property
    def tag_pages(self) -> dict[str, tuple[str, str]]:
        return self.data["tag_pages"]

    # -- per-document bookkeeping -------------------------------------------------

    def forget_derived(self) -> None:
        self._indexes = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        shown = env.domains["shown"]
        if found := self.page_record(document, paper_record, "paper"):
            paper = self.papers[docname] = self.localised(*found)
            # Its "Builds on" and "Followed by" links.
            shown.note(docname, ("followers", paper.id), *(("paper", i) for i in paper.builds_on))
        for listing in document.findall(paper_list):
            if tag := listing.get("tag_page"):
                self.tag_pages[docname] = (tag, page_title(document) or tag)
            # A tag page lists one tag's records: an edit elsewhere need not rewrite it.
            listed = [("cards", tag) for tag in listing["tags"]] or [("cards", "")]
            shown.note(docname, *listed, ("tag-names", ""), ("thumbnails", ""))
        if any(document.findall(paper_lineage_graph)):
            shown.note(docname, ("lineage", ""))
        shown.note(docname, *((n["reftype"], n["reftarget"])
                              for n in document.findall(addnodes.pending_xref)
                              if n.get("refdomain") == "paper"))
        self._indexes = None

    def localised(self, record: paper_record, paper: Paper) -> Paper:
        """The record as this build's language shows it (after translation)."""
        title_local = page_title(record.document) or paper.title
        summary = " ".join(
            child.astext() for node in record.findall(nodes.container)
            if "paper-summary" in node["classes"] for child in node.children
        )
        if title_local == paper.title:
            # Untranslated: the official title is the heading already.
            for node in list(record.findall(nodes.paragraph)):
                if "paper-original-title" in node["classes"]:
                    node.parent.remove(node)
        return dataclasses.replace(paper, title_local=title_local, summary=summary,
                                   first_sentence=first_sentence(summary))

    # -- derived indexes ---------------------------------------------------------

    _indexes: dict | None = None

    def indexes(self) -> dict:
        if self._indexes is None:
            by_id: dict[str, Paper] = {}
            followers: dict[str, list[Paper]] = defaultdict(list)
            for docname in sorted(self.papers):
                paper = self.papers[docname]
                by_id.setdefault(paper.id, paper)
            for paper in by_id.values():
                for other in paper.builds_on:
                    followers[other].append(paper)
            tags = {}
            for docname in sorted(self.tag_pages):
                tag, title = self.tag_pages[docname]
                tags.setdefault(tag, (docname, title))
            self._indexes = {"by_id": by_id, "followers": followers, "tags": tags}
        return self._indexes

    def paper(self, paper_id: str) -> Paper | None:
        return self.indexes()["by_id"].get(paper_id)

    def all_papers(self) -> list[Paper]:
        """Every record, newest first."""
        return sorted(self.indexes()["by_id"].values(), key=lambda p: p.sort_key, reverse=True)

    def followers(self, paper_id: str) -> list[Paper]:
        return sorted(self.indexes()["followers"].get(paper_id, []), key=lambda p: p.sort_key)

    def tag(self, tag: str) -> tuple[str, str] | None:
        """The (docname, translated title) of a tag's page."""
        return self.indexes()["tags"].get(tag)

    def tag_name(self, tag: str) -> str:
        """The tag's name in the build's language (its page's title), else its slug."""
        page = self.tag(tag)
        return page[1] if page else tag

    # -- what other pages show of each record (domains/shown.py) ----------------------

    def shown_digest(self, kind: str, target: str) -> str:
        """What pages show now of ``target`` as ``kind`` (one of ``shown_kinds``)."""
        if kind == "paper":
            paper = self.paper(target)
            return paper.view_digests[1] if paper else ""
        if kind == "tag":
            return digest(self.tag(target))
        if kind == "followers":
            return digest([(p.id, p.view_digests[1]) for p in self.followers(target)])
        if kind == "cards":
            return digest([p.view_digests[0] for p in self.all_papers()
                           if not target or target in p.tags])
        if kind == "tag-names":
            return digest(sorted(self.indexes()["tags"].items()))
        return digest([p.view_digests[2] for p in self.all_papers()])  # the lineage chart

    def everything_shown(self) -> list[tuple[tuple[str, str], str]]:
        """Per record and tag, a digest of everything pages show of it (exports' inputs)."""
        shown = [(("paper", p.id), p.view_digests[0]) for p in self.indexes()["by_id"].values()]
        shown += [(("tag", tag), repr(page)) for tag, page in self.indexes()["tags"].items()]
        return sorted(shown)

    # -- consistency and references ------------------------------------------------

    def check_consistency(self) -> None:
        first = self.first_of_each_id(self.papers, "paper")
        tag_docs: dict[str, str] = {}
        for docname in sorted(self.tag_pages):
            tag = self.tag_pages[docname][0]
            if tag in tag_docs:
                logger.warning("tag %r already has a page: %s", tag, tag_docs[tag],
                               location=docname, type=WARNING_TYPE, subtype="duplicate-tag")
            tag_docs.setdefault(tag, docname)
        for paper in first.values():
            for other in paper.builds_on:
                if other not in first:
                    logger.warning("builds-on: unknown paper id %r", other,
                                   location=(paper.docname, paper.lineno),
                                   type=WARNING_TYPE, subtype="unknown-paper")
            for tag in paper.tags:
                if tag_docs and tag not in tag_docs:
                    logger.warning("tag %r has no tag page (known: %s)", tag,
                                   ", ".join(sorted(tag_docs)),
                                   location=(paper.docname, paper.lineno),
                                   type=WARNING_TYPE, subtype="unknown-tag")

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: addnodes.pending_xref,
                     contnode: nodes.Element) -> nodes.Element | None:
        if typ == "tag":
            page = self.tag(target)
            if page is None:
                return contnode  # reported once, by check_consistency
            docname, title = page
            if not node.get("refexplicit"):
                contnode = nodes.inline(title, title, classes=["paper-tag"])
            return make_refnode(builder, fromdocname, docname, "", contnode, title)
        paper = self.paper(target)
        if paper is None:
            logger.warning("unknown paper id %r", target, location=node,
                           type=WARNING_TYPE, subtype="unknown-paper")
            return contnode
        if not node.get("refexplicit"):
            contnode = nodes.inline(paper.title_local, paper.title_local,
                                    classes=["paper-ref"])
        return make_refnode(builder, fromdocname, paper.docname, "", contnode,
                            paper.title_local)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        paper = self.paper(target)
        if paper is None:
            return []
        ref = self.resolve_xref(env, fromdocname, builder, "paper", target, node, contnode)
        return [("paper:paper", ref)] if ref is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        # Priority -1: in the inventory, not in search, which lists the page itself
        # (as an object, the paper was listed a second time, anchored at its title).
        for paper in self.indexes()["by_id"].values():
            yield paper.id, paper.title_local, "paper", paper.docname, "", -1


def setup(app: Sphinx) -> None:
    app.add_domain(PaperDomain)
    app.add_role("paper", PaperRole(innernodeclass=nodes.inline))
