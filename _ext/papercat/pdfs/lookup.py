"""One record's PDF, looked up once (by the PDF domain, when its page is read).

A record's PDF facts come from the committed lock, never from parsing the PDF; the
cached file is used only when its sha256 is the lock's and the lock's first-page title
is the record's (or its ``:pdf-title:``): a wrong file is an error of its page and is
never hosted. A file ``fetch`` refused (``<cache>/refused.json``) is not hosted either;
its page says so and links the arXiv abstract, never the refused URL (an info, so that
``-W`` on Read the Docs does not take the whole site down for one paper).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..records.papers import WARNING_TYPE, Paper
from . import cache, lock, refusals, thumbnails, verify

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class PaperPdf:
    """What the site knows of one record's PDF."""

    id: str
    url: str  # canonical
    download_name: str  # e.g. DeepSeek-R1.pdf
    entry: lock.LockEntry | None  # the lock's facts, if any
    cached: Path | None = None  # the verified cached file: the site hosts it
    thumbnails: bool = False  # rendered thumbnails exist for the cached file
    refused: str = ""  # why fetch refused the file it got: url is then the arXiv abstract

    @property
    def hosted(self) -> bool:
        return self.cached is not None


def download_name(paper: Paper) -> str:
    """A readable file name: ``DeepSeek-R1.pdf`` from the short title, else the id."""
    name = "-".join((paper.short_title or paper.id).split())
    name = "".join(c for c in name if c.isascii() and (c.isalnum() or c in "._-"))
    return f"{name or paper.id}.pdf"


# -- reading the lock and the cache (cheap: no PDF is parsed) ------------------------

_locks: dict[Path, tuple[tuple[int, int], dict[str, lock.LockEntry]]] = {}
_hashes: dict[tuple[Path, int, int], str] = {}
_refusals: dict[Path, tuple[tuple[int, int] | None, dict[str, refusals.Refusal]]] = {}


def locked_entries(path: Path) -> dict[str, lock.LockEntry]:
    """The lock's entries, parsed once per process while the file is unchanged."""
    if not path.is_file():
        return {}
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path not in _locks or _locks[path][0] != stamp:
        _locks[path] = (stamp, lock.read_lock(path))
    return _locks[path][1]


def refused_files(cache_dir: Path) -> dict[str, refusals.Refusal]:
    """What fetch refused (``<cache>/refused.json``), read once per process while unchanged."""
    path = refusals.refusals_path(cache_dir)
    try:
        stat = path.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    if cache_dir not in _refusals or _refusals[cache_dir][0] != stamp:
        _refusals[cache_dir] = (stamp, refusals.read_refusals(cache_dir) if stamp else {})
    return _refusals[cache_dir][1]


def refusal_mark(refusal: refusals.Refusal | None) -> str:
    """What the domain remembers of a refusal: the refused file's sha256; "" for none."""
    return (refusal["sha256"] or "refused") if refusal else ""


def file_sha256(path: Path) -> str:
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _hashes:
        _hashes[key] = verify.sha256_of(path)
    return _hashes[key]


def project_paths(env: BuildEnvironment) -> tuple[Path, Path]:
    """(cache folder, lock file), relative to the project unless absolute."""
    return resolved_paths(str(env.srcdir), env.config.papercat_pdf_cache,
                          env.config.papercat_pdf_lock)


@functools.cache  # asked on every page: resolving a path reads the file system
def resolved_paths(srcdir: str, cache_dir: str, lock_file: str) -> tuple[Path, Path]:
    project = Path(srcdir)
    return cache.resolve(project, cache_dir), cache.resolve(project, lock_file)


def mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class Lookup:
    """Finds a record's PDF facts while its page is read, with messages located at its
    ``{paper}`` directive, and the page's dependencies on the lock and the cached file."""

    def __init__(self, env: BuildEnvironment, paper: Paper) -> None:
        self.env = env
        self.paper = paper
        self.location = (paper.docname, paper.lineno)

    def warn(self, subtype: str, message: str, *args: Any) -> None:
        logger.warning(message, *args, location=self.location, type=WARNING_TYPE,
                       subtype=subtype)

    def run(self) -> PaperPdf:
        paper = self.paper
        cache_dir, lock_path = project_paths(self.env)
        if lock_path.is_file():
            self.env.note_dependency(str(lock_path))
        try:
            entry = locked_entries(lock_path).get(paper.id)
        except lock.LockError as error:
            self.warn("pdf-lock", "%s", error)
            entry = None
        if entry is not None and entry.url != paper.pdf:
            self.warn("pdf-lock", "the lock's PDF of %r came from %s, not from the record's %s; "
                      "not used: run `python -m papercat fetch --update --only %s`",
                      paper.id, entry.url, paper.pdf, paper.id)
            entry = None
        if entry is not None and (problem := verify.title_mismatch(
                entry.facts.title, paper.title, paper.pdf_title)):
            # The lock vouches for another paper's PDF: show none of its facts, host nothing.
            self.refuse("pdf-title-mismatch", "%s; not published: fix the record, or the lock "
                        "with `python -m papercat fetch --update --only %s`", problem, paper.id)
            return PaperPdf(id=paper.id, url=paper.pdf, download_name=download_name(paper),
                            entry=None)
        result = PaperPdf(id=paper.id, url=paper.pdf, download_name=download_name(paper),
                          entry=entry)
        if entry is not None:
            cached = cache.cached_pdf(cache_dir, paper.id)
            if cached.is_file():
                self.env.note_dependency(str(cached))
                if file_sha256(cached) == entry.facts.sha256:
                    return dataclasses.replace(result, cached=cached,
                                               thumbnails=self.thumbnails(cached, entry))
                self.refuse("pdf-mismatch", "the cached PDF %s differs from the lock (sha256); "
                            "not published: run `make pdfs`", cached)
                return result
        if refusal := refused_files(cache_dir).get(paper.id):
            return self.refused(result, refusal)
        self.not_cached(cache_dir)
        return result

    def refuse(self, subtype: str, message: str, *args: Any) -> None:
        """A wrong PDF is never hosted, and is an error of the page that would host it."""
        logger.error(message, *args, location=self.location, type=WARNING_TYPE,
                     subtype=subtype)

    def refused(self, result: PaperPdf, refusal: refusals.Refusal) -> PaperPdf:
        """fetch refused the file it got: show none of the lock's facts, never link that
        URL, link the arXiv abstract instead.

        An info, not a warning: under ``--best-effort`` (Read the Docs) a refused file
        must not take the whole site down, and ``-W`` would turn a warning into an
        error. The page's note is the reader's signal; ``fetch`` named it in its summary.
        """
        abstract = self.paper.arxiv_url
        logger.info("PDF of %r refused by fetch (%s): not hosted; its page links %s",
                    self.paper.id, refusal["reason"], abstract or "no PDF",
                    location=self.location)
        return dataclasses.replace(result, url=abstract, entry=None,
                                   refused=refusal["reason"] or "refused")

    def not_cached(self, cache_dir: Path) -> None:
        message = ("PDF of %r not cached in %s: linking its canonical URL "
                   "(run `make pdfs` to host it)")
        args = (self.paper.id, cache_dir)
        if self.env.config.papercat_require_pdfs:
            logger.error(message, *args, location=self.location, type=WARNING_TYPE,
                         subtype="pdf-not-cached")
        else:
            logger.info(message, *args, location=self.location)

    def thumbnails(self, cached: Path, entry: lock.LockEntry) -> bool:
        if not thumbnails.available():
            return False  # said once, at builder-inited
        targets = cache.thumbnail_paths(cached.parent, entry.facts.sha256)
        problem = thumbnails.make_thumbnails(cached, targets)
        if problem:
            self.warn("pdf-thumbnail", "no thumbnail for %s: %s", cached.name, problem)
            return False
        return True

