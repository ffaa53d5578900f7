"""The Pagefind search: what is indexed (pages, passages), the glossary, the no-op skip, and
the build without the Pagefind binary. The browser side is ``test_search_browser.py``."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from helpers import warnings_of

from papercat.site import search_index
from papercat.site.search_index import Passage, passages_of_layer, record_html, records

LAYER = {"format": 1, "sha256": "0" * 64, "extractor": "test", "arxiv": "",
         "pages": [
             {"page": 1, "blocks": [{"kind": "heading", "level": 1, "text": "Introduction"},
                                    {"kind": "paragraph", "text": "We saw an aha moment."}]},
             {"page": 2, "blocks": []},  # a page of figures: nothing to find
             {"page": 3, "blocks": [{"kind": "paragraph", "text": "Multi-head Latent "
                                                                  "Attention (MLA) <b>"}]}]}

needs_pagefind = pytest.mark.skipif(search_index.pagefind_executable() is None,
                                    reason="the Pagefind binary is not installed")


def test_one_passage_per_page_with_text():
    found = list(passages_of_layer(LAYER, url="read/r1.html", paper="papers/r1.html",
                                   paper_id="r1", title="R1, a paper"))
    assert [(p.page, p.url) for p in found] == [(1, "read/r1.html#page=1"),
                                                (3, "read/r1.html#page=3")]
    assert found[0].text == "Introduction\nWe saw an aha moment."


def test_a_record_holds_a_few_pages_of_one_paper_under_their_anchors():
    def passage(paper, page):
        return Passage(f"read/{paper}.html#page={page}", f"papers/{paper}.html", paper, paper,
                       page, f"text of {paper} {page}")

    found = [passage("r1", n) for n in range(1, 6)] + [passage("v3", 1)]
    grouped = [[(p.paper_id, p.page) for p in record] for record in records(found)]
    assert grouped == [[("r1", 1), ("r1", 2), ("r1", 3)], [("r1", 4), ("r1", 5)], [("v3", 1)]]
    soup = BeautifulSoup(record_html(found[3:5], "en"), "html.parser")
    assert [h["id"] for h in soup.select("article h2")] == ["page-4", "page-5"]
    assert soup.select_one("#page-5").find_next("p").get_text() == "text of r1 5"


def test_a_record_carries_where_it_opens_and_escapes_the_papers_text():
    passage = Passage("read/r1.html#page=3", "papers/r1.html", "r1", 'R1, "a" paper', 3,
                      "Attention <script>alert(1)</script>")
    soup = BeautifulSoup(record_html([passage], "zh-cn"), "html.parser")
    assert soup.html["lang"] == "zh-cn"
    meta = {span["data-pagefind-meta"].split("[")[0]: span["data-value"]
            for span in soup.select("[data-pagefind-meta]")}
    assert meta == {"title": 'R1, "a" paper', "href": "/read/r1.html", "anchor": "#page=",
                    "paper": "/papers/r1.html", "kind": "passage", "lang": "en"}
    assert soup.select_one("[data-pagefind-filter]")["data-value"] == "r1"
    assert soup.find("script") is None
    assert soup.article.p.get_text() == "Attention <script>alert(1)</script>"


def test_without_the_reader_a_passage_opens_the_text_view_at_its_marker():
    found = list(passages_of_layer(LAYER, url="text/r1.html", paper="papers/r1.html",
                                   paper_id="r1", title="R1", anchor="#page-{page}"))
    assert [p.url for p in found] == ["text/r1.html#page-1", "text/r1.html#page-3"]
    soup = BeautifulSoup(record_html(found, "en"), "html.parser")
    anchor = soup.select_one('[data-pagefind-meta^="anchor"]')["data-value"]
    assert anchor == "#page-" and soup.select_one("#page-3")


def test_digest_follows_pages_and_passages(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<p>one</p>", encoding="utf-8")
    pages = [search_index.SitePage("a.html", page, "a.html")]
    passage = Passage("read/r1.html#page=1", "papers/r1.html", "r1", "R1", 1, "text")
    first = search_index.digest(pages, [passage], "en")
    assert first == search_index.digest(pages, [passage], "en")
    assert first != search_index.digest(pages, [passage._replace(text="other")], "en")
    assert first != search_index.digest(pages, [passage], "zh-cn")
    page.write_text("<p>two</p>", encoding="utf-8")
    assert first != search_index.digest(pages, [passage], "en")


def glossary_of(app) -> list[list[str]]:
    soup = BeautifulSoup((app.outdir / "search.html").read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one("#papercat-search-glossary").string)


@needs_pagefind
@pytest.mark.parametrize(("language", "mla"), [
    ("en", ["Multi-head Latent Attention", "MLA"]),
    ("zh_CN", ["多头潜在注意力", "Multi-head Latent Attention", "MLA"]),
])
def test_search_page_and_glossary_from_the_technique_records(project, language, mla):
    app = project(root="test-techniques", confoverrides={"language": language,
                                                         "papercat_search": "pagefind"})
    assert mla in glossary_of(app)
    soup = BeautifulSoup((app.outdir / "search.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert soup.select_one("script[src$='papercat-search.js']")
    assert not soup.select("script[src$='searchindex.js']")  # never loaded by this page
    noscript = soup.select_one("noscript")
    assert noscript.a["href"] == "index.html"
    entry = json.loads((app.outdir / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [language.replace("_", "-").lower()]


@needs_pagefind
def test_indexes_pages_and_skips_an_unchanged_build(tmp_path):
    from helpers import Site

    site = Site(tmp_path)
    site.change({"conf.py": site.read("conf.py").replace('papercat_search = "sphinx"', "")})
    site.build()
    entry = site.outdir / "pagefind" / "pagefind-entry.json"
    index = json.loads(entry.read_text(encoding="utf-8"))
    found = site.outdir.glob("pagefind/fragment/*.pf_fragment")
    assert index["languages"]["en"]["page_count"] == len(list(found)) > 1
    before = entry.stat().st_mtime_ns
    _, written, _ = site.build()
    assert written == []
    assert entry.stat().st_mtime_ns == before  # nothing changed: not indexed again
    site.change({"index.md": site.read("index.md") + "\nA new sentence.\n"})
    site.build()
    assert entry.stat().st_mtime_ns != before


def test_without_the_binary_the_build_keeps_sphinx_search(project, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: None)
    app = project(confoverrides={"papercat_search": "pagefind"})
    html = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in html and "papercat-search.js" not in html
    assert not (app.outdir / "pagefind").exists()
    status = app.status.getvalue()
    assert status.count("the Pagefind binary is not installed") == 1
    assert "WARNING" not in warnings_of(app)
