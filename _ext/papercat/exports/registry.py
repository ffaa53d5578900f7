"""The registry of the catalogue's files: one ``Export`` per format, written after a good build.

Each format is a module of this package that declares its ``EXPORT``: the file's name in
each language's output root, its label in the downloads row (or none), what it is made
from (``inputs``, digested: a file is rewritten only when they change) and its maker. At
``config-inited`` the registry emits ``papercat-exports`` with the formats, so that a
site's ``conf.py`` can add its own (see the README's "Adding an export format"); the
downloads row (``downloads.py``) and ``write_exports`` then iterate them.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import re
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..compat.sphinx_internals import failed_on_warnings
from ..i18n.languages import conf_location
from ..paths import writes_exports
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..domains.papers import PaperDomain

logger = logging.getLogger(__name__)

#: Emitted at ``config-inited`` with the ``Formats``; a handler may ``add`` one.
EVENT = "papercat-exports"
#: In the doctree folder: per file, a digest of what it was last written from.
STATE = "papercat-exports.json"
#: Bump to rewrite every file once (the digests' own format, not what a file is made from:
#: a change of a format's ``inputs`` rewrites that file by itself).
DIGEST_FORMAT = 1
#: What every file depends on: its language, its URLs, the site's name.
CONFIG = ("language", "html_baseurl", "html_title", "project", "author", "papercat_languages",
          "papercat_language_url", "papercat_labels_digest", "papercat_feed_size")
#: A file of the output root: no folder, nothing hidden.
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class Formats:
    """The formats of one build, in the downloads row's order."""

    def __init__(self, app: Sphinx, exports: tuple[Export, ...]) -> None:
        # Weak: _FORMATS holds this per app, and must not keep the app (its environment) alive.
        self._app = weakref.ref(app)
        self._exports = {export.name: export for export in exports}

    def add(self, export: Export) -> None:
        """Add a site's format (a ``papercat-exports`` handler calls this)."""
        problem = ("is not a plain file name" if not FILE_NAME.fullmatch(export.name)
                   else "is already a file of the catalogue" if export.name in self._exports
                   else None)
        if problem:
            logger.warning("papercat-exports: %r %s; not added", export.name, problem,
                           location=conf_location(self._app(), "def setup"),
                           type="papercat", subtype="export")
            return
        self._exports[export.name] = export

    def __iter__(self) -> Iterator[Export]:
        return iter(self._exports.values())

    def in_downloads_row(self) -> list[Export]:
        return [export for export in self if export.label is not None]


def built_in() -> list[ModuleType]:
    """Every module of this package that declares an ``EXPORT``, in the order of their
    ``position``: a new format is a new module (and its label's translation), no list."""
    package = sys.modules[__package__]
    modules = [importlib.import_module(f"{__package__}.{info.name}")
               for info in pkgutil.iter_modules(package.__path__)]
    return sorted((module for module in modules if hasattr(module, "EXPORT")),
                  key=lambda module: (module.EXPORT.position, module.EXPORT.name))

_FORMATS: weakref.WeakKeyDictionary[Sphinx, Formats] = weakref.WeakKeyDictionary()


def collect_formats(app: Sphinx, config: Config) -> None:
    """``config-inited``: the built-in formats, and those the site adds (its ``conf.py``
    connected its handler in its ``setup``)."""
    formats = Formats(app, tuple(module.EXPORT for module in built_in()))
    app.emit(EVENT, formats)
    _FORMATS[app] = formats
    # Derived, as a setting whose change rewrites every page: the pages with the downloads
    # row then show the formats a site added or removed.
    config.papercat_downloads_row = [(export.name, export.kind, export.label())
                                     for export in formats.in_downloads_row()]


def formats(app: Sphinx) -> Formats:
    return _FORMATS[app]


# -- writing ---------------------------------------------------------------------------------


def build_failed(app: Sphinx, exception: Exception | None) -> bool:
    if exception is not None:
        return True
    # Under -W --keep-going the build goes on to the end, then fails on its warnings;
    # where that can't be known, the build itself still fails, and publishes nothing.
    return bool(failed_on_warnings(app))


def digest(app: Sphinx, inputs: Any) -> str:
    config = [app.config[name] for name in CONFIG]
    return hashlib.sha256(repr((DIGEST_FORMAT, config, inputs)).encode()).hexdigest()


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if not writes_exports(app):
        return
    if build_failed(app, exception):
        logger.info("papercat: the build failed; catalogue files (papers.json, ...) not written")
        return
    domain: PaperDomain = app.env.domains["paper"]
    catalogue = Catalogue(app, domain, domain.all_papers())
    outdir = Path(app.outdir)
    state_file = Path(app.doctreedir) / STATE
    try:
        written = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    # A rebuild that changed nothing a file is made from leaves the file alone.
    for export in formats(app):
        key = digest(app, export.inputs(catalogue))
        if written.get(export.name) != key or not (outdir / export.name).is_file():
            (outdir / export.name).write_bytes(export.maker(catalogue))
            written[export.name] = key
    state_file.write_text(json.dumps(written, indent=1), encoding="utf-8")


def setup(app: Sphinx) -> None:
    for module in built_in():
        if hasattr(module, "setup"):
            module.setup(app)
    app.add_event(EVENT)
    app.add_config_value("papercat_downloads_row", [], "html", types=frozenset({list}))
    app.connect("config-inited", collect_formats)
    app.connect("build-finished", write_exports)
