"""The Sphinx side of the PDF pipeline: hosting, facts, contents, reader, notices."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import TESTS, warnings_of
from helpers.pdfs import pdf_bytes

from papercat.pdfs import domain as pdf_domain
from papercat.pdfs import fetch, lock, thumbnails, verify

GOOD = pdf_bytes(title="Alpha: The First Paper", pages=3)
CANONICAL = "https://example.org/alpha.pdf"
ABSTRACT = "https://arxiv.org/abs/2401.00001"


@pytest.fixture(autouse=True)
def default_cache(monkeypatch):
    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)


@functools.cache
def facts_of(data: bytes) -> verify.PdfFacts:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.pdf"
        path.write_bytes(data)
        return verify.inspect(path)


def write_lock(srcdir, data: bytes = GOOD, title: str | None = None) -> None:
    facts = facts_of(data)
    if title is not None:
        facts = verify.PdfFacts(facts.size, facts.sha256, facts.pages, title, facts.outline)
    lock.write_lock(srcdir / "pdfs.lock.json", {"alpha": lock.LockEntry(CANONICAL, facts)})


def cache_pdf(srcdir, data: bytes = GOOD) -> None:
    (srcdir / ".cache/pdfs").mkdir(parents=True, exist_ok=True)
    (srcdir / ".cache/pdfs/alpha.pdf").write_bytes(data)


def built(project, *, cached: bool = True, title: str | None = None, files=None, **kwargs):
    app = project(files, build=False, **kwargs)
    write_lock(app.srcdir, title=title)
    if cached:
        cache_pdf(app.srcdir)
    app.build()
    return app


def page(app, name: str = "papers/alpha.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_cached_pdf_is_hosted_with_its_facts_contents_and_reader(project):
    app = built(project)
    assert warnings_of(app) == ""
    soup = page(app)
    button = soup.select_one("a.paper-button-pdf")
    assert button["href"] == "../pdf/alpha.pdf"
    assert button["download"] == "Alpha.pdf"
    hosted = app.outdir / "pdf/alpha.pdf"
    assert hashlib.sha256(hosted.read_bytes()).hexdigest() == hashlib.sha256(GOOD).hexdigest()
    assert soup.select_one(".paper-pdf-facts").get_text(" ", strip=True).startswith(
        "PDF: 3 pages, 2 KB")
    links = [(a.get_text(), a["href"]) for a in soup.select(".paper-pdf-contents a")]
    assert links == [("Introduction", "../pdf/alpha.pdf#page=2"),
                     ("Method", "../pdf/alpha.pdf#page=2"),
                     ("Data", "../pdf/alpha.pdf#page=3"),
                     ("Results", "../pdf/alpha.pdf#page=3")]
    assert soup.select_one(".paper-pdf-contents summary").get_text() == "Contents of the paper"
    reader = soup.select_one("div.paper-reader")
    assert not reader.has_attr("data-pdf")  # no inline frame: the page never fetches its PDF
    assert reader.select_one("a")["href"] == "../pdf/alpha.pdf"
    image = reader.select_one("img.paper-thumbnail")
    assert image["src"] == "../pdf/alpha.webp" and image["srcset"] == "../pdf/alpha@2x.webp 2x"
    assert (app.outdir / "pdf/alpha.webp").read_bytes()[8:12] == b"WEBP"
    assert (app.outdir / "pdf/alpha@2x.webp").is_file()
    assert not soup.find("script", src=lambda s: s and "papercat-pdf.js" in s)


def test_the_first_page_is_named_by_the_title_the_page_shows(project):
    """On the Chinese site the alt text names the translated title, as the H1 does."""
    app = built(project, confoverrides={"language": "zh_CN"})
    soup = page(app)
    assert soup.select_one("h1").get_text(strip=True).startswith("阿尔法：第一篇论文")
    assert soup.select_one("img.paper-thumbnail")["alt"] == "《阿尔法：第一篇论文》首页"


def test_uncached_pdf_links_canonical_url_and_shows_the_lock(project):
    app = built(project, cached=False)
    assert warnings_of(app) == ""  # -W builds in CI (no network, no cache) must pass
    status = app._status.getvalue()
    assert "PDF of 'alpha' not cached" in status and "papers/alpha.md:3" in status
    assert "'gamma'" not in status  # withdrawn: nothing to host
    soup = page(app)
    button = soup.select_one("a.paper-button-pdf")
    assert button["href"] == CANONICAL and not button.has_attr("download")
    assert "3 pages" in soup.select_one(".paper-pdf-facts").get_text()
    assert soup.select_one(".paper-pdf-contents a")["href"] == CANONICAL + "#page=2"
    assert soup.select_one(".paper-reader") is None  # never a frame of another site
    assert not (app.outdir / "pdf").exists()


def test_without_lock_or_cache_the_page_still_builds(project):
    app = project()
    assert warnings_of(app) == ""
    soup = page(app)
    assert soup.select_one("a.paper-button-pdf")["href"] == CANONICAL
    assert soup.select_one(".paper-pdf-facts") is None


def test_require_pdfs_makes_a_missing_pdf_an_error(project):
    app = project(confoverrides={"papercat_require_pdfs": True})
    assert app.statuscode == 1  # even without -W
    warnings = warnings_of(app)
    assert "papers/alpha.md:3: ERROR: PDF of 'alpha' not cached" in warnings
    assert "[papercat.pdf-not-cached]" in warnings and "gamma" not in warnings
    assert "1 PDF(s) not cached (alpha)" in app._status.getvalue()


def test_title_mismatch_is_a_located_error_and_nothing_is_hosted(project):
    app = built(project, title="Beta: Another Paper")
    warnings = warnings_of(app)
    assert "papers/alpha.md:3: ERROR: " in warnings
    assert "[papercat.pdf-title-mismatch]" in warnings
    assert "'Beta: Another Paper'" in warnings and "'Alpha: The First Paper'" in warnings
    soup = page(app)
    assert soup.select_one("a.paper-button-pdf")["href"] == CANONICAL
    assert soup.select_one(".paper-pdf-facts") is None  # another paper's facts
    assert soup.select_one(".paper-reader") is None
    assert not (app.outdir / "pdf/alpha.pdf").exists()


ALPHA_WITH_PDF_TITLE = (TESTS / "roots/test-basic/papers/alpha.md").read_text(
    encoding="utf-8").replace(":short-title: Alpha\n",
                              ":short-title: Alpha\n:pdf-title: Beta: Another Paper\n")


def test_pdf_title_names_the_title_the_pdf_rightly_carries(project):
    app = built(project, title="Beta: Another Paper",
                files={"papers/alpha.md": ALPHA_WITH_PDF_TITLE})
    assert warnings_of(app) == ""
    assert page(app).select_one("a.paper-button-pdf")["href"] == "../pdf/alpha.pdf"
    assert (app.outdir / "pdf/alpha.pdf").is_file()


def test_pdf_title_is_compared_instead_of_the_record_title(project):
    app = built(project, files={"papers/alpha.md": ALPHA_WITH_PDF_TITLE})
    warnings = warnings_of(app)
    assert "[papercat.pdf-title-mismatch]" in warnings
    assert "the record's :pdf-title: 'Beta: Another Paper'" in warnings
    assert not (app.outdir / "pdf/alpha.pdf").exists()


def test_a_wrong_pdf_is_never_published_not_even_on_the_second_try(project, make_app,
                                                                   tmp_path):
    """Issue 10's measured defect: another paper's PDF mirrored under a record's id.

    Issue 16: under --best-effort the refusal takes only this paper's PDF off the site:
    its page says so and links the arXiv abstract, never the URL that served the file."""
    app = project(build=False)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    wrong = pdf_bytes(title="Beta: Another Paper")
    (mirror / "alpha.pdf").write_bytes(wrong)
    options = fetch.Options(project=app.srcdir, cache=app.srcdir / ".cache/pdfs",
                            lock=app.srcdir / "pdfs.lock.json", mirror=str(mirror))
    out = io.StringIO()
    assert fetch.fetch_all(options, [], out, live=False) == fetch.EXIT_REFUSED
    options.best_effort = True
    out = io.StringIO()
    assert fetch.fetch_all(options, [], out, live=False) == fetch.EXIT_OK
    assert "refused: alpha: the PDF's first-page title 'Beta: Another Paper'" in out.getvalue()
    assert not (app.srcdir / ".cache/pdfs/alpha.pdf").exists()
    assert "alpha" not in lock.read_lock(app.srcdir / "pdfs.lock.json")
    refused = json.loads((app.srcdir / ".cache/pdfs/refused.json").read_text())
    assert refused["alpha"]["sha256"] == hashlib.sha256(wrong).hexdigest()
    for attempt in (app, make_app(srcdir=app.srcdir, buildername="html")):
        attempt.build()
        assert "[papercat." not in warnings_of(attempt) and "ERROR" not in warnings_of(attempt)
        soup = page(attempt)
        assert soup.select_one("a.paper-button-pdf") is None
        assert soup.select_one("a.paper-button-pdf-refused")["href"] == ABSTRACT
        note = soup.select_one("p.paper-pdf-refused")
        assert "could not be verified" in note.text and note.a["href"] == ABSTRACT
        assert CANONICAL not in str(soup)
        assert not (attempt.outdir / "pdf/alpha.pdf").exists()
        papers = json.loads((attempt.outdir / "papers.json").read_text())["papers"]
        alpha = next(p for p in papers if p["id"] == "alpha")
        assert (alpha["pdf_status"], alpha["urls"]["pdf"]) == ("refused", "")


def fetch_another_papers_pdf(app, tmp_path):
    """``fetch --best-effort`` from a mirror whose alpha.pdf is another paper's: refused."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "alpha.pdf").write_bytes(pdf_bytes(title="Beta: Another Paper"))
    options = fetch.Options(project=app.srcdir, cache=app.srcdir / ".cache/pdfs",
                            lock=app.srcdir / "pdfs.lock.json", mirror=str(mirror),
                            best_effort=True)
    assert fetch.fetch_all(options, [], io.StringIO(), live=False) == fetch.EXIT_OK
    return options


