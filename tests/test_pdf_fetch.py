"""``python -m papercat fetch``: a local HTTP server on 127.0.0.1 plays every bad server."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers.pdfs import paper_page, pdf_bytes, write_pdf

from papercat.__main__ import main
from papercat.pdfs import download, fetch, lock, refusals, verify

GOOD = pdf_bytes(title="Alpha: The First Paper")
OTHER = pdf_bytes(title="Alpha: The First Paper", pages=4)


class Handler(BaseHTTPRequestHandler):
    """Routes by the file's name; ``server.hits`` counts requests per path.

    ``server.active`` and ``server.most`` count requests being answered at once;
    ``server.agents`` holds the User-Agent of each request.
    """

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            hit = server.hits[self.path]
            server.agents.append(self.headers.get("User-Agent", ""))
            server.active += 1
            server.most = max(server.most, server.active)
        try:
            self.answer(self.path.rsplit("/", 1)[-1].removesuffix(".pdf"), hit)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a deadline)
        finally:
            with server.lock:
                server.active -= 1

    def answer(self, name: str, hit: int) -> None:
        if name in self.server.files or name in ("good", "alpha", "beta"):
            self.send(200, self.server.files.get(name, GOOD), "application/pdf")
        elif name.startswith("held"):  # answered slowly: requests overlap
            time.sleep(0.3)
            self.send(200, GOOD, "application/pdf")
        elif name == "moved":
            self.send_response(302)
            self.send_header("Location", "/alpha.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif name == "html":
            self.send(200, b"<!doctype html><html><body>Sign in</body></html>", "text/html")
        elif name == "forbidden":
            self.send(403, b"Forbidden", "text/plain")
        elif name == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:500])
        elif name == "slow":  # a silent server: the read timeout
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:100])
            self.wfile.flush()
            time.sleep(1.5)
        elif name == "trickle":  # never silent for long, never done: only the deadline ends it
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            for offset in range(0, 100):
                self.wfile.write(GOOD[offset:offset + 1])
                self.wfile.flush()
                time.sleep(0.1)
        elif name in ("flaky", "busy", "very-busy") and hit == 1:
            retry_after = {"busy": "1", "very-busy": "3600"}.get(name)
            self.send(503 if name == "flaky" else 429, b"try again", "text/plain",
                      retry_after=retry_after)
        elif name in ("flaky", "busy", "very-busy"):
            self.send(200, GOOD, "application/pdf")
        else:
            self.send(404, b"not found", "text/plain")

    def send(self, status: int, body: bytes, kind: str, retry_after: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)


def start_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.hits, httpd.files, httpd.agents = {}, {}, []
    httpd.lock, httpd.active, httpd.most = threading.Lock(), 0, 0
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_port}"
    return httpd


@pytest.fixture
def server():
    httpd = start_server()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def make_project(root: Path, records: dict[str, str], titles: dict[str, str] | None = None,
                 pdf_titles: dict[str, str] | None = None):
    """A project whose records' PDFs are at the given URLs."""
    for pdf_id, url in records.items():
        title = (titles or {}).get(pdf_id, "Alpha: The First Paper")
        page = root / "papers" / f"{pdf_id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(paper_page(pdf_id, url, title,
                                   pdf_title=(pdf_titles or {}).get(pdf_id, "")),
                        encoding="utf-8")
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
    """The cache's files, but for the note of refused files (refusals.py)."""
    folder = root / ".cache/pdfs"
    return sorted(p.name for p in folder.iterdir()
                  if p.name != refusals.REFUSALS_FILE) if folder.is_dir() else []


def summary_lines(output: str, kind: str) -> list[str]:
    """The summary's lines of one kind ("download failed", "refused", ...)."""
    return [line for line in output.splitlines() if line.startswith(f"{kind}: ")]


