"""``make bench``: build time, memory and output size of the site at scale.

For each size N it generates N synthetic records (see synth.py) and builds, each
build in its own process and with the same Sphinx options for every variant
(the project's: ``-W --keep-going -j auto``):

- ``project``: this site (conf.py, the extension, home and tag pages), a full
  build per language, then no-op rebuilds, rebuilds after editing one
  record's summary, and rebuilds after adding one record (each the median of
  ``REBUILDS`` runs);
- ``furo-baseline``: the same content as plain MyST pages, stock furo, one flat
  visible toctree, no extension (English, full build);
- ``floor``: the same plain pages with alabaster and no sidebars.

And the text layer (``--parts text``; skipped without ``../shared/pdfs``): extraction
time per page on one core and on every core (``extractors.text_costs``), and this
project built with every mirrored PDF hosted, with a cold text cache (every layer
extracted) and a warm one (none extracted), as two full builds.

And search (``--parts search``; ``search.py``): at the largest N, with a synthetic text
layer of 30 pages per paper, the Pagefind index's size, its indexing time in each case
a build meets (nothing kept, no change, an empty output folder, one page edited, one
paper added) and the bytes each query fetches in Chromium; results in
``<output>/search.json``, with their own targets (skipped without Chromium).

Results: a table on the terminal and ``<output>/results.json``. The targets of
issue 6 are checked at the largest size; the exit status is 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import extractors
import measure
import synth

SPHINX_OPTIONS = ["-W", "--keep-going", "-j", "auto"]
#: A rebuild takes about a second, so one hiccup of the machine is a large part of it:
#: each kind of rebuild runs this many times (another record each time), the median kept.
REBUILDS = 3
LANGUAGES = ("en", "zh_CN")


def written_mb(srcdir: Path) -> tuple[float, float]:
    """(everything the build wrote: HTML and doctrees, the HTML alone), in MB.

    As ``sphinx-build -b html SRC OUT`` lays it out (doctrees in OUT/.doctrees),
    which is how the issue measured the floor (19 MB for 1000 pages).
    """
    html = measure.size_mb(srcdir / "_build" / "html")
    return html + measure.size_mb(srcdir / "_build" / "doctrees"), html


def reader_options(project: Path) -> tuple[str, ...]:
    """The online reader's PDF.js files count in the output, as `make html` copies them."""
    pdfjs = project / "node_modules" / "pdfjs-dist"
    return ("-D", f"papercat_pdfjs={pdfjs}") if pdfjs.is_dir() else ()


def row(n: int, variant: str, lang: str, full: measure.Build, out: tuple[float, float],
        **rebuilds: measure.Build) -> dict:
    result = {"n": n, "variant": variant, "lang": lang, "full_s": round(full.seconds, 2)}
    for step in ("noop", "edit", "add"):
        build = rebuilds.get(step)
        result[f"{step}_s"] = round(build.seconds, 2) if build else None
    result["peak_mb"] = round(max([full.peak_mb] + [b.peak_mb for b in rebuilds.values()]), 1)
    result["out_mb"] = round(out[0], 2)
    HTML_MB[n, variant, lang] = round(out[1], 2)
    return result


#: The HTML alone, for the terminal table (results.json keeps the issue's keys).
HTML_MB: dict[tuple[int, str, str], float] = {}


