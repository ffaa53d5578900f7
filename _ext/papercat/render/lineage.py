"""The lineage chart: how the papers build on each other, as an SVG drawn from the records.

One row per paper, newest at the top (as in the catalogue); each paper sits in a
lane, and a line runs from a paper up to every paper that builds on it. A lane
stays reserved while lines still leave it, so lines never run through a node.
No graphviz needed. The chart is inline on pages with ``{paper-lineage-graph}``
(links relative to that page) and written as ``lineage.svg`` by exports/lineage_svg.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import escape
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..i18n.catalog import _, babel_locale
from ..nodes import paper_lineage_graph
from ..paths import writes_exports
from ..records.papers import Paper
from .directives import PlaceholderDirective
from .technique_pages import lineage_filter

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain

ROW = 28  # px between rows
LANE = 18  # px between lanes
TOP = 40
LEFT = 16
LABEL_GAP = 14
WIDTH = 640
MAX_LABEL = 24  # characters of a translated title's head shown as the label
COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948",
           "#9c755f")


@dataclasses.dataclass(frozen=True)
class Placed:
    paper: Paper
    row: int  # 0 = newest
    lane: int


def place(papers: list[Paper]) -> list[Placed]:
    """Rows by date (newest first) and lanes, oldest first, continuing a parent's lane.

    A paper takes its parent's lane when it is that parent's last follower;
    otherwise the first lane with no line still to leave it, or a new one.
    """
    oldest_first = list(reversed(papers))
    order = {p.id: k for k, p in enumerate(oldest_first)}
    last_follower: dict[str, int] = {}
    for paper in oldest_first:
        for parent in paper.builds_on:
            if parent in order:
                last_follower[parent] = max(last_follower.get(parent, -1), order[paper.id])
    lane_of: dict[str, int] = {}
    busy_until: list[int] = []  # per lane: order of the last paper a line goes up to
    for k, paper in enumerate(oldest_first):
        lane = next((lane_of[parent] for parent in paper.builds_on
                     if parent in lane_of and last_follower.get(parent) == k), None)
        if lane is None:
            lane = next((i for i, until in enumerate(busy_until) if until < k), len(busy_until))
            if lane == len(busy_until):
                busy_until.append(k)
        lane_of[paper.id] = lane
        busy_until[lane] = last_follower.get(paper.id, k)
    rows = len(papers)
    return [Placed(p, rows - 1 - order[p.id], lane_of[p.id]) for p in oldest_first][::-1]


def centre(item: Placed) -> tuple[int, int]:
    return LEFT + item.lane * LANE + LANE // 2, TOP + item.row * ROW


def edge(parent: Placed, child: Placed) -> str:
    """Up the parent's lane to the child's row, then across into the child."""
    (px, py), (cx, cy) = centre(parent), centre(child)
    if px == cx:
        return f"M{px},{py} V{cy}"
    bend = cy + ROW // 2
    return f"M{px},{py} V{bend} Q{px},{cy} {cx},{cy}"


def chart_label(paper: Paper) -> str:
    """A short name in the build's language: a translated title's head, else the short title."""
    if paper.title_local != paper.title:
        head = re.split(r"\s*[:：]\s*", paper.title_local, maxsplit=1)[0]
        if len(head) <= MAX_LABEL:
            return head
    return paper.short_title or paper.title_local


def lineage_svg(app: Sphinx, domain: PaperDomain, docname: str | None) -> str:
    """The chart; links relative to ``docname``'s page, or to the output root for None."""
    papers = domain.all_papers()
    placed = place(papers)
    by_id = {item.paper.id: item for item in placed}
    lanes = max((item.lane for item in placed), default=0) + 1
    label_x = LEFT + lanes * LANE + LABEL_GAP
    height = TOP + max(len(placed) - 1, 0) * ROW + 24
    language = app.config.language
    base = app.builder.get_target_uri(docname) if docname is not None else ""

    def href(paper: Paper) -> str:
        target = app.builder.get_target_uri(paper.docname)
        return relative_uri(base, target) if docname is not None else target

    title = _("How the papers build on each other")
    description = _("One row per paper, newest first; a line joins a paper to the papers "
                    "that build on it.")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="paper-lineage-graph" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="group" aria-labelledby="lineage-title" font-family="sans-serif" font-size="13">',
        f'<title id="lineage-title">{escape(title)}</title>',
        f"<desc>{escape(description)}</desc>",
        "<style>.plg-label{fill:currentColor}.plg-date{fill:currentColor;opacity:.65}"
        ".plg-year{fill:currentColor;opacity:.5;font-size:12px}"
        ".plg-rule{stroke:currentColor;opacity:.15}a:hover .plg-label{text-decoration:underline}"
        "</style>",
    ]
    previous_year = None
    for item in placed:
        if item.paper.year != previous_year:
            previous_year = item.paper.year
            y = TOP + item.row * ROW - ROW // 2
            year = format_skeleton("y", dt.date(item.paper.year, 1, 1), locale=babel_locale(language))
            out.append(f'<line class="plg-rule" x1="0" x2="{WIDTH}" y1="{y}" y2="{y}"/>')
            out.append(f'<text class="plg-year" x="{WIDTH - 4}" y="{y + 14}" '
                       f'text-anchor="end">{escape(year)}</text>')
    for item in placed:
        for parent_id in item.paper.builds_on:
            if parent := by_id.get(parent_id):
                colour = COLOURS[parent.lane % len(COLOURS)]
                out.append(f'<path d="{edge(parent, item)}" fill="none" stroke="{colour}" '
                           f'stroke-width="2"/>')
    for item in placed:
        paper = item.paper
        x, y = centre(item)
        colour = COLOURS[item.lane % len(COLOURS)]
        fill = "none" if paper.withdrawn else colour
        name = chart_label(paper)
        date = paper.date_local
        if paper.withdrawn:
            date = _("%(date)s, withdrawn") % {"date": date}
        elif paper.status == "preview":
            date = _("%(date)s, preview") % {"date": date}
        out.append(
            f'<a href="{escape(href(paper))}" class="plg-node" id="lineage-{escape(paper.id)}">'
            f"<title>{escape(paper.title_local)}</title>"
            f'<circle cx="{x}" cy="{y}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{label_x}" y="{y + 4}"><tspan class="plg-label" font-weight="600">'
            f'{escape(name)}</tspan><tspan class="plg-date" dx="8">{escape(date)}</tspan></text>'
            "</a>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


class PaperLineageGraphDirective(PlaceholderDirective):
    placeholder = paper_lineage_graph


def fill_graph(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(paper_lineage_graph)):
        if not writes_exports(app):
            node.parent.remove(node)
            continue
        svg = lineage_svg(app, app.env.domains["paper"], docname)
        figure = nodes.container(classes=["paper-lineage-figure"])
        figure += nodes.raw("", svg, format="html")
        # A technique selector (techniques.js) that highlights papers in the chart.
        node.replace_self([*lineage_filter(app), figure])


def setup(app: Sphinx) -> None:
    app.add_node(paper_lineage_graph)
    app.add_directive("paper-lineage-graph", PaperLineageGraphDirective)
    app.connect("doctree-resolved", fill_graph)
