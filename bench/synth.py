"""Synthetic but realistic catalogues for the benchmark.

``papers(n)`` makes N records (deterministic for a given N): an English title
and summary with MyST markup (bold, code, links, ``{paper}`` references), tags
from the project's real vocabulary, dates spread over years, builds-on edges to
older records, and a complete Chinese translation of every message.

``write_project`` lays them out as this project's site; ``write_plain`` as
plain MyST pages with no extension (the baselines).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "_ext"))

from papercat.records import papers as records  # noqa: E402  (the same records as the site)
from papercat.render import citation  # noqa: E402  (the same BibTeX as the site)

#: What the synthetic project leaves out of this one: its papers (and their
#: catalogs), tests, builds, hidden folders.
NOT_COPIED = {"papers", "tests", "bench", "_build", "__pycache__", "node_modules"}

NAMES = [
    ("Orion", "猎户"), ("Lyra", "天琴"), ("Vega", "织女"), ("Atlas", "擎天"),
    ("Nova", "新星"), ("Cedar", "雪松"), ("Delta", "三角洲"), ("Helix", "螺旋"),
    ("Quartz", "石英"), ("Sable", "紫貂"), ("Tundra", "苔原"), ("Zephyr", "西风"),
]
TOPICS = [
    ("Scaling Sparse Experts", "扩展稀疏专家"),
    ("Reasoning through Reinforcement Learning", "通过强化学习进行推理"),
    ("Efficient Attention for Long Contexts", "面向长上下文的高效注意力"),
    ("Formal Proofs at Scale", "大规模形式化证明"),
    ("Unified Vision and Language", "统一的视觉与语言"),
    ("Code Generation with Repository Context", "结合代码仓库上下文的代码生成"),
    ("Document Understanding by Optical Compression", "基于光学压缩的文档理解"),
    ("Training on Commodity Clusters", "在通用集群上训练"),
]
SUBJECTS = [
    ("a sparse mixture-of-experts language model", "一个稀疏混合专家语言模型"),
    ("a dense decoder-only transformer", "一个稠密的仅解码器 Transformer"),
    ("a vision-language model for charts and documents", "一个面向图表与文档的视觉语言模型"),
    ("a theorem prover for Lean 4", "一个面向 Lean 4 的定理证明器"),
    ("a code model for permissively licensed repositories", "一个面向宽松许可代码仓库的代码模型"),
]
FINDINGS = [
    ("Multi-head latent attention cuts the **key-value cache** by an order of magnitude.",
     "多头潜在注意力把**键值缓存**缩小了一个数量级。"),
    ("Rewards computed by rules replace a learned reward model during `GRPO` training.",
     "在 `GRPO` 训练中，由规则计算的奖励取代了学习得到的奖励模型。"),
    ("A curriculum of *synthetic problems* raises the pass rate on competition benchmarks.",
     "由*合成题目*组成的课程提高了竞赛基准上的通过率。"),
    ("Fine-grained experts with shared experts keep every device busy.",
     "细粒度专家配合共享专家，让每台设备都保持忙碌。"),
    ("An FP8 mixed-precision recipe halves the memory needed for activations.",
     "一套 FP8 混合精度方案把激活所需的内存减半。"),
    ("Sliding-window attention keeps the cost **linear** in the context length.",
     "滑动窗口注意力使计算成本与上下文长度保持**线性**关系。"),
]
RELEASES = [
    ("Weights, code and an [evaluation harness](https://example.org/synth/{id}/eval) are released.",
     "权重、代码和[评测工具](https://example.org/synth/{id}/eval)均已公开。"),
    ("The model and a [technical appendix](https://example.org/synth/{id}/appendix) are public.",
     "模型和[技术附录](https://example.org/synth/{id}/appendix)已公开发布。"),
]


@dataclasses.dataclass
class Record:
    index: int
    id: str
    date: str
    title: str
    title_zh: str
    short_title: str
    tags: list[str]
    builds_on: list[str]
    paragraphs: list[tuple[str, str]]  # (English, Chinese), MyST markup in both

    @property
    def docname(self) -> str:
        return f"papers/{self.id}"


def vocabulary(project: Path = PROJECT) -> list[str]:
    """The tags that have a page in the project."""
    tags = []
    for page in sorted((project / "tags").glob("*.md")):
        if match := re.search(r"\{paper-tag\}\s+(\S+)", page.read_text(encoding="utf-8")):
            tags.append(match.group(1))
    return tags


def record(index: int, n: int, tags: list[str]) -> Record:
    """The index-th of n records: older records have smaller indexes."""
    rng = random.Random(index)
    paper_id = f"synth-{index:04d}"
    start, end = dt.date(2018, 1, 1), dt.date(2026, 10, 31)
    day = start + (end - start) * index // max(n, 1)
    date = day.strftime("%Y-%m") if index % 7 == 3 else day.isoformat()
    name, name_zh = NAMES[index % len(NAMES)]
    topic, topic_zh = rng.choice(TOPICS)
    version = f"{index // len(NAMES) + 1}"
    short = f"{name}-{version}"
    subject, subject_zh = rng.choice(SUBJECTS)
    olders = list(range(max(0, index - 40), index))
    builds_on = [f"synth-{i:04d}" for i in sorted(rng.sample(olders, min(len(olders), rng.randint(0, 2))))]
    tokens = rng.randint(2, 18)
    intro = (f"**{short}** is {subject} trained on {tokens} trillion tokens. ",
             f"**{short}** 是{subject_zh}，在 {tokens} 万亿个词元上训练。")
    finding = rng.choice(FINDINGS)
    release = tuple(s.format(id=paper_id) for s in rng.choice(RELEASES))
    first = (intro[0] + finding[0] + " " + release[0], intro[1] + finding[1] + release[1])
    paragraphs = [first]
    if builds_on:
        other = builds_on[-1]
        paragraphs.append((
            f"It extends {{paper}}`{other}` with a longer schedule and reports gains on every "
            f"benchmark; see the [project page](https://example.org/synth/{paper_id}).",
            f"它在 {{paper}}`{other}` 的基础上延长了训练，并在所有基准上都有提升；"
            f"详见[项目页面](https://example.org/synth/{paper_id})。",
        ))
    return Record(
        index=index, id=paper_id, date=date,
        title=f"{short}: {topic}", title_zh=f"{name_zh}-{version}：{topic_zh}",
        short_title=short, tags=sorted(rng.sample(tags, rng.randint(1, 3))),
        builds_on=builds_on, paragraphs=paragraphs,
    )


def papers(n: int, tags: list[str] | None = None) -> list[Record]:
    tags = tags or vocabulary()
    return [record(i, n, tags) for i in range(n)]


def edited(rec: Record) -> Record:
    """The same record with a rewritten first sentence (shown in every listing)."""
    (en, zh), *rest = rec.paragraphs
    return dataclasses.replace(rec, paragraphs=[
        ("Revised: " + en, "修订：" + zh), *rest,
    ])


# -- the project's site ----------------------------------------------------------


def options(rec: Record) -> dict[str, str]:
    """The record's ``{paper}`` options, as written in its page."""
    year, month = rec.date[:4], rec.date[5:7]
    result = {
        "id": rec.id, "date": rec.date, "short-title": rec.short_title,
        "authors": "Synthetic Lab; Ada Example; 张三", "tags": ", ".join(rec.tags),
        "arxiv": f"{year[2:]}{month}.{rec.index:05d}",
        "pdf": f"https://example.org/synth/{rec.id}.pdf",
        "code": f"https://github.com/example/{rec.id}",
    }
    if rec.builds_on:
        result["builds-on"] = ", ".join(rec.builds_on)
    return result


