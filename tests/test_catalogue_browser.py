"""The catalogue's filter, sort and copy buttons in a real browser (`make test-browser`).

Headless Debian Chromium through Playwright, over a local HTTP server of a small
test project built here; requests that leave 127.0.0.1 are refused. Checks after
an action are Playwright's auto-waiting assertions (``expect``), never a read of the
page the instant after a click.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import PROJECT
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DELTA = """# Delta: Long Context

:::{paper}
:id: delta
:date: 2024-06-10
:tags: models
:builds-on: alpha

Delta reads very long inputs. It is the fourth paper.
:::
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def serve():
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_port}/"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def open_tab(**context_options):
    """A tab of Debian's Chromium that reaches 127.0.0.1 only, failing the test on any
    script error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(**context_options)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        context.route("**/*", lambda route: route.continue_()
                      if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        assert errors == []
        browser.close()


@pytest.fixture
def page():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    yield from open_tab(viewport={"width": 1280, "height": 900})


#: The titles of the cards, by id (the test-basic root and DELTA).
TITLES = {"alpha": "Alpha: The First Paper", "beta": "Beta: A Second Paper",
          "gamma": "Gamma: Withdrawn Work", "delta": "Delta: Long Context"}


def expect_cards(tab, ids: list[str]) -> None:
    """The visible cards are these, in this order (waiting for the script to show them)."""
    expect(tab.locator("li.paper-card:visible .paper-entry-title")).to_have_text(
        [TITLES[paper_id] for paper_id in ids])


def expect_years(tab, years: list[str]) -> None:
    expect(tab.locator(".paper-list-year:visible")).to_have_text(years)


def test_filter_by_text_and_tag_and_sort_by_date(project, serve, page):
    app = project({"papers/delta.md": DELTA})
    base = serve(app.outdir)
    page.goto(base + "index.html")
    status = page.locator(".paper-filter-status")
    expect_cards(page, ["gamma", "beta", "delta", "alpha"])
    expect(status).to_have_text("Showing 4 of 4 papers")

    page.get_by_label("Search").fill("LONG inputs")
    expect_cards(page, ["delta"])
    expect_years(page, ["2024"])  # 2025 has nothing left to show
    page.get_by_label("Search").fill("no such words")
    expect_cards(page, [])
    expect(status).to_have_text("No papers match the filter.")

    page.get_by_label("Search").fill("")
    page.get_by_label("Topic").select_option("reasoning")
    expect_cards(page, ["gamma", "beta"])
    page.get_by_label("Topic").select_option("models")
    page.get_by_label("Sort").select_option("oldest")
    expect_cards(page, ["alpha", "delta", "beta"])
    expect_years(page, ["2024", "2025"])
    expect(status).to_have_text("Showing 3 of 4 papers")

    # The view is in the address: reloading (or sharing the link) keeps it.
    expect(page).to_have_url(re.compile(r"[?&]tag=models(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]sort=oldest(&|$)"))
    page.reload()
    expect_cards(page, ["alpha", "delta", "beta"])
    page.get_by_label("Topic").select_option("")
    page.get_by_label("Sort").select_option("newest")
    expect_cards(page, ["gamma", "beta", "delta", "alpha"])
    expect(page).to_have_url(base + "index.html")


def test_chinese_controls_and_copying_a_citation(project, serve, page):
    app = project({"papers/delta.md": DELTA}, confoverrides={"language": "zh_CN"})
    base = serve(app.outdir)
    page.goto(base + "index.html")
    expect(page.get_by_label("主题").locator("option").first).to_have_text("全部标签")
    expect(page.get_by_label("排序").locator("option")).to_have_text(["最新在前", "最早在前"])
    expect(page.locator(".paper-filter-status")).to_have_text("显示 4 篇论文中的 4 篇")

    page.goto(base + "papers/alpha.html")
    buttons = page.locator(".paper-citation .paper-copy-button")
    expect(buttons).to_have_text(["复制", "复制"])
    # The label changes once the clipboard has taken the text: wait for it, then read.
    buttons.first.click()
    expect(buttons.first).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{alpha,") and copied.endswith("}")
    buttons.nth(1).click()
    expect(buttons.nth(1)).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Ada Lovelace, Alan Turing. Alpha: The First Paper. arXiv:2401.00001, 2024.")


def test_without_javascript_the_catalogue_is_the_whole_list(project, serve):
    """The same page with scripts off: every card shown, no controls."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    app = project({"papers/delta.md": DELTA})
    base = serve(app.outdir)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_context(java_script_enabled=False).new_page()
        tab.goto(base + "index.html")
        expect_cards(tab, ["gamma", "beta", "delta", "alpha"])
        expect(tab.locator(".paper-filter")).to_be_hidden()
        expect(tab.locator(".paper-filter select, .paper-filter input")).to_have_count(0)
        browser.close()


