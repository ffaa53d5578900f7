"""Search inside the papers, in Chromium: `make pdfs MIRROR=../shared/pdfs && make html &&
make test-browser`.

Same server, browser and tabs as ``test_browser.py``: both sites served from
127.0.0.1, every request that would leave it blocked and failing the test, any
console error failing it too. Tests that need a paper's PDF skip when the build did
not host it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from test_browser import SITE, browser, server, visit  # noqa: F401
from test_reader_browser import AXE, expect, serious_violations

pytestmark = pytest.mark.browser

STATUS = "#papercat-search-status"
FINISHED = re.compile("Results for|Nothing found|的搜索结果|没有找到")


def require_hosted(language: str, *papers: str) -> None:
    for paper in papers:
        if not (SITE / language / "read" / f"{paper}.html").is_file():
            pytest.skip(f"{paper}'s PDF is not hosted with the reader: `make pdfs "
                        "MIRROR=../shared/pdfs && make html` hosts it")


def search(visit, language: str, query: str):
    tab = visit()
    page = tab.go(f"{language}/search.html?q={query}")
    expect(page.locator(STATUS)).to_have_text(FINISHED, timeout=20_000)
    return tab, page


def site_path(href: str) -> str:
    """``read/deepseek-r1.html#page=8&...`` from an absolute link of one language's site."""
    parts = urlsplit(href)
    return parts.path.split("/", 2)[2] + (f"#{parts.fragment}" if parts.fragment else "")


def pages_saying(paper: str, phrase: str) -> set[int]:
    """The pages of the hosted PDF whose text holds the phrase (read with pypdf)."""
    import pypdf

    reader = pypdf.PdfReader(SITE / "en" / "pdf" / f"{paper}.pdf")
    return {number for number, page in enumerate(reader.pages, start=1)
            if phrase in " ".join((page.extract_text() or "").split()).lower()}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_phrase_finds_the_page_of_the_pdf_and_opens_the_reader_there(visit, language):
    require_hosted(language, "deepseek-r1")
    tab, page = search(visit, language, "aha moment")
    group = page.locator(".papercat-search-group").filter(
        has=page.locator('h2 a[href$="papers/deepseek-r1.html"]'))
    first = group.locator(".papercat-search-passages li").first
    link = first.locator("a")
    target = site_path(link.get_attribute("href"))
    number = int(re.match(r"read/deepseek-r1\.html#page=(\d+)&search=aha%20moment$",
                          target).group(1))
    assert number in pages_saying("deepseek-r1", "aha moment")
    marked = " ".join(first.locator("mark").all_inner_texts()).lower()
    assert "aha" in marked and "moment" in marked
    link.click()
    expect(page).to_have_url(re.compile(rf"read/deepseek-r1\.html#page={number}"))
    # The phrase where a line of the text layer holds it, else each of its words.
    marks = page.locator(f'.reader-page[data-page="{number}"] mark.reader-match')
    expect(marks.first).to_have_text(re.compile("aha|moment", re.IGNORECASE), timeout=20_000)
    highlighted = " ".join(marks.all_inner_texts()).lower()
    assert "aha" in highlighted and "moment" in highlighted
    assert tab.errors == []  # nothing left 127.0.0.1


def test_more_in_this_paper_shows_the_other_passages(visit):
    require_hosted("en", "deepseek-r1")
    _, page = search(visit, "en", "aha moment")
    group = page.locator(".papercat-search-group").filter(
        has=page.locator('h2 a[href$="papers/deepseek-r1.html"]'))
    passages = group.locator(".papercat-search-passages li")
    expect(passages).to_have_count(3)
    group.locator("button.papercat-search-more").click()
    expect(passages.nth(3)).to_be_visible()
    expect(passages.nth(3).locator("a")).to_be_focused()


def test_a_chinese_technique_name_finds_the_english_passages(visit):
    require_hosted("zh_CN", "deepseek-v2", "deepseek-v3")
    _, page = search(visit, "zh_CN", "多头潜在注意力")
    links = [site_path(href) for href in page.locator(
        ".papercat-search-passages a").evaluate_all("links => links.map(a => a.href)")]
    for paper in ("deepseek-v2", "deepseek-v3"):
        assert any(link.startswith(f"read/{paper}.html#page=") for link in links), links
    # The English passages are marked as English inside the Chinese page.
    expect(page.locator(".papercat-search-passages .papercat-search-excerpt").first
           ).to_have_attribute("lang", "en")


@pytest.mark.parametrize(("language", "title"), [
    ("en", "DeepSeek-V3 Technical Report"),
    ("zh_CN", "DeepSeek-V3 技术报告"),
])
def test_a_papers_exact_title_lists_its_page_first(visit, language, title):
    _, page = search(visit, language, title)
    first = page.locator(".papercat-search-group h2 a").first
    assert site_path(first.get_attribute("href")) == "papers/deepseek-v3.html"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_search_page_with_results_has_no_serious_accessibility_violation(visit, language):
    if not AXE.is_file():
        pytest.fail(f"axe-core not installed ({AXE}): `make html` installs it with npm ci")
    _, page = search(visit, language, "aha moment")
    page.add_script_tag(path=str(AXE))
    assert serious_violations(page) == []


@pytest.mark.parametrize(("language", "says"), [("en", "Search needs JavaScript."),
                                               ("zh_CN", "搜索需要 JavaScript。")])
def test_without_javascript_the_page_says_so_and_links_the_catalogue(browser, server,
                                                                     language, says):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}{language}/search.html?q=aha")
        notice = page.locator(".papercat-search-noscript")
        expect(notice).to_contain_text(says)
        expect(notice.locator("a")).to_have_attribute("href", "index.html")
    finally:
        context.close()


def test_an_edit_is_found_through_the_overlay_and_its_old_words_are_not(browser, tmp_path):
    """After an edit the base still holds the page as it was; the search page merges the
    overlay, drops the base's stale result, and fetches Pagefind's WebAssembly once."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from helpers import Site
    from test_browser import QuietHandler, Visit

    site = Site(tmp_path)
    alpha = site.read("papers/alpha.md")
    site.change({"conf.py": site.read("conf.py").replace('papercat_search = "sphinx"', ""),
                 "papers/alpha.md": alpha.replace("It is small.", "It is quokkaish.")})
    site.build()
    site.change({"papers/alpha.md": alpha.replace("It is small.", "It is zanzibarish.")})
    site.build()
    assert (site.outdir / "pagefind-recent" / "pagefind-entry.json").is_file()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(QuietHandler, directory=str(site.outdir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    tab = Visit(browser, f"http://127.0.0.1:{httpd.server_port}/")
    try:
        wasm = []
        tab.page.on("response", lambda r: r.url.endswith(".pagefind")
                    and "/wasm." in r.url and wasm.append(r.url))
        for query, found in (("zanzibarish", ["Alpha: The First Paper"]), ("quokkaish", [])):
            page = tab.go(f"search.html?q={query}")
            expect(page.locator(STATUS)).to_have_text(FINISHED, timeout=20_000)
            titles = page.locator(".papercat-search-group h2").all_inner_texts()
            assert titles == found, query
        assert len(wasm) == 2  # once per page load, for base and overlay together
        assert not tab.errors
    finally:
        tab.context.close()
        httpd.shutdown()
        httpd.server_close()