def paper_page(rec: Record) -> str:
    fields = "\n".join(f":{name}: {value}" for name, value in options(rec).items())
    body = "\n\n".join(en for en, _ in rec.paragraphs)
    return f"# {rec.title}\n\n:::{{paper}}\n{fields}\n\n{body}\n:::\n"


def paper_catalog(rec: Record) -> Catalog:
    catalog = Catalog(locale="zh_CN", project="bench", fuzzy=False)
    catalog.add(rec.title, rec.title_zh)
    for en, zh in rec.paragraphs:
        catalog.add(en, zh)
    return catalog


def write_record(root: Path, rec: Record) -> None:
    """The record's page and its Chinese catalog."""
    (root / f"{rec.docname}.md").write_text(paper_page(rec), encoding="utf-8")
    po = root / "locale" / "zh_CN" / "LC_MESSAGES" / f"{rec.docname}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as out:
        write_po(out, paper_catalog(rec), width=0)


def not_copied(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in NOT_COPIED or n.startswith(".") or n.endswith(".mo")}


def write_project(root: Path, records: list[Record], project: Path = PROJECT) -> None:
    """This project (configuration, extension, every page but the papers); synthetic papers."""
    shutil.copytree(project, root, ignore=not_copied, dirs_exist_ok=True)
    ids = {rec.id for rec in records}
    for page in root.glob("*.md"):  # the home page links real papers the catalogue lacks
        write_changed(page, without_missing_papers(page.read_text(encoding="utf-8"), ids))
    # Technique records need the papers that introduce them: keep only their index.
    for page in (root / "techniques").glob("*.md"):
        if page.name != "index.md":
            page.unlink()
    (root / "papers").mkdir(exist_ok=True)
    for rec in records:
        write_record(root, rec)