def test_lineage_page_highlights_the_papers_of_a_technique(project, serve, page):
    app = project(root="test-techniques")
    base = serve(app.outdir)
    page.goto(base + "lineage.html")

    def classes() -> dict[str, str]:
        return page.eval_on_selector_all(
            "a.plg-node", "nodes => Object.fromEntries(nodes.map(n => [n.id.replace("
                          "'lineage-', ''), [...n.classList].filter(c => c !== 'plg-node')"
                          ".join(' ')]))")

    select = page.get_by_label("Highlight a technique")
    assert select.locator("option").all_text_contents() == [
        "No technique", "Group Relative Policy Optimization (GRPO)",
        "Multi-head Latent Attention (MLA)"]
    assert set(classes().values()) == {""}  # nothing highlighted until asked
    select.select_option(label="Multi-head Latent Attention (MLA)")
    assert classes() == {"alpha": "plg-introduces", "beta": "plg-uses", "gamma": "plg-uses",
                         "delta": "plg-dimmed"}
    assert page.locator(".technique-legend").is_visible()
    select.select_option(label="No technique")
    assert set(classes().values()) == {""}
    # A link can ask for a technique.
    page.goto(base + "lineage.html?technique=grpo")
    assert classes() == {"alpha": "plg-dimmed", "beta": "plg-introduces", "gamma": "plg-uses",
                         "delta": "plg-dimmed"}


# -- the real home page on a phone ---------------------------------------------------------

SITE = Path(os.environ.get("PAPERCAT_SITE", PROJECT / "_build" / "html"))
SCREENSHOTS = Path(os.environ.get("PAPERCAT_SCREENSHOTS", PROJECT / "_build" / "screenshots"))
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
FILTER_LABELS = {"en": ("Filter the catalogue", "Search"), "zh_CN": ("筛选论文目录", "搜索")}


@pytest.fixture
def phone():
    if not (SITE / "en" / "index.html").is_file() or not (SITE / "zh_CN" / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make html` before `make test-browser`")
    yield from open_tab(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_on_a_phone_the_first_paper_is_on_the_first_screen(serve, phone, language):
    base = serve(SITE)
    phone.goto(f"{base}{language}/index.html")
    first = phone.locator("li.paper-card").first
    expect(first).to_be_in_viewport()
    top = first.bounding_box()["y"]
    assert top < PHONE["height"], f"the first paper starts at y={top:.0f}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"home-phone-{language}.png"))

    # The filter is folded until asked for, and opens from the keyboard.
    toggle_label, search_label = FILTER_LABELS[language]
    toggle = phone.locator("summary.paper-filter-toggle")
    expect(toggle).to_have_text(toggle_label)
    search = phone.locator(".paper-filter").get_by_label(search_label, exact=True)
    expect(search).to_be_hidden()
    toggle.focus()
    phone.keyboard.press("Enter")
    expect(search).to_be_visible()
    search.fill("DeepSeek-V3 Technical Report")
    expect(phone.locator("li.paper-card:visible")).to_have_count(1)
    phone.screenshot(path=str(SCREENSHOTS / f"home-phone-filter-{language}.png"))

    # A shared link with a filter opens it, folded or not.
    phone.goto(f"{base}{language}/index.html?q=DeepSeek-V3+Technical")
    expect(search).to_be_visible()
    expect(search).to_have_value("DeepSeek-V3 Technical")

    if not AXE.is_file():
        pytest.fail(f"axe-core not installed ({AXE}): `make html` installs it with npm ci")
    phone.goto(f"{base}{language}/index.html")
    phone.add_script_tag(path=str(AXE))
    results = phone.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"]
            if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_inclusion_rule_is_on_the_about_page(serve, phone, language):
    base = serve(SITE)
    phone.goto(f"{base}{language}/index.html")
    phone.locator(".toctree-wrapper a[href='about.html']").click()
    expect(phone).to_have_url(re.compile(rf"/{language}/about\.html$"))
    expect(phone.locator("#which-papers-belong-here")).to_contain_text(
        "Math-Shepherd")
