"""What the extension adds to the HTML theme: assets, templates, a cheap sidebar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..compat.furo_internals import with_caption_levels
from ..compat.sphinx_internals import rendered_once_per_kind

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent.parent  # papercat/: templates/ and static/


def add_paths(app: Sphinx, config: Config) -> None:
    # New lists: the defaults are shared by every Sphinx app of the process.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def sidebar_without_hidden(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    """Keep hidden toctrees (every paper) out of the sidebar.

    The sidebar asks the page's ``toctree`` template function (Sphinx's, public) for the
    whole tree; listing every paper there makes each page's cost and size grow with the
    catalogue. Papers are reached from the catalogue and the tag pages instead.
    """
    toctree = context.get("toctree")
    if toctree is None:
        return
    toctree = rendered_once_per_kind(app, pagename, toctree)

    def visible_toctree(**kwargs: Any) -> str:
        return toctree(**{**kwargs, "includehidden": False})

    context["toctree"] = visible_toctree


def body_caption_levels(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    if "role=\"heading\"" in context.get("body", ""):
        context["body"] = with_caption_levels(context["body"])


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_paths)
    app.add_css_file("papercat.css")
    # Before furo's handler (priority 500), which builds the sidebar.
    app.connect("html-page-context", sidebar_without_hidden, priority=400)
    app.connect("html-page-context", body_caption_levels)
