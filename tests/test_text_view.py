"""The text view of a hosted PDF (pdfs/textview.py): ``text/<id>.html``, with a stand-in
PDF.js where the reader matters.

The page in Chromium (phone size, axe-core) is test_text_browser.py's; here: which PDFs get
one, what it holds, its links and labels in both languages, escaping, the sitemap.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from helpers import Site, warnings_of
from test_pdf_build import built, cache_pdf, page, write_lock
from test_reader import PDFJS, with_reader

from papercat.pdfs import text
from papercat.pdfs.lookup import file_sha256

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
#: A text layer as an attacker would write it into a PDF: markup in every string.
HOSTILE = {
    "format": text.FORMAT, "sha256": "", "extractor": "test", "arxiv": "",
    "pages": [
        {"page": 1, "blocks": [
            {"kind": "paragraph", "text": "Alpha: The First Paper <script>alert(1)</script>"},
        ]},
        {"page": 2, "blocks": [
            {"kind": "heading", "level": 1, "text": "Intro <img src=x onerror=alert(1)>"},
            {"kind": "heading", "level": 3, "text": "A detail"},
            {"kind": "paragraph", "text": 'Tom & Jerry say "</p><p>" at https://example.org/'
                                          + "a" * 300},
        ]},
        {"page": 3, "blocks": []},
    ],
}


#: A cached layer of this format that does not parse: not extracted again, and not shown.
UNREADABLE = f'{{"format": {text.FORMAT}, broken'


@pytest.fixture(autouse=True)
def default_cache(monkeypatch):
    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)


def host_alpha(app, layer: str | None = None) -> None:
    """Lock and cache alpha's PDF; with ``layer``, as its cached text layer (extraction
    skips a cached one)."""
    write_lock(app.srcdir)
    cache_pdf(app.srcdir)
    if layer is not None:
        sha = file_sha256(app.srcdir / ".cache/pdfs/alpha.pdf")
        target = text.text_path(app.srcdir / ".cache/pdfs", sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(layer.replace("SHA", sha), encoding="utf-8")


def with_layer(project, layer: dict):
    app = project(build=False)
    host_alpha(app, json.dumps({**layer, "sha256": "SHA"}))
    app.build()
    return app


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_hosted_pdf_gets_a_text_view_linked_from_its_paper(project):
    app = with_reader(project)
    assert warnings_of(app) == ""
    # alpha is hosted; beta has no PDF, gamma is withdrawn: no text view for them.
    assert sorted(p.name for p in (app.outdir / "text").iterdir()) == ["alpha.html"]
    soup = page(app)
    buttons = [(a["class"][1], a.get_text(), a["href"]) for a in soup.select(".paper-actions a")]
    assert buttons[:3] == [("paper-button-pdf", "Download PDF", "../pdf/alpha.pdf"),
                           ("paper-button-read", "Read online", "../read/alpha.html"),
                           ("paper-button-text", "Full text", "../text/alpha.html")]
    for name in ("papers/beta.html", "papers/gamma.html"):
        assert page(app, name).select_one("a.paper-button-text") is None
    # The reader links it too.
    reader = page(app, "read/alpha.html").select_one("a.reader-text")
    assert (reader["href"], reader["title"]) == ("../text/alpha.html", "Full text")


def test_the_text_view_holds_the_papers_text_in_english(project):
    app = with_reader(project)
    soup = page(app, "text/alpha.html")
    assert soup.title.get_text().startswith("Full text: Alpha: The First Paper")
    assert soup.html["lang"] == "en"
    body = soup.select_one(".paper-text")
    assert body["lang"] == "en"
    # The extracted first page, and the outline's headings at their pages (h2 under the h1).
    first_page = []
    for sibling in body.select_one("#page-1").find_next_siblings():
        if "paper-text-marker" in (sibling.get("class") or []):
            break
        first_page.append(sibling.get_text())
    assert "We study things." in " ".join(first_page)
    assert [(h.name, h.get_text()) for h in body.select("h2, h3, h4")] == [
        ("h2", "Introduction"), ("h2", "Method"), ("h3", "Data"), ("h2", "Results")]
    assert soup.select_one("h1").get_text() == "Alpha: The First Paper"
    # One marker per PDF page, each opening the reader at its page.
    markers = [(m["id"], m.a.get_text(), m.a["href"], m.a["aria-label"])
               for m in body.select(".paper-text-marker")]
    assert markers == [(f"page-{n}", f"Page {n}", f"../read/alpha.html#page={n}",
                        f"Page {n} in the reader") for n in (1, 2, 3)]
    # Around the text: back to the paper, the PDF, the note linking the reader, the contents.
    assert soup.select_one(".paper-text-back a")["href"] == "../papers/alpha.html"
    download = soup.select_one("a.paper-button-pdf")
    assert (download["href"], download["download"]) == ("../pdf/alpha.pdf", "Alpha.pdf")
    note = soup.select_one(".paper-text-note")
    assert "Formulas, tables and figures" in note.get_text()
    assert note.a["href"] == "../read/alpha.html"
    contents = [(a.get_text(), a["href"]) for a in soup.select(".paper-text-contents a")]
    assert contents[0] == ("Introduction", "#section-1")
    assert soup.select_one("#section-1").get_text() == "Introduction"
    # The site's page: its sidebar with the language switch, its own style.
    assert soup.select_one(".sidebar-drawer .papercat-languages")
    assert soup.find("link", href="../_static/papercat-text.css")
    assert (app.outdir / "_static/papercat-text.css").is_file()


def test_chinese_labels_around_the_english_text(project):
    app = with_reader(project, confoverrides={"language": "zh_CN"})
    assert page(app).select_one("a.paper-button-text").get_text() == "全文"
    soup = page(app, "text/alpha.html")
    assert soup.html["lang"] == "zh-CN"
    assert soup.select_one(".paper-text")["lang"] == "en"
    marker = soup.select_one("#page-2")
    assert marker["lang"] == "zh-CN"  # a label of the site inside the English text
    assert (marker.a.get_text(), marker.a["aria-label"]) == ("第 2 页", "在阅读器中打开第 2 页")
    assert soup.select_one(".paper-text-kicker").get_text() == "全文"
    assert soup.select_one(".paper-text-back a").get_text(strip=True) == "←返回论文页面"
    assert "公式、表格和图片" in soup.select_one(".paper-text-note").get_text()
    assert soup.select_one(".paper-text-contents summary").get_text() == "章节目录"
    assert soup.title.get_text().startswith("全文：")
    assert page(app, "read/alpha.html").select_one("a.reader-text")["title"] == "全文"


def test_without_the_reader_markers_open_the_pdf_at_their_page(project):
    app = built(project)  # no PDF.js
    soup = page(app, "text/alpha.html")
    assert [a["href"] for a in soup.select(".paper-text-marker a")] == [
        f"../pdf/alpha.pdf#page={n}" for n in (1, 2, 3)]
    assert soup.select_one("#page-1 a")["aria-label"] == "Page 1 of the PDF"
    assert soup.select_one(".paper-text-note a")["href"] == "../pdf/alpha.pdf"
    assert page(app).select_one("a.paper-button-text")["href"] == "../text/alpha.html"


def test_an_unhosted_pdf_gets_no_text_view(project):
    app = with_reader(project, cached=False)
    assert not (app.outdir / "text").exists()
    assert page(app).select_one("a.paper-button-text") is None


def test_the_text_is_escaped(project):
    app = with_layer(project, HOSTILE)
    assert warnings_of(app) == ""
    html = (app.outdir / "text/alpha.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "</p><p>" not in html
    soup = page(app, "text/alpha.html")
    assert soup.select_one("#section-1").get_text() == "Intro <img src=x onerror=alert(1)>"
    assert soup.select_one("#section-2").name == "h4"
    assert 'Tom & Jerry say "</p><p>"' in soup.select_one(".paper-text").get_text()
    # A page without text keeps its marker.
    assert soup.select_one("#page-3 a")


def test_a_layer_of_another_shape_is_read_as_far_as_it_goes(project):
    layer = {**HOSTILE, "pages": [
        {"page": "one", "blocks": []},
        {"page": 2, "blocks": [None, {"kind": "heading", "level": "x", "text": "Odd"},
                               {"kind": "paragraph", "text": 7}]}]}
    app = with_layer(project, layer)
    assert warnings_of(app) == ""
    soup = page(app, "text/alpha.html")
    assert [m["id"] for m in soup.select(".paper-text-marker")] == ["page-2"]
    assert soup.select_one("#section-1").name == "h2"


def test_an_unreadable_layer_gives_no_page_and_no_button(project):
    app = project(PDFJS, build=False)
    host_alpha(app, UNREADABLE)
    app.build()
    assert warnings_of(app) == ""
    assert not (app.outdir / "text").exists()
    assert page(app).select_one("a.paper-button-text") is None
    assert page(app, "read/alpha.html").select_one("a.reader-text") is None


def test_sitemap_lists_the_text_view_with_its_alternates(project):
    app = with_reader(project, confoverrides={"html_baseurl": "https://example.org/en/"})
    root = ET.parse(app.outdir / "sitemap.xml").getroot()
    urls = {url.findtext(f"{SITEMAP_NS}loc"): url for url in root.iter(f"{SITEMAP_NS}url")}
    entry = urls["https://example.org/en/text/alpha.html"]
    alternates = {link.get("hreflang"): link.get("href")
                  for link in entry.iter(f"{XHTML_NS}link")}
    assert alternates["zh-CN"] == "https://example.org/zh_CN/text/alpha.html"
    assert "https://example.org/en/read/alpha.html" not in urls  # nothing to index there
    soup = page(app, "text/alpha.html")
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/en/text/alpha.html"
    # The language switch's links, as on every page (relative in a local build).
    assert soup.find("link", hreflang="zh-CN")["href"] == "../../zh_CN/text/alpha.html"


def test_dirhtml_links(project):
    app = with_reader(project, buildername="dirhtml")
    soup = soup_of(app.outdir / "text/alpha/index.html")
    assert soup.select_one("#page-2 a")["href"] == "../../read/alpha/#page=2"
    assert soup.select_one(".paper-text-back a")["href"] == "../../papers/alpha/"
    paper = soup_of(app.outdir / "papers/alpha/index.html")
    assert paper.select_one("a.paper-button-text")["href"] == "../../text/alpha/"


def test_a_layer_appearing_rewrites_the_paper_page(project, make_app):
    app = project(build=False)
    host_alpha(app, UNREADABLE)
    app.build()
    assert page(app).select_one("a.paper-button-text") is None
    # Gone from the cache: the next build extracts it again, and nothing else changed.
    text.text_path(app.srcdir / ".cache/pdfs",
                   file_sha256(app.srcdir / ".cache/pdfs/alpha.pdf")).unlink()
    again = make_app(srcdir=app.srcdir, buildername="html")
    again.build()
    assert page(again).select_one("a.paper-button-text")["href"] == "../text/alpha.html"
    assert (again.outdir / "text/alpha.html").is_file()


def test_rebuilds_write_the_paper_page_only_when_its_text_view_comes_or_goes(tmp_path):
    site = Site(tmp_path)  # built by `python -m sphinx` in a fresh process, as users do
    write_lock(site.srcdir)
    cache_pdf(site.srcdir)
    site.build()
    assert site.soup("papers/alpha").select_one("a.paper-button-text")
    assert site.build()[:2] == ([], [])  # a no-op build reads and writes no document
    layer = text.text_path(site.srcdir / ".cache/pdfs",
                           file_sha256(site.srcdir / ".cache/pdfs/alpha.pdf"))
    layer.write_text(UNREADABLE, encoding="utf-8")
    # The page, and (Sphinx's rule for an updated page) the one whose toctree lists it.
    assert site.build()[:2] == ([], ["index", "papers/alpha"])
    assert site.soup("papers/alpha").select_one("a.paper-button-text") is None
    assert not (site.outdir / "text/alpha.html").exists()  # not left from the last build
    layer.unlink()  # extracted again by the next build
    assert site.build()[:2] == ([], ["index", "papers/alpha"])
    assert site.soup("papers/alpha").select_one("a.paper-button-text")
    assert (site.outdir / "text/alpha.html").is_file()