def test_a_refusal_reaches_an_incremental_build_and_leaves_with_a_good_file(project,
                                                                           tmp_path):
    app = project()  # first build: not cached, the canonical URL is linked
    assert page(app).select_one("a.paper-button-pdf")["href"] == CANONICAL
    options = fetch_another_papers_pdf(app, tmp_path)
    app.build()
    assert page(app).select_one("a.paper-button-pdf-refused")["href"] == ABSTRACT
    (Path(options.mirror) / "alpha.pdf").write_bytes(GOOD)
    assert fetch.fetch_all(options, [], io.StringIO(), live=False) == fetch.EXIT_OK
    assert not (app.srcdir / ".cache/pdfs/refused.json").exists()
    app.build()
    assert page(app).select_one("a.paper-button-pdf")["href"] == "../pdf/alpha.pdf"
    assert page(app).select_one("p.paper-pdf-refused") is None


def test_lock_entry_of_another_url_is_not_used(project):
    app = project(build=False)
    facts = facts_of(GOOD)
    lock.write_lock(app.srcdir / "pdfs.lock.json",
                    {"alpha": lock.LockEntry("https://example.org/old.pdf", facts)})
    cache_pdf(app.srcdir)
    app.build()
    assert "[papercat.pdf-lock]" in warnings_of(app) and "old.pdf" in warnings_of(app)
    soup = page(app)
    assert soup.select_one("a.paper-button-pdf")["href"] == CANONICAL
    assert soup.select_one(".paper-pdf-facts") is None


