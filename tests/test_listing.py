"""Listings: order, grouping, filters, and the catalogue on the home page."""

import pytest
from bs4 import BeautifulSoup


def entries(app, name="index"):
    html = BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    return [li["id"].removeprefix("entry-") for li in html.select("li.paper-entry")], html


@pytest.mark.sphinx("html", testroot="basic")
def test_catalogue_is_newest_first_and_grouped_by_year(app):
    app.build()
    ids, html = entries(app)
    assert ids == ["gamma", "beta", "alpha"]
    assert [h.get_text() for h in html.select(".paper-list-year")] == ["2025", "2024"]
    assert html.select_one(".paper-list-year")["id"] == "year-2025"
    gamma = html.select_one("#entry-gamma")
    assert gamma.select_one(".paper-entry-title a")["href"] == "papers/gamma.html"
    assert gamma.select_one(".paper-entry-date").get_text() == "November 27, 2025"
    assert gamma.select_one(".paper-badge-withdrawn").get_text() == "Withdrawn"
    assert gamma.select_one(".paper-entry-summary").get_text() == "Gamma was shared and then withdrawn."
    assert [a.get_text() for a in html.select("#entry-beta .paper-entry-meta a")] == ["Models", "Reasoning"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (":tag: reasoning", ["gamma", "beta"]),
        (":tag: models", ["beta", "alpha"]),
        (":year: 2024", ["alpha"]),
        (":year: 2024, 2025\n:limit: 2", ["gamma", "beta"]),
        (":tag: reasoning\n:year: 2025\n:limit: 1", ["gamma"]),
        (":tag: nothing-here", []),
    ],
)
def test_filters(project, options, expected):
    app = project({"extra.md": f"# Extra\n\n:::{{paper-list}}\n{options}\n:::\n"},
                  confoverrides={"suppress_warnings": ["toc.not_included"]})
    ids, html = entries(app, "extra")
    assert ids == expected
    if not expected:
        assert html.select_one(".paper-list-empty").get_text() == "No papers match this listing."


@pytest.mark.sphinx("html", testroot="basic")
def test_tag_pages_list_their_papers(app):
    app.build()
    assert entries(app, "tags/reasoning")[0] == ["gamma", "beta"]
    assert entries(app, "tags/models")[0] == ["beta", "alpha"]


@pytest.mark.parametrize(("language", "badge", "note"), [
    ("en", "Preview", "A preview: the report presents a preview version"),
    ("zh_CN", "预览版", "预览版：本报告介绍的是预览版本"),
])
def test_a_preview_says_so_in_listings_on_its_page_and_in_the_chart(project, language, badge,
                                                                    note):
    from helpers import TESTS

    source = (TESTS / "roots" / "test-basic" / "papers" / "beta.md").read_text(encoding="utf-8")
    app = project({"papers/beta.md": source.replace(":date:", ":status: preview\n:date:", 1),
                   "lineage.md": "# Lineage\n\n:::{paper-lineage-graph}\n:::\n"},
                  confoverrides={"language": language})
    ids, html = entries(app)
    assert html.select_one("#entry-beta .paper-badge-preview").get_text() == badge
    assert html.select_one("#entry-alpha .paper-badge") is None
    page = BeautifulSoup((app.outdir / "papers" / "beta.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert note in page.select_one(".paper-preview").get_text()
    chart = (app.outdir / "lineage.html").read_text(encoding="utf-8")
    assert (", preview" if language == "en" else "，预览版") in chart
