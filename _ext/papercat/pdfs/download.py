"""One download over HTTP(S): polite, and never past the deadline of the whole step.

The client names the project in its User-Agent and honours ``Retry-After``;
``fetch`` keeps it to two downloads at once per host. Every blocking step
(connecting, waiting for the answer, each read from the socket) waits at most
the per-read timeout and never past the step's ``Clock``: the connection hands
its socket to a ``Watch``, which sets the socket's timeout before each read.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import http.client
import importlib.metadata
import socket
import ssl
import time
import urllib.error
import urllib.request
from typing import IO

CHUNK = 64 * 1024
#: HTTP statuses worth another try: the server may answer next time.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


def user_agent() -> str:
    """Names the project, and its home page when the package metadata has one."""
    name = "deepseek-papers"
    try:
        metadata = importlib.metadata.metadata(name)
        version = metadata["Version"] or "0"
        urls = [u.split(",", 1)[-1].strip() for u in metadata.get_all("Project-URL") or []]
    except importlib.metadata.PackageNotFoundError:
        version, urls = "0", []
    contact = f"+{urls[0]}" if urls else "DeepSeek Papers; python -m papercat fetch"
    return f"{name}-fetch/{version} ({contact})"


USER_AGENT = user_agent()


class DownloadFailed(Exception):
    """No usable file arrived; the message says why. The page links the canonical URL."""


class Retryable(DownloadFailed):
    """A failure that another attempt may not repeat (timeout, reset, 429, 5xx)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds the server asked us to wait


class DeadlineReached(DownloadFailed):
    """The step's deadline came (or would come) before this download finished."""


class Clock:
    """The deadline of the whole step: every wait is cut to what is left of it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.ends = self.started + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    def used(self) -> float:
        return time.monotonic() - self.started

    def reached(self, doing: str) -> DeadlineReached:
        return DeadlineReached(f"deadline reached ({self.seconds:g} s for the whole step) "
                               f"{doing}")

    def limit(self, seconds: float, doing: str) -> float:
        """``seconds``, cut to what is left; ``DeadlineReached`` when nothing is."""
        left = self.left()
        if left <= 0:
            raise self.reached(doing)
        return min(seconds, left)

    def wait(self, seconds: float, doing: str) -> None:
        """Sleep ``seconds``, or fail now if that would pass the deadline."""
        if seconds >= self.left():
            raise self.reached(f"{doing}: waiting {seconds:g} s to retry would pass it")
        time.sleep(max(0.0, seconds))


class Watch:
    """Cuts each wait of one download (connecting, each read) to the step's deadline."""

    def __init__(self, clock: Clock, timeout: float, url: str) -> None:
        self.clock = clock
        self.timeout = timeout
        self.doing = f"while downloading {url}"
        self.socket: socket.socket | None = None  # the connection's (a redirect's, later)

    def wait(self) -> float:
        return self.clock.limit(self.timeout, self.doing)

    def before_read(self) -> None:
        if self.socket is not None:
            self.socket.settimeout(self.wait())


def _watched(base: type[http.client.HTTPConnection]):
    class Connection(base):
        """A connection whose waits the ``Watch`` cuts to the deadline."""

        def __init__(self, *args, watch: Watch, **kwargs) -> None:
            kwargs["timeout"] = watch.wait()  # also for a redirect, made later
            super().__init__(*args, **kwargs)
            self.watch = watch

        def connect(self) -> None:
            super().connect()
            self.watch.socket = self.sock

    return Connection


_HTTPConnection = _watched(http.client.HTTPConnection)
_HTTPSConnection = _watched(http.client.HTTPSConnection)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, request):
        return self.do_open(functools.partial(_HTTPConnection, watch=self.watch), request)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: Watch) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.watch = watch

    def https_open(self, request):
        return self.do_open(functools.partial(_HTTPSConnection, watch=self.watch), request,
                            context=self.context)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), if any."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def download(url: str, out: IO[bytes], timeout: float, clock: Clock, report) -> None:
    """One attempt: stream ``url`` into ``out``; raise ``Retryable`` or ``DownloadFailed``.

    Every blocking step (connecting, waiting for the answer, each read) waits at
    most ``timeout`` seconds and never past the step's deadline.
    """
    watch = Watch(clock, timeout, url)
    opener = urllib.request.build_opener(_HTTPHandler(watch), _HTTPSHandler(watch))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=watch.wait()) as response:
            expected = int(response.headers.get("Content-Length") or 0)
            received = 0
            while True:
                watch.before_read()
                block = response.read1(CHUNK)  # one read from the socket at most
                if not block:
                    break
                out.write(block)
                received += len(block)
                report(received, expected)
    except urllib.error.HTTPError as error:
        message = f"HTTP {error.code} {error.reason} from {url}"
        if error.code in RETRY_STATUSES:
            raise Retryable(message, retry_after(error.headers.get("Retry-After"))) from None
        raise DownloadFailed(message) from None
    except (TimeoutError, socket.timeout):
        if clock.left() <= 0:
            raise clock.reached(watch.doing) from None
        raise Retryable(f"no answer from {url} within {timeout:g} s") from None
    except http.client.IncompleteRead as error:
        raise Retryable(f"the connection closed after {len(error.partial)} bytes"
                        " (truncated download)") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (TimeoutError, socket.timeout)) and clock.left() <= 0:
            raise clock.reached(watch.doing) from None
        raise Retryable(f"cannot download {url}: {reason}") from None
    if expected and received != expected:
        raise Retryable(f"got {received} of {expected} bytes (truncated download)")