def test_fetch_verifies_caches_and_locks(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_OK, output
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == GOOD
    entry = locked(root)["alpha"]
    assert entry.url == f"{server.url}/alpha.pdf"
    assert entry.facts.pages == 3
    assert entry.facts.title == "Alpha: The First Paper"
    assert entry.facts.outline[0].title == "Introduction"
    assert "PDFs: 1 verified (1 fetched)" in output
    assert summary_lines(output, "verified") == ["verified: alpha"]


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
    ("forbidden", "HTTP 403"),
    ("html", "the file is an HTML page"),
    ("truncated", "truncated"),
    ("slow", "no answer"),
])
def test_failed_downloads_fail_that_pdf_only(tmp_path, server, name, message):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "bad": f"{server.url}/{name}.pdf"})
    (root / ".cache/pdfs").mkdir(parents=True)
    (root / ".cache/pdfs/.bad~x1y2.part").write_bytes(b"%PDF-1.7 left by a killed run")
    # Another id's download in progress, whose name starts with this id: not touched.
    (root / ".cache/pdfs/.bad.2~z9.part").write_bytes(b"%PDF-1.7 being written")
    status, output = run_fetch(root)
    assert status == fetch.EXIT_DOWNLOAD_FAILED, output
    [line] = summary_lines(output, "download failed")
    assert line.startswith("download failed: bad: ") and message in line
    assert line.endswith(f"its page links {server.url}/{name}.pdf")  # the canonical URL
    assert "1 verified (1 fetched), 1 download failed" in output
    assert summary_lines(output, "refused") == []
    # Atomic: nothing half-written is left where the build would look; "bad.2"'s stays.
    assert cache_files(root) == [".bad.2~z9.part", "alpha.pdf"]
    assert set(locked(root)) == {"alpha"}

    # --best-effort: the same failure is a notice, and the step succeeds.
    status, output = run_fetch(root, best_effort=True)
    assert status == fetch.EXIT_OK, output
    assert len(summary_lines(output, "download failed")) == 1
    assert "notice: 1 download(s) failed; --best-effort" in output
    assert cache_files(root) == [".bad.2~z9.part", "alpha.pdf"]


def test_server_errors_are_retried_within_bounds(tmp_path, server):
    root = make_project(tmp_path, {"flaky": f"{server.url}/flaky.pdf",
                                   "bad": f"{server.url}/truncated.pdf"})
    status, output = run_fetch(root, retries=2)
    assert status == fetch.EXIT_DOWNLOAD_FAILED
    assert server.hits["/flaky.pdf"] == 2  # 503, then the file
    assert (root / ".cache/pdfs/flaky.pdf").read_bytes() == GOOD
    assert server.hits["/truncated.pdf"] == 3  # bounded: 1 + 2 retries
    assert "after 3 attempts" in output


def test_not_found_and_forbidden_are_not_retried(tmp_path, server):
    root = make_project(tmp_path, {"a": f"{server.url}/missing.pdf",
                                   "b": f"{server.url}/forbidden.pdf"})
    assert run_fetch(root, retries=3)[0] == fetch.EXIT_DOWNLOAD_FAILED
    assert server.hits == {"/missing.pdf": 1, "/forbidden.pdf": 1}


def test_retry_after_is_honoured(tmp_path, server):
    root = make_project(tmp_path, {"busy": f"{server.url}/busy.pdf"})
    status, output = run_fetch(root, retries=1, backoff=60.0, deadline=30.0)
    # 429 with Retry-After: 1, then the file: the server's 1 s, not the 60 s backoff,
    # or the 30 s deadline would have failed it.
    assert status == fetch.EXIT_OK, output
    assert server.hits["/busy.pdf"] == 2
    assert (root / ".cache/pdfs/busy.pdf").read_bytes() == GOOD


def test_retry_after_past_the_deadline_fails_now(tmp_path, server):
    root = make_project(tmp_path, {"very-busy": f"{server.url}/very-busy.pdf"})
    status, output = run_fetch(root, retries=3, deadline=5.0, best_effort=True)
    assert status == fetch.EXIT_OK  # a failed download, with --best-effort
    [line] = summary_lines(output, "download failed")
    assert "deadline reached" in line and "HTTP 429" in line and "Retry-After: 3600" in line
    assert server.hits["/very-busy.pdf"] == 1  # it did not wait an hour to ask again
    assert cache_files(root) == []


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (" 0 ", 0.0), ("soon", None), ("", None), (None, None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: now
])
def test_retry_after_values(value, seconds):
    assert download.retry_after(value) == seconds


def test_retry_after_as_a_future_http_date():
    import email.utils

    later = email.utils.formatdate(time.time() + 100, usegmt=True)
    assert 90 < download.retry_after(later) <= 100


def test_the_deadline_ends_a_download_that_never_finishes(tmp_path, server):
    # A trickle: data comes every 0.1 s, within the 0.5 s read timeout, forever.
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "trickle": f"{server.url}/trickle.pdf"})
    status, output = run_fetch(root, deadline=1.5, retries=3)
    assert status == fetch.EXIT_DOWNLOAD_FAILED, output
    [line] = summary_lines(output, "download failed")
    assert line.startswith("download failed: trickle: deadline reached (1.5 s for the whole step)")
    assert server.hits["/trickle.pdf"] == 1  # no retry past the deadline
    assert cache_files(root) == ["alpha.pdf"]
    assert run_fetch(root, deadline=1.5, best_effort=True)[0] == fetch.EXIT_OK


def test_nothing_starts_after_the_deadline(tmp_path, server):
    root = make_project(tmp_path, {"first": f"{server.url}/trickle.pdf",
                                   "second": f"{server.url}/alpha.pdf"})
    # One download at a time, in id order: the trickle takes the whole deadline.
    status, output = run_fetch(root, deadline=1.0, jobs=1, per_host=1)
    assert status == fetch.EXIT_DOWNLOAD_FAILED
    assert len(summary_lines(output, "download failed")) == 2, output
    assert "/alpha.pdf" not in server.hits
    assert cache_files(root) == []