_PAPER_ROLE = re.compile(r"\{paper\}`(?:([^`<]*?)\s*<([^`>]+)>|([^`]+))`")


def without_missing_papers(text: str, ids: set[str]) -> str:
    """``{paper}`` links to papers not in ``ids`` as their plain text: no unknown-id warning."""
    def plain(match: re.Match) -> str:
        label, target, bare = match.groups()
        return match[0] if (target or bare) in ids else label or bare
    return _PAPER_ROLE.sub(plain, text)


# -- the baselines: plain MyST pages, no extension ----------------------------------

PLAIN_CONF = """\
project = "Synthetic papers"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
html_theme = {theme!r}
html_copy_source = False
html_show_sourcelink = False
"""


def plain_text(text: str, titles: dict[str, str], prefix: str) -> str:
    """MyST without the extension: ``{paper}`` roles become document links."""
    return re.sub(r"\{paper\}`([^`]+)`",
                  lambda m: f"[{titles[m.group(1)]}]({prefix}{m.group(1)}.md)", text)


def plain_entry(rec: Record, titles: dict[str, str], prefix: str) -> str:
    first = re.split(r"(?<=[.!?])\s+", plain_text(rec.paragraphs[0][0], titles, prefix))[0]
    return f"- [{rec.title}]({prefix}{rec.id}.md) ({rec.date}, {', '.join(rec.tags)}): {first}"


def plain_paper(rec: Record, titles: dict[str, str], followers: list[Record]) -> str:
    """Everything the project's paper page shows, as plain MyST."""
    fields, _ = records.parse_options(options(rec))
    paper = records.Paper(docname=rec.docname, lineno=1, title=rec.title,
                          title_local=rec.title, **fields)
    lines = [
        f"# {rec.title}", "",
        f"- Published: {paper.date}", "- Authors: " + ", ".join(paper.authors),
        "- Tags: " + ", ".join(f"[{t}](../tags/{t}.md)" for t in rec.tags),
        f"- arXiv: [{paper.arxiv}](https://arxiv.org/abs/{paper.arxiv})", "",
        f"[Download PDF]({paper.pdf}) [arXiv page](https://arxiv.org/abs/{paper.arxiv}) "
        f"[Code]({paper.code})", "",
    ]
    if rec.builds_on:
        lines += ["Builds on " + ", ".join(f"[{titles[o]}]({o}.md)" for o in rec.builds_on), ""]
    if followers:
        lines += ["Followed by " + ", ".join(f"[{f.title}]({f.id}.md)" for f in followers), ""]
    lines += [plain_text(en, titles, "") + "\n" for en, _ in rec.paragraphs]
    lines += ["## Cite", "", "```bibtex", citation.bibtex(paper), "```", ""]
    return "\n".join(lines)


def write_changed(path: Path, text: str) -> None:
    """Write only what changed, so that Sphinx re-reads only the pages that changed."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_plain(root: Path, records: list[Record], theme: str, sidebars: bool) -> None:
    """The same content as plain MyST pages under one flat, visible toctree.

    Written again after a change, only the pages whose text changed are touched.
    """
    conf = PLAIN_CONF.format(theme=theme)
    if not sidebars:
        conf += 'html_sidebars = {"**": []}\n'
    write_changed(root / "conf.py", conf)
    titles = {rec.id: rec.title for rec in records}
    newest = sorted(records, key=lambda r: (r.date, r.id), reverse=True)
    followers: dict[str, list[Record]] = {}
    for rec in records:
        for other in rec.builds_on:
            followers.setdefault(other, []).append(rec)
    (root / "papers").mkdir(exist_ok=True)
    for rec in records:
        text = plain_paper(rec, titles, followers.get(rec.id, []))
        write_changed(root / "papers" / f"{rec.id}.md", text)
    tags = sorted({t for rec in records for t in rec.tags})
    (root / "tags").mkdir(exist_ok=True)
    for tag in tags:
        entries = [plain_entry(r, titles, "../papers/") for r in newest if tag in r.tags]
        write_changed(root / "tags" / f"{tag}.md", f"# {tag}\n\n" + "\n".join(entries) + "\n")
    catalogue = "\n".join(plain_entry(r, titles, "papers/") for r in newest)
    index = ("# Synthetic papers\n\n```{toctree}\n:maxdepth: 1\n:glob:\n\ntags/*\npapers/*\n```\n\n"
             f"## Catalogue\n\n{catalogue}\n")
    write_changed(root / "index.md", index)
