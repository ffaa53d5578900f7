"""Reaches into Sphinx's internals (verified on Sphinx 9.0.4)."""

from __future__ import annotations

import logging
import posixpath
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes

from .versions import Patch

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def is_on(name: str) -> bool:
    """Whether the patch of this module named ``name`` trusts the installed Sphinx."""
    return next(patch for patch in PATCHES if patch.name == name).is_on()


#: At most this many pages to read and to write: a serial build is faster.
SMALL_UPDATE = 5


def serial_small_updates(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read and write serially when few pages changed (the output is the same).

    Since Sphinx 8.1 (sphinx-doc/sphinx#12796) ``-j`` forks workers even to read
    one document, and each sends the whole environment back: an edit costs more
    in parallel than serially. ``app.parallel`` is Sphinx's own, read as the build goes.
    """
    if app.parallel <= 1 or len(docnames) > SMALL_UPDATE:
        return
    outdated = app.builder.get_outdated_docs()
    if isinstance(outdated, str):  # "all documents": builders that write one file
        return
    if len(set(outdated) | set(docnames)) <= SMALL_UPDATE:
        app.parallel = 1


def keep_compiled_templates(app: Sphinx) -> None:
    """Keep the theme's compiled templates between builds, next to the doctrees.

    Sphinx compiles furo's templates again in every build: about 50 ms, a twentieth
    of a one-page rebuild at 1000 papers. Jinja checks each template's source before
    it reuses its code, and the Python version. ``builder.templates.environment`` is
    the Jinja environment of Sphinx's template loader.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    from jinja2 import FileSystemBytecodeCache  # noqa: PLC0415 (HTML builders only)

    folder = Path(app.doctreedir) / "papercat-templates"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def download_path(env: BuildEnvironment, path: str) -> str:
    """The name under ``_downloads/`` of the page's copy of ``path``; "" when unknown.

    Registered as Sphinx registers a download link to the same file (so both give the
    same name), in ``env.dlfiles``, whose keys and names have changed between versions.
    """
    if not is_on("sphinx-download-name"):
        return ""
    return Path(env.dlfiles.add_file(env.docname, path)).as_posix()


#: Where a warning's page can't be known: the next build reads every page again.
EVERY_PAGE = "*"


def warned_page(env: BuildEnvironment, record: logging.LogRecord) -> str | None:
    """The docname a warning is located in, if it names a page of the project;
    ``EVERY_PAGE`` when the installed Sphinx's records can't be read."""
    if not is_on("sphinx-warning-location"):
        return EVERY_PAGE
    # Sphinx's logger adapter stores the warning's ``location`` on the record as
    # given ((docname, line), a docname or a node); its warning handler rewrites it
    # to "path:line", and -j workers send nodes as "path:line" too. The handler may
    # see a record before or after that rewrite.
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


def is_suppressed(config: Config, record: logging.LogRecord) -> bool:
    """Whether ``suppress_warnings`` filters this warning out (False when unknown: the
    page is then read again, which costs time and hides nothing)."""
    if not is_on("sphinx-warning-location"):
        return False
    from sphinx.util.logging import is_suppressed_warning  # noqa: PLC0415

    return is_suppressed_warning(getattr(record, "type", ""), getattr(record, "subtype", ""),
                                 config.suppress_warnings)


def warnings_logger() -> logging.Logger:
    """The logger every warning of a build passes through, the ``-j`` workers' too.

    Sphinx's loggers live under one namespace (``sphinx.util.logging.NAMESPACE``); a ``-j``
    worker collects its records in place of every handler and sends them to the main
    process, which replays them through a logger of that namespace. Off: the namespace
    ``sphinx.util.logging.getLogger`` documents.
    """
    if not is_on("sphinx-warning-location"):
        return logging.getLogger("sphinx")
    from sphinx.util.logging import NAMESPACE  # noqa: PLC0415

    return logging.getLogger(NAMESPACE)


def page_of_path(env: BuildEnvironment, location: str | None) -> str | None:
    """The docname of "path", "path:line" or "path:<translated>:line"."""
    while location:
        if (docname := env.path2doc(location)) in env.found_docs:
            return docname
        if ":" not in location:
            return None
        location = location.rsplit(":", 1)[0]
    return None


def failed_on_warnings(app: Sphinx) -> bool | None:
    """Whether ``-W --keep-going`` will fail this build on its warnings; None: unknown.

    Under ``--keep-going`` the build goes on to the end and fails only then, from
    Sphinx's private warning count.
    """
    if not is_on("sphinx-warning-count"):
        return None
    return bool(getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0))


def set_exit_status_one(app: Sphinx) -> None:
    """End the build with exit status 1, its pages still written.

    Sphinx's command line returns ``app.statuscode``, which a handler may set before the
    build ends (Sphinx sets it itself only from the warnings under ``-W``). Off: the
    errors the pages log fail the build under ``-W`` only.
    """
    if is_on("sphinx-exit-status"):
        app.statuscode = 1


def page_being_written(translator: Any) -> str:
    """The docname of the page a translator writes.

    Sphinx passes a visitor no docname: its HTML builders keep the page they write as
    ``builder.current_docname``, which Sphinx's own translators read. Off: the page whose
    source the document was read from (the root document for a rendered fragment).
    """
    builder = translator.builder
    if is_on("sphinx-page-being-written"):
        return builder.current_docname
    return builder.env.path2doc(translator.document.get("source", "")) or \
        builder.config.root_doc


#: Sphinx's transform priorities: ``sphinx.transforms.i18n.Locale`` puts the translated
#: messages in, ``sphinx.transforms.DoctreeReadEvent`` emits ``doctree-read``
#: (``tests/test_compat.py`` checks them against the installed Sphinx).
TRANSLATION_PRIORITY = 20
DOCTREE_READ_PRIORITY = 880


# -- the sidebar: the whole tree, rendered once per kind of page -----------------------------

#: Per builder: the documents of the visible navigation, and its HTML per kind of page.
_NAVIGATION: weakref.WeakKeyDictionary[Builder, tuple[set[str], dict]] = \
    weakref.WeakKeyDictionary()


def rendered_once_per_kind(app: Sphinx, pagename: str,
                           toctree: Callable[..., str]) -> Callable[..., str]:
    """``toctree`` (a page's template function), the whole tree rendered once per kind of page.

    furo asks for the whole tree (``collapse=False``) on every page. Sphinx renders it
    the same on every page but for its links' folder and the page's own entry
    ("current"). Only Sphinx's own function: another extension's (sphinx-notfound-page's,
    absolute links on its 404 page) is left alone, or its tree would be reused on other
    pages. Off: rendered on every page (the same HTML, slower at scale).
    """
    if not is_on("sphinx-toctree-per-kind") or \
            getattr(toctree, "__module__", "").partition(".")[0] != "sphinx":
        return toctree
    if app.builder not in _NAVIGATION:
        _NAVIGATION[app.builder] = (navigation_docs(app.env), {})
    shown, rendered = _NAVIGATION[app.builder]
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    kind = (folder, pagename if pagename in shown else None)

    def once_per_kind(**kwargs: Any) -> str:
        if kwargs.get("collapse", True):  # a collapsed tree depends on the page's ancestors
            return toctree(**kwargs)
        key = (kind, tuple(sorted(kwargs.items())))
        if key not in rendered:
            rendered[key] = toctree(**kwargs)
        return rendered[key]

    return once_per_kind


def navigation_docs(env: BuildEnvironment) -> set[str]:
    """The documents reached from the root through toctrees that are not hidden
    (``env.tocs``: each page's table of contents, with its toctrees)."""
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


# -- the events table: the handlers Sphinx calls, in its order ---------------------------------


def handlers_in_calling_order(app: Sphinx) -> dict[str, list[tuple[Callable, int]]]:
    """Per event, (handler, priority) of what is connected, in the order Sphinx calls them.

    ``app.events.listeners``; Sphinx calls an event's handlers by priority, then in the
    order they were connected (a stable sort in ``EventManager.emit``). Off: an error
    (only ``python -m papercat events`` asks; no build does).
    """
    if not is_on("sphinx-event-listeners"):
        raise RuntimeError("the installed Sphinx's event listeners are not known to papercat "
                           "(patch 'sphinx-event-listeners' is off)")
    return {event: [(listener.handler, listener.priority)
                    for listener in sorted(listeners, key=lambda entry: entry.priority)]
            for event, listeners in app.events.listeners.items()}


# -- Chinese search: Sphinx 9.0.0 to 9.1.0 (#14229, fixed in 9.1.1 by #14416) ------------------

_STEMMER_ASSIGNMENT = re.compile(r"window\.Stemmer = (\w+);")


def stemmer_class_name(rawcode: str) -> str:
    """``english-stemmer.js`` defines ``EnglishStemmer``."""
    return "".join(part.capitalize() for part in rawcode.removesuffix(".js").split("-"))


def stock_stemmer_code(language: type) -> str:
    """The stemmer code the installed Sphinx writes into language_data.js."""
    from sphinx.search import IndexBuilder  # noqa: PLC0415

    probe = object.__new__(IndexBuilder)
    probe.lang = object.__new__(language)  # no __init__: jieba's dictionary is not loaded
    return probe.get_js_stemmer_code()


def assigns_undefined_stemmer(code: str) -> bool:
    match = _STEMMER_ASSIGNMENT.search(code)
    if match is None:
        return False
    name = match.group(1)
    defined = re.search(rf"\b{name}\s*=(?!=)|\b(?:class|function)\s+{name}\b",
                        code[: match.start()] + code[match.end():])
    return defined is None


def stock_stemmer_is_broken(language: type) -> bool:
    try:
        return assigns_undefined_stemmer(stock_stemmer_code(language))
    except (AttributeError, ImportError, OSError, TypeError):
        return False  # Sphinx's internals moved on: trust its own code (fixed since 9.1.1)


def with_defined_stemmer(language: type) -> type:
    """``language`` (a Chinese search language), with stemmer code that defines the
    class it assigns, where the installed Sphinx writes code that does not."""
    if not is_on("sphinx-chinese-stemmer") or not stock_stemmer_is_broken(language):
        return language

    class WithDefinedStemmer(language):
        js_stemmer_rawcode = ""  # no debug copies of the stemmer: the code is inline

        @property
        def js_stemmer_code(self) -> str:  # type: ignore[override]
            from sphinx.search import _MINIFIED_JS_PATH  # noqa: PLC0415

            rawcode = language.js_stemmer_rawcode
            return "\n".join((
                (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
                (_MINIFIED_JS_PATH / rawcode).read_text(encoding="utf-8"),
                f"window.Stemmer = {stemmer_class_name(rawcode)};",
            ))

    return WithDefinedStemmer


PATCHES = [
    Patch("sphinx-serial-small-updates", "sphinx", ("9.0.4",), "9.1",
          "small rebuilds with -j fork workers (slower)",
          lambda app: app.connect("env-before-read-docs", serial_small_updates)),
    Patch("sphinx-compiled-templates", "sphinx", ("9.0.4",), "9.1",
          "templates are compiled in every build (slower)",
          lambda app: app.connect("builder-inited", keep_compiled_templates)),
    Patch("sphinx-warning-count", "sphinx", ("9.0.4",), "9.1",
          "the catalogue's files are written after a build that fails on its warnings too"),
    Patch("sphinx-download-name", "sphinx", ("9.0.4",), "9.1",
          "papers.json, the feed and citation_pdf_url leave out the URL of a PDF kept in "
          "the project (its page still offers the download)"),
    Patch("sphinx-warning-location", "sphinx", ("9.0.4",), "9.1",
          "a page that warned can't be told apart: after any warning the next build "
          "reads every page again (slower)"),
    Patch("sphinx-exit-status", "sphinx", ("9.0.4",), "9.1",
          "papercat_require_pdfs fails a build on the pages' errors under -W only"),
    Patch("sphinx-page-being-written", "sphinx", ("9.0.4",), "9.1",
          "a hosted PDF's links are made relative to the page whose source was read"),
    Patch("sphinx-toctree-per-kind", "sphinx", ("9.0.4",), "9.1",
          "the sidebar's tree is rendered on every page (slower at scale)"),
    Patch("sphinx-event-listeners", "sphinx", ("9.0.4",), "9.1",
          "`python -m papercat events` can't list the handlers (no build uses it)"),
    Patch("sphinx-chinese-stemmer", "sphinx", ("9.0.4",), "9.1.1",
          "Sphinx's own stemmer code for Chinese search (correct from Sphinx 9.1.1 on)"),
]
