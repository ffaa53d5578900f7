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

Parallel builds: a ``-j`` worker collects its log records in place of every
handler and sends them to the main process, which replays them through the
``sphinx`` logger: the handler sees them there (``tests/test_problems.py``).

Warnings that name no page (configuration, the theme, ``build-finished``) come
from checks that run on every build; the extension has no check that warns only
when its inputs change without naming a page.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util import logging as sphinx_logging

from .pdfs.lock import write_atomically

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: In the doctree folder: the pages that warned in the last build.
STATE = "papercat-problems.json"


def warned_page(env: BuildEnvironment, record: logging.LogRecord) -> str | None:
    """The docname a warning is located in, if it names a page of the project."""
    # internal: sphinx log records. Sphinx's logger adapter stores the warning's
    # ``location`` on the record as given ((docname, line), a docname or a node);
    # its warning handler rewrites it to "path:line", and -j workers send nodes as
    # "path:line" too. The handler may see a record before or after that rewrite.
    location = getattr(record, "location", None)
    if isinstance(location, tuple):
        docname = location[0] if location else None
    elif isinstance(location, nodes.Node):
        docname = page_of_path(env, get_source_line(location)[0])
    elif isinstance(location, str):
        docname = location if location in env.found_docs else page_of_path(env, location)
    else:
        docname = None
    return docname if docname in env.found_docs else None


def page_of_path(env: BuildEnvironment, location: str | None) -> str | None:
    """The docname of "path", "path:line" or "path:<translated>:line"."""
    while location:
        if (docname := env.path2doc(location)) in env.found_docs:
            return docname
        if ":" not in location:
            return None
        location = location.rsplit(":", 1)[0]
    return None


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
        if sphinx_logging.is_suppressed_warning(getattr(record, "type", ""),
                                                getattr(record, "subtype", ""),
                                                self.app.config.suppress_warnings):
            return  # a filtered warning is no problem
        if docname := warned_page(self.app.env, record):
            self.warned.add(docname)

    # -- events ----------------------------------------------------------------------

    def outdated(self, app: Sphinx, env: BuildEnvironment, added: Set[str],
                 changed: Set[str], removed: Set[str]) -> list[str]:
        return sorted(d for d in self.before if d in env.found_docs and d not in removed)

    def reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.read.update(docnames)

    def save(self, app: Sphinx, *args) -> None:
        """Keep what warned now, and what warned before and was not read again."""
        pages = ((self.before - self.read) | self.warned) & app.env.found_docs
        text = json.dumps({"warned": sorted(pages)}, indent=1) + "\n"
        write_atomically(self.state, text.encode("utf-8"))

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        self.save(app)
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(self)


def start(app: Sphinx) -> None:
    pages = WarnedPages(app)
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(pages)
    app.connect("env-get-outdated", pages.outdated)
    app.connect("env-before-read-docs", pages.reading)
    app.connect("env-updated", pages.save)  # the environment is pickled next
    app.connect("build-finished", pages.finish)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start)
