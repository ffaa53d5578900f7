"""What pages show of techniques, filled in at ``doctree-resolved``, and when to rewrite them.

- a technique's page: in a translation, its names (the local one, the English one and the
  abbreviation) under its H1; the paper that introduced it and the papers that use it;
- a paper's page: "Introduces" and "Uses", linking the techniques' pages;
- the techniques' index: every technique, its definition and its introducing paper;
- the lineage page: a technique selector (``techniques.js``) that highlights papers.

``techniques.json`` is written by ``exports/techniques_json.py``.

As for paper listings (listing.py), pages are rewritten, not re-read, when what
they show of another page changed: the technique domain says what that is
(``TechniqueDomain.shown_digest``), ``domains/shown.py`` which pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n.catalog import _
from ..nodes import (generated, paper_techniques, technique_list, technique_names,
                     technique_papers)
from ..records.techniques import Technique
from .htmldata import data_container, with_data
from .listing import Renderer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.techniques import TechniqueDomain



class TechniqueRenderer(Renderer):
    """The technique rows and lists of one page."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        super().__init__(app, docname)
        self.techniques: TechniqueDomain = app.env.domains["technique"]

    def technique_link(self, technique: Technique) -> nodes.Node:
        text = nodes.inline(technique.label, technique.label)
        if (uri := self.uri(technique.docname)) is None:
            return text
        return nodes.reference("", "", text, internal=True, refuri=uri,
                               classes=["technique-link"])

    def row(self, label: str, kind: str, links: list[nodes.Node]) -> nodes.paragraph:
        row = generated(nodes.paragraph, classes=("technique-row", f"technique-{kind}"))
        row += nodes.inline(label, label, classes=["paper-label"])
        for i, link in enumerate(links):
            row += nodes.Text(", " if i else " ")
            row += link
        return row

    def paper_rows(self, node: paper_techniques) -> list[nodes.Node]:
        """On a paper's page: the techniques it introduces and uses."""
        paper = self.domain.paper(node["paper_id"])
        rows = []
        for label, kind, ids in ((_("Introduces"), "introduces", paper.introduces if paper else ()),
                                 (_("Uses"), "uses", paper.uses if paper else ())):
            known = [t for i in ids if (t := self.techniques.technique(i)) is not None]
            if known:
                rows.append(self.row(label, kind, [self.technique_link(t) for t in known]))
        return rows

    def technique_rows(self, node: technique_papers) -> list[nodes.Node]:
        """On a technique's page: who introduced it, who uses it (newest first)."""
        rows = []
        for label, kind, papers in (
            (_("Introduced by"), "introduced-by",
             self.techniques.introducers(node["technique_id"])[:1]),
            (_("Used by"), "used-by", self.techniques.users(node["technique_id"])),
        ):
            if papers:
                rows.append(self.row(label, kind, [self.link(p, classes=("technique-paper",))
                                                   for p in papers]))
        return rows

    def names(self, node: technique_names) -> list[nodes.Node]:
        """Under a technique's H1: in a translation, its first mention with the English
        name and abbreviation (what the papers call it, and what a reader may search for);
        else the short name, as the directive wrote it."""
        technique = self.techniques.technique(node["technique_id"])
        if technique is None or not technique.translated:
            return list(node.children)
        return [generated(nodes.paragraph, technique.label, classes=("technique-names",))]

    def index(self, node: technique_list) -> list[nodes.Node]:
        entries = nodes.bullet_list(classes=["technique-list"])
        for technique in self.techniques.all_techniques():
            item = nodes.list_item(ids=[f"technique-{technique.id}"], classes=["technique-entry"])
            item += generated(nodes.paragraph, "", self.technique_link(technique),
                              classes=("technique-entry-name",))
            if technique.definition:
                item += generated(nodes.paragraph, technique.definition,
                                  classes=("technique-entry-definition",))
            introducers = self.techniques.introducers(technique.id)[:1]
            if introducers:
                item += self.row(_("Introduced by"), "introduced-by",
                                 [self.link(introducers[0], classes=("technique-paper",))])
            entries += item
        if not len(entries):
            return [generated(nodes.paragraph, _("No techniques yet."),
                              classes=("technique-list-empty",))]
        return [entries]


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    renderer = None
    methods = ((paper_techniques, "paper_rows"), (technique_papers, "technique_rows"),
               (technique_names, "names"), (technique_list, "index"))
    for node_class, method in methods:
        for node in list(doctree.findall(node_class)):
            renderer = renderer or TechniqueRenderer(app, docname)
            node.replace_self(getattr(renderer, method)(node))


# -- the lineage page -----------------------------------------------------------------------


def lineage_filter(app: Sphinx) -> list[nodes.Node]:
    """Data for ``techniques.js``: a selector that highlights the papers of a technique.

    Hidden: without JavaScript the chart stays as it is. The labels are set here
    from the extension's catalog, so the script carries no English.
    """
    domain: TechniqueDomain = app.env.domains["technique"]
    techniques = [
        [t.id, t.label, [p.id for p in domain.introducers(t.id)[:1]],
         [p.id for p in domain.users(t.id)]]
        for t in domain.all_techniques()
    ]
    if not techniques:
        return []
    labels = {"select": _("Highlight a technique"), "none": _("No technique"),
              "introduces": _("Introduces it"), "uses": _("Uses it")}
    box = with_data(data_container(classes=["technique-filter"]), labels=labels,
                    techniques=techniques)
    box["hidden"] = True
    return [box]


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", fill_placeholders)
    app.add_css_file("techniques.css")
    app.add_js_file("techniques.js", loading_method="defer")
