"""``python -m papercat fetch``: download, verify and cache every record's PDF.

Each file goes to a temporary file beside its place in the cache, is verified,
compared with the lock and the record's title, and only then renamed into
place: an interrupted, failed or refused download never leaves a file the build
would publish, and never replaces a good cached copy.

Two kinds of failure are kept apart:

- ``DownloadFailed``: no usable file arrived (network error, HTTP error, a
  timeout, the step's deadline, an HTML page or other non-PDF, a truncated file).
  The page links the canonical URL; with ``--best-effort`` that is a notice.
- ``WrongFile``: a file arrived and it is the wrong one (its sha256 differs from
  the lock, its first-page title from the record's, its arXiv stamp names another
  paper, it is encrypted or has no pages). It is refused: never cached or hosted,
  and noted in ``<cache>/refused.json`` so that the page says the PDF could not be
  verified and links the arXiv abstract. Without ``--best-effort`` (``make pdfs``,
  CI) the step fails; with it (Read the Docs) a refusal, like a failed download,
  takes only its own paper's PDF off the site, never the whole site.

The whole step has one deadline (``--deadline``): every connection, read, retry
and wait is cut to what is left of it, so a slow server cannot hold a Read the
Docs build past its time limit.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from ..records.papers import is_url
from . import cache, lock, refusals, sources, verify
from .download import CHUNK, Clock, DownloadFailed, Retryable, download
from .lock import LockEntry

#: Read the Docs stops a build after 900 s; fetching in at most a third of it
#: leaves the rest for installing the project and building the site.
DEFAULT_DEADLINE = 300.0
#: Downloads at once from one host: a polite client does not open more.
PER_HOST = 2

#: Exit statuses of the command.
EXIT_OK = 0
EXIT_DOWNLOAD_FAILED = 1  # without --best-effort
EXIT_USAGE = 2  # bad lock, missing mirror folder, unknown id (and argparse's own errors)
EXIT_REFUSED = 3  # a wrong file arrived (without --best-effort)


class WrongFile(Exception):
    """A file arrived and it is not this record's PDF: refused, never cached or hosted."""

    def __init__(self, message: str, sha256: str = "") -> None:
        super().__init__(message)
        self.sha256 = sha256


class NotInMirror(Exception):
    """The mirror does not hold this id: skipped, not failed."""


@dataclasses.dataclass
class Options:
    project: Path
    cache: Path
    lock: Path
    mirror: str = ""
    offline: bool = False
    update: bool = False
    best_effort: bool = False  # a failed download or a refused file is a notice
    jobs: int = 4
    per_host: int = PER_HOST
    timeout: float = 30.0  # per connection and per read, within the deadline
    deadline: float = DEFAULT_DEADLINE  # the whole step: downloads, retries and waits
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time


#: Result statuses: the file is verified and cached (the site hosts it) ...
VERIFIED = ("fetched", "verified", "up to date")
#: ... or it is not: the page links the canonical URL.
SKIPPED, DOWNLOAD_FAILED, REFUSED = "skipped", "download failed", "refused"


@dataclasses.dataclass
class Result:
    id: str
    status: str  # one of VERIFIED, SKIPPED, DOWNLOAD_FAILED, REFUSED
    message: str = ""
    entry: LockEntry | None = None
    url: str = ""  # the canonical URL, which the page links when the file is not hosted
    sha256: str = ""  # of a refused file


# -- progress -----------------------------------------------------------------


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


class Progress:
    """Per-file progress on a terminal; one plain line per event elsewhere (CI, logs)."""

    def __init__(self, total: int, stream: IO[str], live: bool) -> None:
        self.total = total
        self.stream = stream
        self.live = live
        self.done = 0
        self.active: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()
        self.last_draw = 0.0

    def start(self, pdf_id: str, what: str) -> None:
        with self.lock:
            self.active[pdf_id] = (0, 0)
            if not self.live:
                self.stream.write(f"{pdf_id}: {what}\n")
                self.stream.flush()

    def advance(self, pdf_id: str, received: int, expected: int) -> None:
        with self.lock:
            self.active[pdf_id] = (received, expected)
            if self.live and time.monotonic() - self.last_draw > 0.1:
                self.draw()

    def finish(self, result: Result) -> None:
        with self.lock:
            self.done += 1
            self.active.pop(result.id, None)
            if self.live:
                self.stream.write("\r\x1b[K")
            line = f"[{self.done}/{self.total}] {result.id}: {result.status}"
            self.stream.write(line + (f" ({result.message})" if result.message else "") + "\n")
            if self.live and self.active:
                self.draw()
            self.stream.flush()

    def draw(self) -> None:
        self.last_draw = time.monotonic()
        parts = []
        for pdf_id, (received, expected) in sorted(self.active.items()):
            amount = human_size(received) + (f"/{human_size(expected)}" if expected else "")
            parts.append(f"{pdf_id} {amount}")
        status = f"[{self.done}/{self.total}] " + ", ".join(parts)
        width = shutil.get_terminal_size().columns - 1
        self.stream.write("\r\x1b[K" + status[:width])
        self.stream.flush()


