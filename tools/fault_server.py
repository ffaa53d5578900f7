"""A PDF mirror on 127.0.0.1 that fails the way real hosts do, for ``make rtd-rehearsal``.

It serves ``/<run>/<id>.pdf`` from a folder of PDFs (``../shared/pdfs``). Each run (a
path prefix, e.g. ``en``) has its own plan: which id gets which fault, and whether ids
without a fault are served or answer 404 (a mirror that does not hold them). Faults:

- ``forbidden``: 403, every time;
- ``unavailable-once``: 503 the first time, then the file;
- ``html``: an HTML page with status 200 (a login or error page);
- ``truncated``: the headers promise the whole file, half of it comes, the connection closes;
- ``slow``: the headers and a first block, then nothing for ``stall`` seconds;
- ``as:<other id>``: another paper's PDF under this id (a wrong file).
"""

from __future__ import annotations

import dataclasses
import http.server
import threading
from pathlib import Path

FAULTS = ("forbidden", "unavailable-once", "html", "truncated", "slow")
HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
             b"<body><p>Please sign in to continue.</p></body></html>\n")


@dataclasses.dataclass
class Plan:
    """What one run gets: ``faults`` maps an id to a fault; ``only_faults``: others 404."""

    faults: dict[str, str]
    only_faults: bool = False

    def __post_init__(self) -> None:
        for pdf_id, fault in self.faults.items():
            if fault not in FAULTS and not fault.startswith("as:"):
                raise ValueError(f"unknown fault {fault!r} for {pdf_id}")


class FaultServer:
    """``with FaultServer(folder, {"en": Plan(...)}) as server: server.url("en")``."""

    def __init__(self, folder: Path, plans: dict[str, Plan], stall: float = 120.0) -> None:
        self.folder = Path(folder)
        self.plans = plans
        self.stall = stall
        self.requests: dict[tuple[str, str], int] = {}  # (run, id) -> requests so far
        self.released = threading.Event()  # set on close: slow answers stop waiting
        self.lock = threading.Lock()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, run: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{run}/"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, run: str, pdf_id: str) -> int:
        with self.lock:
            key = (run, pdf_id)
            self.requests[key] = self.requests.get(key, 0) + 1
            return self.requests[key]

    def handler(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet: the rehearsal prints its own
                pass

            def do_GET(self) -> None:
                run, _, name = self.path.lstrip("/").partition("/")
                plan = server.plans.get(run)
                pdf_id = name[:-4] if name.endswith(".pdf") and "/" not in name else ""
                if plan is None or not pdf_id:
                    return self.status(404)
                fault = plan.faults.get(pdf_id, "")
                if not fault and plan.only_faults:
                    return self.status(404)
                attempt = server.count(run, pdf_id)
                source = server.folder / f"{fault[3:] if fault.startswith('as:') else pdf_id}.pdf"
                if fault == "forbidden":
                    return self.status(403)
                if fault == "unavailable-once" and attempt == 1:
                    return self.status(503)
                if fault == "html":
                    return self.body(HTML_PAGE, "text/html; charset=utf-8")
                if not source.is_file():
                    return self.status(404)
                data = source.read_bytes()
                if fault == "truncated":
                    return self.body(data, cut=len(data) // 2)
                if fault == "slow":
                    return self.body(data, cut=64 * 1024, stall=server.stall)
                return self.body(data)

            def status(self, code: int) -> None:
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def body(self, data: bytes, kind: str = "application/pdf", cut: int | None = None,
                     stall: float = 0.0) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                if cut is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(data[:cut] if cut is not None else data)
                    self.wfile.flush()
                    if stall:
                        server.released.wait(stall)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as it should
                if cut is not None:
                    self.close_connection = True

        return Handler
