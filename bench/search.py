"""Search at scale: index size, indexing time and bytes per query (README "Search").

``python bench/search.py --papers 1000 --pages 30`` builds the synthetic catalogue
(``synth.py``) in English, gives every paper a synthetic text layer of ``--pages``
pages (the shape of ``pdfs/text.py``, words drawn from a Zipf-like vocabulary the size
of a real paper's, and a few phrases the queries look for), indexes site and passages
with the build's own code (``site/search_index.py``), then serves the output from
127.0.0.1 with gzip (as Read the Docs serves it) and runs each query in headless
Chromium, summing the bytes of every response the search fetched.
``--site _build/html`` measures the real built site instead (both languages).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import random
import re
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
import synth  # noqa: E402

from papercat.site import search_bundles, search_index  # noqa: E402

QUERIES = {"en": ["aha moment", "multi-head latent attention", "MLA", "reinforcement learning",
                  "DeepSeek-V3 Technical Report", "kv cache compression"],
           "zh_CN": ["多头潜在注意力", "aha moment", "强化学习"]}
#: Sent compressed, as a static host does; Pagefind's own files are compressed already.
COMPRESSED = (".html", ".js", ".mjs", ".css", ".json", ".svg")
CHROMIUM = "/usr/bin/chromium"
PHRASES = ["aha moment", "multi-head latent attention (MLA)", "key-value cache compression",
           "reinforcement learning", "mixture of experts", "group relative policy optimization"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    syllables = ["ka", "ro", "te", "mi", "lan", "sor", "vek", "tri", "al", "en", "pha", "dor",
                 "qu", "zel", "ist", "ber", "non", "cal", "ent", "ing", "ated", "tion", "ly"]
    words = {"the", "of", "and", "to", "in", "we", "model", "training", "data", "attention",
             "expert", "token", "layer", "loss", "reward", "benchmark", "results", "table"}
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def text_layer(paper: str, pages: int, words: list[str], weights: list[float],
               rng: random.Random) -> dict:
    layer = []
    for number in range(1, pages + 1):
        blocks = [{"kind": "heading", "level": 1, "text": f"Section {number} of {paper}"}]
        for _ in range(6):
            sentence = rng.choices(words, cum_weights=weights, k=80)
            if rng.random() < 0.1:
                sentence.insert(rng.randrange(80), rng.choice(PHRASES))
            if rng.random() < 0.3:
                sentence.append(f"{rng.uniform(0, 100):.1f}")
            blocks.append({"kind": "paragraph", "text": " ".join(sentence) + "."})
        layer.append({"page": number, "blocks": blocks})
    return {"format": 1, "sha256": "0" * 64, "extractor": "bench", "arxiv": "", "pages": layer}


def synthetic_units(names: list[str], pages: int, seed: int = 17) -> list:
    """A unit of passages per synthetic paper (its text layer made now, as a build reads it)."""
    rng = random.Random(seed)
    words = vocabulary(20_000, rng)
    # Zipf: a few words are common (cumulative weights: choices() need not sum them each time)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    rng.shuffle(words)
    units = []
    for paper in names:
        layer = text_layer(paper, pages, words, weights, rng)
        found = list(search_index.passages_of_layer(layer, url=f"read/{paper}.html",
                                                    paper=f"papers/{paper}.html",
                                                    paper_id=paper, title=paper))
        units.append(search_index.passage_unit(paper, f"{paper}-1", lambda found=found: found,
                                               "en"))
    return units


def paper_names(outdir: Path) -> list[str]:
    return [page.stem for page in sorted((outdir / "papers").glob("*.html"))
            if page.stem != "index"]


def built_pages(outdir: Path) -> list[search_index.SitePage]:
    skipped = {"search.html", "genindex.html", "404.html"}
    return [search_index.SitePage(path.relative_to(outdir).as_posix(), path,
                                  path.relative_to(outdir).as_posix())
            for path in sorted(outdir.rglob("*.html"))
            if path.name not in skipped and path.relative_to(outdir).parts[0]
            not in ("read", "text", "_static", "pagefind", "_sources")]


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, compressed where a static host compresses them."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if path.is_file() and path.suffix in COMPRESSED and accepts:
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


def bytes_per_query(site: Path, language_path: str, queries: list[str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler,
                                                                      directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/{language_path}"
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: dict[str, tuple[int, int]] = {}

            def finished(response, sizes=sizes):
                # What the server sent, and the file it sent (served from ``site``).
                sent = int(response.headers.get("content-length") or 0)
                path = site / urlsplit(response.url).path.lstrip("/")
                sizes[response.url] = (sent, path.stat().st_size if path.is_file() else sent)

            page.on("response", finished)
            page.goto(f"{base}search.html")  # the page, without a query: not counted
            page.wait_for_load_state("networkidle")
            page_only = set(sizes)
            page.fill("#papercat-search-query", query)
            page.press("#papercat-search-query", "Enter")
            page.wait_for_selector("#papercat-search-status:has-text('“')", timeout=60_000)
            page.wait_for_load_state("networkidle")
            search = {url: size for url, size in sizes.items() if url not in page_only}
            results[query] = {"requests": len(search),
                              "sent_kb": round(sum(s for s, _ in search.values()) / 1024, 1),
                              "raw_kb": round(sum(r for _, r in search.values()) / 1024, 1)}
            context.close()
        browser.close()
    server.shutdown()
    return results


def index_size(site: Path) -> dict[str, float]:
    folder = site / search_index.OUTPUT_FOLDER
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"files": len(files), "mb": round(sum(p.stat().st_size for p in files) / 2**20, 1)}


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 2)


def synthetic(papers: int, pages: int, workdir: Path) -> dict:
    """Index the synthetic site as its builds would: first with nothing kept, then each
    case a build meets (no change, an empty output folder, an edit, a paper added)."""
    shutil.rmtree(workdir, ignore_errors=True)
    srcdir, outdir, cache = workdir / "src", workdir / "html", workdir / "cache"
    synth.write_project(srcdir, synth.papers(papers))
    log = workdir / "build.log"
    # The build indexes its pages (no PDF is hosted here): its own time is logged apart.
    build = measure.sphinx_build(srcdir, outdir, workdir / "doctrees",
                                 ["-j", "auto", "-D", "language=en"], log)
    logged = re.search(r"search index: \d+ of \d+ units written \(base\) in ([\d.]+) s",
                       log.read_text(encoding="utf-8"))
    site_index_s = float(logged.group(1)) if logged else 0.0
    build_s = build.seconds - site_index_s
    units, generated = timed(lambda: synthetic_units(paper_names(outdir), pages))

    def index(units=units):  # the site's pages are read as a build reads them
        site_units = search_index.page_units(built_pages(outdir), "en")
        return search_index.index(outdir, "en", [*site_units, *units], cache)

    cold, cold_s = timed(index)
    assert cold.written == "base", cold
    noop, noop_s = timed(index)
    assert noop.written == "nothing", noop
    # A build into an empty output folder: the base kept in the cache is copied.
    shutil.rmtree(outdir / search_index.OUTPUT_FOLDER)
    empty, empty_s = timed(index)
    assert empty.written == "kept", empty
    # An edit of one paper's page, then a paper's PDF added: the overlay only.
    edited = outdir / "papers" / f"{paper_names(outdir)[0]}.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "</article>", "<p>An edited sentence.</p></article>"), encoding="utf-8")
    edit, edit_s = timed(index)
    assert edit == search_bundles.Outcome("recent", 1), edit
    added_units = [*units, *synthetic_units(["synth-added"], pages, seed=18)]
    add, add_s = timed(lambda: index(units=added_units))
    assert add.written == "recent", add
    print(f"build {build_s:.1f} s (site index {site_index_s:.1f} s), cold {cold_s} s, "
          f"empty output {empty_s} s, edit {edit_s} s, add {add_s} s", file=sys.stderr)
    return {"papers": papers, "pages_per_paper": pages, "site_pages": len(built_pages(outdir)),
            "pdf_pages": papers * pages,
            "build_without_index_s": round(build_s, 1), "site_index_in_build_s": site_index_s,
            "text_generation_s": generated,
            "indexing_s": {"nothing_kept": cold_s, "no_change": noop_s,
                           "empty_output_with_kept_base": empty_s,
                           "one_page_edited": edit_s, "one_paper_added": add_s},
            "share_of_build": {"nothing_kept": round(cold_s / build_s, 2),
                               "empty_output_with_kept_base": round(empty_s / build_s, 2),
                               "site_index_in_build": round(site_index_s / build_s, 2)},
            "index": index_size(outdir),
            "queries": bytes_per_query(outdir, "", QUERIES["en"])}


def real(site: Path) -> dict:
    return {language: {"index": index_size(site / language),
                       "queries": bytes_per_query(site, f"{language}/", QUERIES[language])}
            for language in ("en", "zh_CN")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--site", type=Path, help="measure this built site (_build/html)")
    parser.add_argument("--queries-only", action="store_true",
                        help="only the bytes per query, on the last synthetic site")
    parser.add_argument("--workdir", type=Path, default=synth.PROJECT / "_build" / "bench-search")
    args = parser.parse_args(argv)
    if args.queries_only:  # the last synthetic site, with the search page's current script
        outdir = args.workdir / "html"
        for name in ("papercat-search.js", "papercat-search.css"):
            shutil.copy(synth.PROJECT / "_ext" / "papercat" / "static" / name,
                        outdir / "_static" / name)
        result = {"index": index_size(outdir),
                  "queries": bytes_per_query(outdir, "", QUERIES["en"])}
    elif args.site:
        result = real(args.site)
    else:
        result = synthetic(args.papers, args.pages, args.workdir)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
