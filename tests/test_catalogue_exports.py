"""Files for machines: papers.json, the Atom feed, papers.bib, the sitemap, the lineage SVG."""

import json
import os
import re
import time
import xml.etree.ElementTree as ET

import bibtexparser
import feedparser
import jsonschema
import pytest
from sphinx.errors import SphinxWarning

from papercat.exports.papers_json import SCHEMA

#: A record whose title and summary need escaping everywhere (the backslash makes ``<b>``
#: text; bare, it would be raw HTML, which test_raw_html.py covers).
TRICKY = """# Delta: When a < b & "c" Holds

:::{paper}
:id: delta
:date: 2024-06
:short-title: Delta
:authors: Grace Hopper; DeepSeek-AI
:tags: models
:arxiv: 2406.00002
:builds-on: alpha

Delta compares \\<b> & "quotes". It is careful.
:::
"""
OFFICIAL = 'Delta: When a < b & "c" Holds'
LOCAL = "Delta: When a < b & “c” Holds"  # the page's heading, after smartquotes
ALL_IDS = ["gamma", "beta", "delta", "alpha"]  # newest first
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def built(project):
    return project({"papers/delta.md": TRICKY})


def test_papers_json_holds_every_record_and_matches_the_schema(built):
    data = json.loads((built.outdir / "papers.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["count"] == 4
    assert [p["id"] for p in data["papers"]] == ALL_IDS
    delta = data["papers"][2]
    assert delta["title"] == OFFICIAL and delta["title_local"] == LOCAL
    assert delta["tags"] == [{"slug": "models", "name": "Models"}]
    assert delta["builds_on"] == ["alpha"]
    assert delta["urls"]["page"] == "papers/delta.html"
    assert delta["urls"]["arxiv"] == "https://arxiv.org/abs/2406.00002"
    assert delta["first_sentence"] == "Delta compares <b> & “quotes”."  # smartquotes
    alpha = data["papers"][3]
    assert alpha["followed_by"] == ["delta", "beta"]  # oldest first
    assert alpha["urls"]["pdf"] == "https://example.org/alpha.pdf"
    assert alpha["citation"] == ("Ada Lovelace, Alan Turing. Alpha: The First Paper. "
                                 "arXiv:2401.00001, 2024.")
    gamma = data["papers"][0]
    assert gamma["status"] == "withdrawn" and gamma["urls"]["pdf"] == ""


def test_schema_rejects_a_broken_record(built):
    data = json.loads((built.outdir / "papers.json").read_text(encoding="utf-8"))
    del data["papers"][0]["title"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_atom_feed_parses_with_an_entry_per_paper_newest_first(built):
    feed = feedparser.parse((built.outdir / "feed.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [f"papers/{i}.html" for i in ALL_IDS]
    delta = feed.entries[2]
    assert delta.title == LOCAL
    assert [a.name for a in delta.authors] == ["Grace Hopper", "DeepSeek-AI"]
    assert delta.tags[0].term == "models" and delta.tags[0].label == "Models"
    assert delta.published.startswith("2024-06-01")
    # Ids stay the same from one build to the next.
    assert len({e.id for e in feed.entries}) == 4
    assert feed.feed.updated.startswith("2025-11-27")


def test_bibtex_file_parses_with_every_entry(built):
    library = bibtexparser.parse_string((built.outdir / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ALL_IDS
    alpha = library.entries[3]
    assert alpha["eprint"] == "2401.00001"
    assert alpha["archivePrefix"] == "arXiv"
    assert "primaryClass" not in alpha.fields_dict  # not known for any record
    assert library.entries[2]["title"] == '{Delta: When a < b \\& "c" Holds}'


def test_sitemap_lists_every_page_with_language_alternates(built):
    urlset = ET.parse(built.outdir / "sitemap.xml").getroot()
    urls = {u.findtext(f"{SITEMAP}loc"): u for u in urlset.iter(f"{SITEMAP}url")}
    assert "papers/delta.html" in urls and "index.html" in urls
    links = {link.get("hreflang"): link.get("href")
             for link in urls["papers/delta.html"].iter(f"{XHTML}link")}
    assert links == {"en": "../en/papers/delta.html", "zh-CN": "../zh_CN/papers/delta.html",
                     "x-default": "../en/papers/delta.html"}


def test_urls_are_absolute_with_a_base_url(project):
    app = project({"papers/delta.md": TRICKY},
                  confoverrides={"html_baseurl": "https://papers.example/en/latest/",
                                 "papercat_language_url":
                                     "https://papers.example/{lang}/latest/{page}"})
    urlset = ET.parse(app.outdir / "sitemap.xml").getroot()
    first = next(urlset.iter(f"{SITEMAP}url"))
    assert first.findtext(f"{SITEMAP}loc") == "https://papers.example/en/latest/index.html"
    hrefs = [link.get("href") for link in first.iter(f"{XHTML}link")]
    assert "https://papers.example/zh_CN/latest/index.html" in hrefs
    feed = feedparser.parse((app.outdir / "feed.atom").read_bytes())
    assert feed.entries[0].id == "https://papers.example/en/latest/papers/gamma.html"
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    assert data["papers"][0]["urls"]["page"] == "https://papers.example/en/latest/papers/gamma.html"


def test_lineage_svg_is_escaped_and_links_every_paper(built):
    svg = ET.parse(built.outdir / "lineage.svg").getroot()  # well-formed despite < & "
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert sorted(links) == sorted(f"papers/{i}.html" for i in ALL_IDS)
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert LOCAL in titles
    # alpha -> beta, alpha -> delta, beta -> gamma
    assert len(list(svg.iter(f"{SVG}path"))) == 3


def test_lineage_page_draws_the_chart_inline(project):
    app = project({"papers/delta.md": TRICKY,
                   "lineage.md": "# Lineage\n\n:::{paper-lineage-graph}\n:::\n"},
                  confoverrides={"suppress_warnings": ["toc.not_included"]})
    html = (app.outdir / "lineage.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="paper-lineage-graph"' in html
    assert 'href="papers/alpha.html"' in html
    assert "<title>Delta: When a &lt; b &amp; “c” Holds</title>" in html


@pytest.mark.parametrize("how", ["exception_on_warning", "warningiserror"])
def test_nothing_is_written_after_a_failed_build(project, how):
    """An exception stops the build; -W (with --keep-going) fails it at the end."""
    unknown_tag = TRICKY.replace(":tags: models", ":tags: nowhere")
    app = project({"papers/delta.md": unknown_tag}, build=False, **{how: True})
    if how == "exception_on_warning":
        with pytest.raises(SphinxWarning):
            app.build()
    else:
        app.build()
        assert app.statuscode == 1
    assert (app.outdir / "index.html").exists() or how == "exception_on_warning"
    for name in ("papers.json", "feed.atom", "sitemap.xml", "papers.bib", "lineage.svg"):
        assert not (app.outdir / name).exists(), name


def test_incremental_and_parallel_builds_keep_exports_and_chart_current(tmp_path):
    """A rebuild after an edit rewrites the chart page and the files; -j gives the same files."""
    from helpers import Site  # noqa: PLC0415

    chart = {"lineage.md": "# Lineage\n\n:::{paper-lineage-graph}\n:::\n"}
    site = Site(tmp_path, chart)
    # Sources older than the first build: only the edit below makes a page outdated.
    for path in site.srcdir.rglob("*.md"):
        os.utime(path, (time.time() - 100, time.time() - 100))
    site.build("-j", "2")
    serial = Site(tmp_path / "serial", chart)
    serial.build()
    for name in ("papers.json", "feed.atom", "papers.bib", "sitemap.xml", "lineage.svg"):
        assert (site.outdir / name).read_bytes() == (serial.outdir / name).read_bytes(), name

    gamma = site.read("papers/gamma.md")
    site.change({"papers/gamma.md": gamma.replace(":builds-on: beta\n", ":builds-on: alpha\n")})
    site.build()
    chart_page = (site.outdir / "lineage.html").read_text(encoding="utf-8")
    paths = re.findall(r'<path d="([^"]*)" fill="none"', chart_page)
    assert len(paths) == 2 and all(p.startswith("M25,96") for p in paths)  # both from alpha
    data = json.loads((site.outdir / "papers.json").read_text(encoding="utf-8"))
    assert data["papers"][0]["builds_on"] == ["alpha"]
    assert ET.parse(site.outdir / "lineage.svg").getroot().findall(f"{SVG}path")[1].get(
        "d").startswith("M25,96")


def test_feed_holds_the_newest_papers_up_to_its_size(project):
    app = project(confoverrides={"papercat_feed_size": 2})
    feed = feedparser.parse((app.outdir / "feed.atom").read_bytes())
    assert [e.link for e in feed.entries] == ["papers/gamma.html", "papers/beta.html"]