# -- getting the bytes ----------------------------------------------------------


def copy_from_mirror_dir(folder: Path, pdf_id: str, out: IO[bytes], report) -> None:
    source = folder / f"{pdf_id}.pdf"
    if not source.is_file():
        raise NotInMirror(f"{source} does not exist")
    expected, copied = source.stat().st_size, 0
    with source.open("rb") as file:
        while block := file.read(CHUNK):
            out.write(block)
            copied += len(block)
            report(copied, expected)


# -- one PDF ------------------------------------------------------------------


class Fetcher:
    def __init__(self, options: Options, locked: dict[str, LockEntry], progress: Progress,
                 clock: Clock) -> None:
        self.options = options
        self.locked = locked
        self.progress = progress
        self.clock = clock
        self.hosts: dict[str, threading.BoundedSemaphore] = {}
        self.hosts_lock = threading.Lock()

    def run(self, source: sources.PdfSource) -> Result:
        self.progress.start(source.id, self.origin(source))
        try:
            result = self.fetch(source)
        except NotInMirror as reason:
            result = Result(source.id, SKIPPED, f"not in the mirror: {reason}")
        except DownloadFailed as error:
            result = Result(source.id, DOWNLOAD_FAILED, str(error))
        except WrongFile as error:
            result = Result(source.id, REFUSED, str(error), sha256=error.sha256)
        result.url = source.url
        self.progress.finish(result)
        return result

    def origin(self, source: sources.PdfSource) -> str:
        mirror = self.options.mirror
        if self.options.offline:
            return "checking the cache"
        if mirror and not is_url(mirror):
            return f"from the mirror {Path(mirror) / (source.id + '.pdf')}"
        return f"from {mirror_url(mirror, source.id) or source.url}"

    def fetch(self, source: sources.PdfSource) -> Result:
        target = cache.cached_pdf(self.options.cache, source.id)
        known = self.locked.get(source.id)
        if (target.is_file() and known and known.url == source.url
                and verify.sha256_of(target) == known.facts.sha256):
            check_title(known.facts, source)  # a lock written before titles were checked
            return Result(source.id, "up to date", entry=known)
        if self.options.offline:
            if not target.is_file():
                return Result(source.id, SKIPPED, "offline and not in the cache")
            return self.accept(source, target, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        # "~" is in no id: ".deepseek-v3.*" would also name deepseek-v3.2-exp's download,
        # which another thread may be writing.
        for stale in target.parent.glob(f".{source.id}~*.part"):  # from a killed run
            stale.unlink(missing_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{source.id}~",
                                             suffix=".part")
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                self.obtain(source, out)
            return self.accept(source, temp, target)
        finally:
            temp.unlink(missing_ok=True)

    def host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc.lower()
        with self.hosts_lock:
            if host not in self.hosts:
                self.hosts[host] = threading.BoundedSemaphore(max(1, self.options.per_host))
            return self.hosts[host]

    def obtain(self, source: sources.PdfSource, out: IO[bytes]) -> None:
        """Write the PDF's bytes to ``out``, from the mirror or with bounded retries."""
        mirror = self.options.mirror

        def report(received: int, expected: int) -> None:
            self.progress.advance(source.id, received, expected)

        if mirror and not is_url(mirror):
            copy_from_mirror_dir(Path(mirror), source.id, out, report)
            return
        url = mirror_url(mirror, source.id) or source.url
        slot = self.host_slot(url)
        waiting = f"while waiting to download from {urlsplit(url).netloc}"
        for attempt in range(self.options.retries + 1):
            out.seek(0)
            out.truncate()
            try:
                # At most options.per_host downloads from one host; none past the deadline.
                if not slot.acquire(timeout=self.clock.limit(self.options.deadline, waiting)):
                    raise self.clock.reached(waiting)
                try:
                    download(url, out, self.options.timeout, self.clock, report)
                finally:
                    slot.release()
                return
            except Retryable as error:
                if attempt == self.options.retries:
                    raise DownloadFailed(f"{error} (after {attempt + 1} attempts)") from None
                if error.retry_after is not None:  # the server says when: honour it
                    self.clock.wait(error.retry_after,
                                    f"after {error} (Retry-After: {error.retry_after:g} s)")
                else:
                    self.clock.wait(self.options.backoff * 2**attempt, f"after {error}")
            except DownloadFailed as error:
                if mirror and "HTTP 404" in str(error):
                    raise NotInMirror(str(error)) from None
                raise

    def accept(self, source: sources.PdfSource, candidate: Path, target: Path) -> Result:
        """Verify ``candidate``, compare it with the lock and the record, then cache it."""
        known = self.locked.get(source.id)
        sha256 = verify.sha256_of(candidate)
        if known and known.facts.sha256 == sha256:
            facts = known.facts  # verified when it entered the lock: no need to parse again
        else:
            try:
                facts = verify.inspect(candidate)
            except verify.NotAPdf as error:
                raise DownloadFailed(f"no usable PDF arrived: {error}") from None
            except verify.BadPdf as error:
                raise WrongFile(str(error), sha256) from None
            if known and not self.options.update:
                raise WrongFile(f"sha256 {sha256} differs from the lock ({known.facts.sha256}) "
                                "(if the new file is right, run with --update and review the "
                                "lock's diff)", sha256)
            # A file the lock has not vouched for yet: its arXiv stamp must be the record's.
            if problem := verify.stamp_mismatch(verify.arxiv_stamp(candidate), source.arxiv):
                raise WrongFile(problem, sha256)
        check_title(facts, source)
        if candidate != target:
            os.chmod(candidate, 0o644)  # mkstemp makes it private; the site publishes it
            os.replace(candidate, target)
        entry = LockEntry(url=source.url, facts=facts)
        status = "fetched" if candidate != target else "verified"
        return Result(source.id, status, f"{facts.pages} pages, {human_size(facts.size)}",
                      entry=entry)


def check_title(facts: verify.PdfFacts, source: sources.PdfSource) -> None:
    if problem := verify.title_mismatch(facts.title, source.title, source.pdf_title):
        raise WrongFile(problem, facts.sha256)


def mirror_url(mirror: str, pdf_id: str) -> str:
    return f"{mirror.rstrip('/')}/{pdf_id}.pdf" if mirror and is_url(mirror) else ""


# -- the command ----------------------------------------------------------------


def summary(results: list[Result], options: Options, clock: Clock) -> tuple[list[str], int]:
    """The summary's lines and the exit status."""
    by_status = {status: [r for r in results if r.status == status]
                 for status in (*VERIFIED, DOWNLOAD_FAILED, REFUSED, SKIPPED)}
    verified = [r for r in results if r.status in VERIFIED]
    detail = ", ".join(f"{len(by_status[s])} {s}" for s in VERIFIED if by_status[s])
    counts = [f"{len(verified)} verified" + (f" ({detail})" if detail else "")] if verified \
        else []
    counts += [f"{len(by_status[s])} {s}" for s in (DOWNLOAD_FAILED, REFUSED, SKIPPED)
               if by_status[s]]
    lines = [f"PDFs: {', '.join(counts) or 'nothing to do'}; "
             f"{clock.used():.1f} s of the {options.deadline:g} s deadline; lock: {options.lock}"]
    if verified:
        lines.append("verified: " + ", ".join(r.id for r in verified))
    for r in by_status[DOWNLOAD_FAILED]:
        lines.append(f"download failed: {r.id}: {r.message}; its page links {r.url}")
    for r in by_status[REFUSED]:
        lines.append(f"refused: {r.id}: {r.message}")
    for r in by_status[SKIPPED]:
        lines.append(f"skipped: {r.id}: {r.message}")
    failed, refused = len(by_status[DOWNLOAD_FAILED]), len(by_status[REFUSED])
    if refused and not options.best_effort:
        lines.append(f"error: {refused} wrong file(s) refused: not cached, not hosted; fix "
                     "the record or its URL (or name the PDF's own title with :pdf-title:)")
        return lines, EXIT_REFUSED
    if refused:
        lines.append(f"notice: {refused} wrong file(s) refused: not cached, not hosted; "
                     "--best-effort: their pages say the PDF could not be verified and link "
                     "the arXiv abstract")
    if failed and options.best_effort:
        lines.append(f"notice: {failed} download(s) failed; --best-effort: their pages link "
                     "the canonical URLs")
        return lines, EXIT_OK
    if failed:
        lines.append(f"error: {failed} download(s) failed (--best-effort builds without them)")
        return lines, EXIT_DOWNLOAD_FAILED
    return lines, EXIT_OK


def fetch_all(options: Options, only: list[str], stream: IO[str], live: bool) -> int:
    """Fetch every record's PDF (or ``only`` these ids); return the exit status."""
    clock = Clock(options.deadline)
    try:
        locked = lock.read_lock(options.lock)
    except lock.LockError as error:
        stream.write(f"error: {error}\n")
        return EXIT_USAGE
    if options.mirror and not is_url(options.mirror) \
            and not Path(options.mirror).is_dir():
        stream.write(f"error: the mirror folder {options.mirror} does not exist\n")
        return EXIT_USAGE
    wanted = sources.scan_project(options.project)
    unknown = sorted(set(only) - {s.id for s in wanted})
    if unknown:
        stream.write(f"error: no record with a PDF has the id {', '.join(unknown)}\n")
        return EXIT_USAGE
    if only:
        wanted = [s for s in wanted if s.id in only]
    progress = Progress(len(wanted), stream, live)
    fetcher = Fetcher(options, locked, progress, clock)
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = list(pool.map(fetcher.run, wanted))

    entries = dict(locked)
    if not only:  # forget records that no longer exist or no longer have a PDF
        entries = {i: e for i, e in entries.items() if i in {s.id for s in wanted}}
    entries.update({r.id: r.entry for r in results if r.entry is not None})
    if entries != locked:
        lock.write_lock(options.lock, entries)
    refusals.update_refusals(
        options.cache,
        {r.id: refusals.Refusal(url=r.url, sha256=r.sha256, reason=r.message)
         for r in results if r.status == REFUSED},
        {r.id for r in results if r.status in VERIFIED})

    lines, status = summary(results, options, clock)
    stream.write("\n".join(lines) + "\n")
    return status


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    options = Options(
        project=project, cache=cache.resolve(project, args.cache),
        lock=cache.resolve(project, args.lock),
        mirror=args.mirror or os.environ.get("PAPERCAT_PDF_MIRROR", ""),  # make rtd-rehearsal
        offline=args.offline, update=args.update, best_effort=args.best_effort,
        jobs=args.jobs, timeout=args.timeout, deadline=args.deadline, retries=args.retries,
    )
    live = sys.stdout.isatty() and not os.environ.get("CI")
    return fetch_all(options, args.only or [], sys.stdout, live)


def positive_seconds(value: str) -> float:
    seconds = float(value)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds")
    return seconds


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a count (0 or more)")
    return number


def add_command(commands) -> None:
    command = commands.add_parser(
        "fetch", help="download, verify and cache every record's PDF; update the lock",
        description="Download, verify and cache every record's PDF; update the lock. "
        f"Exit status: {EXIT_OK} when every PDF is verified (or, with --best-effort, "
        f"when only downloads failed), {EXIT_DOWNLOAD_FAILED} when a download failed, "
        f"{EXIT_REFUSED} when a wrong file was refused (without --best-effort), "
        f"{EXIT_USAGE} for a usage error.")
    command.add_argument("--only", nargs="+", metavar="ID", help="only these record ids")
    command.add_argument("--offline", action="store_true",
                         help="download nothing: check the cache against the lock")
    command.add_argument("--mirror", metavar="DIR_OR_URL",
                         help="take <id>.pdf from this folder or URL instead of the record's URL")
    command.add_argument("--update", action="store_true",
                         help="accept files whose sha256 differs from the lock")
    command.add_argument("--best-effort", action="store_true",
                         help="a failed download (network, HTTP error, timeout, deadline, "
                         "an HTML page, a truncated file) is a notice, not a failure: its page "
                         "links the canonical URL. So is a refused (wrong) file: it is not "
                         "cached, and its page links the arXiv abstract.")
    command.add_argument("--deadline", type=positive_seconds, default=DEFAULT_DEADLINE,
                         metavar="SECONDS",
                         help="time for the whole step: every download, retry and wait ends "
                         "by then, and what has not finished is a failed download "
                         f"(default {DEFAULT_DEADLINE:g}: Read the Docs stops a build after "
                         "900 s, which leaves 600 s to install the project and build it)")
    command.add_argument("--jobs", type=count, default=4,
                         help=f"downloads at once (default 4; at most {PER_HOST} from one host)")
    command.add_argument("--timeout", type=positive_seconds, default=30.0, metavar="SECONDS",
                         help="wait at most this long for a connection or for data, within "
                         "the deadline (default 30)")
    command.add_argument("--retries", type=count, default=3,
                         help="further attempts after a timeout or server error, within the "
                         "deadline (default 3)")
    cache.add_location_arguments(command)
    command.set_defaults(run=run)
