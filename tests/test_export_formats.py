"""The registry of the catalogue's files: a site adds a format through ``papercat-exports``,
and it is written, offered in the downloads row and rewritten only when what it is made of
changes, like the built-in ones."""

from __future__ import annotations

import os
import time

import pytest
from bs4 import BeautifulSoup

from helpers import TESTS, Site, warnings_of

BASE_CONF = (TESTS / "roots" / "test-basic" / "conf.py").read_text(encoding="utf-8")
#: A site's conf.py adds papers.csv: one line per paper, from ids and titles only.
CSV_FORMAT = '''

def setup(app):
    from papercat.exports.format import Export

    def inputs(catalogue):
        return [(paper.id, paper.title) for paper in catalogue.papers]

    def make(catalogue):
        rows = ["id,title"] + [f'{paper.id},"{paper.title}"' for paper in catalogue.papers]
        return ("\\n".join(rows) + "\\n").encode("utf-8")

    app.connect("papercat-exports", lambda app, formats: formats.add(
        Export("papers.csv", lambda: "All records (CSV)", inputs, make)))
'''
DOWNLOADS_PAGE = ("# Home\n\n:::{paper-downloads}\n:::\n\n:::{paper-list}\n:::\n"
                  "\n```{toctree}\n:hidden:\n:glob:\n\npapers/*\ntags/*\n```\n")


def downloads_row(html: BeautifulSoup) -> list[tuple[str, str, list[str]]]:
    return [(a["href"], a.get_text(), a["class"]) for a in html.select(".paper-downloads a")]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_site_adds_a_format_written_and_offered_in_the_downloads_row(project, language):
    app = project({"index.md": DOWNLOADS_PAGE, "conf.py": BASE_CONF + CSV_FORMAT},
                  confoverrides={"language": language})
    assert warnings_of(app) == ""
    csv = (app.outdir / "papers.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0] == "id,title" and '"Alpha: The First Paper"' in csv[-1]
    html = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = downloads_row(html)
    # After the built-in files, in the build's language; the site's label as it gave it.
    assert [href for href, _label, _classes in row] == [
        "papers.bib", "feed.atom", "papers.json", "lineage.svg", "papers.csv"]
    assert row[-1][1] == "All records (CSV)" and "paper-download-csv" in row[-1][2]
    if language == "zh_CN":
        assert row[0][1] == "全部引用（BibTeX）"
    # A file, not a page: the sitemap lists pages only.
    assert "papers.csv" not in (app.outdir / "sitemap.xml").read_text(encoding="utf-8")


def test_a_sites_format_is_rewritten_only_when_what_it_is_made_of_changes(tmp_path):
    site = Site(tmp_path, {"index.md": DOWNLOADS_PAGE})
    site.change({"conf.py": site.read("conf.py") + CSV_FORMAT})
    site.build()
    csv = site.outdir / "papers.csv"

    def rewritten_by(page: str, old: str, new: str) -> bool:
        before = csv.stat().st_mtime_ns
        if page:
            site.change({page: site.read(page).replace(old, new)})
        site.build()
        return csv.stat().st_mtime_ns != before

    assert not rewritten_by("", "", "")  # a no-op build
    assert not rewritten_by("papers/alpha.md", "It is small.", "It is tiny.")  # not in it
    assert rewritten_by("papers/alpha.md", "The First Paper", "The Very First Paper")
    assert '"Alpha: The Very First Paper"' in csv.read_text(encoding="utf-8")


def test_a_format_added_later_reaches_the_downloads_row_of_an_unchanged_page(tmp_path):
    site = Site(tmp_path, {"index.md": DOWNLOADS_PAGE})
    past = time.time() - 60  # index.md is not newer than the first build
    os.utime(site.srcdir / "index.md", (past, past))
    site.build()
    site.change({"conf.py": site.read("conf.py") + CSV_FORMAT})
    read, written, _warnings = site.build()
    assert read == [] and "index" in written
    assert downloads_row(site.soup("index"))[-1][0] == "papers.csv"


@pytest.mark.parametrize(("name", "problem"), [
    ("papers.json", "'papers.json' is already a file of the catalogue; not added"),
    ("../outside.csv", "'../outside.csv' is not a plain file name; not added"),
])
def test_a_format_that_cannot_be_added_is_a_located_warning(project, name, problem):
    app = project({"conf.py": BASE_CONF + CSV_FORMAT.replace('"papers.csv"', repr(name))},
                  build=False)
    warnings = warnings_of(app)
    assert problem in warnings and "conf.py:" in warnings and "[papercat.export]" in warnings


def test_the_built_in_formats_are_the_modules_that_declare_one_in_their_order(monkeypatch):
    """No list to keep: every module of exports/ with an EXPORT, by its position; a module
    added to the package is found (here, one put in place of a real file)."""
    import sys
    import types

    from papercat.exports import registry
    from papercat.exports.format import Export

    names = [module.EXPORT.name for module in registry.built_in()]
    assert names == ["papers.bib", "feed.atom", "papers.json", "lineage.svg",
                     "techniques.json", "sitemap.xml", "robots.txt"]
    csv = types.ModuleType("papercat.exports.papers_csv")
    csv.EXPORT = Export("papers.csv", None, lambda c: (), lambda c: b"", position=35)
    monkeypatch.setitem(sys.modules, csv.__name__, csv)
    found = list(registry.pkgutil.iter_modules(sys.modules["papercat.exports"].__path__))
    monkeypatch.setattr(registry.pkgutil, "iter_modules",
                        lambda path: [*found, types.SimpleNamespace(name="papers_csv")])
    names = [module.EXPORT.name for module in registry.built_in()]
    assert names[2:4] == ["papers.json", "papers.csv"]
