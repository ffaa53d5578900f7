"""What the extension adds to the HTML theme: assets, templates, a cheap sidebar."""

from __future__ import annotations

import posixpath
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from ..compat.furo_internals import with_caption_levels

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

HERE = Path(__file__).parent.parent  # papercat/: templates/ and static/
#: Per builder: the documents of the visible navigation, and its HTML per kind of page.
_NAVIGATION: weakref.WeakKeyDictionary[Builder, tuple[set[str], dict]] = \
    weakref.WeakKeyDictionary()


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
    if app.builder not in _NAVIGATION:
        _NAVIGATION[app.builder] = (navigation_docs(app.env), {})
    shown, rendered = _NAVIGATION[app.builder]
    # The tree differs between pages only by its links' folder and by the page's
    # own entry ("current"): render it once for each such kind of page.
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    kind = (folder, pagename if pagename in shown else None)

    def visible_toctree(**kwargs: Any) -> str:
        kwargs["includehidden"] = False
        if kwargs.get("collapse", True):  # a collapsed tree depends on the page's ancestors
            return toctree(**kwargs)
        key = (kind, tuple(sorted(kwargs.items())))
        if key not in rendered:
            rendered[key] = toctree(**kwargs)
        return rendered[key]

    context["toctree"] = visible_toctree


def body_caption_levels(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    if "role=\"heading\"" in context.get("body", ""):
        context["body"] = with_caption_levels(context["body"])


def navigation_docs(env: BuildEnvironment) -> set[str]:
    """The documents reached from the root through toctrees that are not hidden."""
    shown: set[str] = set()
    todo = [env.config.root_doc]
    while todo:
        toc = env.tocs.get(todo.pop())
        for toctree in toc.findall(addnodes.toctree) if toc is not None else ():
            if toctree.get("hidden"):
                continue
            for _title, ref in toctree["entries"]:
                if ref in env.all_docs and ref not in shown:
                    shown.add(ref)
                    todo.append(ref)
    return shown


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_paths)
    app.add_css_file("papercat.css")
    # Before furo's handler (priority 500), which builds the sidebar.
    app.connect("html-page-context", sidebar_without_hidden, priority=400)
    app.connect("html-page-context", body_caption_levels)
