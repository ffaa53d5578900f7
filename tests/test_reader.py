"""The online reader's pages and links (pdfs/reader.py), with a stand-in PDF.js.

The reader itself runs in Chromium (test_reader_browser.py); here: which pages
get one, how paper pages link it, and what a build without PDF.js does.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers import warnings_of
from test_pdf_build import built, page

from papercat.pdfs.reader import PDFJS_FILES

NOTICE = "PDF.js not found"


@pytest.fixture(autouse=True)
def default_cache(monkeypatch):
    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)


#: What `npm ci` leaves in node_modules/pdfjs-dist, with files the reader never takes.
PDFJS = {f"node_modules/pdfjs-dist/{name}": "export {};\n"
         for name in (*PDFJS_FILES, "build/pdf.mjs")}
PDFJS["node_modules/pdfjs-dist/standard_fonts/FoxitSerif.pfb"] = "font"
PDFJS["node_modules/pdfjs-dist/README.md"] = "# PDF.js\n"  # never a page of the site


def with_reader(project, cached: bool = True, **kwargs):
    return built(project, cached=cached, files=PDFJS, **kwargs)


def install_pdfjs(srcdir) -> None:
    for name, text in PDFJS.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text)


def test_a_hosted_pdf_gets_a_reader_page_linked_from_its_paper(project):
    app = with_reader(project)
    assert warnings_of(app) == ""
    assert NOTICE not in app._status.getvalue()
    # alpha is hosted; beta has no PDF, gamma is withdrawn: no reader for them.
    assert sorted(p.name for p in (app.outdir / "read").iterdir()) == ["alpha.html"]
    soup = page(app)
    button = soup.select_one("a.paper-button-read")
    assert (button.get_text(), button["href"]) == ("Read online", "../read/alpha.html")
    assert button.find_previous_sibling("a")["class"][:2] == ["paper-button", "paper-button-pdf"]
    links = [a["href"] for a in soup.select(".paper-pdf-contents a")]
    assert links == ["../read/alpha.html#page=2", "../read/alpha.html#page=2",
                     "../read/alpha.html#page=3", "../read/alpha.html#page=3"]
    reader_box = soup.select_one("div.paper-reader")
    assert not reader_box.has_attr("data-pdf")  # no frame: the page never fetches its PDF
    assert reader_box.select_one("a.paper-thumbnail-link")["href"] == "../read/alpha.html"
    assert not soup.find("script", src=lambda s: s and "papercat-reader" in s)
    assert not soup.find("link", href=lambda s: s and "papercat-reader" in s)
    for name in ("papers/beta.html", "papers/gamma.html"):
        assert page(app, name).select_one("a.paper-button-read") is None


def test_the_reader_page_reads_the_hosted_pdf(project):
    app = with_reader(project)
    soup = page(app, "read/alpha.html")
    reader = soup.select_one("#reader")
    assert reader["data-pdf"] == "../pdf/alpha.pdf"
    assert reader["data-label-page"] == "Page %(page)s"
    assert soup.find("script", type="module")["src"] == "../_static/papercat-reader.js"
    assert soup.select_one("a.reader-back")["href"] == "../papers/alpha.html"
    download = soup.select_one("a.reader-download")
    assert (download["href"], download["download"]) == ("../pdf/alpha.pdf", "Alpha.pdf")
    outline = [(a.get_text(), a["href"]) for a in soup.select("#reader-outline a")]
    assert outline == [("Introduction", "#page=2"), ("Method", "#page=2"),
                       ("Data", "#page=3"), ("Results", "#page=3")]
    assert soup.select_one(".reader-page-count").get_text() == "of 3"
    # Without JavaScript: a link to the PDF.
    assert soup.select_one("#reader-status a")["href"] == "../pdf/alpha.pdf"
    pdfjs = app.outdir / "_static" / "pdfjs"
    assert sorted(p.name for p in pdfjs.rglob("*") if p.is_file()) == [
        "FoxitSerif.pfb", "pdf.min.mjs", "pdf.worker.min.mjs"]
    assert not (app.outdir / "node_modules").exists()


def test_chinese_reader_labels(project):
    app = with_reader(project, confoverrides={"language": "zh_CN"})
    assert page(app).select_one("a.paper-button-read").get_text() == "在线阅读"
    soup = page(app, "read/alpha.html")
    assert soup.select_one("#reader")["data-label-page"] == "第 %(page)s 页"
    assert soup.select_one("#reader-outline-heading").get_text() == "章节目录"
    assert soup.select_one("#reader-next")["title"] == "下一页"
    assert soup.select_one(".reader-page-count").get_text() == "共 3 页"


def test_without_pdfjs_one_notice_and_pages_link_the_pdf(project):
    app = built(project)
    assert warnings_of(app) == ""  # -W builds without network must pass
    assert app._status.getvalue().count(NOTICE) == 1
    assert not (app.outdir / "read").exists()
    assert not (app.outdir / "_static" / "pdfjs").exists()
    soup = page(app)
    assert soup.select_one("a.paper-button-read") is None
    assert soup.select_one(".paper-pdf-contents a")["href"] == "../pdf/alpha.pdf#page=2"
    preview = soup.select_one("div.paper-reader")  # the first page and "Open the PDF"
    assert not preview.has_attr("data-pdf")  # no frame: the page never fetches its PDF
    assert preview.select_one(".paper-reader-open a")["href"] == "../pdf/alpha.pdf"


def test_an_uncached_pdf_gets_no_reader(project):
    app = with_reader(project, cached=False)
    assert not (app.outdir / "read").exists()
    assert page(app).select_one("a.paper-button-read") is None


def test_installing_pdfjs_rewrites_the_pages_that_host_a_pdf(project, make_app):
    app = built(project)
    assert page(app).select_one("a.paper-button-read") is None
    install_pdfjs(app.srcdir)  # make html, with network again
    again = make_app(srcdir=app.srcdir, buildername="html")
    again.build()
    assert page(again).select_one("a.paper-button-read")["href"] == "../read/alpha.html"
    assert (again.outdir / "read" / "alpha.html").is_file()


def test_bibtex_block_and_sidebar_captions_are_accessible(project):
    app = project(files={"index.md": "# Test catalogue\n\n```{toctree}\n:caption: Topics\n\n"
                                     "tags/reasoning\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n"
                                     "papers/*\ntags/*\n```\n"})
    soup = page(app)
    pre = soup.select_one(".paper-bibtex pre")
    assert (pre["tabindex"], pre["aria-label"]) == ("0", "BibTeX entry")
    home = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # In the page (Sphinx's toctree) and in the sidebar (furo's navigation tree).
    captions = [(c.find_parent(class_="sidebar-tree") is not None, c["role"], c.get("aria-level"))
                for c in home.select("p.caption")]
    assert sorted(captions) == [(False, "heading", "2"), (True, "heading", "2")]
