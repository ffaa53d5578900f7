"""What keeps the cost of a page independent of the size of the catalogue.

Translated builds: Sphinx parses each translated message into a temporary
document and moves its nodes into the page, but those nodes keep pointing at the
temporary document, whose settings hold the whole build environment. Every
pickled doctree then carries a copy of the environment: with N papers each
page costs O(N) to pickle and to load again at write time, the build O(N²).

MyST: for every text it parses (each page, and each translated message again)
MyST makes a throwaway document with docutils' default settings, building
docutils' whole option parser each time (about 1 ms); the defaults are made once.

Small rebuilds: since Sphinx 8.1 (sphinx-doc/sphinx#12796) ``-j`` forks workers
even to read one document, and the worker sends the whole environment back; an
edit then costs more in parallel than serially. Up to a few pages, build serially.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.frontend import Values
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of the page belong to the page's own document."""
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def reuse_default_settings() -> None:
    """Make MyST's throwaway documents from settings parsed once (same values)."""
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return
    needed = ("make_document", "get_default_settings", "new_document", "RSTParser")
    if not all(hasattr(base, name) for name in needed) or \
            getattr(base.make_document, "reuses_settings", False):
        return
    defaults: dict[type, Values] = {}

    def make_document(source_path: str = "notset", parser_cls: type = base.RSTParser):
        if parser_cls not in defaults:
            defaults[parser_cls] = base.get_default_settings(parser_cls)
        return base.new_document(source_path, settings=defaults[parser_cls].copy())

    make_document.reuses_settings = True
    base.make_document = make_document


#: At most this many pages to read and to write: a serial build is faster.
SMALL_UPDATE = 5


def serial_small_updates(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read and write serially when few pages changed (the output is the same)."""
    if app.parallel <= 1 or len(docnames) > SMALL_UPDATE:
        return
    outdated = app.builder.get_outdated_docs()
    if isinstance(outdated, str):  # "all documents": builders that write one file
        return
    if len(set(outdated) | set(docnames)) <= SMALL_UPDATE:
        app.parallel = 1


def setup(app: Sphinx) -> None:
    reuse_default_settings()
    app.connect("env-before-read-docs", serial_small_updates)
    # Late: after every other handler that may add translated nodes.
    app.connect("doctree-read", adopt_translated_nodes, priority=900)
