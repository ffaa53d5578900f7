"""What keeps the cost of a page independent of the size of the catalogue.

Translated builds: Sphinx parses each translated message into a temporary
document and moves its nodes into the page, but those nodes keep pointing at the
temporary document, whose settings hold the whole build environment. Every
pickled doctree then carries a copy of the environment: with N papers each
page costs O(N) to pickle and to load again at write time, the build O(N²).

MyST: for every text it parses (each page, and each translated message again)
MyST makes a throwaway document with docutils' default settings, building
docutils' whole option parser each time (about 1 ms); the defaults are made once.

Garbage collection: CPython's collector walks every object it tracks now and
then, and a build keeps its environment (every page's toc, title and record)
alive to the end: each full collection costs O(N), and a bigger build makes more
of them. At 1000 papers they took 1.3 s of an 11 s build and a tenth of a
one-page rebuild. What is alive after start-up, after loading the environment
and after reading stays alive to the end, so it is frozen out of the
collector's reach (``gc.freeze``, which the Python docs also advise before the
``fork`` that ``-j`` uses). It is not given back at the end, or the exit would
scan it all once more; a process that starts another build gets it back then.

Small rebuilds: since Sphinx 8.1 (sphinx-doc/sphinx#12796) ``-j`` forks workers
even to read one document, and the worker sends the whole environment back; an
edit then costs more in parallel than serially. Up to a few pages, build serially.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.frontend import Values
    from sphinx.application import Sphinx
    from sphinx.config import Config
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


def freeze_survivors(app: Sphinx, *_args: Any) -> None:
    """What is alive now lives to the end of the build: stop scanning it."""
    gc.freeze()


def freeze_read_survivors(app: Sphinx, env: BuildEnvironment) -> None:
    gc.collect()  # what reading left behind (merged copies of the environment)
    gc.freeze()


def start_build(app: Sphinx, config: Config) -> None:
    """Give back what an earlier build in this process froze, then freeze start-up."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def setup(app: Sphinx) -> None:
    app.connect("config-inited", start_build, priority=900)
    app.connect("builder-inited", freeze_survivors, priority=900)
    app.connect("env-updated", freeze_read_survivors, priority=900)
    reuse_default_settings()
    app.connect("env-before-read-docs", serial_small_updates)
    # Late: after every other handler that may add translated nodes.
    app.connect("doctree-read", adopt_translated_nodes, priority=900)
