"""Nodes that hand data to the page's scripts as HTML ``data-*`` attributes.

Scripts (``catalogue.js``) must not carry English: their labels, and the facts
they filter on, come from the page as data attributes set from the extension's
catalog. Other writers see plain containers (Sphinx dispatches
on the node's base classes).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class data_container(nodes.container):
    """A ``<div>`` with ``node["data"]`` as data attributes."""


def encode_data(**data: Any) -> dict[str, str]:
    """Data attribute names and values (``copy_label`` -> ``copy-label``); non-strings as JSON."""
    return {
        name.replace("_", "-"): value if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False)
        for name, value in data.items()
    }


def with_data(node: nodes.Element, **data: Any) -> nodes.Element:
    """Set data attributes on a node of this module."""
    node["data"] = encode_data(**data)
    return node


def attributes(node: nodes.Element) -> dict[str, str]:
    # starttag() escapes every attribute value.
    attrs = {f"data-{name}": value for name, value in node.get("data", {}).items()}
    if node.get("hidden"):
        attrs["hidden"] = "hidden"
    return attrs


def visit_data_container(self, node: data_container) -> None:
    self.body.append(self.starttag(node, "div", CLASS="docutils container", **attributes(node)))


def depart_data_container(self, node: data_container) -> None:
    self.body.append("</div>\n")


def setup(app: Sphinx) -> None:
    app.add_node(data_container, html=(visit_data_container, depart_data_container))
