"""The ``paper`` domain: records keyed by document name, as in ``sphinx.ext.todo``.

Everything is stored per docname so that ``clear_doc`` and ``merge_domaindata``
are exact under incremental and parallel builds; indexes across documents
(by id, by tag, followers) are derived on demand and never stored.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..nodes import page_title, paper_lineage_graph, paper_list, paper_record
from ..records.papers import WARNING_TYPE, Paper, first_sentence
from .base import PerDocumentDomain

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class PaperRole(XRefRole):
    """``{paper}`id``` links to a record, titled in the reader's language."""

    def result_nodes(self, document, env, node, is_ref):
        node["refdomain"] = "paper"
        return [node], []


class Shown(NamedTuple):
    """Digests of what pages show of one link target, and whom it is linked with."""

    everything: str  # listings, exports
    link: str  # links to it: the {paper} role, "Builds on", "Followed by"
    lineage: str  # the lineage chart
    builds_on: tuple[str, ...]
    tags: tuple[str, ...]


class PaperDomain(PerDocumentDomain):
    name = "paper"
    label = "Papers"
    initial_data: dict[str, Any] = {
        "papers": {},  # docname -> Paper
        "tag_pages": {},  # docname -> (tag, title)
        "listings": {},  # docname -> the tags its listings show, or True: every record
        "charts": {},  # docname -> True: the page shows the lineage chart
        "refs": {},  # docname -> set of (reftype, target) the page links to
        "shown": {},  # target -> Shown, as the pages were last written (pages_to_rewrite)
    }
    data_version = 3

    @property
    def papers(self) -> dict[str, Paper]:
        return self.data["papers"]

    @property
    def charts(self) -> dict[str, bool]:
        """The pages that show the lineage chart."""
        return self.data["charts"]

    @property
    def tag_pages(self) -> dict[str, tuple[str, str]]:
        return self.data["tag_pages"]

    # -- per-document bookkeeping -------------------------------------------------

    def forget_derived(self) -> None:
        self._indexes = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        if found := self.page_record(document, paper_record, "paper"):
            self.papers[docname] = self.localised(*found)
        listed = [frozenset(node["tags"]) for node in document.findall(paper_list)]
        if listed:
            # A tag page lists one tag's records: an edit elsewhere need not rewrite it.
            every = not all(listed) or self.data["listings"].get(docname) is True
            self.data["listings"][docname] = True if every else frozenset().union(*listed)
        for listing in document.findall(paper_list):
            if tag := listing.get("tag_page"):
                self.tag_pages[docname] = (tag, page_title(document) or tag)
        if any(document.findall(paper_lineage_graph)):
            # Rewritten when the chart changes (pages_to_rewrite).
            self.data["charts"][docname] = True
        refs = {(n["reftype"], n["reftarget"]) for n in document.findall(addnodes.pending_xref)
                if n.get("refdomain") == "paper"}
        if refs:
            self.data["refs"][docname] = refs
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

    # -- what other pages show of each record, and which pages to rewrite --------------

    def shown(self) -> dict[tuple[str, str], Shown]:
        """Per link target, what other pages show of it now."""
        shown = {("paper", p.id): Shown(*p.view_digests, p.builds_on, p.tags)
                 for p in self.indexes()["by_id"].values()}
        shown.update({("tag", tag): Shown(repr(page), repr(page), "", (), ())
                      for tag, page in self.indexes()["tags"].items()})
        return shown

    def pages_to_rewrite(self, found_docs: Set[str]) -> list[str]:
        """Pages that show something of a record that changed since they were last written;
        from now on, what the records show is as those pages are written."""
        previous, current = self.data["shown"], self.shown()
        self.data["shown"] = current

        def changed(view: str) -> set[tuple[str, str]]:
            return {key for key in previous.keys() | current.keys()
                    if getattr(previous.get(key), view, None)
                    != getattr(current.get(key), view, None)}

        def before_and_after(keys, view: str) -> set[str]:
            return {value for key in keys for shown in (previous.get(key), current.get(key))
                    if shown for value in getattr(shown, view)}

        listed, linked = changed("everything"), changed("link")
        if not listed:
            return []
        # Listings of some tags show the records of those tags, before and after the change;
        # a tag's name shows in every listing.
        tags = before_and_after(listed, "tags")
        renamed = any(kind == "tag" for kind, _ in listed)
        pages = {doc for doc, shows in self.data["listings"].items()
                 if shows is True or renamed or shows & tags}
        if changed("lineage"):
            pages.update(self.data["charts"])
        pages.update(doc for doc, refs in self.data["refs"].items() if refs & linked)
        # A paper page links the papers it builds on and those that build on it: rewrite
        # the neighbours of a record whose link changed, or whose builds-on changed.
        rewired = {key for key in listed
                   if getattr(previous.get(key), "builds_on", None)
                   != getattr(current.get(key), "builds_on", None)}
        neighbours = before_and_after(linked | rewired, "builds_on")
        linked_ids = {target for kind, target in linked if kind == "paper"}
        pages.update(p.docname for p in self.papers.values()
                     if p.id in neighbours or linked_ids.intersection(p.builds_on))
        return sorted(pages & found_docs)

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
    app.connect("env-get-updated", PaperDomain.rewritten_pages)
    app.add_role("paper", PaperRole(innernodeclass=nodes.inline))
