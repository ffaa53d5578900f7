"""The committed lock file: for each record id, the verified PDF and its facts.

The build reads facts from here and never parses a PDF; ``fetch`` writes it.
Written atomically, keys sorted, so that a change shows as a small diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from pathlib import Path

from .verify import OutlineEntry, PdfFacts

LOCK_FILE = "pdfs.lock.json"
FORMAT = 1
_BOOKMARK = re.compile(r'\[\s+(\d+),\s+("(?:[^"\\]|\\.)*"),\s+(\d+)\s+\]')
_NOTE = "Written by `make pdfs` (python -m papercat fetch); one verified PDF per record id."


class LockError(Exception):
    """The lock file exists but cannot be used; the message says why."""


@dataclasses.dataclass(frozen=True)
class LockEntry:
    url: str  # where the file came from: the record's canonical PDF URL
    facts: PdfFacts

    def to_json(self) -> dict:
        facts = self.facts
        return {
            "url": self.url, "size": facts.size, "sha256": facts.sha256,
            "pages": facts.pages, "title": facts.title,
            "outline": [[e.level, e.title, e.page] for e in facts.outline],
        }

    @classmethod
    def from_json(cls, data: dict) -> LockEntry:
        outline = tuple(OutlineEntry(int(level), str(title), int(page))
                        for level, title, page in data.get("outline", []))
        facts = PdfFacts(size=int(data["size"]), sha256=str(data["sha256"]),
                         pages=int(data["pages"]), title=str(data.get("title", "")),
                         outline=outline)
        return cls(url=str(data.get("url", "")), facts=facts)


def read_lock(path: Path) -> dict[str, LockEntry]:
    """The entries of the lock at ``path``; none when the file does not exist."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise LockError(f"{path}: unknown format {data.get('format')!r} (expected {FORMAT})")
        return {pdf_id: LockEntry.from_json(entry) for pdf_id, entry in data["pdfs"].items()}
    except LockError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise LockError(f"{path}: not a valid lock file ({error})") from None


def write_lock(path: Path, entries: dict[str, LockEntry]) -> None:
    data = {
        "note": _NOTE,
        "format": FORMAT,
        "pdfs": {pdf_id: entries[pdf_id].to_json() for pdf_id in sorted(entries)},
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # One line per bookmark: [level, title, page].
    text = _BOOKMARK.sub(lambda m: "[" + ", ".join(m.groups()) + "]", text)
    write_atomically(path, text.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temp, 0o644)  # mkstemp makes it private; the file is published or committed
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
