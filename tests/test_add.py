"""``python -m papercat add``: a record from its PDF, or a refusal that writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import PROJECT, SHARED, warnings_of
from helpers.pdfs import paper_page, write_pdf

from papercat.__main__ import main
from papercat.pdfs import add, lock, sources, verify
from papercat.records.papers import split_list

DSPARK_PDF = SHARED / "pdfs" / "dspark.pdf"
DSPARK_URL = ("https://raw.githubusercontent.com/deepseek-ai/DeepSpec/"
              "afdfa7c9382a3341a3e6f17756dd816da79f132c/DSpark_paper.pdf")
#: From ../shared/papers-facts.md, "A new paper: DSpark" and its PDF table.
DSPARK = {
    "title": "DSpark: Confidence-Scheduled Speculative Decoding with Semi-Autoregressive "
             "Generation",
    "date": "2026-06-27", "arxiv": "2607.05147", "pdf": DSPARK_URL, "authors": 33,
    "first": "Xin Cheng", "last": "Wenfeng Liang", "pages": 33,
    "sha256": "9e1a1e9dadd51537dd02dc8dcec6a25a5bb0417f9835a719dfe05d9dfcba3c19",
}
URL = "https://example.org/papers/gamma.pdf"


def copy_of_project(target: Path) -> Path:
    """The project's sources, without its builds, caches and environments."""
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "node_modules", ".cache", "__pycache__", "*.egg-info"))
    return target


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not DSPARK_PDF.is_file(), reason=f"{DSPARK_PDF} is absent (../shared)")
def test_dspark_from_its_pdf_is_the_hand_written_record(tmp_path, capsys):
    project = copy_of_project(tmp_path / "project")
    (project / "papers" / "dspark.md").unlink(missing_ok=True)
    (project / "locale/zh_CN/LC_MESSAGES/papers/dspark.po").unlink(missing_ok=True)
    lock_path = project / lock.LOCK_FILE
    entries = lock.read_lock(lock_path)
    entries.pop("dspark", None)
    lock.write_lock(lock_path, entries)

    status = main(["add", str(DSPARK_PDF), "--id", "dspark", "--arxiv", "2607.05147",
                   "--url", DSPARK_URL, "--project", str(project),
                   "--cache", str(tmp_path / "cache")])
    assert status == add.EXIT_OK, capsys.readouterr().err

    title, options = sources.read_record(project / "papers" / "dspark.md")
    authors = options["authors"].split("; ")
    assert title == DSPARK["title"]
    assert (options["id"], options["date"], options["arxiv"], options["pdf"]) == (
        "dspark", DSPARK["date"], DSPARK["arxiv"], DSPARK["pdf"])
    assert (len(authors), authors[0], authors[-1]) == (
        DSPARK["authors"], DSPARK["first"], DSPARK["last"])
    hand_written = PROJECT / "papers" / "dspark.md"
    if hand_written.is_file():  # after the lead's record is merged: the same facts
        known_title, known = sources.read_record(hand_written)
        assert title == known_title
        for name in ("id", "date", "arxiv", "pdf"):
            assert options[name] == known[name], name
        assert split_list(options["authors"], ";") == split_list(known["authors"], ";")

    entry = lock.read_lock(lock_path)["dspark"]
    assert (entry.url, entry.facts.sha256, entry.facts.pages) == (
        DSPARK_URL, DSPARK["sha256"], DSPARK["pages"])
    assert entry.facts.outline and verify.same_title(entry.facts.title, DSPARK["title"])
    if (known_entry := lock.read_lock(PROJECT / lock.LOCK_FILE).get("dspark")):
        assert entry == known_entry
    assert (tmp_path / "cache" / "dspark.pdf").read_bytes() == DSPARK_PDF.read_bytes()

    stub = (project / "locale/zh_CN/LC_MESSAGES/papers/dspark.po").read_text(encoding="utf-8")
    assert "Confidence-Scheduled Speculative Decoding" in stub
    assert "#: ../../papers/dspark.md:1" in stub  # located as make update-po locates it


def small_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    page = paper_page("alpha", "https://example.org/alpha.pdf", "Alpha: The First Paper")
    page = page.replace(":date: 2024-01-05", ":date: 2024-01-05\n:arxiv: 2401.00001")
    (project / "papers").mkdir(parents=True)
    (project / "papers" / "alpha.md").write_text(page, encoding="utf-8")
    return project


def run_add(project: Path, *args: str) -> int:
    return main(["add", *args, "--project", str(project),
                 "--cache", str(project / ".cache" / "pdfs"), "--no-catalog"])


def test_a_new_paper_gets_an_id_from_its_short_title_and_a_month_from_arxiv(tmp_path):
    project = small_project(tmp_path)
    pdf = write_pdf(tmp_path / "gamma.pdf", title="Gamma: A New Paper")
    assert run_add(project, str(pdf), "--url", URL, "--arxiv", "2403.01234") == add.EXIT_OK
    title, options = sources.read_record(project / "papers" / "gamma.md")
    assert title == "Gamma: A New Paper"
    assert options == {"id": "gamma", "date": "2024-03", "short-title": "Gamma",
                       "authors": "A. Author", "arxiv": "2403.01234", "pdf": URL}
    entry = lock.read_lock(project / lock.LOCK_FILE)["gamma"]
    assert (entry.url, entry.facts.pages, entry.facts.sha256) == (
        URL, 3, verify.sha256_of(pdf))
    assert [e.title for e in entry.facts.outline] == ["Introduction", "Method", "Data",
                                                      "Results"]


