"""Files ``fetch`` refused, remembered in the cache so the build can say so.

``<cache>/refused.json`` maps a record id to the refused file's URL, sha256 and
the reason. ``fetch`` adds an id when it refuses its file and removes it once a
verified file is cached; the build reads it (cheaply, no PDF is parsed) to tell
readers that the PDF could not be verified and to link the arXiv abstract instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

from .lock import write_atomically

REFUSALS_FILE = "refused.json"


class Refusal(TypedDict):
    url: str
    sha256: str
    reason: str


def refusals_path(cache: Path) -> Path:
    return cache / REFUSALS_FILE


def read_refusals(cache: Path) -> dict[str, Refusal]:
    """Id -> refusal; none when the file is missing or unreadable (it is only a note)."""
    try:
        data = json.loads(refusals_path(cache).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(pdf_id): Refusal(url=str(item.get("url", "")),
                                 sha256=str(item.get("sha256", "")),
                                 reason=str(item.get("reason", "")))
            for pdf_id, item in data.items() if isinstance(item, dict)}


def update_refusals(cache: Path, refused: dict[str, Refusal], verified: set[str]) -> None:
    """Add ``refused``, forget ``verified``; write only when something changed."""
    before = read_refusals(cache)
    after = {pdf_id: item for pdf_id, item in before.items() if pdf_id not in verified}
    after.update(refused)
    if after == before:
        return
    if not after:
        refusals_path(cache).unlink(missing_ok=True)
        return
    text = json.dumps(dict(sorted(after.items())), indent=2, ensure_ascii=False) + "\n"
    write_atomically(refusals_path(cache), text.encode("utf-8"))
