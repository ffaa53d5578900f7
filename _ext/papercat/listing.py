"""Listings and lineage: filled in at ``doctree-resolved`` from every record.

Pages that show other pages' records are rewritten (not re-read) when those
records change: ``env-get-updated`` compares what each link target shows now
with what it showed when the pages were last written.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri

from . import catalogue
from .directives import tag_reference
from .htmldata import data_list_item, with_data
from .i18n import _, format_paper_date
from .nodes import generated, paper_lineage, paper_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import PaperDomain
    from .records import Paper


class Renderer:
    """Builds the nodes of listings and lineage for one page."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.domain: PaperDomain = app.env.domains["paper"]
        self.used_ids: set[str] = set()
        self.tag_links: dict[str, nodes.Node] = {}

    def link(self, paper: Paper, classes=("paper-entry-link",)) -> nodes.Node:
        text = nodes.inline(paper.title_local, paper.title_local)
        try:
            uri = self.app.builder.get_relative_uri(self.docname, paper.docname)
        except NoUri:
            return text
        return nodes.reference("", "", text, internal=True, refuri=uri, classes=list(classes))

    def tags(self, paper: Paper) -> list[nodes.Node]:
        # Resolved once per tag and page: a catalogue shows each tag hundreds of times.
        for tag in paper.tags:
            if tag not in self.tag_links:
                self.tag_links[tag] = self.resolve(tag_reference(tag))
        return [self.tag_links[tag].deepcopy() for tag in paper.tags]

    def resolve(self, xref: nodes.Element) -> nodes.Node:
        ref = self.domain.resolve_xref(self.app.env, self.docname, self.app.builder, "tag",
                                       xref["reftarget"], xref, xref[0])
        return ref if ref is not None else xref[0]

    def entry(self, paper: Paper) -> nodes.list_item:
        """A card: thumbnail (when the PDF pipeline made one), title, date, tags, first sentence."""
        item = with_data(data_list_item(classes=["paper-entry", "paper-card"]),
                         **catalogue.card_data(self.domain, paper))
        item["ids"].append(f"entry-{paper.id}")
        if (picture := catalogue.thumbnail(self.app, self.docname, paper)) is not None:
            item += picture
        item += generated(nodes.paragraph, "", self.link(paper), classes=("paper-entry-title",))
        meta = generated(nodes.paragraph, classes=("paper-entry-meta",))
        date = format_paper_date(paper.date, self.app.config.language)
        meta += nodes.inline(date, date, classes=["paper-entry-date"])
        if paper.withdrawn:
            label = _("Withdrawn")
            meta += nodes.inline(label, label, classes=["paper-badge", "paper-badge-withdrawn"])
        for tag in self.tags(paper):
            meta += tag
        item += meta
        if paper.first_sentence:
            item += generated(nodes.paragraph, paper.first_sentence,
                              classes=("paper-entry-summary",))
        return item

    def listing(self, node: paper_list) -> list[nodes.Node]:
        papers = [
            p for p in self.domain.all_papers()
            if (not node["tags"] or set(node["tags"]) & set(p.tags))
            and (not node["years"] or p.year in node["years"])
        ]
        if node["limit"]:
            papers = papers[: node["limit"]]
        container = nodes.container(classes=["paper-list"])
        if not node["limit"] and len(papers) > 1:
            container += catalogue.filter_box(self.domain, papers)
        if not papers:
            container += generated(nodes.paragraph, _("No papers match this listing."),
                                   classes=("paper-list-empty",))
            return [container]
        for year, group in itertools.groupby(papers, key=lambda p: p.year):
            heading = generated(nodes.rubric, str(year), classes=("paper-list-year",))
            if f"year-{year}" not in self.used_ids:
                self.used_ids.add(f"year-{year}")
                heading["ids"].append(f"year-{year}")
            container += heading
            entries = nodes.bullet_list(classes=["paper-list-entries"])
            entries.extend(self.entry(p) for p in group)
            container += entries
        return [container]

    def lineage(self, node: paper_lineage) -> list[nodes.Node]:
        paper = self.domain.paper(node["paper_id"])
        if paper is None:
            return []
        rows = []
        for label, kind, others in (
            (_("Builds on"), "builds-on", [self.domain.paper(i) for i in paper.builds_on]),
            (_("Followed by"), "followed-by", self.domain.followers(paper.id)),
        ):
            others = [o for o in others if o is not None]
            if not others:
                continue
            row = generated(nodes.paragraph, classes=("paper-lineage", f"paper-{kind}"))
            row += nodes.inline(label, label, classes=["paper-label"])
            for i, other in enumerate(others):
                row += nodes.Text(", " if i else " ")
                row += self.link(other, classes=("paper-lineage-link",))
            rows.append(row)
        return rows


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    renderer = None
    for node in list(doctree.findall(paper_list)) + list(doctree.findall(paper_lineage)):
        renderer = renderer or Renderer(app, docname)
        method = renderer.listing if isinstance(node, paper_list) else renderer.lineage
        node.replace_self(method(node))


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages that show something of a record that changed since they were last written."""
    domain: PaperDomain = env.domains["paper"]
    previous, current = domain.data["shown"], domain.shown()
    domain.data["shown"] = current

    def changed(view: str) -> set[tuple[str, str]]:
        return {key for key in previous.keys() | current.keys()
                if getattr(previous.get(key), view, None) != getattr(current.get(key), view, None)}

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
    pages = {doc for doc, shows in domain.data["listings"].items()
             if shows is True or renamed or shows & tags}
    if changed("lineage"):
        pages.update(domain.data["charts"])
    pages.update(doc for doc, refs in domain.data["refs"].items() if refs & linked)
    # A paper page links the papers it builds on and those that build on it: rewrite
    # the neighbours of a record whose link changed, or whose builds-on changed.
    rewired = {key for key in listed
               if getattr(previous.get(key), "builds_on", None)
               != getattr(current.get(key), "builds_on", None)}
    neighbours = before_and_after(linked | rewired, "builds_on")
    linked_ids = {target for kind, target in linked if kind == "paper"}
    pages.update(p.docname for p in domain.papers.values()
                 if p.id in neighbours or linked_ids.intersection(p.builds_on))
    return sorted(pages & env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("env-get-updated", pages_to_rewrite)