def test_cached_file_that_differs_from_the_lock_is_not_published(project):
    app = project(build=False)
    write_lock(app.srcdir)
    cache_pdf(app.srcdir, pdf_bytes(pages=5))
    app.build()
    assert "papers/alpha.md:3: ERROR: " in warnings_of(app)
    assert "[papercat.pdf-mismatch]" in warnings_of(app)
    assert page(app).select_one("a.paper-button-pdf")["href"] == CANONICAL
    assert not (app.outdir / "pdf/alpha.pdf").exists()


def test_rebuild_parses_no_pdf_and_renders_nothing(project, make_app, monkeypatch):
    app = built(project)
    hosted = app.outdir / "pdf/alpha.pdf"
    stamp = hosted.stat().st_mtime_ns

    def forbidden(*args, **kwargs):
        raise AssertionError("the build parsed or rendered a PDF")

    monkeypatch.setattr(verify, "inspect", forbidden)
    monkeypatch.setattr(subprocess, "run", forbidden)
    again = make_app(srcdir=app.srcdir, buildername="html")
    again.build()
    assert "0 added, 0 changed, 0 removed" in again._status.getvalue()
    assert hosted.stat().st_mtime_ns == stamp  # copied only when changed
    # A new lock re-reads the page that uses it (the lock is a dependency).
    write_lock(app.srcdir, title="Alpha: The First Paper ")
    third = make_app(srcdir=app.srcdir, buildername="html")
    third.build()
    assert "0 added, 1 changed, 0 removed" in third._status.getvalue()


