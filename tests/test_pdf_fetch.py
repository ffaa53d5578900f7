"""``python -m papercat fetch``: a local HTTP server on 127.0.0.1 plays every bad server."""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pdfutil import paper_page, pdf_bytes, write_pdf

from papercat.__main__ import main
from papercat.pdfs import fetch, lock, verify

GOOD = pdf_bytes(title="Alpha: The First Paper")
OTHER = pdf_bytes(title="Alpha: The First Paper", pages=4)


class Handler(BaseHTTPRequestHandler):
    """Routes by path; ``server.hits`` counts requests per path."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        hits = self.server.hits
        hits[self.path] = hits.get(self.path, 0) + 1
        name = self.path.rsplit("/", 1)[-1].removesuffix(".pdf")
        if name in ("good", "alpha", "beta"):
            self.send(200, self.server.files.get(name, GOOD), "application/pdf")
        elif name == "html":
            self.send(200, b"<!doctype html><html><body>Sign in</body></html>", "text/html")
        elif name == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:500])
        elif name == "slow":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:100])
            self.wfile.flush()
            time.sleep(1.5)
        elif name == "flaky" and hits[self.path] == 1:
            self.send(503, b"try again", "text/plain")
        elif name == "flaky":
            self.send(200, GOOD, "application/pdf")
        else:
            self.send(404, b"not found", "text/plain")

    def send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.hits, httpd.files = {}, {}
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def make_project(root: Path, records: dict[str, str], titles: dict[str, str] | None = None):
    """A project whose records' PDFs are at the given URLs."""
    for pdf_id, url in records.items():
        title = (titles or {}).get(pdf_id, "Alpha: The First Paper")
        page = root / "papers" / f"{pdf_id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(paper_page(pdf_id, url, title), encoding="utf-8")
    return root


def run_fetch(root: Path, only=(), **overrides) -> tuple[int, str]:
    options = fetch.Options(project=root, cache=root / ".cache/pdfs",
                            lock=root / "pdfs.lock.json", timeout=0.5, retries=1,
                            backoff=0.01, jobs=3)
    for name, value in overrides.items():
        setattr(options, name, value)
    out = io.StringIO()
    status = fetch.fetch_all(options, list(only), out, live=False)
    return status, out.getvalue()


def locked(root: Path) -> dict[str, lock.LockEntry]:
    return lock.read_lock(root / "pdfs.lock.json")


def cache_files(root: Path) -> list[str]:
    folder = root / ".cache/pdfs"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_fetch_verifies_caches_and_locks(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    status, output = run_fetch(root)
    assert status == 0, output
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == GOOD
    entry = locked(root)["alpha"]
    assert entry.url == f"{server.url}/alpha.pdf"
    assert entry.facts.pages == 3
    assert entry.facts.title == "Alpha: The First Paper"
    assert entry.facts.outline[0].title == "Introduction"
    assert "1 fetched" in output


def test_second_run_downloads_and_parses_nothing(tmp_path, server, monkeypatch):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    lock_text = (root / "pdfs.lock.json").read_text(encoding="utf-8")

    def no_parsing(path):
        raise AssertionError("a PDF was parsed again")

    monkeypatch.setattr(verify, "inspect", no_parsing)
    status, output = run_fetch(root)
    assert status == 0, output
    assert "1 up to date" in output
    assert server.hits == {"/alpha.pdf": 1}
    assert (root / "pdfs.lock.json").read_text(encoding="utf-8") == lock_text


@pytest.mark.parametrize(("name", "message"), [
    ("missing", "HTTP 404"),
    ("html", "HTML page"),
    ("truncated", "truncated"),
    ("slow", "no answer"),
])
def test_bad_servers_fail_that_pdf_only(tmp_path, server, name, message):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "bad": f"{server.url}/{name}.pdf"})
    (root / ".cache/pdfs").mkdir(parents=True)
    (root / ".cache/pdfs/.bad.x1y2.part").write_bytes(b"%PDF-1.7 left by a killed run")
    status, output = run_fetch(root)
    assert status == 1
    assert "failed: bad: " in output and message in output
    assert "1 fetched" in output and "1 failed" in output
    # Atomic: nothing half-written is left where the build would look.
    assert cache_files(root) == ["alpha.pdf"]
    assert set(locked(root)) == {"alpha"}


def test_timeouts_and_server_errors_are_retried(tmp_path, server):
    root = make_project(tmp_path, {"flaky": f"{server.url}/flaky.pdf",
                                   "bad": f"{server.url}/truncated.pdf"})
    status, output = run_fetch(root, retries=2)
    assert status == 1
    assert server.hits["/flaky.pdf"] == 2  # 503, then the file
    assert server.hits["/truncated.pdf"] == 3  # bounded: 1 + 2 retries
    assert "after 3 attempts" in output
    assert server.hits.get("/missing.pdf") is None


