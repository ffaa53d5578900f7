"""``python -m papercat fetch``: download, verify and cache every record's PDF.

Each file goes to a temporary file beside its place in the cache, is verified,
compared with the lock, and only then renamed into place: an interrupted or
failed download never leaves a file the build would publish.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from . import cache, lock, sources, verify
from ..records import is_url
from .lock import LockEntry

CHUNK = 64 * 1024
USER_AGENT = "papercat-fetch/1"
#: HTTP statuses worth another try: the server may answer next time.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class Failed(Exception):
    """This PDF could not be fetched or used; the message says why."""


class Retryable(Failed):
    """A failure that another attempt may not repeat (timeout, reset, 5xx)."""


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
    jobs: int = 4
    timeout: float = 30.0  # per connect and per read
    deadline: float = 600.0  # per attempt, against a server that trickles forever
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time


@dataclasses.dataclass
class Result:
    id: str
    status: str  # "fetched", "up to date", "skipped" or "failed"
    message: str = ""
    entry: LockEntry | None = None
    warning: str = ""


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
            if result.warning:
                self.stream.write(f"warning: {result.id}: {result.warning}\n")
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


def download(url: str, out: IO[bytes], options: Options, report) -> None:
    """One attempt: stream ``url`` into ``out``; raise ``Retryable`` or ``Failed``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=options.timeout) as response:
            expected = int(response.headers.get("Content-Length") or 0)
            received = 0
            while block := response.read(CHUNK):
                out.write(block)
                received += len(block)
                report(received, expected)
                if time.monotonic() - started > options.deadline:
                    raise Retryable(f"download took longer than {options.deadline:.0f} s")
    except urllib.error.HTTPError as error:
        message = f"HTTP {error.code} {error.reason} from {url}"
        raise (Retryable if error.code in RETRY_STATUSES else Failed)(message) from None
    except (TimeoutError, socket.timeout):
        raise Retryable(f"no answer from {url} within {options.timeout:g} s") from None
    except http.client.IncompleteRead as error:
        raise Retryable(f"the connection closed after {len(error.partial)} bytes"
                        " (truncated download)") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise Retryable(f"cannot download {url}: {reason}") from None
    if expected and received != expected:
        raise Retryable(f"got {received} of {expected} bytes (truncated download)")


# -- one PDF ------------------------------------------------------------------


