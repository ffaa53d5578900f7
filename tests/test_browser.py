"""The built site in a real browser: `make html && make test-browser`.

Headless Debian Chromium driven by Playwright, over a local HTTP server of
``_build/html`` (``PAPERCAT_SITE``); every request that leaves 127.0.0.1 is
blocked, and any console error fails the test. Screenshots go to
``_build/screenshots`` (``PAPERCAT_SCREENSHOTS``). Every check after an action is
one of Playwright's auto-waiting assertions (``expect``): it waits, as a reader
would, for the page to settle instead of reading it the instant after a click.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from helpers.site import PROJECT
from test_interface import english_leftovers, proper_names

pytestmark = pytest.mark.browser

SITE = Path(os.environ.get("PAPERCAT_SITE", PROJECT / "_build" / "html"))
SCREENSHOTS = Path(os.environ.get("PAPERCAT_SCREENSHOTS", PROJECT / "_build" / "screenshots"))
CHROMIUM = os.environ.get("PAPERCAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PAPER = "papers/deepseek-r1"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server():
    if not (SITE / "en" / "index.html").is_file() or not (SITE / "zh_CN" / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make html` before `make test-browser`")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                     directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A browser tab that records console errors and blocks the network."""

    def __init__(self, browser, base: str, locale: str = "en-US") -> None:
        self.base = base
        self.context = browser.new_context(locale=locale, viewport={"width": 1280,
                                                                    "height": 900})
        self.context.route("**/*", self.only_local)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.visited: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"{self.page.url}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.on("framenavigated", lambda f: f == self.page.main_frame
                     and self.visited.append(f.url))

    def only_local(self, route) -> None:
        url = urlsplit(route.request.url)
        # chrome:// and friends are the browser's own (its PDF viewer), not the network.
        if url.hostname == "127.0.0.1" or url.scheme not in ("http", "https", "ws", "wss"):
            route.continue_()
        else:
            self.errors.append(f"request leaves the machine: {route.request.url}")
            route.abort()

    def go(self, path: str):
        response = self.page.goto(urljoin(self.base, path))
        assert response is not None and response.ok, path
        return self.page

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=False)
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server):
    tabs: list[Visit] = []

    def open_tab(locale: str = "en-US") -> Visit:
        tabs.append(Visit(browser, server, locale))
        return tabs[-1]

    yield open_tab
    errors = [e for tab in tabs for e in tab.errors]
    for tab in tabs:
        tab.close()
    assert errors == [], "console errors on visited pages"


def relative(page) -> str:
    return urlsplit(page.url).path.lstrip("/")


def scripts_settled(page) -> None:
    """Wait, as a reader would, until the page's scripts have written what they add."""
    if page.locator(".paper-filter").count():
        expect(page.locator(".paper-filter-status")).to_have_text(re.compile(r"\S"))
    if page.locator(".paper-citation").count():
        expect(page.locator(".paper-citation .paper-copy-button").first).to_be_visible()


def assert_no_english_interface(page, language: str) -> None:
    """What scripts wrote into a Chinese page is Chinese too."""
    scripts_settled(page)
    if language == "zh_CN":
        rendered = BeautifulSoup(page.content(), "html.parser")
        assert english_leftovers(rendered, proper_names()) == []


@pytest.mark.parametrize(("language", "lang", "title"), [
    ("en", "en", "DeepSeek Papers"), ("zh_CN", "zh-CN", "深度求索论文库")])
def test_home_page(visit, language, lang, title):
    tab = visit()
    page = tab.go(f"{language}/index.html")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page).to_have_title(title)
    expect(page.locator(".paper-list .paper-entry").nth(10)).to_be_attached()  # more than 10
    expect(page.locator(f'.paper-entry a[href="{PAPER}.html"]')).to_have_count(1)
    assert_no_english_interface(page, language)
    shot = tab.screenshot(f"{language}-home")
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize(("locale", "landing"), [("zh-CN", "zh_CN/index.html"),
                                                 ("en-GB", "en/index.html"),
                                                 ("fr-FR", "en/index.html")])
def test_root_sends_readers_to_their_language(visit, locale, landing):
    tab = visit(locale)
    page = tab.go("index.html")
    expect(page).to_have_url(urljoin(tab.base, landing))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_open_a_paper_from_the_catalogue(visit, language):
    tab = visit()
    page = tab.go(f"{language}/index.html")
    page.locator(f'.paper-entry a[href="{PAPER}.html"]').click()
    expect(page).to_have_url(urljoin(tab.base, f"{language}/{PAPER}.html"))
    expect(page.locator("h1")).to_contain_text("DeepSeek-R1")
    expect(page.locator(".paper-record .paper-actions a").nth(1)).to_be_visible()  # 2 or more
    assert_no_english_interface(page, language)
    tab.screenshot(f"{language}-paper")


