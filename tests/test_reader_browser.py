"""The online reader and the site's accessibility, in Chromium: `make html && make test-browser`.

Same server, browser and tab as ``test_browser.py`` (no request leaves
127.0.0.1, no console error), at a phone's size and at a desktop's. axe-core
comes from the project's ``package-lock.json`` (installed by ``make html``).
"""

from __future__ import annotations

import re

import pytest
from helpers.site import PROJECT
from bs4 import BeautifulSoup
from test_browser import SITE, browser, server, visit  # noqa: F401
from test_interface import english_leftovers, proper_names

pytestmark = pytest.mark.browser

PAPER = "deepseek-r1"
TITLE = "Incentivizing Reasoning Capability"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LABELS = {"en": {"read": "Read online", "contents": "Contents of the paper"},
          "zh_CN": {"read": "在线阅读", "contents": "章节目录"}}
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
#: One page of each kind.
AXE_PAGES = ["index.html", f"papers/{PAPER}.html", f"read/{PAPER}.html",
             "tags/reasoning.html", "lineage.html", "search.html?q=reasoning"]


def expect(*args, **kwargs):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def require_reader(language: str) -> None:
    if not (SITE / language / "read" / f"{PAPER}.html").is_file():
        pytest.skip(f"no reader page for {PAPER}: `make pdfs MIRROR=../shared/pdfs && make html` "
                    "(with network for npm) builds it")


def open_tab(visit, size: str):
    tab = visit()
    tab.page.set_viewport_size(SIZES[size])
    return tab


#: What the reader quotes from the PDF, in the paper's own language.
QUOTED = "#reader-outline ol, .textLayer"


def assert_no_english_interface(page, language: str) -> None:
    if language == "zh_CN":
        rendered = BeautifulSoup(page.content(), "html.parser")
        for quoted in rendered.select(QUOTED):
            quoted.decompose()
        assert english_leftovers(rendered, proper_names()) == []


def non_white_pixels(canvas) -> int:
    return canvas.evaluate("""(canvas) => {
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) count++;
        }
        return count;
    }""")


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_reader_renders_and_follows_the_outline(visit, language, size):
    require_reader(language)
    tab = open_tab(visit, size)
    page = tab.go(f"{language}/read/{PAPER}.html")
    first = page.locator('.reader-page[data-page="1"]')
    expect(first).to_have_attribute("data-rendered", "true", timeout=20_000)
    assert non_white_pixels(first.locator("canvas")) > 1000
    expect(first.locator(".textLayer")).to_contain_text(TITLE)
    labels = LABELS[language]
    toggle = page.locator("#reader-outline-toggle")
    expect(toggle).to_have_attribute("title", labels["contents"])
    outline = page.locator("#reader-outline")
    if size == "phone":  # a drawer, closed until asked for
        expect(outline).to_be_hidden()
        toggle.click()
    expect(outline).to_be_visible()
    expect(outline.locator("h2")).to_have_text(labels["contents"])
    outline.get_by_role("link", name="Introduction", exact=True).click()
    expect(page).to_have_url(re.compile(r"#page=3$"))
    expect(page.locator("#reader-page")).to_have_value("3")
    third = page.locator('.reader-page[data-page="3"]')
    expect(third).to_be_in_viewport()
    expect(third).to_have_attribute("data-rendered", "true", timeout=20_000)
    assert_no_english_interface(page, language)
    tab.screenshot(f"{language}-reader-{size}")


def test_reader_keys_zoom_and_reopening_at_the_last_page(visit):
    require_reader("en")
    tab = open_tab(visit, "desktop")
    page = tab.go(f"en/read/{PAPER}.html#page=5")
    expect(page.locator("#reader-page")).to_have_value("5")
    fifth = page.locator('.reader-page[data-page="5"]')
    expect(fifth).to_have_attribute("data-rendered", "true", timeout=20_000)
    fit = fifth.evaluate("box => getComputedStyle(box).width")
    page.locator("#reader-zoom-in").click()
    expect(fifth).not_to_have_css("width", fit)
    expect(fifth).to_have_attribute("data-rendered", "true", timeout=20_000)
    page.locator("#reader-fit").click()
    expect(fifth).to_have_css("width", fit)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#reader-page")).to_have_value("6")
    expect(page).to_have_url(re.compile(r"#page=6$"))
    # "Full text" opens the text view at the page being read.
    expect(page.locator(".reader-text")).to_have_attribute("href", re.compile(r"#page-6$"))
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#reader-page")).to_have_value("5")
    page = tab.go(f"en/read/{PAPER}.html")
    expect(page.locator("#reader-page")).to_have_value("5")
    expect(page.locator('.reader-page[data-page="5"]')).to_be_in_viewport()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_paper_page_fetches_no_pdf_until_asked(visit, language):
    require_reader(language)
    tab = open_tab(visit, "desktop")
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    page = tab.go(f"{language}/papers/{PAPER}.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if url.endswith(".pdf") or "pdfjs" in url
                or "papercat-reader" in url], requests
    button = page.locator("a.paper-button-read")
    expect(button).to_have_text(LABELS[language]["read"])
    button.click()
    expect(page).to_have_url(re.compile(rf"/{language}/read/{PAPER}\.html$"))
    expect(page.locator('.reader-page[data-page="1"]')).to_have_attribute(
        "data-rendered", "true", timeout=20_000)


def serious_violations(page) -> list[str]:
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", AXE_PAGES)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_serious_accessibility_violation(visit, language, path):
    if not AXE.is_file():
        pytest.fail(f"axe-core not installed ({AXE}): `make html` installs it with npm ci")
    if path.startswith("read/"):
        require_reader(language)
    tab = open_tab(visit, "desktop")
    page = tab.go(f"{language}/{path}")
    if path.startswith("read/"):
        expect(page.locator('.reader-page[data-page="1"]')).to_have_attribute(
            "data-rendered", "true", timeout=20_000)
    if path.startswith("search"):
        expect(page.locator("#papercat-search-results")).to_contain_text(re.compile(r"\S"))
    page.add_script_tag(path=str(AXE))
    assert serious_violations(page) == []
