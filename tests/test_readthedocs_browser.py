"""The language switch with Read the Docs Addons' data, in a real browser (make test-browser).

Read the Docs Addons fires ``readthedocs-addons-data-ready`` with its data as
``event.detail.data()``; the test fires the same event with the data of each case.
"""

from __future__ import annotations

import pytest
from test_browser import PAPER, browser, server, visit  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

HOST = "https://deepseek-papers.readthedocs.io"
SWITCH = 'nav.papercat-languages a[hreflang="zh-CN"]'
FIRE = """data => document.dispatchEvent(new CustomEvent("readthedocs-addons-data-ready",
                                                        {detail: {data: () => data}}))"""


def addons_data(version: str, translations: list[dict]) -> dict:
    return {"api_version": "1", "versions": {"current": {"slug": version}, "active": []},
            "projects": {"current": {"slug": "deepseek-papers", "language": {"code": "en"}},
                         "translations": translations}}


CHINESE = {"slug": "deepseek-papers-zh", "language": {"code": "zh-cn", "name": "Chinese"},
           "urls": {"documentation": f"{HOST}/zh-cn/latest/"}}


@pytest.fixture
def paper_page(visit):
    from playwright.sync_api import expect

    page = visit().go(f"en/{PAPER}.html")
    built = page.locator(SWITCH).get_attribute("href")
    assert built == f"../../zh_CN/{PAPER}.html"
    return page, built, expect


def test_switch_keeps_the_same_page_when_the_translation_has_this_version(paper_page):
    page, built, expect = paper_page
    page.evaluate(FIRE, addons_data("latest", [CHINESE]))
    expect(page.locator(SWITCH)).to_have_attribute("href", built)
    expect(page.locator(SWITCH)).to_be_visible()


def test_switch_links_the_translations_default_version_when_it_lacks_this_one(paper_page):
    page, _built, expect = paper_page
    page.evaluate(FIRE, addons_data("v1.0", [CHINESE]))
    expect(page.locator(SWITCH)).to_have_attribute("href", f"{HOST}/zh-cn/latest/")


def test_switch_hides_a_language_read_the_docs_has_no_project_for(paper_page):
    page, _built, expect = paper_page
    page.evaluate(FIRE, addons_data("latest", []))
    expect(page.locator(SWITCH)).to_be_hidden()


def test_off_read_the_docs_nothing_changes(paper_page):
    page, built, expect = paper_page
    page.evaluate("() => document.dispatchEvent(new CustomEvent('unrelated'))")
    expect(page.locator(SWITCH)).to_have_attribute("href", built)
