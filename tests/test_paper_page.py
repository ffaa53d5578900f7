"""What a record renders to: the paper page."""

import pytest
from bs4 import BeautifulSoup


def page(app, name):
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="basic")
def test_every_option_is_rendered(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = page(app, "papers/alpha")
    record = html.select_one("div.paper-record#paper-alpha")
    assert html.h1.get_text().startswith("Alpha: The First Paper")
    meta = record.select_one("dl.paper-meta")
    assert meta.select_one("dd.paper-date").get_text(strip=True) == "January 5, 2024"
    assert meta.select_one("dd.paper-authors").get_text(strip=True) == "Ada Lovelace, Alan Turing"
    tag = meta.select_one("dd.paper-tags a")
    assert tag["href"] == "../tags/models.html" and tag.get_text() == "Models"
    arxiv = meta.select_one("dd.paper-arxiv a")
    assert arxiv["href"] == "https://arxiv.org/abs/2401.00001"
    buttons = {a.get_text(): a["href"] for a in record.select(".paper-actions a")}
    assert buttons["Download PDF"] == "https://example.org/alpha.pdf"
    assert buttons["arXiv page"] == "https://arxiv.org/abs/2401.00001"
    assert buttons["Code"] == "https://github.com/example/alpha"
    assert "the first" in record.select_one(".paper-summary strong").get_text()
    bib = record.select_one(".paper-bibtex").get_text()
    assert "@misc{alpha," in bib and "author        = {Ada Lovelace and Alan Turing}" in bib
    # English page: no "official title" line, the heading is the official title.
    assert record.select_one(".paper-original-title") is None
    # Followed by beta (beta builds on alpha).
    followed = record.select_one(".paper-followed-by a")
    assert followed["href"] == "beta.html" and followed.get_text() == "Beta: A Second Paper"


@pytest.mark.sphinx("html", testroot="basic")
def test_month_dates_models_venue_and_lineage(app):
    app.build()
    record = page(app, "papers/beta").select_one("div.paper-record")
    assert record.select_one("dd.paper-date").get_text(strip=True) == "March 2025"
    assert record.select_one("dd.paper-venue").get_text(strip=True) == "ISCA 2025"
    models = [a.get_text() for a in record.select(".paper-button-models")]
    assert models == ["Model weights: Beta-Large", "Model weights: Beta-Small"]
    assert record.select_one(".paper-builds-on a")["href"] == "alpha.html"
    assert "Download PDF" not in record.get_text()  # beta has no pdf


@pytest.mark.sphinx("html", testroot="basic")
def test_withdrawn_paper_says_so_and_offers_no_download(app):
    app.build()
    record = page(app, "papers/gamma").select_one("div.paper-record")
    assert "withdrawn by its authors" in record.select_one(".paper-withdrawn").get_text()
    assert record.select(".paper-button-pdf") == []
    assert "note  = {Withdrawn}" in record.select_one(".paper-bibtex").get_text()


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-zh", confoverrides={"language": "zh_CN"})
def test_chinese_build_uses_translations_and_labels(app):
    app.build()
    html = page(app, "papers/alpha")
    assert html.html["lang"] == "zh-CN"
    assert html.h1.get_text().startswith("阿尔法：第一篇论文")
    record = html.select_one("div.paper-record")
    # The official English title stays beside the Chinese one.
    original = record.select_one(".paper-original-title")
    assert "英文原题" in original.get_text() and "Alpha: The First Paper" in original.get_text()
    assert record.select_one("dd.paper-date").get_text(strip=True) == "2024年1月5日"
    labels = [dt.get_text(strip=True).rstrip(":") for dt in record.select("dl.paper-meta dt")]
    assert labels[:3] == ["发布日期", "作者", "标签"]
    assert record.select_one(".paper-button-pdf").get_text() == "下载 PDF"
    assert record.select_one("dd.paper-tags a").get_text() == "模型"
    assert "第一个" in record.select_one(".paper-summary").get_text()
    # The listing shows the translated title and first sentence.
    entry = page(app, "index").select_one("#entry-alpha")
    assert entry.select_one(".paper-entry-title").get_text() == "阿尔法：第一篇论文"
    assert entry.select_one(".paper-entry-summary").get_text() == "阿尔法提出了该系列的第一个模型。"
    # The role shows the title in the reader's language.
    assert "阿尔法：第一篇论文" in [a.get_text() for a in page(app, "index").select("a")]


@pytest.mark.sphinx("html", testroot="basic")
def test_pages_link_their_other_language(app):
    app.build()
    html = page(app, "papers/alpha")
    alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"en": "../../en/papers/alpha.html",
                          "zh-CN": "../../zh_CN/papers/alpha.html",
                          "x-default": "../../en/papers/alpha.html"}
    switch = html.select_one(".papercat-languages a")
    assert switch["href"] == "../../zh_CN/papers/alpha.html" and switch["hreflang"] == "zh-CN"


@pytest.mark.sphinx("html", testroot="basic")
def test_role_links_with_title_or_explicit_text(app):
    app.build()
    links = {a.get_text(): a["href"] for a in page(app, "index").select("p a.reference")}
    assert links["Alpha: The First Paper"] == "papers/alpha.html"
    assert links["the second one"] == "papers/beta.html"
