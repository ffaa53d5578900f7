"""A record whose PDF is a file of the project: its download, meta tag, papers.json and feed."""

import json
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup
from helpers import warnings_of
from helpers.pdfs import pdf_bytes

LOCAL = """# Alpha: The First Paper

:::{paper}
:id: alpha
:date: 2024-01-05
:tags: models
:pdf: files/alpha.pdf

Alpha introduces the first model of the series. It is small.
:::
"""
BASE = "https://papers.example/en/latest/"


def test_a_project_pdf_is_linked_by_meta_tag_papers_json_and_feed(project):
    app = project({"papers/alpha.md": LOCAL}, build=False,
                  confoverrides={"html_baseurl": BASE})
    pdf = pdf_bytes()
    (app.srcdir / "files").mkdir()
    (app.srcdir / "files" / "alpha.pdf").write_bytes(pdf)
    app.build()
    assert "WARNING" not in warnings_of(app)

    page = BeautifulSoup((app.outdir / "papers/alpha.html").read_text(encoding="utf-8"),
                         "html.parser")
    href = page.select_one("a.paper-button-pdf")["href"]
    assert href.startswith("../_downloads/") and href.endswith("/alpha.pdf")
    assert (app.outdir / "papers" / href).resolve().read_bytes() == pdf
    url = urljoin(BASE + "papers/alpha.html", href)

    assert page.find("meta", attrs={"name": "citation_pdf_url"})["content"] == url
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    alpha = next(p for p in data["papers"] if p["id"] == "alpha")
    assert alpha["urls"]["pdf"] == url
    feed = feedparser.parse((app.outdir / "feed.atom").read_bytes())
    entry = next(e for e in feed.entries if e.id == BASE + "papers/alpha.html")
    assert [(link.href, link.type) for link in entry.links if link.rel == "enclosure"] == [
        (url, "application/pdf")]