def test_at_most_two_downloads_at_once_from_one_host(tmp_path, server):
    other = start_server()  # another host (port): its own two downloads
    try:
        records = {f"p{i}": f"{server.url}/held{i}.pdf" for i in range(5)}
        records.update({f"q{i}": f"{other.url}/held{i}.pdf" for i in range(5)})
        root = make_project(tmp_path, records)
        status, output = run_fetch(root, jobs=8, timeout=5.0)
        assert status == fetch.EXIT_OK, output
        assert sum(server.hits.values()) == sum(other.hits.values()) == 5
        assert server.most <= 2 and other.most <= 2
    finally:
        other.shutdown()
        other.server_close()


def test_redirects_are_followed(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/moved.pdf"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_OK, output
    assert server.hits == {"/moved.pdf": 1, "/alpha.pdf": 1}
    assert locked(root)["alpha"].url == f"{server.url}/moved.pdf"  # the record's URL


def test_user_agent_names_the_project(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    assert server.agents == [download.USER_AGENT]
    assert download.USER_AGENT.startswith("deepseek-papers-fetch/")
    assert "Python-urllib" not in download.USER_AGENT


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
    assert status == fetch.EXIT_DOWNLOAD_FAILED  # the broken file fails; the missing one is skipped
    assert "beta: skipped (not in the mirror" in output
    assert summary_lines(output, "skipped")[0].startswith("skipped: beta: not in the mirror")
    [line] = summary_lines(output, "download failed")
    assert line.startswith("download failed: broken: no usable PDF arrived: the file is an HTML")
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
    assert status == fetch.EXIT_USAGE and "does not exist" in output


def test_file_that_differs_from_the_lock_is_refused_unless_update(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    (root / ".cache/pdfs/alpha.pdf").unlink()
    server.files["alpha"] = OTHER  # the server now has other bytes
    for best_effort in (False, True):  # refused either way; a notice with --best-effort
        status, output = run_fetch(root, best_effort=best_effort)
        assert status == (fetch.EXIT_OK if best_effort else fetch.EXIT_REFUSED)
        [line] = summary_lines(output, "refused")
        assert "differs from the lock" in line and "--update" in line
        assert cache_files(root) == []
        assert locked(root)["alpha"].facts.pages == 3

    status, output = run_fetch(root, update=True)
    assert status == 0, output
    assert locked(root)["alpha"].facts.pages == 4
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == OTHER


def test_wrong_title_is_refused_and_only_a_notice_with_best_effort(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"},
                        titles={"alpha": "Beta: Another Paper"})
    assert run_fetch(root)[0] == fetch.EXIT_REFUSED  # make pdfs, CI
    status, output = run_fetch(root, best_effort=True)  # Read the Docs
    assert status == fetch.EXIT_OK
    assert "notice: 1 wrong file(s) refused: not cached, not hosted" in output
    refused = json.loads((root / ".cache/pdfs/refused.json").read_text())
    assert refused == {"alpha": {"url": f"{server.url}/alpha.pdf",
                                 "sha256": hashlib.sha256(GOOD).hexdigest(),
                                 "reason": refused["alpha"]["reason"]}}
    assert "'Beta: Another Paper'" in refused["alpha"]["reason"]
    [line] = summary_lines(output, "refused")
    assert "'Alpha: The First Paper'" in line and "'Beta: Another Paper'" in line
    assert ":pdf-title:" in line
    assert cache_files(root) == []  # not cached: the build cannot host it
    assert "alpha" not in locked(root)  # and the lock does not vouch for it
    assert run_fetch(root, update=True)[0] == fetch.EXIT_REFUSED  # --update is about sha256


def test_a_cached_file_is_checked_against_the_record_too(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    # A lock and cache that vouch for a PDF whose title is not the record's (as the
    # fetch of old did, with only a warning): refused, though nothing is downloaded.
    make_project(root, {"alpha": f"{server.url}/alpha.pdf"}, titles={"alpha": "Beta"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_REFUSED
    assert summary_lines(output, "refused")[0].startswith(
        "refused: alpha: the PDF's first-page title 'Alpha: The First Paper' differs")
    assert server.hits == {"/alpha.pdf": 1}


def test_wrong_file_never_replaces_a_good_cached_copy(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    assert run_fetch(root)[0] == 0
    # The record now points at another paper's PDF.
    server.files["other"] = pdf_bytes(title="Gamma: Not This Paper")
    make_project(root, {"alpha": f"{server.url}/other.pdf"})
    status, output = run_fetch(root, best_effort=True, update=True)
    assert status == fetch.EXIT_OK, output
    assert summary_lines(output, "refused")
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == GOOD
    assert locked(root)["alpha"].url == f"{server.url}/alpha.pdf"


def test_pdf_title_names_a_title_that_rightly_differs(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"},
                        titles={"alpha": "Beta: Another Paper"},
                        pdf_titles={"alpha": "Alpha: The First Paper"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_OK, output
    assert (root / ".cache/pdfs/alpha.pdf").read_bytes() == GOOD
    # ... and it is the PDF's title that must match, not the record's.
    make_project(root, {"alpha": f"{server.url}/alpha.pdf"}, pdf_titles={"alpha": "Gamma"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_REFUSED
    assert "the record's :pdf-title: 'Gamma'" in summary_lines(output, "refused")[0]


def test_encrypted_pdf_is_refused(tmp_path, server):
    server.files["locked"] = pdf_bytes(user_password="secret")
    root = make_project(tmp_path, {"locked": f"{server.url}/locked.pdf"})
    status, output = run_fetch(root)
    assert status == fetch.EXIT_REFUSED
    assert "user password" in summary_lines(output, "refused")[0]
    assert cache_files(root) == []


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
    assert status == fetch.EXIT_USAGE and "nope" in output


def test_progress_on_a_terminal_redraws_one_line(tmp_path, server):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf"})
    options = fetch.Options(project=root, cache=root / "c", lock=root / "l.json")
    out = io.StringIO()
    assert fetch.fetch_all(options, [], out, live=True) == 0
    assert "\r\x1b[K" in out.getvalue()
    assert "[1/1] alpha: fetched" in out.getvalue()


def test_command_line(tmp_path, server, capsys, monkeypatch):
    root = make_project(tmp_path, {"alpha": f"{server.url}/alpha.pdf",
                                   "gone": f"{server.url}/forbidden.pdf"})
    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)
    arguments = ["fetch", "--project", str(root), "--jobs", "1", "--timeout", "5",
                 "--deadline", "60"]
    assert main(arguments) == fetch.EXIT_DOWNLOAD_FAILED
    assert main([*arguments, "--best-effort"]) == fetch.EXIT_OK
    assert (root / ".cache/pdfs/alpha.pdf").is_file()
    data = json.loads((root / "pdfs.lock.json").read_text(encoding="utf-8"))
    assert data["pdfs"]["alpha"]["pages"] == 3
    output = capsys.readouterr().out
    assert "PDFs: 1 verified (1 fetched), 1 download failed" in output
    assert f"download failed: gone: HTTP 403 Forbidden from {server.url}/forbidden.pdf" in output


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_command_line_rejects_a_bad_deadline(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fetch", "--deadline", value])
    assert exit_info.value.code == fetch.EXIT_USAGE
    assert "--deadline" in capsys.readouterr().err


MHC = "mHC: Manifold-Constrained Hyper-Connections"


@pytest.mark.parametrize(("pdf_title", "stamp", "arxiv", "refusal"), [
    ("m HC: Manifold-Constrained Hyper-Connections", "", "", ""),  # pypdf splits the word
    ("m HC: Manifold-Constrained\nHyper-Connections",  # a title on two lines, stamped
     "arXiv:2512.24880v2 [cs.CL] 31 Dec 2025", "2512.24880", ""),
    (MHC, "arXiv:2512.02556v1 [cs.CL] 2 Dec 2025", "2512.24880",
     "arXiv stamp names arXiv:2512.02556v1"),
])
def test_identity_comes_from_the_text(tmp_path, server, pdf_title, stamp, arxiv, refusal):
    server.files["mhc"] = pdf_bytes(title=pdf_title, stamp=stamp)
    page = tmp_path / "papers" / "mhc.md"
    page.parent.mkdir(parents=True)
    page.write_text(paper_page("mhc", f"{server.url}/mhc.pdf", MHC, arxiv=arxiv),
                    encoding="utf-8")
    status, output = run_fetch(tmp_path)
    if refusal:
        assert status == fetch.EXIT_REFUSED, output
        assert refusal in summary_lines(output, "refused")[0]
        assert cache_files(tmp_path) == []
    else:
        assert status == fetch.EXIT_OK, output
        assert (tmp_path / ".cache/pdfs/mhc.pdf").is_file()


def test_a_ligature_in_the_title_is_the_same_title(tmp_path, server):
    server.files["eff"] = pdf_bytes(title="\ufb01ne and \ufb02at models")
    page = tmp_path / "papers" / "eff.md"
    page.parent.mkdir(parents=True)
    page.write_text(paper_page("eff", f"{server.url}/eff.pdf", "Fine and Flat Models"),
                    encoding="utf-8")
    status, output = run_fetch(tmp_path)
    assert status == fetch.EXIT_OK, output
