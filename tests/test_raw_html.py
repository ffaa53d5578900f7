"""Titles are data: raw HTML in a page's title or a record never reaches any built file."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from helpers import warnings_of

EVIL = """# Evil </title><script>alert(1)</script> Paper

:::{paper}
:id: evil
:date: 2024-03-01
:tags: models
:builds-on: alpha

Evil hides <img src=x onerror=alert(2)> in its summary. It is a test.

<img src=x onerror=alert(3)>
:::
"""
# The Chinese catalog translates the title into more raw HTML.
EVIL_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

msgid "Evil </title><script>alert(1)</script> Paper"
msgstr "邪恶 <img src=x onerror=alert(4)> 论文"
"""
#: What the page's author wrote, as markup: none of it may appear in any built file.
INJECTED = ("<script>alert", "</title><script", "<img src=x", "onerror=alert")
CHECKED_SUFFIXES = {".html", ".js", ".json", ".atom", ".svg", ".bib", ".xml"}


def built_files(outdir):
    return [p for p in outdir.rglob("*") if p.suffix in CHECKED_SUFFIXES and p.is_file()]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_raw_html_in_a_title_or_summary_is_reported_and_never_published(project, rootdir,
                                                                          language):
    index = (rootdir / "test-basic" / "index.md").read_text(encoding="utf-8")
    app = project({"papers/evil.md": EVIL,
                   "locale/zh_CN/LC_MESSAGES/papers/evil.po": EVIL_PO,
                   "index.md": index + "\nA link: {paper}`evil`.\n"},
                  confoverrides={"language": language,
                                 "html_baseurl": "https://papers.example/"})
    warnings = warnings_of(app)
    located = re.findall(r"papers/evil\.md:(\d+)(?::<translated>:\d+)?: WARNING: "
                         r".*raw HTML.*\[papercat\.raw-html\]", warnings)
    # The title (in Chinese: its translation), the summary's inline HTML, its HTML block.
    assert sorted(located, key=int) == ["1", "9", "11"], warnings

    files = built_files(app.outdir)
    names = {p.name for p in files}
    # The page, its neighbours (prev/next), alpha (followed by evil), the catalogue (a card
    # and a {paper} link), the tag's page, the search index and every export.
    assert {"evil.html", "beta.html", "gamma.html", "alpha.html", "index.html", "models.html",
            "papers.json", "feed.atom", "papers.bib",
            "lineage.svg", "searchindex.js"} <= names
    leaks = [(str(p.relative_to(app.outdir)), s) for p in files
             for s in INJECTED if s in p.read_text(encoding="utf-8", errors="replace")]
    assert leaks == []

    # What is left is the text: the page, its neighbours and the catalogue still show it.
    title = "邪恶 论文" if language == "zh_CN" else "Evil alert(1) Paper"
    def text_of(name: str) -> str:
        html = BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")
        return " ".join(html.get_text().split())

    for name in ("papers/evil.html", "papers/beta.html", "papers/gamma.html", "index.html"):
        assert title in text_of(name), name
    record = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    evil = next(p for p in record["papers"] if p["id"] == "evil")
    assert " ".join(evil["title_local"].split()) == title
    assert evil["summary"].startswith("Evil hides") and "alert(2)" not in evil["summary"]