def test_not_found_is_not_retried(tmp_path, server):
    root = make_project(tmp_path, {"bad": f"{server.url}/missing.pdf"})
    assert run_fetch(root, retries=3)[0] == 1
    assert server.hits["/missing.pdf"] == 1


def test_mirror_folder_is_partial(tmp_path):
    mirror = tmp_path / "mirror"
    write_pdf(mirror / "alpha.pdf")
    (mirror / "broken.pdf").write_bytes(b"<html>error</html>")
    root = make_project(tmp_path / "project", {
        "alpha": "https://example.invalid/alpha.pdf",
        "beta": "https://example.invalid/beta.pdf",
        "broken": "https://example.invalid/broken.pdf",
    })
    status, output = run_fetch(root, mirror=str(mirror))
    assert status == 1  # the broken file fails; the missing one is only skipped
    assert "beta: skipped (not in the mirror" in output
    assert "failed: broken: rejected: the file is an HTML page" in output
    assert cache_files(root) == ["alpha.pdf"]
    # The lock names the canonical URL: the mirror holds the same bytes.
    assert locked(root)["alpha"].url == "https://example.invalid/alpha.pdf"
    assert run_fetch(root, mirror=str(mirror), only=["alpha", "beta"])[0] == 0


def test_mirror_url_404_is_skipped(tmp_path, server):
    root = make_project(tmp_path, {"alpha": "https://example.invalid/alpha.pdf",
                                   "gamma": "https://example.invalid/gamma.pdf"})
    status, output = run_fetch(root, mirror=f"{server.url}/mirror/")
    assert status == 0, output
    assert "gamma: skipped" in output
    assert server.hits["/mirror/alpha.pdf"] == 1


def test_missing_mirror_folder_is_an_error(tmp_path):
    root = make_project(tmp_path, {"alpha": "https://example.invalid/alpha.pdf"})
    status, output = run_fetch(root, mirror=str(tmp_path / "nowhere"))
    assert status == 2 and "does not exist" in output


def test_lock_mismatch_is_reported_and_not_used_unless_update(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    (root / ".cache/pdfs/alpha.pdf").unlink()
    server.files["alpha"] = OTHER  # the server now has other bytes
    status, output = run_fetch(root)
    assert status == 1
    assert "differs from the lock" in output and "--update" in output
    assert cache_files(root) == []
    assert locked(root)["alpha"].facts.pages == 3

    status, output = run_fetch(root, update=True)
    assert status == 0, output
    assert locked(root)["alpha"].facts.pages == 4
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == OTHER


def test_title_mismatch_is_a_warning_naming_both(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"},
                        titles={"alpha": "Beta: Another Paper"})
    status, output = run_fetch(root)
    assert status == 0
    assert "warning: alpha:" in output
    assert "'Alpha: The First Paper'" in output and "'Beta: Another Paper'" in output


def test_offline_uses_only_the_cache(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "beta": f"{server.url}/beta.pdf"})
    write_pdf(root / ".cache/pdfs/alpha.pdf")
    status, output = run_fetch(root, offline=True)
    assert status == 0, output
    assert server.hits == {}
    assert "alpha: verified" in output and "beta: skipped (offline" in output
    assert set(locked(root)) == {"alpha"}


def test_only_and_unknown_ids(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "beta": f"{server.url}/beta.pdf"})
    assert run_fetch(root, only=["beta"])[0] == 0
    assert server.hits == {"/beta.pdf": 1}
    status, output = run_fetch(root, only=["nope"])
    assert status == 2 and "nope" in output


def test_progress_on_a_terminal_redraws_one_line(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    options = fetch.Options(project=root, cache=root / "c", lock=root / "l.json")
    out = io.StringIO()
    assert fetch.fetch_all(options, [], out, live=True) == 0
    assert "\r\x1b[K" in out.getvalue()
    assert "[1/1] alpha: fetched" in out.getvalue()


def test_command_line(tmp_path, server, capsys, monkeypatch):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)
    status = main(["fetch", "--project", str(root), "--jobs", "1", "--timeout", "5"])
    assert status == 0
    assert (root / ".cache/pdfs/alpha.pdf").is_file()
    data = json.loads((root / "pdfs.lock.json").read_text(encoding="utf-8"))
    assert data["pdfs"]["alpha"]["pages"] == 3
    assert "PDFs: 1 fetched" in capsys.readouterr().out
