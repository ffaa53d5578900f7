"""The records and corrections of issue 18 ("Third wave and corrections" of the facts file)."""

import json

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from helpers.site import built_site

NEW_PAPERS = {"dspark": "2607.05147", "deepseek-v4.1": "2609.19969", "dsec": "2609.22978"}
#: First public dates: the authors' own PDF where it came out before arXiv.
DATES = {"deepseek-v3": "2024-12-26", "deepseek-r1": "2025-01-20", "janus-pro": "2025-01-27",
         "deepseek-v2": "2024-05-06", "deepseek-ocr": "2025-10-20", "dspark": "2026-06-27",
         "deepseek-v4.1": "2026-09-10", "dsec": "2026-09-19", "deepseek-v4": "2026-04-24"}
GRPO_USERS = {"deepseek-v2", "deepseek-coder-v2", "deepseek-prover-v1.5", "deepseek-prover-v2",
              "deepseek-math-v2", "deepseek-v3.2-exp", "deepseek-r1", "deepseek-v3"}
NATURE_TITLE = "DeepSeek-R1 incentivizes reasoning in LLMs through reinforcement learning"


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def site(request, tmp_path_factory):
    out = built_site(tmp_path_factory, request.param)
    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    return request.param, out, {paper["id"]: paper for paper in data["papers"]}


def page(out, paper_id: str) -> BeautifulSoup:
    return BeautifulSoup((out / "papers" / f"{paper_id}.html").read_text(encoding="utf-8"),
                         "html.parser")


def test_the_three_new_papers(site):
    language, out, papers = site
    for paper_id, arxiv in NEW_PAPERS.items():
        assert papers[paper_id]["arxiv"] == arxiv
        if language == "zh_CN":  # translated title and summary
            assert papers[paper_id]["title_local"] != papers[paper_id]["title"], paper_id
            assert "的" in papers[paper_id]["summary"], paper_id
    assert papers["deepseek-v4"]["arxiv"] == "2606.19348"
    assert papers["deepseek-v4"]["status"] == "preview"
    dspark = papers["dspark"]
    assert dspark["builds_on"] == ["deepseek-v4"] and dspark["introduces"] == ["dspark"]
    assert len(dspark["authors"]) == 33
    assert dspark["authors"][0] == "Xin Cheng" and dspark["authors"][-1] == "Wenfeng Liang"
    assert {"language-models", "inference-serving"} == {t["slug"] for t in dspark["tags"]}
    assert (out / "tags" / "inference-serving.html").is_file()
    v41 = papers["deepseek-v4.1"]
    assert set(v41["builds_on"]) == {"deepseek-v4", "engram"}
    assert (v41["introduces"], v41["uses"]) == (["ced"], ["engram"])
    assert papers["dsec"]["authors"] == [] and papers["dsec"]["builds_on"] == []


def test_dates_are_first_public_releases(site):
    _language, _out, papers = site
    assert {paper_id: papers[paper_id]["date"] for paper_id in DATES} == DATES


def test_prover_v2_says_what_its_pdf_says(site):
    language, out, papers = site
    text = page(out, "deepseek-prover-v2").select_one(".paper-summary").get_text()
    assert ("47 of the 658" if language == "en" else "658 道题中的 47 道") in text
    assert "49" not in text


def test_r1_citation_names_nature_with_its_title(site):
    language, out, papers = site
    r1 = papers["deepseek-r1"]
    assert (r1["venue"], r1["venue_title"], r1["volume"], r1["pages"]) == (
        "Nature", NATURE_TITLE, "645", "633–638")
    assert r1["citation"] == f"DeepSeek-AI. {NATURE_TITLE}. Nature 645, 633–638. " \
                             "arXiv:2501.12948, 2025."
    html = page(out, "deepseek-r1")
    # The page's H1 stays the arXiv/PDF title (translated on the Chinese site).
    assert html.select_one("h1").get_text().startswith(
        "DeepSeek-R1: Incentivizing" if language == "en" else "DeepSeek-R1：通过强化学习")
    label = html.select_one("dt.paper-venue-title")
    assert label.get_text().startswith(
        "Published there as" if language == "en" else "在该处发表时的题目")
    assert label.find_next_sibling("dd").get_text().strip() == NATURE_TITLE
    assert html.select_one("dt.paper-venue").find_next_sibling("dd").get_text().strip() == \
        "Nature 645, 633–638"
    metas = {m.get("name"): m.get("content") for m in html.find_all("meta")}
    assert (metas["citation_title"], metas["citation_journal_title"]) == (NATURE_TITLE, "Nature")
    assert (metas["citation_volume"], metas["citation_firstpage"],
            metas["citation_lastpage"]) == ("645", "633", "638")
    library = bibtexparser.parse_string((out / "papers.bib").read_text(encoding="utf-8"))
    entry = {e.key: e for e in library.entries}["deepseek-r1"]
    assert entry.entry_type == "article"
    assert (entry["title"], entry["journal"], entry["volume"], entry["pages"]) == (
        "{" + NATURE_TITLE + "}", "Nature", "645", "633--638")
    moe = {e.key: e for e in library.entries}["deepseekmoe"]
    assert (moe.entry_type, moe["booktitle"], moe["pages"]) == (
        "inproceedings", "ACL 2024 (Long Papers)", "1280--1297")


def test_grpo_has_its_eight_users(site):
    _language, out, papers = site
    assert {paper_id for paper_id, paper in papers.items() if "grpo" in paper["uses"]} == \
        GRPO_USERS
    assert "deepseek-coder" in papers["deepseek-coder-v2"]["builds_on"]
    techniques = json.loads((out / "techniques.json").read_text(encoding="utf-8"))
    grpo = next(t for t in techniques["techniques"] if t["id"] == "grpo")
    assert set(grpo["used_by"]) == GRPO_USERS


def test_one_chinese_name_per_technique(site):
    language, out, _papers = site
    if language != "zh_CN":
        pytest.skip("Chinese wording")
    text = "".join(path.read_text(encoding="utf-8") for path in out.rglob("*.html"))
    assert "专家特化微调" not in text and "自我原则批评" not in text
    assert "专家专精微调" in text and "自我原则点评调优" in text
