"""Doctree nodes that more than one part needs, and helpers for generated text.

A record renders with standard docutils nodes inside ``paper_record``; only the
placeholders that are filled in at resolve time are node types of their own. The
domains find records and placeholders by these classes; each is registered, with its
visitors, by the module of its directive (``render/``).
"""

from __future__ import annotations

from docutils import nodes


class paper_record(nodes.General, nodes.Element):
    """A paper's rendered record; its attributes carry the record's data."""


class paper_list(nodes.General, nodes.Element):
    """Placeholder for a listing; filled from the domain at ``doctree-resolved``."""


class paper_neighbours(nodes.General, nodes.Element):
    """Placeholder for "Builds on" / "Followed by"; needs every record to resolve."""


class paper_lineage_graph(nodes.General, nodes.Element):
    """Placeholder for the lineage chart (render/lineage.py); drawn at ``doctree-resolved`` from
    every record."""


class paper_techniques(nodes.General, nodes.Element):
    """Placeholder for "Introduces" / "Uses" (render/technique_pages.py); names come from
    other pages."""


class technique_record(nodes.General, nodes.Element):
    """A technique's rendered record; ``node["technique"]`` holds the Technique."""


class technique_papers(nodes.General, nodes.Element):
    """Placeholder for "Introduced by" / "Used by": filled from the paper records."""


class technique_names(nodes.General, nodes.Element):
    """Placeholder for a technique's names under its H1: in a translation, the local name
    with the English name and abbreviation; else its children (the short name)."""


class technique_list(nodes.General, nodes.Element):
    """Placeholder for the list of every technique (the techniques' index page)."""


def generated(node_class: type[nodes.TextElement], text: str = "", *children: nodes.Node,
              classes: tuple[str, ...] = ()) -> nodes.TextElement:
    """A node of generated text (a label, a name, a URL): never extracted for translation."""
    children = children or ((nodes.Text(text),) if text else ())
    rawsource = text or "".join(child.astext() for child in children)
    node = node_class(rawsource, "", *children, classes=list(classes))
    node["translatable"] = False
    return node


def page_title(document: nodes.document) -> str | None:
    """The text of the page's first heading (its H1), or None; raw HTML is not text."""
    for section in document.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title):
            # render/rawhtml.py removes raw nodes after the directives that ask for the title run.
            return "".join(text.astext() for text in section[0].findall(nodes.Text)
                           if not isinstance(text.parent, nodes.raw))
        return None
    return None


def visit_passthrough(self, node: nodes.Element) -> None:
    pass


def depart_passthrough(self, node: nodes.Element) -> None:
    pass