class Bench:
    def __init__(self, workdir: Path, logdir: Path, project: Path, keep: bool = False) -> None:
        self.workdir, self.logdir, self.source, self.keep = workdir, logdir, project, keep
        self.tags = synth.vocabulary(project)

    def build(self, name: str, srcdir: Path, step: str, *options: str) -> measure.Build:
        log = self.logdir / f"{name}-{step.replace(' ', '-')}.log"
        build = measure.sphinx_build(srcdir, srcdir / "_build" / "html",
                                     srcdir / "_build" / "doctrees",
                                     [*SPHINX_OPTIONS, *options], log)
        print(f"  {name:<24} {step:<7} {build.seconds:7.2f} s (cpu {build.cpu_seconds:6.2f} s)  read {build.read:4d}"
              f"  written {build.written:4d}  load {build.load:4.1f}", flush=True)
        return build

    def rebuilds(self, name: str, srcdir: Path, step: str, change: Callable[[int], object],
                 *options: str) -> measure.Build:
        """The median of ``REBUILDS`` rebuilds, each after ``change(i)``."""
        builds = []
        for i in range(REBUILDS):
            change(i)
            builds.append(self.build(name, srcdir, f"{step} {i + 1}", *options))
        return sorted(builds, key=lambda build: build.seconds)[len(builds) // 2]

    def fresh(self, name: str) -> Path:
        srcdir = self.workdir / name
        shutil.rmtree(srcdir, ignore_errors=True)
        srcdir.mkdir(parents=True)
        return srcdir

    def done(self, srcdir: Path) -> None:
        if not self.keep:
            shutil.rmtree(srcdir)

    def plain(self, n: int, variant: str) -> dict:
        theme, sidebars = {"floor": ("alabaster", False), "furo-baseline": ("furo", True)}[variant]
        name = f"{variant}-{n}"
        srcdir = self.fresh(name)
        records = synth.papers(n, self.tags)
        synth.write_plain(srcdir, records, theme, sidebars)
        full = self.build(name, srcdir, "full")
        out_mb = written_mb(srcdir)
        rebuilds = {}
        if variant == "floor":  # what Sphinx itself needs for the same changes
            def edit(i: int) -> None:
                records[n // 2 + i] = synth.edited(records[n // 2 + i])
                synth.write_plain(srcdir, records, theme, sidebars)

            def add(i: int) -> None:
                records.append(synth.record(n + i, n, self.tags))
                synth.write_plain(srcdir, records, theme, sidebars)

            rebuilds["noop"] = self.rebuilds(name, srcdir, "noop", lambda i: None)
            rebuilds["edit"] = self.rebuilds(name, srcdir, "edit", edit)
            rebuilds["add"] = self.rebuilds(name, srcdir, "add", add)
        self.done(srcdir)
        return row(n, variant, "en", full, out_mb, **rebuilds)

    def project(self, n: int, lang: str) -> dict:
        name = f"project-{n}-{lang}"
        srcdir = self.fresh(name)
        records = synth.papers(n, self.tags)
        synth.write_project(srcdir, records, self.source)
        options = ("-D", f"language={lang}", *reader_options(self.source))
        full = self.build(name, srcdir, "full", *options)
        out_mb = written_mb(srcdir)
        noop = self.rebuilds(name, srcdir, "noop", lambda i: None, *options)
        edit = self.rebuilds(name, srcdir, "edit", lambda i: synth.write_record(
            srcdir, synth.edited(records[n // 2 + i])), *options)
        add = self.rebuilds(name, srcdir, "add", lambda i: synth.write_record(
            srcdir, synth.record(n + i, n, self.tags)), *options)
        self.done(srcdir)
        return row(n, "project", lang, full, out_mb, noop=noop, edit=edit, add=add)


def fastest(rows: list[dict]) -> dict:
    """Repeated runs of one measurement: the least of each time, the most memory and size."""
    result = dict(rows[0])
    for key in ("full_s", "noop_s", "edit_s", "add_s"):
        times = [r[key] for r in rows if r[key] is not None]
        result[key] = min(times) if times else None
    for key in ("peak_mb", "out_mb"):
        result[key] = max(r[key] for r in rows)
    return result


# -- the text layer ---------------------------------------------------------------------


def copy_project(source: Path, target: Path) -> None:
    """This checkout as it is (its real papers), without builds, caches and environments."""
    skip = shutil.ignore_patterns("_build", ".cache", ".venv", "node_modules", ".git",
                                  "__pycache__", "tests", "bench")
    shutil.copytree(source, target, ignore=skip)


def text_layer(bench: Bench, mirror: Path) -> dict | None:
    """Extraction per page and per core, and a site build with a cold and a warm text cache."""
    pdfs = sorted(mirror.glob("*.pdf")) if mirror.is_dir() else []
    if not pdfs:
        print(f"text layer: skipped: no PDFs in {mirror} (../shared)", flush=True)
        return None
    costs = extractors.text_costs(pdfs)
    print(f"  text layer: {costs['pages']} pages, {costs['one_core']['ms_per_page']} ms/page on "
          f"one core, {costs['every_core']['ms_per_page']} ms/page on {costs['cores']} "
          f"(x{costs['speedup']})", flush=True)
    srcdir = bench.fresh("text-layer")
    shutil.rmtree(srcdir)
    copy_project(bench.source, srcdir)
    cache = srcdir / ".cache" / "pdfs"
    fetched = subprocess.run(
        [sys.executable, "-m", "papercat", "fetch", "--mirror", str(mirror), "--best-effort",
         "--project", str(srcdir), "--cache", str(cache), "--lock", str(srcdir / "pdfs.lock.json")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(srcdir / "_ext")})
    hosted = sorted(p.stem for p in cache.glob("*.pdf"))
    options = ("-D", "language=en", *reader_options(bench.source))

    def full_build(step: str, *drop: Path) -> measure.Build:
        for folder in (srcdir / "_build" / "html", srcdir / "_build" / "doctrees", *drop):
            shutil.rmtree(folder, ignore_errors=True)
        return bench.build("text-layer", srcdir, step, *options)

    # The first build also renders the thumbnails; the next two differ only in the text cache.
    first = full_build("first")
    cold = full_build("cold", cache / "text")
    layers = {p: p.stat().st_mtime_ns for p in (cache / "text").glob("*.json")}
    warm = full_build("warm")
    unchanged = layers == {p: p.stat().st_mtime_ns for p in (cache / "text").glob("*.json")}
    views = list((srcdir / "_build" / "html" / "text").glob("*.html"))
    view_kb = round(sum(p.stat().st_size for p in views) / 1024, 1)
    bench.done(srcdir)
    costs["build"] = {"hosted": len(hosted), "fetch_status": fetched.returncode,
                      "first_s": round(first.seconds, 2), "cold_s": round(cold.seconds, 2),
                      "warm_s": round(warm.seconds, 2), "layers": len(layers),
                      "warm_extracted_nothing": unchanged,
                      "text_views": len(views), "text_views_kb": view_kb}
    print(f"  site with {len(hosted)} hosted PDFs, full builds: cold text cache "
          f"{cold.seconds:.2f} s, warm {warm.seconds:.2f} s ({len(layers)} layers; warm "
          f"extracted {'nothing' if unchanged else 'SOMETHING'}); {len(views)} text views, "
          f"{view_kb} KB", flush=True)
    return costs


# -- report -------------------------------------------------------------------------


def find(results: list[dict], n: int, variant: str, lang: str = "en") -> dict | None:
    return next((r for r in results if (r["n"], r["variant"], r["lang"]) == (n, variant, lang)),
                None)


def table(results: list[dict]) -> str:
    """Every measurement, with time and size as multiples of the floor's."""
    def cell(value, fmt="{:.2f}"):
        return "-" if value is None else fmt.format(value)

    head = ("n", "variant", "lang", "full s", "× floor", "no-op s", "edit s", "add s",
            "peak MB", "out MB", "× floor", "HTML MB", "× floor")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        floor = find(results, r["n"], "floor")
        time_ratio = r["full_s"] / floor["full_s"] if floor else None
        size_ratio = r["out_mb"] / floor["out_mb"] if floor else None
        html = HTML_MB.get((r["n"], r["variant"], r["lang"]))
        floor_html = HTML_MB.get((r["n"], "floor", "en")) if floor else None
        html_ratio = html / floor_html if html and floor_html else None
        lines.append("| " + " | ".join([
            str(r["n"]), r["variant"], r["lang"], cell(r["full_s"]), cell(time_ratio),
            cell(r["noop_s"]), cell(r["edit_s"]), cell(r["add_s"]), cell(r["peak_mb"], "{:.0f}"),
            cell(r["out_mb"], "{:.1f}"), cell(size_ratio), cell(html, "{:.1f}"), cell(html_ratio),
        ]) + " |")
    return "\n".join(lines)


def targets(results: list[dict], sizes: list[int]) -> list[tuple[str, bool, str]]:
    """Issue 6, point 4, at the largest size: (target, met, measured)."""
    n = max(sizes)
    en, zh, floor = find(results, n, "project"), find(results, n, "project", "zh_CN"), \
        find(results, n, "floor")
    checks = [
        (f"full build ≤ 1.5 × floor (N={n})", en["full_s"] <= 1.5 * floor["full_s"],
         f"{en['full_s']:.2f} s vs {1.5 * floor['full_s']:.2f} s"),
        ("one-record edit ≤ 10 % of the full build", en["edit_s"] <= 0.10 * en["full_s"],
         f"{en['edit_s']:.2f} s vs {0.10 * en['full_s']:.2f} s ({en['edit_s'] / en['full_s']:.0%}; "
         f"the floor's own edit: {floor['edit_s'] / floor['full_s']:.0%} of its full build)"),
        ("no-op rebuild ≤ 2 s", en["noop_s"] <= 2.0, f"{en['noop_s']:.2f} s"),
        ("output ≤ 2.5 × floor", en["out_mb"] <= 2.5 * floor["out_mb"],
         f"{en['out_mb']:.1f} MB vs {2.5 * floor['out_mb']:.1f} MB"),
        ("en + zh_CN full builds ≤ 3 × floor", en["full_s"] + zh["full_s"] <= 3 * floor["full_s"],
         f"{en['full_s'] + zh['full_s']:.2f} s vs {3 * floor['full_s']:.2f} s"),
    ]
    # Linear cost: 1000 pages may cost at most 6 × 200 pages, i.e. 1.2 × the size ratio.
    # Sizes under a tenth of N are left out: fixed start-up costs dominate them.
    for small in sorted(s for s in sizes if s < n and s * 10 >= n):
        base = find(results, small, "project")
        limit = 1.2 * n / small
        checks.append((f"full({n}) / full({small}) ≤ {limit:g}",
                       en["full_s"] / base["full_s"] <= limit,
                       f"{en['full_s'] / base['full_s']:.2f}"))
    return checks


#: Issue 17's goals for search at the largest size.
BYTES_PER_QUERY_KB = 300
INDEXING_SHARE = 0.25


def search_part(workdir: Path, n: int) -> dict | None:
    import search  # noqa: PLC0415 (needs Playwright and Chromium, and only here)

    if not Path(search.CHROMIUM).is_file():
        print(f"search: skipped (no Chromium at {search.CHROMIUM})")
        return None
    return search.synthetic(n, SEARCH_PAGES, workdir / "search")


SEARCH_PAGES = 30  # PDF pages per synthetic paper


def search_targets(found: dict) -> list[tuple[str, bool, str]]:
    """Issue 17's costs (search.py measures them)."""
    sent = [query["sent_kb"] for query in found["queries"].values()]
    build = found["build_without_index_s"]
    share = found["share_of_build"]
    return [
        (f"bytes per query ≤ {BYTES_PER_QUERY_KB} kB (N={found['papers']} × "
         f"{found['pages_per_paper']} pages)", max(sent) <= BYTES_PER_QUERY_KB,
         f"{min(sent):.0f}–{max(sent):.0f} kB sent over {len(sent)} queries"),
        ("indexing in a full build ≤ ¼ of the build (site pages; the papers' base kept)",
         max(share["site_index_in_build"], share["empty_output_with_kept_base"])
         <= INDEXING_SHARE,
         f"{found['site_index_in_build_s']:.2f} s and "
         f"{found['indexing_s']['empty_output_with_kept_base']:.2f} s vs {build:.1f} s "
         f"(nothing kept, the first build of these PDFs: "
         f"{found['indexing_s']['nothing_kept']:.1f} s)"),
        ("an edited page or a new paper is indexed alone (≤ 5 % of the build)",
         max(found["indexing_s"]["one_page_edited"], found["indexing_s"]["one_paper_added"])
         <= 0.05 * build,
         f"{found['indexing_s']['one_page_edited']:.2f} s, "
         f"{found['indexing_s']['one_paper_added']:.2f} s"),
        ("a no-op build indexes nothing", found["indexing_s"]["no_change"] <= 0.5,
         f"{found['indexing_s']['no_change']:.2f} s"),
    ]


def machine() -> str:
    import furo
    import sphinx
    memory = next((round(int(line.split()[1]) / 1024 ** 2) for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    return (f"{os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}, "
            f"Sphinx {sphinx.__version__}, furo {furo.__version__}; "
            f"sphinx options {' '.join(SPHINX_OPTIONS)} for every variant")


def sizes_of(text: str) -> list[int]:
    return sorted({int(s) for s in text.replace(",", " ").split()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="22 200 1000", help="N for the project and floor")
    parser.add_argument("--baseline-sizes", default="22 200", help="N for stock furo")
    parser.add_argument("--output", type=Path, default=Path("_build/bench"))
    parser.add_argument("--project", type=Path, default=synth.PROJECT,
                        help="the project to measure (default: this checkout)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--parts", default="catalogue text search",
                        help="what to measure: catalogue (the N-record builds), text (the text "
                        "layer on the mirrored PDFs), search (the index at the largest N)")
    parser.add_argument("--mirror", type=Path, default=extractors.MIRROR,
                        help="the mirrored PDFs for the text layer (default ../shared/pdfs)")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 1)),
                        help="runs of each measurement; the fastest counts (less noise)")
    args = parser.parse_args(argv)
    sizes, baseline_sizes = sizes_of(args.sizes), sizes_of(args.baseline_sizes)
    if not sizes:
        parser.error("no sizes")
    args.output.mkdir(parents=True, exist_ok=True)
    logdir = args.output / "logs"
    logdir.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="papercat-bench-"))
    bench = Bench(workdir, logdir, args.project.resolve(), args.keep)
    print(machine(), flush=True)
    results = []
    parts = set(args.parts.replace(",", " ").split())
    text_costs = search_costs = None
    try:
        if "text" in parts:
            print("text layer", flush=True)
            text_costs = text_layer(bench, args.mirror)
        for n in sorted(set(sizes) | set(baseline_sizes)) if "catalogue" in parts else ():
            print(f"N = {n}", flush=True)
            runs = range(max(args.repeat, 1))
            results.append(fastest([bench.plain(n, "floor") for _ in runs]))
            if n in baseline_sizes:
                results.append(fastest([bench.plain(n, "furo-baseline") for _ in runs]))
            if n in sizes:
                results += [fastest([bench.project(n, lang) for _ in runs]) for lang in LANGUAGES]
        if "search" in parts:
            print(f"search, N = {max(sizes)} × {SEARCH_PAGES} pages", flush=True)
            search_costs = search_part(workdir, max(sizes))
    except measure.BuildFailed as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"generated projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    (args.output / "results.json").write_text(json.dumps(results, indent=1) + "\n",
                                              encoding="utf-8")
    if text_costs:
        (args.output / "text-layer.json").write_text(json.dumps(text_costs, indent=1) + "\n",
                                                     encoding="utf-8")
    checks = search_targets(search_costs) if search_costs else []
    if search_costs:
        (args.output / "search.json").write_text(json.dumps(search_costs, indent=1) + "\n",
                                                 encoding="utf-8")
    print()
    print(machine())
    if "catalogue" in parts:
        print(table(results))
        checks = targets(results, sizes) + checks
    print()
    failed = 0 if not text_costs or text_costs["build"]["warm_extracted_nothing"] else 1
    for name, met, measured in checks:
        failed += not met
        print(f"{'ok  ' if met else 'MISS'} {name}: {measured}")
    print(f"\nresults: {args.output / 'results.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
