"""A problem stays a problem: every page that warned is read again by the next build.

Sphinx reads a page again only when it (or a file it depends on) changed, so a
warning raised while reading or writing an unchanged page is said once: the next
build of the same sources reads nothing and says nothing, and a ``-W`` build
that failed passes on the second try. Here every warning whose location names a
page marks the page; the marks are kept beside the doctrees, and
``env-get-outdated`` hands them back, so the next build reads and writes those
pages again and their warnings come back until they are fixed.

The marks are a file of their own, not environment data: Sphinx pickles the
environment after reading, before the consistency checks and the writing,
whose warnings would be lost with it.

Parallel builds: the handler listens where the ``-j`` workers' warnings are replayed
too (``compat.sphinx_internals.warnings_logger``, ``tests/test_problems.py``).

Warnings that name no page (configuration, the theme, ``build-finished``) come
from checks that run on every build; the extension has no check that warns only
when its inputs change without naming a page.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..compat.sphinx_internals import EVERY_PAGE, is_suppressed, warned_page, warnings_logger
from ..pdfs.lock import write_atomically

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: In the doctree folder: the pages that warned in the last build.
STATE = "papercat-problems.json"


class WarnedPages(logging.Handler):
    """Notes the pages that warn during one build; keeps them for the next."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.state = Path(app.doctreedir) / STATE
        self.before = self.load()  # the pages that warned in the last build
        self.warned: set[str] = set()
        self.read: set[str] = set()

    def load(self) -> set[str]:
        try:
            return set(json.loads(self.state.read_text(encoding="utf-8"))["warned"])
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    def emit(self, record: logging.LogRecord) -> None:
        if is_suppressed(self.app.config, record):
            return  # a filtered warning is no problem
        if docname := warned_page(self.app.env, record):
            self.warned.add(docname)

    # -- events ----------------------------------------------------------------------

    def outdated(self, app: Sphinx, env: BuildEnvironment, added: Set[str],
                 changed: Set[str], removed: Set[str]) -> list[str]:
        pages = env.found_docs if EVERY_PAGE in self.before else self.before
        return sorted(d for d in pages if d in env.found_docs and d not in removed)

    def reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.read.update(docnames)

    def save(self, app: Sphinx, *args) -> None:
        """Keep what warned now, and what warned before and was not read again."""
        pages = ((self.before - self.read) | self.warned) & (app.env.found_docs | {EVERY_PAGE})
        if EVERY_PAGE in self.before and self.read >= app.env.found_docs:
            pages = self.warned  # every page was read again: each said what it had to say
        text = json.dumps({"warned": sorted(pages)}, indent=1) + "\n"
        write_atomically(self.state, text.encode("utf-8"))

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        self.save(app)
        warnings_logger().removeHandler(self)


def stop() -> None:
    """Take away the handler of an application that will not build (``make events``, a test
    that sets one up): it would hold that application for the rest of the process."""
    logger = warnings_logger()
    for handler in [h for h in logger.handlers if isinstance(h, WarnedPages)]:
        logger.removeHandler(handler)


def start(app: Sphinx) -> None:
    stop()  # one application builds at a time: an earlier one's handler is left over
    pages = WarnedPages(app)
    warnings_logger().addHandler(pages)
    app.connect("env-get-outdated", pages.outdated)
    app.connect("env-before-read-docs", pages.reading)
    app.connect("env-updated", pages.save)  # the environment is pickled next
    app.connect("build-finished", pages.finish)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start)
