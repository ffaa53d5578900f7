"""Time to the first rendered page of a paper in the online reader (not a test).

Serves the built site (``make html`` after ``make pdfs``) on 127.0.0.1 and opens
``<lang>/read/<id>.html`` in headless Chromium (Debian's, driven by Playwright),
each run in a fresh browser context (empty cache), at a phone's and a desktop's
size. The time is the page's own clock (``performance.now()``, from the start of
navigation) when the first page's canvas has been drawn; the median of the runs
is printed.

    .venv/bin/python bench/reader.py [--id deepseek-r1] [--runs 5] [--site _build/html]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
#: Notes the page's clock when the first page of the PDF has been drawn.
WATCH = """
new MutationObserver((changes, observer) => {
  for (const change of changes) {
    if (change.target.dataset && change.target.dataset.page === "1"
        && change.target.dataset.rendered === "true") {
      window.papercatFirstPage = performance.now();
      observer.disconnect();
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-rendered"]});
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve(site: Path) -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                     directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def one_run(browser, url: str, size: dict) -> float:
    """Milliseconds to the first drawn page, in a fresh context."""
    context = browser.new_context(viewport=size)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.papercatFirstPage !== undefined", timeout=60_000)
    milliseconds = page.evaluate("window.papercatFirstPage")
    context.close()
    return milliseconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--id", default="deepseek-r1")
    parser.add_argument("--language", default="en")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=PROJECT / "_build" / "html")
    args = parser.parse_args()
    reader = args.site / args.language / "read" / f"{args.id}.html"
    if not reader.is_file():
        print(f"no reader page {reader}: `make pdfs && make html` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    httpd = serve(args.site)
    url = f"http://127.0.0.1:{httpd.server_port}/{args.language}/read/{args.id}.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, size in SIZES.items():
                times = [one_run(browser, url, size) for _ in range(args.runs)]
                print(f"{args.id} {name:<8} first page drawn after {statistics.median(times):6.0f} ms"
                      f" (median of {len(times)}: {', '.join(f'{t:.0f}' for t in times)})")
            browser.close()
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
