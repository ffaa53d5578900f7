"""The text view in Chromium: `make pdfs MIRROR=../shared/pdfs && make html && make test-browser`.

Same server, browser and tab as ``test_browser.py`` (no request leaves 127.0.0.1, no
console error). On a phone (390×844) the paper's text is read at 16 px or more without
scrolling sideways; on a desktop its lines stay a comfortable length; a page marker opens
the reader at its page; axe-core finds no serious violation; both languages.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from test_browser import SITE, browser, server, visit  # noqa: F401
from test_interface import english_leftovers, proper_names
from test_reader_browser import AXE, SIZES, expect, serious_violations

pytestmark = pytest.mark.browser

PAPER = "deepseek-r1"
TITLE = "Incentivizing Reasoning Capability"
LABELS = {"en": {"full_text": "Full text", "page": "Page 5"},
          "zh_CN": {"full_text": "全文", "page": "第 5 页"}}
#: The paper's text: body paragraphs, not the page markers.
PARAGRAPHS = ".paper-text p:not(.paper-text-marker)"
#: What holds text (furo's headings reach 8 px into the margins by design, their text does not).
TEXT_BLOCKS = ".paper-text-view :is(p, h1, h2, h3, h4, li, summary)"


def require_text_view(language: str) -> None:
    if not (SITE / language / "text" / f"{PAPER}.html").is_file():
        pytest.skip(f"no text view for {PAPER}: `make pdfs MIRROR=../shared/pdfs && make html` "
                    "builds it")


def open_page(visit, language: str, size: str, path: str = f"text/{PAPER}.html"):
    tab = visit()
    tab.page.set_viewport_size(SIZES[size])
    return tab, tab.go(f"{language}/{path}")


def smallest_font_size(page) -> float:
    return page.eval_on_selector_all(
        PARAGRAPHS, "ps => Math.min(...ps.map(p => parseFloat(getComputedStyle(p).fontSize)))")


def sideways_overflow(page) -> float:
    """How far the text view reaches past the screen's right edge or past its own boxes,
    in CSS pixels (0 or less: nothing to scroll sideways; furo's article would hide it
    from the document's scroll width)."""
    return page.evaluate("""() => Math.max(
        document.documentElement.scrollWidth - innerWidth,
        ...[...document.querySelectorAll('.paper-text-view *')].map(e =>
            e.getBoundingClientRect().right - innerWidth),
        ...[...document.querySelectorAll(BLOCKS)].map(e => e.scrollWidth - e.clientWidth))"""
        .replace("BLOCKS", repr(TEXT_BLOCKS)))


LONG_WORDS = """() => {
    const p = document.querySelector('.paper-text p:not(.paper-text-marker)');
    p.textContent += ' https://example.org/' + 'a'.repeat(300) + ' ' + 'b'.repeat(200);
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_text_reads_at_a_comfortable_size(visit, language, size):
    require_text_view(language)
    tab, page = open_page(visit, language, size)
    text = page.locator(".paper-text")
    expect(text).to_have_attribute("lang", "en")
    expect(text).to_contain_text(TITLE)
    expect(page.locator(".paper-text-kicker")).to_have_text(LABELS[language]["full_text"])
    assert page.locator(PARAGRAPHS).count() > 10
    assert smallest_font_size(page) >= 16
    assert sideways_overflow(page) <= 0
    if size == "desktop":
        # About 75 characters a line at most: the width of a paragraph in its own ems.
        widest = page.eval_on_selector_all(PARAGRAPHS, """ps => Math.max(...ps.map(p =>
            p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)))""")
        assert 25 <= widest <= 41
    if language == "zh_CN":
        rendered = BeautifulSoup(page.content(), "html.parser")
        assert english_leftovers(rendered, proper_names()) == []
    tab.screenshot(f"{language}-text-{size}")
    page.evaluate(LONG_WORDS)  # what a PDF may hold: a long URL, a word without a break
    assert sideways_overflow(page) <= 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_page_marker_opens_the_reader_at_its_page(visit, language):
    require_text_view(language)
    if not (SITE / language / "read" / f"{PAPER}.html").is_file():
        pytest.skip("no reader page: PDF.js was not installed (`make html` with network)")
    tab, page = open_page(visit, language, "phone")
    marker = page.locator("#page-5 a")
    expect(marker).to_have_text(LABELS[language]["page"])
    marker.click()
    expect(page).to_have_url(re.compile(rf"/{language}/read/{PAPER}\.html#page=5$"))
    expect(page.locator("#reader-page")).to_have_value("5")
    expect(page.locator('.reader-page[data-page="5"]')).to_be_in_viewport()
    # And back: the reader's "Full text" opens the text view at the page being read.
    page.locator("a.reader-text").click()
    expect(page).to_have_url(re.compile(rf"/{language}/text/{PAPER}\.html#page-5$"))
    expect(page.locator("#page-5")).to_be_in_viewport()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_paper_page_links_the_text_view(visit, language):
    require_text_view(language)
    tab, page = open_page(visit, language, "phone", f"papers/{PAPER}.html")
    button = page.locator("a.paper-button-text")
    expect(button).to_have_text(LABELS[language]["full_text"])
    button.click()
    expect(page).to_have_url(re.compile(rf"/{language}/text/{PAPER}\.html$"))
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_serious_accessibility_violation(visit, language, size):
    if not AXE.is_file():
        pytest.fail(f"axe-core not installed ({AXE}): `make html` installs it with npm ci")
    require_text_view(language)
    tab, page = open_page(visit, language, size)
    page.add_script_tag(path=str(AXE))
    assert serious_violations(page) == []
