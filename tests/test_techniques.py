"""Technique records: parsing, pages, warnings, translations, exports, search, rebuilds.

The project is ``tests/roots/test-techniques``: alpha introduces MLA, beta
introduces GRPO and uses MLA, gamma uses both, delta names none.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from helpers import TESTS, warnings_of
from test_incremental import Site

from papercat.exports.papers_json import SCHEMA

ROOT = "test-techniques"
TECHNIQUES_SCHEMA = SCHEMA.with_name("techniques.schema.json")


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8"),
                         "html.parser")


def row(page: BeautifulSoup, kind: str) -> list[tuple[str, str]]:
    """(text, href) of the links in a technique row ("introduces", "used-by", ...)."""
    found = page.select_one(f".technique-{kind}")
    return [] if found is None else [(a.get_text(), a["href"]) for a in found.select("a")]


def search_index(app) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


# -- records and pages --------------------------------------------------------------------------


def test_technique_records_and_paper_options_are_parsed(project):
    app = project(root=ROOT)
    assert warnings_of(app) == ""
    domain = app.env.domains["technique"]
    mla = domain.technique("mla")
    assert (mla.docname, mla.name, mla.short_name) == (
        "techniques/mla", "Multi-head Latent Attention", "MLA")
    assert mla.definition.startswith("An attention layer that stores a small latent vector")
    papers = app.env.domains["paper"]
    assert papers.paper("beta").introduces == ("grpo",)
    assert papers.paper("gamma").uses == ("mla", "grpo")
    assert [p.id for p in domain.users("mla")] == ["gamma", "beta"]  # newest first
    assert [p.id for p in domain.introducers("mla")] == ["alpha"]


def test_technique_page_shows_its_introducer_and_users_newest_first(project):
    app = project(root=ROOT)
    page = soup(app, "techniques/mla")
    assert page.h1.get_text().rstrip("¶") == "Multi-head Latent Attention"
    assert page.select_one(".technique-meta dd").get_text(strip=True) == "MLA"
    assert row(page, "introduced-by") == [("Alpha: Attention in Latent Space", "../papers/alpha.html")]
    assert row(page, "used-by") == [("Gamma: Both at Once", "../papers/gamma.html"),
                                    ("Beta: Reinforcement by Groups", "../papers/beta.html")]
    # A technique nobody uses yet has no "Used by" row.
    assert row(soup(app, "techniques/grpo"), "used-by") == [
        ("Gamma: Both at Once", "../papers/gamma.html")]


def test_paper_pages_link_the_techniques_they_introduce_and_use(project):
    app = project(root=ROOT)
    beta = soup(app, "papers/beta")
    assert row(beta, "introduces") == [("Group Relative Policy Optimization (GRPO)",
                                        "../techniques/grpo.html")]
    assert row(beta, "uses") == [("Multi-head Latent Attention (MLA)", "../techniques/mla.html")]
    assert beta.select_one(".technique-introduces .paper-label").get_text() == "Introduces"
    delta = soup(app, "papers/delta")
    assert delta.select(".technique-row") == []


def test_index_lists_every_technique_and_lineage_page_can_highlight_them(project):
    app = project(root=ROOT)
    index = soup(app, "techniques/index")
    names = [e.select_one(".technique-entry-name").get_text() for e in index.select(".technique-entry")]
    assert names == ["Group Relative Policy Optimization (GRPO)",
                     "Multi-head Latent Attention (MLA)"]
    assert "scores each answer" in index.select_one("#technique-grpo").get_text()
    assert row(index.select_one("#technique-mla"), "introduced-by")[0][1] == "../papers/alpha.html"
    box = soup(app, "lineage").select_one("div.technique-filter")
    assert box.has_attr("hidden")  # shown by techniques.js; without it the chart is as before
    assert json.loads(box["data-techniques"])[1] == [
        "mla", "Multi-head Latent Attention (MLA)", ["alpha"], ["gamma", "beta"]]
    assert json.loads(box["data-labels"])["select"] == "Highlight a technique"


# -- warnings -------------------------------------------------------------------------------


def technique_page(options: str, title: str = "# Orphan Trick\n\n") -> str:
    return f"{title}:::{{technique}}\n{options}\n\nA trick.\n:::\n"


DELTA = "papers/delta.md"
DELTA_TEXT = (TESTS / "roots" / ROOT / DELTA).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "where", "subtype", "text"),
    [
        ({DELTA: DELTA_TEXT.replace(":date:", ":uses: nope\n:date:")},
         "papers/delta.md:3", "unknown-technique", "uses: unknown technique id 'nope'"),
        ({DELTA: DELTA_TEXT.replace(":date:", ":introduces: Bad_Id\n:date:")},
         "papers/delta.md:3", "bad-id", "introduces: 'Bad_Id' is not a technique id"),
        ({"techniques/orphan.md": technique_page(":id: orphan")},
         "techniques/orphan.md:3", "not-introduced", "no paper introduces technique 'orphan'"),
        ({"techniques/orphan.md": technique_page(":id: mla")},
         "techniques/orphan.md:3", "duplicate-id",
         "duplicate technique id 'mla': also used in techniques/mla"),
        ({"techniques/orphan.md": technique_page(":id: Orphan!")},
         "techniques/orphan.md:3", "bad-id", "id: 'Orphan!' is not a lowercase slug"),
        ({"techniques/orphan.md": technique_page(":short-name: OT")},
         "techniques/orphan.md:3", "missing-id", "the record has no id"),
        ({"techniques/orphan.md": technique_page(":id: mla\n:colour: red")},
         "techniques/orphan.md:3", "unknown-option", "unknown option 'colour'"),
        ({"techniques/orphan.md": technique_page(":id: orphan", title="")},
         "techniques/orphan.md:1", "no-title", "must follow the page's title"),
        ({"techniques/orphan.md": technique_page(":id: mla") + ":::{technique}\n:id: other\n:::\n"},
         "techniques/orphan.md:8", "multiple-records", "a page holds one technique record"),
        # Delta (2023) is older than alpha: alpha's claim is the one reported.
        ({DELTA: DELTA_TEXT.replace(":date:", ":introduces: mla\n:date:")},
         "papers/alpha.md:3", "multiple-introducers",
         "technique 'mla' is already introduced by delta"),
    ],
)
def test_bad_technique_data_warns_with_location_and_type(project, files, where, subtype, text):
    app = project(files, root=ROOT)
    warnings = warnings_of(app)
    line = next((w for w in warnings.splitlines() if text in w), None)
    assert line is not None, warnings
    assert re.search(rf"{re.escape(where)}: WARNING: ", line.replace("\\", "/")), line
    assert line.endswith(f"[papercat.{subtype}]"), line
    assert "Traceback" not in warnings


# -- translation ----------------------------------------------------------------------------


def test_chinese_build_translates_names_definitions_and_labels(project):
    app = project(root=ROOT, confoverrides={"language": "zh_CN"})
    assert warnings_of(app) == ""
    mla = soup(app, "techniques/mla")
    assert mla.h1.get_text().rstrip("¶") == "多头潜在注意力"
    assert "潜在向量" in mla.select_one(".technique-definition").get_text()
    assert mla.select_one(".technique-used-by .paper-label").get_text() == "使用该技术的论文"
    assert ("贝塔：分组强化", "../papers/beta.html") in row(mla, "used-by")
    beta = soup(app, "papers/beta")
    assert beta.select_one(".technique-uses .paper-label").get_text() == "使用的技术"
    assert row(beta, "uses") == [("多头潜在注意力（Multi-head Latent Attention，MLA）",
                                  "../techniques/mla.html")]
    data = json.loads((Path(app.outdir) / "techniques.json").read_text(encoding="utf-8"))
    mla_entry = next(t for t in data["techniques"] if t["id"] == "mla")
    assert (mla_entry["name"], mla_entry["name_en"]) == ("多头潜在注意力", "Multi-head Latent Attention")
    labels = json.loads(soup(app, "lineage").select_one("div.technique-filter")["data-labels"])
    assert labels["select"] == "突出显示一项技术"


# -- exports -------------------------------------------------------------------------------


def test_techniques_json_and_papers_json_carry_the_techniques(project):
    app = project(root=ROOT, confoverrides={"html_baseurl": "https://example.org/"})
    out = Path(app.outdir)
    data = json.loads((out / "techniques.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(TECHNIQUES_SCHEMA.read_text(encoding="utf-8")))
    assert data["count"] == 2
    assert data["techniques"][1] == {
        "id": "mla", "name": "Multi-head Latent Attention",
        "name_en": "Multi-head Latent Attention", "short_name": "MLA",
        "definition": "An attention layer that stores a small latent vector per token instead "
                      "of full keys and values.",
        "introduced_by": "alpha", "used_by": ["gamma", "beta"],
        "url": "https://example.org/techniques/mla.html",
    }
    papers = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    jsonschema.validate(papers, json.loads(SCHEMA.read_text(encoding="utf-8")))
    beta = next(p for p in papers["papers"] if p["id"] == "beta")
    assert (beta["introduces"], beta["uses"]) == (["grpo"], ["mla"])


def test_a_failed_build_writes_no_techniques_json(project):
    app = project({DELTA: DELTA_TEXT.replace(":date:", ":uses: nope\n:date:")}, root=ROOT,
                  warningiserror=True)
    assert app.statuscode == 1
    assert not (Path(app.outdir) / "techniques.json").exists()


# -- search --------------------------------------------------------------------------------


def pages_with(index: dict, *words: str) -> set[str]:
    """Pages whose text or title holds every word (Sphinx's search is an AND)."""
    def pages(word):
        found = set()
        for table in (index["terms"], index["titleterms"]):
            hits = table.get(word, [])
            found |= set(hits if isinstance(hits, list) else [hits])
        return {index["docnames"][i] for i in found}

    return set.intersection(*(pages(w) for w in words))


def test_search_lists_each_page_once(project):
    """A paper was listed twice: its page, and an object anchored at its whole title."""
    index = search_index(project(root=ROOT))
    assert index["objects"] == {}
    assert "techniques/mla" in pages_with(index, "latent", "attent")  # stemmed by Sphinx


def test_a_chinese_technique_page_names_it_in_english_under_its_title(project):
    """First mention: 多头潜在注意力（Multi-head Latent Attention，MLA）, from the record."""
    mla = soup(project(root=ROOT, confoverrides={"language": "zh_CN"}), "techniques/mla")
    names = mla.select_one(".technique-record .technique-names")
    assert names.get_text() == "多头潜在注意力（Multi-head Latent Attention，MLA）"
    first = mla.select_one(".technique-record").find(True)
    assert first is names  # its first mention, before the definition
    assert mla.select_one(".technique-meta") is None  # the short name is said there
    index = soup(project(root=ROOT, confoverrides={"language": "zh_CN"}), "techniques/index")
    assert "多头潜在注意力（Multi-head Latent Attention，MLA）" in [
        a.get_text() for a in index.select(".technique-entry-name a")]


def test_an_english_technique_page_keeps_its_short_name(project):
    app = project(root=ROOT)
    mla = soup(app, "techniques/mla")
    assert mla.select_one(".technique-names") is None
    assert mla.select_one(".technique-meta dd").get_text(strip=True) == "MLA"
    assert row(soup(app, "papers/beta"), "uses") == [("Multi-head Latent Attention (MLA)",
                                                      "../techniques/mla.html")]


def test_chinese_search_finds_a_technique_by_its_english_name(project):
    index = search_index(project(root=ROOT, confoverrides={"language": "zh_CN"}))
    assert "techniques/mla" in pages_with(index, "multi", "latent", "attent")
    assert "techniques/mla" in pages_with(index, "mla")


def test_chinese_search_finds_the_technique_page(project):
    import jieba

    index = search_index(project(root=ROOT, confoverrides={"language": "zh_CN"}))
    assert index["objects"] == {}
    words = [w for w in jieba.cut_for_search("多头潜在注意力") if w in index["titleterms"]]
    assert words  # the title's words are indexed
    assert "techniques/mla" in pages_with(index, *words)


# -- incremental rebuilds -------------------------------------------------------------------


class TechniqueSite(Site):
    def __init__(self, tmp_path):
        self.srcdir, self.outdir = tmp_path / "src", tmp_path / "out"
        shutil.copytree(TESTS / "roots" / ROOT, self.srcdir)

    def stamps(self) -> dict[str, int]:
        return {name: (self.outdir / name).stat().st_mtime_ns
                for name in ("techniques.json", "papers.json", "lineage.svg")}


@pytest.fixture
def site(tmp_path):
    site = TechniqueSite(tmp_path)
    _, _, warnings = site.build()
    assert warnings == ""
    return site


def test_renaming_a_technique_rewrites_its_page_and_the_pages_showing_it(site):
    site.change({"techniques/mla.md": site.read("techniques/mla.md").replace(
        "# Multi-head Latent Attention", "# Multi-head Latent Attention Renamed")})
    read, written, _ = site.build()
    assert read == ["techniques/mla"]
    # Its page, the techniques' index, the papers that introduce and use it, the lineage
    # selector; and the home page, whose (hidden) toctree holds the page: Sphinx rewrites
    # the parent of every page it writes, as it does for every paper.
    assert written == ["index", "lineage", "papers/alpha", "papers/beta", "papers/gamma",
                       "techniques/index", "techniques/mla"]
    assert row(site.soup("papers/beta"), "uses")[0][0] == "Multi-head Latent Attention Renamed (MLA)"


def test_editing_a_definition_rewrites_only_the_pages_showing_it(site):
    before = site.stamps()
    site.change({"techniques/mla.md": site.read("techniques/mla.md").replace(
        "a small latent vector", "one small latent vector")})
    read, written, _ = site.build()
    assert read == ["techniques/mla"]
    assert written == ["index", "techniques/index", "techniques/mla"]  # index: the toctree
    assert "one small latent" in site.soup("techniques/index").select_one("#technique-mla").get_text()
    after = site.stamps()
    assert {name for name in before if before[name] != after[name]} == {"techniques.json"}


def test_editing_a_papers_uses_rewrites_the_techniques_it_named(site):
    site.change({"papers/gamma.md": site.read("papers/gamma.md").replace(
        ":uses: mla, grpo", ":uses: mla")})
    read, written, _ = site.build()
    assert read == ["papers/gamma"]
    # The catalogue shows every record; the selector on the lineage page shows the edges.
    assert written == ["index", "lineage", "papers/gamma", "techniques/grpo", "techniques/mla"]
    assert row(site.soup("techniques/grpo"), "used-by") == []


def test_noop_rebuild_reads_and_writes_nothing(site):
    before = site.stamps()
    assert site.build() == ([], [], "")
    assert site.stamps() == before


def test_parallel_build_merges_technique_data(tmp_path):
    site = TechniqueSite(tmp_path)
    _, _, warnings = site.build("-j", "2")
    assert warnings == ""
    assert row(site.soup("techniques/mla"), "used-by") == [
        ("Gamma: Both at Once", "../papers/gamma.html"),
        ("Beta: Reinforcement by Groups", "../papers/beta.html")]
    assert len(site.soup("techniques/index").select(".technique-entry")) == 2


# -- the real site ----------------------------------------------------------------------------

#: The facts file's "Techniques" table with its third wave (GRPO's eight users, DSpark's and
#: V4.1's techniques): technique -> (introduced by, used by, newest first).
TABLE = {
    "deepseekmoe": ("deepseekmoe", ["deepseek-v3", "deepseek-vl2", "deepseek-v2"]),
    "mla": ("deepseek-v2", ["deepseek-v3.2-exp", "deepseek-v3", "deepseek-vl2"]),
    "grpo": ("deepseek-math", ["deepseek-math-v2", "deepseek-v3.2-exp", "deepseek-prover-v2",
                               "deepseek-r1", "deepseek-v3", "deepseek-prover-v1.5",
                               "deepseek-coder-v2", "deepseek-v2"]),
    "mtp": ("deepseek-v3", []),
    "loss-free-balancing": ("aux-loss-free", ["deepseek-v3"]),
    "fp8-training": ("deepseek-v3", ["deepseek-v3-insights"]),
    "dsa": ("deepseek-v3.2-exp", ["deepseek-v3.2"]),
    "nsa": ("nsa", []),
    "mhc": ("mhc", ["deepseek-v4"]),
    "engram": ("engram", ["deepseek-v4.1"]),
    "dspark": ("dspark", []),
    "ced": ("deepseek-v4.1", []),
    "spct": ("deepseek-grm", []),
    "decoupled-visual-encoding": ("janus", ["janus-pro", "janusflow"]),
    "rmaxts": ("deepseek-prover-v1.5", []),
    "optical-compression": ("deepseek-ocr", ["deepseek-ocr-2"]),
    "esft": ("esft", []),
    "hfreduce": ("fire-flyer", []),
}


def test_the_site_has_every_technique_of_the_table_with_its_edges(real_site):
    language, out = real_site
    data = json.loads((out / "techniques.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(TECHNIQUES_SCHEMA.read_text(encoding="utf-8")))
    assert {t["id"]: (t["introduced_by"], t["used_by"]) for t in data["techniques"]} == TABLE
    names = {t["id"]: t["name"] for t in data["techniques"]}
    if language == "zh_CN":
        assert (names["mla"], names["grpo"]) == ("多头潜在注意力", "组相对策略优化")
    for technique_id in TABLE:
        assert (out / "techniques" / f"{technique_id}.html").is_file()


def test_the_site_search_finds_mla_once_in_either_language(real_site):
    import jieba

    language, out = real_site
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    assert index["objects"] == {}  # no second entry per paper, anchored at its title
    query = "多头潜在注意力" if language == "zh_CN" else "latent attent"
    words = list(jieba.cut_for_search(query)) if language == "zh_CN" else query.split()
    assert "techniques/mla" in pages_with(index, *words)
    # The English name finds it in either language (on the Chinese page, under its title).
    assert "techniques/mla" in pages_with(index, "latent", "attent")