def test_each_pdf_is_looked_up_once_and_its_page_filled_from_that(project, monkeypatch):
    """One lookup per record with a PDF URL, when its page is read (alpha; gamma is
    withdrawn, beta has no PDF); the directive's placeholders are all filled."""
    from papercat.pdfs import lookup, nodes  # noqa: PLC0415

    looked_up = []
    run = lookup.Lookup.run
    monkeypatch.setattr(lookup.Lookup, "run",
                        lambda self: looked_up.append(self.paper.id) or run(self))
    app = built(project)
    assert looked_up == ["alpha"]
    doctree = app.env.get_doctree("papers/alpha")
    assert sorted(n["part"] for n in doctree.findall(nodes.pdf_placeholder)) == [
        "buttons", "facts", "sections"]
    resolved = app.env.get_and_resolve_doctree("papers/alpha", app.builder, tags=app.tags)
    assert not any(resolved.findall(nodes.pdf_placeholder))
    pdf = app.env.domains["paperpdf"].paper_pdf("alpha")
    assert pdf.hosted and pdf.entry.facts.pages == 3
    assert page(app).select_one("a.paper-button-pdf")["href"] == "../pdf/alpha.pdf"


def test_a_second_record_on_a_page_has_no_pdf_looked_up(project, monkeypatch):
    """The PDF domain keeps the record the paper domain keeps: the page's first."""
    from papercat.pdfs import lookup  # noqa: PLC0415

    looked_up = []
    run = lookup.Lookup.run
    monkeypatch.setattr(lookup.Lookup, "run",
                        lambda self: looked_up.append(self.paper.id) or run(self))
    alpha = (TESTS / "roots/test-basic/papers/alpha.md").read_text(encoding="utf-8")
    second = ":::{paper}\n:id: omega\n:date: 2024-02-01\n:pdf: https://example.org/o.pdf\n\n" \
             "Omega.\n:::\n"
    app = built(project, files={"papers/alpha.md": alpha + "\n" + second})
    assert looked_up == ["alpha"]
    assert "[papercat.multiple-records]" in warnings_of(app)
    assert app.env.domains["paperpdf"].paper_pdf("omega") is None
    assert page(app).select_one("a.paper-button-pdf")["href"] == "../pdf/alpha.pdf"


def test_two_pages_claiming_one_id_still_write_the_catalogue_files(project):
    """A duplicate id is reported; the files are written from the first page's record."""
    alpha = (TESTS / "roots/test-basic/papers/alpha.md").read_text(encoding="utf-8")
    # Under another title, which the lock's PDF does not carry: its lookup vouches for none.
    again = alpha.replace("# Alpha: The First Paper", "# Alpha Again: Another Title")
    app = built(project, files={"papers/alpha-again.md": again})
    assert "[papercat.duplicate-id]" in warnings_of(app)
    records = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert [p["urls"]["pdf"] for p in records if p["id"] == "alpha"] == ["pdf/alpha.pdf"]


