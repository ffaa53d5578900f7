"""The Pagefind search: what is indexed (pages, passages), the glossary, the no-op skip, and
the build without the Pagefind binary. The browser side is ``test_search_browser.py``."""

from __future__ import annotations

import gzip
import json

import pytest
from bs4 import BeautifulSoup
from helpers import warnings_of

from papercat.site import search_bundles, search_index
from papercat.site.search_bundles import UNIT_MARK, Unit
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


def test_a_page_is_indexed_as_its_article_without_the_listings_cards():
    built = ('<html lang="en"><body><nav>sidebar</nav><article role="main" id="main">'
             '<h1>Reasoning</h1><p>Papers on reasoning.</p>'
             '<ul class="paper-list-entries"><li>A card</li></ul><p>After.</p></article>'
             '<footer>foot</footer></body></html>')
    soup = BeautifulSoup(search_index.staged_page(built, "zh-cn"), "html.parser")
    assert soup.html["lang"] == "zh-cn"
    assert soup.article.get_text(" ", strip=True) == "Reasoning Papers on reasoning. After."
    assert search_index.staged_page("<html><body>no article</body></html>", "en") is None


def page_unit(key: str, words: str) -> Unit:
    html = (f'<html lang="en"><body><article role="main">{UNIT_MARK}<h1>{key}</h1>'
            f"<p>{words}</p></article></body></html>")
    return Unit(key, words, lambda: [(f"{key}.html", html)])


def served(outdir) -> dict:
    return json.loads((outdir / "pagefind" / search_bundles.SERVED).read_text())


def fragments(bundle) -> list[dict]:
    return [json.loads(gzip.decompress(path.read_bytes())[12:])
            for path in bundle.glob("fragment/*.pf_fragment")]


@needs_pagefind
def test_bundles_index_what_changed_and_keep_the_base_for_an_empty_output(tmp_path):
    outdir, cache = tmp_path / "out", tmp_path / "cache"
    outdir.mkdir()
    units = [page_unit(f"p{n}", f"words of page {n}") for n in range(40)]

    def update(units, outdir=outdir, language="en"):
        return search_index.index(outdir, language, units, cache)

    assert update(units) == search_bundles.Outcome("base", 40)
    assert len(fragments(outdir / "pagefind")) == 40
    assert served(outdir) == {"recent": None, "replaced": []}
    assert update(units).written == "nothing"  # a no-op build indexes nothing
    # An edit: one unit in the overlay, marked, and the base's copy replaced.
    edited = [*units[:39], page_unit("p39", "an aha moment")]
    assert update(edited) == search_bundles.Outcome("recent", 1)
    recent = fragments(outdir / "pagefind-recent")
    assert [(f["meta"]["unit"], f["meta"]["recent"]) for f in recent] == [("p39", "1")]
    assert "aha moment" in recent[0]["content"]
    assert served(outdir) == {"recent": "pagefind-recent/", "replaced": ["p39"]}
    assert update(edited).written == "nothing"
    # A removed page: nothing to add, the base's result dropped.
    assert update(units[:39]) == search_bundles.Outcome("recent", 0)
    assert not (outdir / "pagefind-recent").exists()
    assert served(outdir) == {"recent": None, "replaced": ["p39"]}
    # Back as it was: the overlay goes.
    assert update(units).written == "recent"
    assert served(outdir) == {"recent": None, "replaced": []}
    # More changes than the overlay holds: the base again, and no overlay.
    many = [page_unit(f"p{n}", f"new words {n}") for n in range(40)]
    assert update(many) == search_bundles.Outcome("base", 40)
    assert not (outdir / "pagefind-recent").exists()
    # A build into an empty output folder starts from the kept base.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert update(many, outdir=empty).written == "kept"
    assert len(fragments(empty / "pagefind")) == 40
    assert update(many, outdir=empty, language="zh-cn").written == "base"  # other settings


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
    assert entry.stat().st_mtime_ns == before  # the base stays; the overlay has the page
    recent = site.outdir / "pagefind-recent" / "pagefind-entry.json"
    assert json.loads(recent.read_text(encoding="utf-8"))["languages"]["en"]["page_count"] == 1


def test_without_the_binary_the_build_keeps_sphinx_search(project, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: None)
    app = project(confoverrides={"papercat_search": "pagefind"})
    html = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in html and "papercat-search.js" not in html
    assert not (app.outdir / "pagefind").exists()
    status = app.status.getvalue()
    assert status.count("the Pagefind binary is not installed") == 1
    assert "WARNING" not in warnings_of(app)
