"""What keeps the cost of a page independent of the size of the catalogue.

Translated builds: Sphinx parses each translated message into a temporary
document and moves its nodes into the page, but those nodes keep pointing at the
temporary document, whose settings hold the whole build environment. Every
pickled doctree then carries a copy of the environment: with N papers each
page costs O(N) to pickle and to load again at write time, the build O(N²).

Garbage collection: CPython's collector walks every object it tracks now and
then, and a build keeps its environment (every page's toc, title and record)
alive to the end: each full collection costs O(N), and a bigger build makes more
of them. At 1000 papers they took 1.3 s of an 11 s build and a tenth of a
one-page rebuild. What is alive after start-up, after loading the environment
and after reading stays alive to the end, so it is frozen out of the
collector's reach (``gc.freeze``, which the Python docs also advise before the
``fork`` that ``-j`` uses). It is not given back at the end, or the exit would
scan it all once more; a process that starts another build gets it back then.
It can be switched off with ``papercat_gc_freeze = False`` (a host process
that freezes its own objects should).

The patches into Sphinx's and MyST's internals that speed up builds live in
``compat`` (small rebuilds serial under ``-j``, MyST's default settings parsed once,
compiled templates kept).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of the page belong to the page's own document.

    ``node.document`` is docutils' public link from a node to the root of its tree, which
    docutils sets as a node is added; this puts docutils' rule back after Sphinx's
    translations and changes nothing where the nodes already point at their page.
    """
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def freeze_survivors(app: Sphinx, *_args: Any) -> None:
    """What is alive now lives to the end of the build: stop scanning it."""
    if app.config.papercat_gc_freeze:
        gc.freeze()


def freeze_read_survivors(app: Sphinx, env: BuildEnvironment) -> None:
    if app.config.papercat_gc_freeze:
        gc.collect()  # what reading left behind (merged copies of the environment)
        gc.freeze()


def start_build(app: Sphinx, config: Config) -> None:
    """Give back what an earlier build in this process froze, then freeze start-up."""
    if not config.papercat_gc_freeze:
        return
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_gc_freeze", True, "", types=frozenset({bool}))
    app.connect("config-inited", start_build, priority=900)
    app.connect("builder-inited", freeze_survivors, priority=900)
    app.connect("env-updated", freeze_read_survivors, priority=900)
    # Late: after every other handler that may add translated nodes.
    app.connect("doctree-read", adopt_translated_nodes, priority=900)