def test_every_file_links_the_pdf_the_page_links(project):
    """``paths.pdf_href`` decides it for papers.json, the feed and citation_pdf_url."""
    from papercat.paths import pdf_href  # noqa: PLC0415

    app = built(project, confoverrides={"html_baseurl": "https://example.org/site/"})
    alpha = app.env.domains["paper"].papers["papers/alpha"]
    assert pdf_href(app, alpha) == "https://example.org/site/pdf/alpha.pdf"
    assert pdf_href(app, alpha, "papers/alpha") == pdf_href(app, alpha)  # absolute stays
    entries = {e["id"]: e for e in json.loads(
        (app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]}
    assert entries["alpha"]["urls"]["pdf"] == pdf_href(app, alpha)
    assert page(app).find("meta", attrs={"name": "citation_pdf_url"})["content"] == \
        pdf_href(app, alpha)
    assert f'href="{pdf_href(app, alpha)}"' in (app.outdir / "feed.atom").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("cached", [True, False])
def test_one_function_decides_the_pdf_url_of_the_page_and_of_the_files(project, cached):
    """``offered_uri``: the page's links (placed from the page) and papers.json agree."""
    from urllib.parse import urljoin  # noqa: PLC0415

    from papercat.paths import pdf_href  # noqa: PLC0415

    base = "https://example.org/site/"
    app = built(project, cached=cached, confoverrides={"html_baseurl": base})
    pdf = app.env.domains["paperpdf"].paper_pdf("alpha")
    offered = pdf_domain.offered_uri(app, pdf)
    assert offered == ("pdf/alpha.pdf" if cached else CANONICAL)
    alpha = app.env.domains["paper"].papers["papers/alpha"]
    expected = urljoin(base, offered)
    assert pdf_href(app, alpha) == expected
    html = page(app)
    links = html.select("a.paper-button-pdf, .paper-reader-open a")
    assert len(links) == (2 if cached else 1)  # no first page without a hosted copy
    assert {urljoin(base + "papers/alpha.html", a["href"]) for a in links} == {expected}
    assert html.select_one("a.paper-button-pdf").has_attr("download") == cached
    entries = {e["id"]: e for e in json.loads(
        (app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]}
    assert entries["alpha"]["urls"]["pdf"] == expected


def test_a_builder_that_hosts_no_files_links_the_canonical_pdf(project):
    app = built(project, buildername="singlehtml")
    pdf = app.env.domains["paperpdf"].paper_pdf("alpha")
    assert pdf.hosted and pdf_domain.offered_uri(app, pdf) == CANONICAL
    html = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    button = html.select_one("a.paper-button-pdf")
    assert button["href"] == CANONICAL and not button.has_attr("download")
    assert not html.select(".paper-reader") and not (app.outdir / "pdf").exists()


def test_pdf_cached_after_a_build_is_hosted_by_the_next_one(project, make_app):
    app = built(project, cached=False)  # a fresh clone: lock committed, no cache yet
    assert page(app).select_one("a.paper-button-pdf")["href"] == CANONICAL
    again = make_app(srcdir=app.srcdir, buildername="html")
    again.build()
    assert "0 added, 0 changed, 0 removed" in again._status.getvalue()
    cache_pdf(app.srcdir)  # make pdfs
    third = make_app(srcdir=app.srcdir, buildername="html")
    third.build()
    assert "0 added, 1 changed, 0 removed" in third._status.getvalue()
    assert page(third).select_one("a.paper-button-pdf")["href"] == "../pdf/alpha.pdf"
    assert (third.outdir / "pdf/alpha.pdf").is_file()
    (app.srcdir / ".cache/pdfs/alpha.pdf").unlink()  # the cache is gone again
    fourth = make_app(srcdir=app.srcdir, buildername="html")
    fourth.build()
    assert page(fourth).select_one("a.paper-button-pdf")["href"] == CANONICAL
    assert not (fourth.outdir / "pdf/alpha.pdf").exists()


def test_without_pypdfium2_no_thumbnail_and_one_notice(project, monkeypatch):
    monkeypatch.setattr(thumbnails, "available", lambda: False)
    app = built(project)
    assert app._status.getvalue().count("pypdfium2 (or Pillow) is not installed") == 1
    assert page(app).select_one("img.paper-thumbnail") is None
    assert page(app).select_one(".paper-reader a")["href"] == "../pdf/alpha.pdf"


def test_hostile_pdf_render_times_out(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time; time.sleep(5)\n")
    targets = (tmp_path / "a.webp", tmp_path / "b.webp")
    original = thumbnails.__file__
    try:
        thumbnails.__file__ = str(slow)
        problem = thumbnails.make_thumbnails(tmp_path / "x.pdf", targets, time_limit=0.5)
    finally:
        thumbnails.__file__ = original
    assert "longer than 0.5 s" in problem
    assert not any(target.exists() for target in targets)


def test_parallel_build_hosts_the_pdf(project):
    app = built(project, parallel=2)
    assert warnings_of(app) == ""
    assert (app.outdir / "pdf/alpha.pdf").is_file()
    assert page(app).select_one("a.paper-button-pdf")["download"] == "Alpha.pdf"


def test_listings_show_the_first_page(project):
    app = built(project)
    assert page(app, "index.html").select_one("img.paper-card-thumb")["src"] == "pdf/alpha.webp"
    assert len(page(app, "index.html").select("img.paper-card-thumb")) == 1


def test_dirhtml_links(project):
    app = built(project, buildername="dirhtml")
    soup = page(app, "papers/alpha/index.html")
    assert soup.select_one("a.paper-button-pdf")["href"] == "../../pdf/alpha.pdf"
    assert soup.select_one(".paper-pdf-contents a")["href"] == "../../pdf/alpha.pdf#page=2"
    assert (app.outdir / "pdf/alpha.pdf").is_file()


def test_text_builder_in_chinese_shows_labels_without_links(project):
    # (Text rather than HTML: the Chinese search index would load jieba, which is slow.)
    app = built(project, buildername="text", confoverrides={"language": "zh_CN"})
    text = (app.outdir / "papers/alpha.txt").read_text(encoding="utf-8")
    assert "PDF 文件: 共 3 页，2 KB" in text
    assert "章节目录" in text and "论文目录" not in text and "Introduction 第 2 页" in text
    assert not (app.outdir / "pdf").exists()


def test_papers_json_takes_the_facts_from_the_lock_the_setting_names(project):
    app = project(build=False, confoverrides={"papercat_pdf_lock": "locks/pdfs.json"})
    write_lock(app.srcdir)
    (app.srcdir / "locks").mkdir()
    (app.srcdir / "pdfs.lock.json").rename(app.srcdir / "locks/pdfs.json")
    app.build()
    records = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]
    facts = next(p["pdf"] for p in records if p["id"] == "alpha")
    assert facts == {"sha256": facts_of(GOOD).sha256, "size": facts_of(GOOD).size,
                     "pages": facts_of(GOOD).pages, "title": facts_of(GOOD).title}


def test_an_unreadable_lock_is_reported_at_the_record_and_vouches_for_nothing(project):
    app = project(build=False)
    cache_pdf(app.srcdir)
    (app.srcdir / "pdfs.lock.json").write_text("{not json", encoding="utf-8")
    app.build()
    warnings = warnings_of(app)
    assert "alpha.md:" in warnings and "not a valid lock file" in warnings
    assert "[papercat.pdf-lock]" in warnings
    records = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]
    alpha = next(p for p in records if p["id"] == "alpha")
    assert (alpha["pdf"], alpha["pdf_status"]) == (None, "linked")


def test_papers_json_shows_no_facts_the_page_refused(project):
    """A lock entry of another paper's title: neither the page nor papers.json shows it."""
    app = built(project, title="Another Paper Entirely")
    assert "[papercat.pdf-title-mismatch]" in warnings_of(app)
    records = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))["papers"]
    alpha = next(p for p in records if p["id"] == "alpha")
    assert alpha["pdf"] is None and alpha["urls"]["pdf"] == CANONICAL
    assert not page(app).select(".paper-pdf-facts")


def test_the_refusal_note_is_chinese_on_the_chinese_site(project, tmp_path):
    app = project(build=False, confoverrides={"language": "zh_CN"})
    fetch_another_papers_pdf(app, tmp_path)
    app.build()
    soup = page(app)
    assert soup.select_one("a.paper-button-pdf-refused").text == "PDF 未通过校验"
    note = soup.select_one("p.paper-pdf-refused")
    assert "未能通过校验" in note.text and note.a["href"] == ABSTRACT
    assert "verified" not in note.text
