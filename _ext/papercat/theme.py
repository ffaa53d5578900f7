"""What the extension adds to the HTML theme: assets, templates, a cheap sidebar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent


def add_paths(app: Sphinx, config: Config) -> None:
    # New lists: the defaults are shared by every Sphinx app of the process.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def sidebar_without_hidden(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    """Keep hidden toctrees (every paper) out of the sidebar.

    furo asks for the whole tree on every page; listing every paper there makes
    each page's cost and size grow with the catalogue. Papers are reached from
    the catalogue and the tag pages instead.
    """
    toctree = context.get("toctree")
    if toctree is None:
        return

    def visible_toctree(**kwargs: Any) -> str:
        return toctree(**{**kwargs, "includehidden": False})

    context["toctree"] = visible_toctree


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_paths)
    app.add_css_file("papercat.css")
    # Before furo's handler (priority 500), which builds the sidebar.
    app.connect("html-page-context", sidebar_without_hidden, priority=400)
