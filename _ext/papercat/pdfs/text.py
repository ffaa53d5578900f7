"""The text layer: each hosted PDF's text, extracted once per file with pypdf.

One JSON per PDF, keyed by its sha256 and cached beside the PDF cache
(``<cache>/text/<sha256>.json``), so both languages and every build share it: a
no-op build extracts nothing, a new PDF extracts only itself. The reader, the
text view (``text/<id>``) and search all read this one shape
(``schemas/text.schema.json``)::

    {"format": 1, "sha256": "<hex>", "extractor": "pypdf <version>",
     "arxiv": "2512.24880v2",            # the margin stamp's id, "" if none
     "pages": [{"page": 1, "blocks": [
         {"kind": "heading", "level": 1, "text": "Introduction"},   # from the outline
         {"kind": "paragraph", "text": "..."}]}]}
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .verify import OutlineEntry

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

FORMAT = 1
TEXT_FOLDER = "text"

TextLayer = dict[str, Any]


def text_path(cache: Path, sha256: str) -> Path:
    """Where the text layer of the PDF with this sha256 is cached."""
    return cache / TEXT_FOLDER / f"{sha256}.json"


def extract(pdf: Path, sha256: str, outline: Iterable[OutlineEntry] = ()) -> TextLayer:
    """The text layer of one PDF (verified before: this trusts the file to open)."""
    import pypdf  # noqa: PLC0415 (a build with a warm cache never needs it)

    reader = pypdf.PdfReader(pdf)
    headings: dict[int, list[OutlineEntry]] = {}
    for entry in outline:
        headings.setdefault(entry.page, []).append(entry)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        blocks: list[dict[str, Any]] = [
            {"kind": "heading", "level": min(entry.level, 3), "text": entry.title}
            for entry in headings.get(number, ())
        ]
        text = unicodedata.normalize("NFKC", page.extract_text() or "")
        blocks += [{"kind": "paragraph", "text": " ".join(part.split())}
                   for part in re.split(r"\n\s*\n", text) if part.strip()]
        pages.append({"page": number, "blocks": blocks})
    return {"format": FORMAT, "sha256": sha256, "extractor": f"pypdf {pypdf.__version__}",
            "arxiv": "", "pages": pages}


def _extract_to(pdf: str, sha256: str, outline: tuple[OutlineEntry, ...], target: str) -> str:
    layer = extract(Path(pdf), sha256, outline)
    temp = Path(target).with_suffix(".tmp")
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    temp.replace(target)
    return target


def ensure_text_layers(cache: Path,
                       pdfs: Mapping[str, tuple[Path, str, tuple[OutlineEntry, ...]]],
                       jobs: int | None = None) -> dict[str, Path]:
    """Id -> text layer file for every PDF (path, sha256, outline); extracts only the
    missing ones, on every core."""
    found = {pdf_id: text_path(cache, sha) for pdf_id, (_, sha, _) in pdfs.items()}
    todo = [pdf_id for pdf_id, path in found.items() if not path.is_file()]
    if todo:
        workers = min(len(todo), jobs or os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for pdf_id in todo:
                path, sha, outline = pdfs[pdf_id]
                pool.submit(_extract_to, str(path), sha, tuple(outline), str(found[pdf_id]))
    return found


def load(path: Path) -> TextLayer | None:
    """A cached text layer, or None when it is missing, unreadable or of another format."""
    try:
        layer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return layer if isinstance(layer, dict) and layer.get("format") == FORMAT else None


def page_text(page: Mapping[str, Any]) -> str:
    """One page's text, its blocks joined (what search indexes)."""
    return "\n".join(block["text"] for block in page["blocks"])