def test_switch_language_by_keyboard_and_land_on_the_same_paper(visit):
    tab = visit()
    page = tab.go(f"en/{PAPER}.html")
    switch = page.locator('nav.papercat-languages a[hreflang="zh-CN"]')
    # Tab to the switch as a keyboard user would, then follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if switch.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the language switch cannot be reached with the Tab key")
    expect(switch).to_be_focused()
    expect(switch, "the focused language link shows no focus outline").not_to_have_css(
        "outline-style", "none")
    page.keyboard.press("Enter")
    expect(page).to_have_url(urljoin(tab.base, f"zh_CN/{PAPER}.html"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_contain_text("强化学习")
    page.locator('nav.papercat-languages a[hreflang="en"]').click()
    expect(page).to_have_url(urljoin(tab.base, f"en/{PAPER}.html"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("page_name", ["genindex", "search", "tags/reinforcement-learning"])
def test_switch_language_on_other_pages(visit, page_name):
    tab = visit()
    page = tab.go(f"zh_CN/{page_name}.html")
    page.locator('nav.papercat-languages a[hreflang="en"]').click()
    expect(page).to_have_url(urljoin(tab.base, f"en/{page_name}.html"))


#: The search page's status once the results are shown (papercat-search.js).
SEARCH_FINISHED = re.compile("Results for|Nothing found|的搜索结果|没有找到")


def search_results(page) -> list[str]:
    """The results' links, relative to the language's root, once the search has finished."""
    expect(page.locator("#papercat-search-status")).to_have_text(SEARCH_FINISHED,
                                                                 timeout=20_000)
    hrefs = page.locator("#papercat-search-results a").evaluate_all(
        "links => links.map(a => a.href)")
    return [urlsplit(href).path.split("/", 2)[2] + (f"#{urlsplit(href).fragment}"
                                                   if urlsplit(href).fragment else "")
            for href in hrefs]


@pytest.mark.parametrize(("language", "query", "expected", "summary"), [
    ("zh_CN", "强化学习", {"papers/deepseek-r1.html", "tags/reinforcement-learning.html"},
     "的搜索结果"),
    ("en", "reinforcement", {"papers/deepseek-r1.html", "tags/reinforcement-learning.html"},
     "Results for"),
])
def test_search_from_the_sidebar(visit, language, query, expected, summary):
    tab = visit()
    page = tab.go(f"{language}/index.html")
    box = page.locator("input.sidebar-search")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(urljoin(tab.base, f"{language}/search.html?"))))
    found = {href.split("?")[0].split("#")[0] for href in search_results(page)}
    assert expected <= found, found
    expect(page.locator("#papercat-search-status")).to_contain_text(summary)
    page.wait_for_load_state("networkidle")
    assert_no_english_interface(page, language)


def test_switching_language_on_the_search_page_keeps_the_query(visit):
    tab = visit()
    page = tab.go("en/search.html?q=reinforcement")
    search_results(page)
    page.locator('nav.papercat-languages a[hreflang="zh-CN"]').click()
    expect(page).to_have_url(urljoin(tab.base, "zh_CN/search.html?q=reinforcement"))
    assert f"{PAPER}.html" in {h.split("?")[0] for h in search_results(page)}


def test_chinese_query_of_words_not_separated(visit):
    """混合专家模型 is written without spaces: Pagefind's Chinese segmentation finds it."""
    page = visit().go("zh_CN/search.html?q=混合专家模型")
    assert "papers/deepseekmoe.html" in {h.split("?")[0] for h in search_results(page)}


def local_pdf_links(language: str) -> list[tuple[str, str]]:
    """(page, href) of download buttons that point into the site: PDFs cached at build time."""

    links = []
    for path in sorted((SITE / language / "papers").glob("*.html")):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for button in html.select("a.paper-button-pdf[href]"):
            if not urlsplit(button["href"]).scheme:
                links.append((f"{language}/papers/{path.name}", button["href"]))
    return links


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_download_button_returns_a_pdf(visit, language):
    links = local_pdf_links(language)
    if not links:
        pytest.skip("no PDF is cached, so every download button links to the publisher: "
                    "run `make pdfs` before `make html` to test downloads")
    tab = visit()
    page_path, href = links[0]
    page = tab.go(page_path)
    button = page.locator("a.paper-button-pdf").first
    expect(button).to_have_attribute("href", href)
    response = tab.context.request.get(urljoin(page.url, href))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