class Fetcher:
    def __init__(self, options: Options, locked: dict[str, LockEntry], progress: Progress):
        self.options = options
        self.locked = locked
        self.progress = progress

    def run(self, source: sources.PdfSource) -> Result:
        self.progress.start(source.id, self.origin(source))
        try:
            result = self.fetch(source)
        except NotInMirror as reason:
            result = Result(source.id, "skipped", f"not in the mirror: {reason}")
        except Failed as error:
            result = Result(source.id, "failed", str(error))
        if result.entry is not None:
            result.warning = title_warning(result.entry.facts.title, source.title)
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
            return Result(source.id, "up to date", entry=known)
        if self.options.offline:
            if not target.is_file():
                return Result(source.id, "skipped", "offline and not in the cache")
            return self.accept(source, target, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(f".{source.id}.*.part"):  # from a killed run
            stale.unlink(missing_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{source.id}.",
                                             suffix=".part")
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                self.obtain(source, out)
            return self.accept(source, temp, target)
        finally:
            temp.unlink(missing_ok=True)

    def obtain(self, source: sources.PdfSource, out: IO[bytes]) -> None:
        """Write the PDF's bytes to ``out``, from the mirror or with bounded retries."""
        mirror = self.options.mirror

        def report(received: int, expected: int) -> None:
            self.progress.advance(source.id, received, expected)

        if mirror and not is_url(mirror):
            copy_from_mirror_dir(Path(mirror), source.id, out, report)
            return
        url = mirror_url(mirror, source.id) or source.url
        for attempt in range(self.options.retries + 1):
            out.seek(0)
            out.truncate()
            try:
                download(url, out, self.options, report)
                return
            except Retryable as error:
                if attempt == self.options.retries:
                    raise Failed(f"{error} (after {attempt + 1} attempts)") from None
                time.sleep(self.options.backoff * 2**attempt)
            except Failed as error:
                if mirror and "HTTP 404" in str(error):
                    raise NotInMirror(str(error)) from None
                raise

    def accept(self, source: sources.PdfSource, candidate: Path, target: Path) -> Result:
        """Verify ``candidate``, compare it with the lock, then move it into place."""
        known = self.locked.get(source.id)
        sha256 = verify.sha256_of(candidate)
        if known and known.facts.sha256 == sha256:
            facts = known.facts  # verified when it entered the lock: no need to parse again
        else:
            try:
                facts = verify.inspect(candidate)
            except verify.BadPdf as error:
                raise Failed(f"rejected: {error}") from None
        if known and known.facts.sha256 != sha256 and not self.options.update:
            raise Failed(f"sha256 {sha256} differs from the lock ({known.facts.sha256}); "
                         "not used (run with --update to accept the new file)")
        if candidate != target:
            os.chmod(candidate, 0o644)  # mkstemp makes it private; the site publishes it
            os.replace(candidate, target)
        entry = LockEntry(url=source.url, facts=facts)
        status = "fetched" if candidate != target else "verified"
        return Result(source.id, status, f"{facts.pages} pages, {human_size(facts.size)}",
                      entry=entry)


def mirror_url(mirror: str, pdf_id: str) -> str:
    return f"{mirror.rstrip('/')}/{pdf_id}.pdf" if mirror and is_url(mirror) else ""


def title_warning(pdf_title: str, record_title: str) -> str:
    if not pdf_title or verify.same_title(pdf_title, record_title):
        return ""
    return (f"the PDF's first-page title {pdf_title!r} differs from the record's title "
            f"{record_title!r}")


# -- the command ----------------------------------------------------------------


def fetch_all(options: Options, only: list[str], stream: IO[str], live: bool) -> int:
    """Fetch every record's PDF (or ``only`` these ids); return the exit status."""
    try:
        locked = lock.read_lock(options.lock)
    except lock.LockError as error:
        stream.write(f"error: {error}\n")
        return 2
    if options.mirror and not is_url(options.mirror) \
            and not Path(options.mirror).is_dir():
        stream.write(f"error: the mirror folder {options.mirror} does not exist\n")
        return 2
    wanted = sources.scan_project(options.project)
    unknown = sorted(set(only) - {s.id for s in wanted})
    if unknown:
        stream.write(f"error: no record with a PDF has the id {', '.join(unknown)}\n")
        return 2
    if only:
        wanted = [s for s in wanted if s.id in only]
    progress = Progress(len(wanted), stream, live)
    fetcher = Fetcher(options, locked, progress)
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = list(pool.map(fetcher.run, wanted))

    entries = dict(locked)
    if not only:  # forget records that no longer exist or no longer have a PDF
        entries = {i: e for i, e in entries.items() if i in {s.id for s in wanted}}
    entries.update({r.id: r.entry for r in results if r.entry is not None})
    if entries != locked:
        lock.write_lock(options.lock, entries)

    counts = {status: sum(r.status == status for r in results)
              for status in ("fetched", "verified", "up to date", "skipped", "failed")}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    stream.write(f"PDFs: {summary or 'nothing to do'}; lock: {options.lock}\n")
    for result in results:
        if result.status == "failed":
            stream.write(f"failed: {result.id}: {result.message}\n")
    return 1 if counts["failed"] else 0


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    options = Options(
        project=project, cache=cache.resolve(project, args.cache),
        lock=cache.resolve(project, args.lock),
        mirror=args.mirror or os.environ.get("PAPERCAT_PDF_MIRROR", ""),  # make rtd-rehearsal
        offline=args.offline, update=args.update, jobs=args.jobs, timeout=args.timeout,
        retries=args.retries,
    )
    live = sys.stdout.isatty() and not os.environ.get("CI")
    return fetch_all(options, args.only or [], sys.stdout, live)


def add_command(commands) -> None:
    command = commands.add_parser(
        "fetch", help="download, verify and cache every record's PDF; update the lock")
    command.add_argument("--only", nargs="+", metavar="ID", help="only these record ids")
    command.add_argument("--offline", action="store_true",
                         help="download nothing: check the cache against the lock")
    command.add_argument("--mirror", metavar="DIR_OR_URL",
                         help="take <id>.pdf from this folder or URL instead of the record's URL")
    command.add_argument("--update", action="store_true",
                         help="accept files whose sha256 differs from the lock")
    command.add_argument("--jobs", type=int, default=4, help="downloads at once (default 4)")
    command.add_argument("--timeout", type=float, default=30.0,
                         help="seconds to wait for a connection or data (default 30)")
    command.add_argument("--retries", type=int, default=3,
                         help="further attempts after a timeout or server error (default 3)")
    command.add_argument("--project", type=Path, default=Path(),
                         help="the project folder (default: here)")
    command.add_argument("--cache", default=cache.default_cache(),
                         help=f"cache folder (default ${cache.CACHE_ENV} or {cache.DEFAULT_CACHE})")
    command.add_argument("--lock", default=lock.LOCK_FILE,
                         help=f"lock file (default {lock.LOCK_FILE})")
    command.set_defaults(run=run)
