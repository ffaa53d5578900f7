"""The records of issue 11 in the real catalogue: the ten added papers and the lineage edges.

The edges are the verified ones of papers-facts.md ("Second wave"); the chart is read back
from lineage.svg, so a record's edge that the chart does not draw fails too.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from helpers.site import built_site

SVG = "{http://www.w3.org/2000/svg}"
NEW_IDS = {
    "engram": "2601.07372", "mhc": "2512.24880", "deepseek-grm": "2504.02495",
    "nsa": "2502.11089", "codeio": "2502.07316", "janusflow": "2411.07975",
    "aux-loss-free": "2408.15664", "fire-flyer": "2408.14158",
    "deepseek-prover": "2405.14333", "dreamcraft3d": "2310.16818",
}
#: Papers whose canonical PDF is the authors' own upload (facts file, "Third wave").
OFFICIAL_PDFS = {"engram": "https://raw.githubusercontent.com/deepseek-ai/Engram/"
                           "fb7f84a21f91223715394a33a1dc24bbfb7f788e/Engram_paper.pdf"}
#: (paper, the paper it builds on), as the facts file lists them.
NEW_EDGES = {
    ("deepseek-prover", "deepseek-math"), ("deepseek-prover-v1.5", "deepseek-prover"),
    ("deepseek-prover-v2", "deepseek-prover-v1.5"), ("janusflow", "janus"),
    ("janus", "deepseek-llm"), ("deepseek-vl", "deepseek-llm"), ("deepseek-vl2", "deepseek-vl"),
    ("deepseek-v3", "aux-loss-free"), ("engram", "mhc"), ("deepseek-v4", "mhc"),
    ("deepseek-v3.2-exp", "deepseek-v3"), ("esft", "deepseek-v2"),
}
#: Supported neither by the facts file nor by the paper (DeepSeek 7B is only its baseline).
REMOVED_EDGES = {("deepseekmoe", "deepseek-llm")}


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def site(request, tmp_path_factory):
    out = built_site(tmp_path_factory, request.param)
    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    return out, {paper["id"]: paper for paper in data["papers"]}


def chart_edges(svg_file) -> set[tuple[str, str]]:
    """(paper, parent) for every line of the chart, matched to the nodes' centres."""
    root = ET.parse(svg_file).getroot()
    at = {}
    for node in root.iter(f"{SVG}a"):
        circle = node.find(f"{SVG}circle")
        at[(circle.get("cx"), circle.get("cy"))] = node.get("id").removeprefix("lineage-")
    edges = set()
    for path in root.iter(f"{SVG}path"):
        # "M{px},{py} V{cy}" in the parent's lane, or "... Q{px},{cy} {cx},{cy}" across.
        numbers = re.findall(r"-?\d+", path.get("d"))
        start = (numbers[0], numbers[1])
        end = (numbers[0], numbers[2]) if len(numbers) == 3 else (numbers[-2], numbers[-1])
        edges.add((at[end], at[start]))
    return edges


def test_the_ten_papers_are_exported_with_their_canonical_pdf(site):
    _out, papers = site
    assert set(NEW_IDS) <= set(papers)
    for paper_id, arxiv in NEW_IDS.items():
        paper = papers[paper_id]
        assert paper["arxiv"] == arxiv, paper_id
        # The canonical URL (the authors' own file where it exists: OFFICIAL_PDFS), or the
        # hosted copy once `make pdfs` fetched it.
        canonical = OFFICIAL_PDFS.get(paper_id, f"https://arxiv.org/pdf/{arxiv}")
        assert paper["urls"]["pdf"] in (canonical, f"pdf/{paper_id}.pdf"), paper_id
    codeio = papers["codeio"]
    assert codeio["urls"]["code"] == "https://github.com/hkust-nlp/CodeIO"
    assert "github.com/hkust-nlp/CodeIO" in codeio["summary"]


def test_corrected_records(site):
    _out, papers = site
    assert (papers["deepseek-v4"]["status"], papers["deepseek-v4"]["date"]) == (
        "preview", "2026-04-24")
    assert papers["deepseek-r1"]["venue"] == "Nature"


def test_lineage_has_the_verified_edges_in_the_data_and_the_chart(site):
    out, papers = site
    edges = {(paper_id, parent) for paper_id, paper in papers.items()
             for parent in paper["builds_on"]}
    assert NEW_EDGES <= edges
    assert not REMOVED_EDGES & edges
    assert chart_edges(out / "lineage.svg") == edges
