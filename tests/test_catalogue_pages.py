"""What pages carry: meta tags for machines, cards and the filter, citations, downloads."""

import json

import pytest
from bs4 import BeautifulSoup

from test_catalogue_exports import LOCAL, OFFICIAL, TRICKY


def soup(app, name):
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def metas(html, attribute, name):
    return [m["content"] for m in html.find_all("meta", attrs={attribute: name})]


@pytest.fixture
def built(project):
    return project({"papers/delta.md": TRICKY})


def test_paper_page_has_scholar_opengraph_and_twitter_tags(built):
    html = soup(built, "papers/delta")
    assert metas(html, "name", "citation_title") == [OFFICIAL]
    assert metas(html, "name", "citation_author") == ["Grace Hopper", "DeepSeek-AI"]
    assert metas(html, "name", "citation_publication_date") == ["2024/06"]
    assert metas(html, "name", "citation_arxiv_id") == ["2406.00002"]
    assert metas(html, "property", "og:title") == [LOCAL]
    assert metas(html, "property", "og:type") == ["article"]
    assert metas(html, "property", "og:locale") == ["en_US"]
    assert metas(html, "property", "og:locale:alternate") == ["zh_CN"]
    assert metas(html, "property", "og:description") == ["Delta compares <b> & “quotes”."]
    assert metas(html, "property", "og:url") == []  # no html_baseurl: no absolute URL
    assert metas(html, "name", "twitter:card") == ["summary"]
    alpha = soup(built, "papers/alpha")
    assert metas(alpha, "name", "citation_publication_date") == ["2024/01/05"]
    assert metas(alpha, "name", "citation_pdf_url") == ["https://example.org/alpha.pdf"]
    assert metas(soup(built, "papers/gamma"), "name", "citation_pdf_url") == []  # withdrawn
    assert metas(soup(built, "index"), "name", "citation_title") == []


def test_meta_values_and_json_ld_are_escaped(built):
    text = (built.outdir / "papers" / "delta.html").read_text(encoding="utf-8")
    assert ('<meta name="citation_title" content="Delta: When a &lt; b &amp; &quot;c&quot; '
            'Holds">') in text
    scripts = soup(built, "papers/delta").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "<" not in raw and "&" not in raw  # nothing can close the script element
    article = json.loads(raw)
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == OFFICIAL and article["name"] == LOCAL
    assert article["author"] == [{"@type": "Person", "name": "Grace Hopper"},
                                 {"@type": "Organization", "name": "DeepSeek-AI"}]
    assert article["datePublished"] == "2024-06"
    assert article["isBasedOn"] == ["alpha.html"]  # relative to the page
    assert article["sameAs"] == "https://arxiv.org/abs/2406.00002"


def test_absolute_urls_with_a_base_url(project):
    app = project(confoverrides={"html_baseurl": "https://papers.example/en/"})
    html = soup(app, "papers/alpha")
    assert metas(html, "property", "og:url") == ["https://papers.example/en/papers/alpha.html"]
    assert metas(html, "property", "og:image") == []  # no thumbnail here
    feed = html.find("link", type="application/atom+xml")
    assert feed["href"] == "https://papers.example/en/feed.atom"


def test_every_page_links_the_feed(built):
    for name, href in (("index", "feed.atom"), ("papers/alpha", "../feed.atom")):
        assert soup(built, name).find("link", type="application/atom+xml")["href"] == href


def test_catalogue_without_javascript_lists_every_paper_as_a_card(built):
    html = soup(built, "index")
    cards = html.select("li.paper-card")
    assert [c["id"] for c in cards] == [f"entry-{i}" for i in ("gamma", "beta", "delta", "alpha")]
    assert not any(c.has_attr("hidden") for c in cards)
    for card in cards:
        assert card.select_one(".paper-entry-title a")["href"].startswith("papers/")
        assert card.select_one(".paper-entry-date").get_text()
    delta = html.select_one("#entry-delta")
    assert delta["data-date"] == "2024-06-00"
    assert delta["data-tags"] == "models"
    assert "a < b" in delta["data-text"] and "models" in delta["data-text"]
    # The filter is inert without JavaScript: hidden, holding only data for the script.
    box = html.select_one(".paper-filter")
    assert box.has_attr("hidden") and not box.get_text(strip=True)
    labels = json.loads(box["data-labels"])
    assert labels["all_tags"] == "All tags" and labels["newest"] == "Newest first"
    assert json.loads(box["data-tags"]) == [["models", "Models"], ["reasoning", "Reasoning"]]


def test_limited_listing_has_no_filter(project):
    app = project({"extra.md": "# Extra\n\n:::{paper-list}\n:limit: 2\n:::\n"},
                  confoverrides={"suppress_warnings": ["toc.not_included"]})
    assert soup(app, "extra").select_one(".paper-filter") is None


def test_citation_block_plain_text_and_copy_labels(built):
    html = soup(built, "papers/alpha")
    box = html.select_one(".paper-citation")
    assert box["data-copy-label"] == "Copy" and box["data-copied-label"] == "Copied"
    assert "@misc{alpha," in box.select_one("pre").get_text()
    assert box.select_one(".paper-cite-plain-text").get_text() == (
        "Ada Lovelace, Alan Turing. Alpha: The First Paper. arXiv:2401.00001, 2024.")


def test_downloads_link_the_catalogue_files(project):
    app = project({"index.md": "# Home\n\n:::{paper-downloads}\n:::\n\n:::{paper-list}\n:::\n"
                              "\n```{toctree}\n:hidden:\n:glob:\n\npapers/*\ntags/*\n```\n"})
    hrefs = [a["href"] for a in soup(app, "index").select(".paper-downloads a")]
    assert hrefs == ["papers.bib", "feed.atom", "papers.json", "lineage.svg"]
    for href in hrefs:
        assert (app.outdir / href).is_file()


def test_chinese_labels_come_from_the_catalog(project):
    app = project({"papers/delta.md": TRICKY,
                   "index.md": "# Home\n\n:::{paper-downloads}\n:::\n\n:::{paper-list}\n:::\n"
                               "\n```{toctree}\n:hidden:\n:glob:\n\npapers/*\ntags/*\n```\n"},
                  confoverrides={"language": "zh_CN"})
    html = soup(app, "index")
    labels = json.loads(html.select_one(".paper-filter")["data-labels"])
    assert labels["all_tags"] == "全部标签"
    assert labels["newest"] == "最新在前" and labels["oldest"] == "最早在前"
    assert labels["count"] == "显示 %(total)s 篇论文中的 %(shown)s 篇"
    assert html.select_one(".paper-downloads .paper-label").get_text() == "下载"
    paper = soup(app, "papers/alpha")
    assert paper.select_one(".paper-citation")["data-copy-label"] == "复制"
    assert metas(paper, "property", "og:locale") == ["zh_CN"]
    assert metas(paper, "property", "og:locale:alternate") == ["en_US"]
    svg = (app.outdir / "lineage.svg").read_text(encoding="utf-8")
    assert "论文之间的传承关系" in svg and "2024年" in svg
