"""The real catalogue in both languages: every record exported, every paper page tagged."""

import json
import re
import xml.etree.ElementTree as ET

import bibtexparser
import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from helpers.site import PROJECT

from papercat.exports.papers_json import SCHEMA

PAPER_IDS = sorted(path.stem for path in (PROJECT / "papers").glob("*.md"))
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_record_is_exported(real_site):
    language, out = real_site
    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert sorted(p["id"] for p in data["papers"]) == PAPER_IDS
    assert "deepseek-v3.2-exp" in PAPER_IDS
    # Hosted files (when the PDF cache has them) are in the output where the data says.
    for paper in data["papers"]:
        for url in (paper["urls"]["pdf"], paper["urls"]["thumbnail"]):
            assert url.startswith("https://") or url == "" or (out / url).is_file(), url
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(PAPER_IDS)
    library = bibtexparser.parse_string((out / "papers.bib").read_text(encoding="utf-8"))
    assert sorted(e.key for e in library.entries) == PAPER_IDS and not library.failed_blocks
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    assert len(sitemap) > len(PAPER_IDS)
    svg = ET.parse(out / "lineage.svg").getroot()
    assert len(svg.findall("{http://www.w3.org/2000/svg}a")) == len(PAPER_IDS)
    if language == "zh_CN":
        assert all(HAN.search(tag["name"]) for p in data["papers"] for tag in p["tags"])


def test_paper_pages_carry_meta_tags_and_bibtex(real_site):
    _language, out = real_site
    for paper_id in PAPER_IDS:
        html = BeautifulSoup((out / "papers" / f"{paper_id}.html").read_text(encoding="utf-8"),
                             "html.parser")
        names = {m.get("name") or m.get("property") for m in html.find_all("meta")}
        assert {"citation_title", "citation_publication_date", "og:title"} <= names, paper_id
        entry = html.select_one(".paper-citation pre").get_text()
        assert re.match(rf"@(misc|article|inproceedings)\{{{re.escape(paper_id)},", entry), paper_id
    r1 = BeautifulSoup((out / "papers" / "deepseek-r1.html").read_text(encoding="utf-8"),
                       "html.parser")
    assert r1.find("meta", attrs={"name": "citation_author"})["content"] == "DeepSeek-AI"


def test_catalogue_lists_every_paper_with_translated_filter_labels(real_site):
    language, out = real_site
    html = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = html.select("li.paper-card")
    assert sorted(c["id"].removeprefix("entry-") for c in cards) == PAPER_IDS
    labels = json.loads(html.select_one(".paper-filter")["data-labels"])
    if language == "zh_CN":
        assert all(HAN.search(label) for label in labels.values()), labels
    assert [a["href"] for a in html.select(".paper-downloads a")] == [
        "papers.bib", "feed.atom", "papers.json", "lineage.svg"]
    assert (out / "lineage.html").is_file()
