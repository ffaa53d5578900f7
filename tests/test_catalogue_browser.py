"""The catalogue's filter, sort and copy buttons in a real browser (`make test-browser`).

Headless Debian Chromium through Playwright, over a local HTTP server of a small
test project built here; requests that leave 127.0.0.1 are refused.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


@pytest.fixture
def page():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
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


def visible_cards(tab) -> list[str]:
    return tab.eval_on_selector_all(
        "li.paper-card", "cards => cards.filter(c => c.offsetParent !== null)"
                         ".map(c => c.id.replace('entry-', ''))")


def visible_years(tab) -> list[str]:
    return tab.eval_on_selector_all(
        ".paper-list-year", "hs => hs.filter(h => h.offsetParent !== null).map(h => h.textContent)")


def test_filter_by_text_and_tag_and_sort_by_date(project, serve, page):
    app = project({"papers/delta.md": DELTA})
    base = serve(app.outdir)
    page.goto(base + "index.html")
    status = page.locator(".paper-filter-status")
    assert visible_cards(page) == ["gamma", "beta", "delta", "alpha"]
    assert status.text_content() == "Showing 4 of 4 papers"

    page.get_by_label("Search").fill("LONG inputs")
    assert visible_cards(page) == ["delta"]
    assert visible_years(page) == ["2024"]  # 2025 has nothing left to show
    page.get_by_label("Search").fill("no such words")
    assert visible_cards(page) == []
    assert status.text_content() == "No papers match the filter."

    page.get_by_label("Search").fill("")
    page.get_by_label("Topic").select_option("reasoning")
    assert visible_cards(page) == ["gamma", "beta"]
    page.get_by_label("Topic").select_option("models")
    page.get_by_label("Sort").select_option("oldest")
    assert visible_cards(page) == ["alpha", "delta", "beta"]
    assert visible_years(page) == ["2024", "2025"]
    assert status.text_content() == "Showing 3 of 4 papers"

    # The view is in the address: reloading (or sharing the link) keeps it.
    assert "tag=models" in page.url and "sort=oldest" in page.url
    page.reload()
    assert visible_cards(page) == ["alpha", "delta", "beta"]
    page.get_by_label("Topic").select_option("")
    page.get_by_label("Sort").select_option("newest")
    assert visible_cards(page) == ["gamma", "beta", "delta", "alpha"]
    assert page.url == base + "index.html"


def test_chinese_controls_and_copying_a_citation(project, serve, page):
    app = project({"papers/delta.md": DELTA}, confoverrides={"language": "zh_CN"})
    base = serve(app.outdir)
    page.goto(base + "index.html")
    assert page.get_by_label("主题").locator("option").first.text_content() == "全部标签"
    assert page.get_by_label("排序").locator("option").all_text_contents() == ["最新在前",
                                                                              "最早在前"]
    assert page.locator(".paper-filter-status").text_content() == "显示 4 篇论文中的 4 篇"

    page.goto(base + "papers/alpha.html")
    buttons = page.locator(".paper-citation .paper-copy-button")
    assert buttons.all_text_contents() == ["复制", "复制"]
    buttons.first.click()
    assert buttons.first.text_content() == "已复制"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{alpha,") and copied.endswith("}")
    buttons.nth(1).click()
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
        assert visible_cards(tab) == ["gamma", "beta", "delta", "alpha"]
        assert not tab.locator(".paper-filter").is_visible()
        assert tab.locator(".paper-filter select, .paper-filter input").count() == 0
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