@pytest.mark.parametrize(("make", "args", "message"), [
    (lambda d: (d / "page.pdf").write_text("<!doctype html><html>login</html>"),
     ["--url", URL], "is an HTML page"),
    (lambda d: write_pdf(d / "page.pdf", title="Gamma: Locked", user_password="secret"),
     ["--url", URL], "encrypted"),
    (lambda d: write_pdf(d / "page.pdf", title="Gamma: Again"),
     ["--url", URL, "--id", "alpha"], "id 'alpha' is already in the catalogue: papers/alpha.md"),
    (lambda d: write_pdf(d / "page.pdf", title="Alpha: The First Paper"),
     ["--url", URL], "id 'alpha' is already in the catalogue"),
    (lambda d: write_pdf(d / "page.pdf", title="Gamma: Again"),
     ["--url", URL, "--arxiv", "2401.00001"],
     "arXiv 2401.00001 is already in the catalogue: papers/alpha.md"),
    (lambda d: write_pdf(d / "page.pdf", title="Gamma: Again"),
     ["--arxiv", "2403.01234"], "a local file needs --url"),
])
def test_refused_with_a_message_and_nothing_written(tmp_path, capsys, make, args, message):
    project = small_project(tmp_path)
    make(tmp_path)
    before = files_of(project)
    assert run_add(project, str(tmp_path / "page.pdf"), *args) == add.EXIT_REFUSED
    err = capsys.readouterr().err
    assert message in err and "nothing was written" in err
    assert "Traceback" not in err
    assert files_of(project) == before


def test_the_summary_placeholder_fails_the_build_where_it_is(project):
    page = add.page_text("Gamma: A New Paper", {"id": "gamma", "date": "2024-03"})
    app = project({"papers/gamma.md": page})
    line = next(w for w in warnings_of(app).splitlines() if "placeholder" in w)
    placeholder = page.splitlines().index(next(l for l in page.splitlines() if "TODO" in l))
    assert re.search(rf"papers[/\\]gamma\.md:{placeholder + 1}: WARNING: ", line), line
    assert line.endswith("[papercat.todo]")


def test_a_written_summary_builds_clean(project):
    page = add.page_text("Gamma: A New Paper", {"id": "gamma", "date": "2024-03"})
    written = page.replace(add.PLACEHOLDER, "Gamma is a paper.\n")
    app = project({"papers/gamma.md": written})
    assert "papercat.todo" not in warnings_of(app)


@pytest.fixture
def served(tmp_path):
    """A folder served on 127.0.0.1: its base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    folder = tmp_path / "served"
    folder.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_downloaded_and_becomes_the_records_pdf(tmp_path, served):
    folder, base = served
    write_pdf(folder / "gamma.pdf", title="Gamma: A New Paper")
    project = small_project(tmp_path)
    assert run_add(project, base + "gamma.pdf", "--date", "2024-03-05") == add.EXIT_OK
    _, options = sources.read_record(project / "papers" / "gamma.md")
    assert (options["pdf"], options["date"]) == (base + "gamma.pdf", "2024-03-05")
    assert lock.read_lock(project / lock.LOCK_FILE)["gamma"].url == base + "gamma.pdf"
    assert (project / ".cache/pdfs/gamma.pdf").read_bytes() == (folder / "gamma.pdf").read_bytes()


def test_a_url_that_answers_an_html_page_is_refused(tmp_path, served, capsys):
    folder, base = served
    (folder / "login.html").write_text("<!doctype html><html>Sign in</html>")
    project = small_project(tmp_path)
    before = files_of(project)
    assert run_add(project, base + "login.html", "--date", "2024-03") == add.EXIT_REFUSED
    assert "is an HTML page" in capsys.readouterr().err
    assert files_of(project) == before


def records_with_authors_and_pdfs() -> list[str]:
    if not (SHARED / "pdfs").is_dir():
        return []
    return sorted(path.stem for path in (SHARED / "pdfs").glob("*.pdf")
                  if (page := PROJECT / "papers" / f"{path.stem}.md").is_file()
                  and sources.read_record(page)[1].get("authors"))


@pytest.mark.skipif(not (SHARED / "pdfs").is_dir(), reason=f"{SHARED}/pdfs is absent")
@pytest.mark.parametrize("paper_id", records_with_authors_and_pdfs())
def test_the_authors_read_from_each_real_pdf_are_the_records(paper_id):
    """How well reading the first page works: every record that lists its authors agrees
    (the team reports name only DeepSeek-AI)."""
    from papercat.pdfs.firstpage import read_first_page

    pdf = SHARED / "pdfs" / f"{paper_id}.pdf"
    _, options = sources.read_record(PROJECT / "papers" / f"{paper_id}.md")
    first = read_first_page(pdf, verify.inspect(pdf).title)
    assert "; ".join(first.authors) == options["authors"]
    assert first.date  # every one carries its creation date
