"""Listings and a paper's neighbours ("Builds on", "Followed by"): filled in at
``doctree-resolved`` from every record.

Pages that show other pages' records are rewritten (not re-read) when those
records change: the paper domain says what they show (``PaperDomain.shown_digest``),
``domains/shown.py`` which pages to rewrite.
"""

from __future__ import annotations

import dataclasses
import itertools
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..i18n.catalog import _
from ..nodes import generated, paper_neighbours, paper_list
from ..pdfs.domain import thumbnail_uri
from .catalogue_filter import filter_box
from .htmldata import encode_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper


@dataclasses.dataclass
class Card:
    """What a listing shows of one record, resolved for one page."""

    id: str
    title: str
    uri: str | None
    date: str
    status: str  # published, preview or withdrawn: the last two show a badge
    badge: str
    tags: list[tuple[str, str | None]]
    sentence: str
    thumbnail: str | None
    data: dict[str, str]


def status_badge(paper: Paper) -> str:
    return {"withdrawn": _("Withdrawn"), "preview": _("Preview")}.get(paper.status, "")


class paper_card(nodes.General, nodes.Element):
    """A listing entry. HTML writes it directly: a catalogue shows every record, and
    a card made of docutils nodes costs about ten times more to build and to write
    (measured with the benchmark at 1000 papers). Its text is not a message of the
    page: titles and sentences come translated from the papers' own pages."""


def card_html(card: Card) -> str:
    data = "".join(f' data-{name}="{escape(value)}"' for name, value in card.data.items())
    html = [f'<li class="paper-entry paper-card"{data} id="entry-{escape(card.id)}">']
    if card.thumbnail:
        html.append(f'<img alt="" class="paper-card-thumb" src="{escape(card.thumbnail)}" />')
    title = f"<span>{escape(card.title)}</span>"
    if card.uri is not None:
        title = (f'<a class="paper-entry-link reference internal" href="{escape(card.uri)}">'
                 f"{title}</a>")
    html.append(f'<p class="paper-entry-title">{title}</p>\n<p class="paper-entry-meta">'
                f'<span class="paper-entry-date">{escape(card.date)}</span>')
    if card.badge:
        html.append(f'<span class="paper-badge paper-badge-{escape(card.status)}">'
                    f"{escape(card.badge)}</span>")
    for name, uri in card.tags:
        tag = f'<span class="paper-tag">{escape(name)}</span>'
        html.append(f'<a class="reference internal" href="{escape(uri)}" title="{escape(name)}">'
                    f"{tag}</a>" if uri is not None else tag)
    html.append("</p>\n")
    if card.sentence:
        html.append(f'<p class="paper-entry-summary">{escape(card.sentence)}</p>\n')
    html.append("</li>\n")
    return "".join(html)


def visit_card_html(self, node: paper_card) -> None:
    self.body.append(card_html(node["card"]))
    raise nodes.SkipNode


def card_nodes(card: Card) -> nodes.list_item:
    """The card for the other builders (text, LaTeX, ...), as plain docutils nodes."""
    item = nodes.list_item(ids=[f"entry-{card.id}"], classes=["paper-entry"])
    title = nodes.inline(card.title, card.title)
    if card.uri is not None:
        title = nodes.reference("", "", title, internal=True, refuri=card.uri)
    item += generated(nodes.paragraph, "", title, classes=("paper-entry-title",))
    meta = [card.date, card.badge, *(name for name, _uri in card.tags)]
    item += generated(nodes.paragraph, " · ".join(m for m in meta if m),
                      classes=("paper-entry-meta",))
    if card.sentence:
        item += generated(nodes.paragraph, card.sentence, classes=("paper-entry-summary",))
    return item


def card_data(domain: PaperDomain, paper: Paper) -> dict[str, str]:
    """What the filter looks at: date, tag slugs, and the text a search matches."""
    words = [paper.id, paper.title, paper.title_local, paper.short_title,
             paper.first_sentence, *(domain.tag_name(t) for t in paper.tags)]
    return {"date": paper.sort_key[0], "tags": " ".join(paper.tags),
            "text": " ".join(w for w in words if w).casefold()}


def card_thumbnail(app: Sphinx, docname: str, paper: Paper) -> str | None:
    """The card's picture, relative to ``docname``'s page; None if none was made."""
    uri = thumbnail_uri(app, paper)
    return relative_uri(app.builder.get_target_uri(docname), uri) if uri else None


class Renderer:
    """Builds the nodes of listings and of a paper's neighbours for one page."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.domain: PaperDomain = app.env.domains["paper"]
        self.used_ids: set[str] = set()
        self.tag_links: dict[str, tuple[str, str | None]] = {}

    def uri(self, docname: str) -> str | None:
        try:
            return self.app.builder.get_relative_uri(self.docname, docname)
        except NoUri:
            return None

    def link(self, paper: Paper, classes=("paper-entry-link",)) -> nodes.Node:
        text = nodes.inline(paper.title_local, paper.title_local)
        if (uri := self.uri(paper.docname)) is None:
            return text
        return nodes.reference("", "", text, internal=True, refuri=uri, classes=list(classes))

    def tag_link(self, tag: str) -> tuple[str, str | None]:
        """(name, URI of its page): once per tag and page, a catalogue repeats them."""
        if tag not in self.tag_links:
            page = self.domain.tag(tag)
            self.tag_links[tag] = (page[1], self.uri(page[0])) if page else (tag, None)
        return self.tag_links[tag]

    def card(self, paper: Paper) -> Card:
        """An entry: thumbnail (when the PDF pipeline made one), title, date, tags, first sentence."""
        thumbnail = card_thumbnail(self.app, self.docname, paper)
        return Card(
            id=paper.id, title=paper.title_local, uri=self.uri(paper.docname),
            date=paper.date_local, status=paper.status,
            badge=status_badge(paper),
            tags=[self.tag_link(tag) for tag in paper.tags], sentence=paper.first_sentence,
            thumbnail=thumbnail, data=encode_data(**card_data(self.domain, paper)),
        )

    def entry(self, paper: Paper) -> nodes.Element:
        card = self.card(paper)
        if self.app.builder.format == "html":
            return paper_card(card=card)
        return card_nodes(card)

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
            container += filter_box(self.domain, papers)
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

    def neighbours(self, node: paper_neighbours) -> list[nodes.Node]:
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
            # The classes keep their first name (paper-lineage): the site's styles use it.
            row = generated(nodes.paragraph, classes=("paper-lineage", f"paper-{kind}"))
            row += nodes.inline(label, label, classes=["paper-label"])
            for i, other in enumerate(others):
                row += nodes.Text(", " if i else " ")
                row += self.link(other, classes=("paper-lineage-link",))
            rows.append(row)
        return rows


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    renderer = None
    for node in list(doctree.findall(paper_list)) + list(doctree.findall(paper_neighbours)):
        renderer = renderer or Renderer(app, docname)
        method = renderer.listing if isinstance(node, paper_list) else renderer.neighbours
        node.replace_self(method(node))


def setup(app: Sphinx) -> None:
    app.add_node(paper_card, html=(visit_card_html, None))
    app.connect("doctree-resolved", fill_placeholders)
