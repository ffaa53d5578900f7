"""Which library extracts the text layer: pypdf against pypdfium2, on the mirrored PDFs.

For each PDF in ``../shared/pdfs`` (skipped without it), each extractor's raw text of
every page, timed, and three proxies of quality:

- ``shared``: of the words either finds, the share both find (they read the same text);
- ``broken``: words cut at a line end by a hyphen ("cru-" / "cial") left for cleaning;
- ``ligatures``: ligature characters (U+FB00-FB06) left ("ﬁ" for "fi");
- ``glued``: letter runs of 25 or more, words run together (a lost space).

Then the time of the site's own layer (``pdfs/text.py``: pypdf plus its cleaning),
per page, on one core and on every core (``ensure_text_layers``). ``--json`` writes
the numbers; ``run.py --text`` reuses ``text_costs``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "_ext"))
MIRROR = PROJECT.parent / "shared" / "pdfs"

from papercat.pdfs import text, verify  # noqa: E402

WORD = re.compile(r"[^\W\d_]{2,}")


def pypdf_pages(path: Path) -> list[str]:
    import pypdf  # noqa: PLC0415

    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def pdfium_pages(path: Path) -> list[str]:
    import pypdfium2  # noqa: PLC0415

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def as_lines(pages: list[str]) -> list[str]:
    """One convention for both: "\\n" ends a line; pdfium's line-end hyphen (U+FFFE, the
    line joined) is "-" and a line break, as pypdf gives it."""
    return [page.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n")
            for page in pages]


EXTRACTORS = {"pypdf": pypdf_pages, "pypdfium2": pdfium_pages}


def quality(pages: list[str]) -> dict[str, int]:
    raw = "\n".join(pages)
    return {"broken": len(re.findall(r"[^\W\d_]-\n\s*[a-z]", raw)),
            "ligatures": len(re.findall("[\ufb00-\ufb06]", raw)),
            "glued": len(re.findall(r"[^\W\d_]{25,}", raw))}


def words(pages: list[str]) -> Counter:
    joined = re.sub(r"([^\W\d_])-\n\s*([^\W\d_])", r"\1\2",
                    unicodedata.normalize("NFKC", "\n".join(pages)))
    return Counter(w.casefold() for w in WORD.findall(joined))


def compare(pdfs: list[Path]) -> dict:
    """Per extractor: pages, seconds, pages/s and the quality proxies over ``pdfs``."""
    totals: dict[str, dict] = {name: {"pages": 0, "seconds": 0.0, "broken": 0, "ligatures": 0,
                                      "glued": 0} for name in EXTRACTORS}
    shared = found = 0
    for path in pdfs:
        texts = {}
        for name, extract in EXTRACTORS.items():
            start = time.perf_counter()
            texts[name] = as_lines(extract(path))
            totals[name]["seconds"] += time.perf_counter() - start
            totals[name]["pages"] += len(texts[name])
            for key, value in quality(texts[name]).items():
                totals[name][key] += value
        a, b = words(texts["pypdf"]), words(texts["pypdfium2"])
        shared += sum((a & b).values())
        found += sum((a | b).values())
    for result in totals.values():
        result["pages_per_s"] = round(result["pages"] / result["seconds"], 1)
        result["seconds"] = round(result["seconds"], 2)
    return {"extractors": totals, "shared_words": round(shared / max(found, 1), 4)}


def text_costs(pdfs: list[Path], jobs: int | None = None) -> dict:
    """The site's layer: seconds per page on one core, and on ``jobs`` cores (all)."""
    from pypdf import PdfReader  # noqa: PLC0415

    inputs = {path.stem: (path, verify.sha256_of(path),
                          tuple(verify.flatten_outline(PdfReader(path)))) for path in pdfs}
    pages = sum(len(PdfReader(path).pages) for path in pdfs)
    cores = jobs or os.cpu_count() or 1
    result = {"pdfs": len(pdfs), "pages": pages, "cores": cores,
              "extractor": text.page_texts(pdfs[0])[1] if pdfs else ""}
    for label, workers in (("one_core", 1), ("every_core", cores)):
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            text.ensure_text_layers(Path(cache), inputs, jobs=workers)
            seconds = time.perf_counter() - start
            start = time.perf_counter()
            text.ensure_text_layers(Path(cache), inputs, jobs=workers)  # warm: nothing to do
            warm = time.perf_counter() - start
        result[label] = {"seconds": round(seconds, 2), "ms_per_page": round(1000 * seconds / pages, 1),
                         "warm_seconds": round(warm, 3)}
    result["speedup"] = round(result["one_core"]["seconds"] / result["every_core"]["seconds"], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR)
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    pdfs = sorted(args.mirror.glob("*.pdf")) if args.mirror.is_dir() else []
    if not pdfs:
        print(f"extractors: skipped: no PDFs in {args.mirror} (../shared)")
        return 0
    results = {"compare": compare(pdfs), "layer": text_costs(pdfs)}
    for name, r in results["compare"]["extractors"].items():
        print(f"{name:<10} {r['pages']:4d} pages {r['seconds']:7.2f} s {r['pages_per_s']:7.1f} "
              f"pages/s  broken {r['broken']:4d}  ligatures {r['ligatures']:4d}  "
              f"glued {r['glued']:4d}")
    print(f"words found by both: {results['compare']['shared_words']:.1%}")
    layer = results["layer"]
    print(f"text layer ({layer['extractor']} + cleaning): {layer['pages']} pages, one core "
          f"{layer['one_core']['ms_per_page']} ms/page, {layer['cores']} cores "
          f"{layer['every_core']['ms_per_page']} ms/page (x{layer['speedup']}); warm cache "
          f"{layer['every_core']['warm_seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
