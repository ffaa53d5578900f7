"""What a new record can read from its PDF: title, authors and date (``papercat add``).

Untrusted input read with pypdf; a fact that cannot be read is left empty, for a
person to fill in. The authors are the lines between the title and the first
affiliation, address or "Abstract" on page 1, without their footnote marks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from .verify import normalise_title

#: A line that ends the authors: an affiliation, an address, a link, the abstract.
_AFTER_AUTHORS = re.compile(
    r"^(?:\d+\s*[A-Z]|abstract\b)|@|https?://|\b(?:university|institute|laboratory|"
    r"college|school|academy|project page)\b", re.IGNORECASE)
#: Footnote marks after a name: 1,2,∗ * † ‡ § ¶ and superscript digits.
_MARKS = re.compile(r"[\d,∗*†‡§¶⁰¹²³⁴⁵⁶⁷⁸⁹\s]+$")
#: The authors line of the team reports.
TEAM = "DeepSeek-AI"
_ARXIV_MONTH = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")


@dataclasses.dataclass(frozen=True)
class FirstPage:
    title: str
    authors: tuple[str, ...]
    date: str  # YYYY-MM-DD from the PDF's creation date (UTC), else ""


def read_first_page(path: Path, title: str) -> FirstPage:
    """The authors after ``title`` (the first-page title ``verify.inspect`` found), and
    the date; what pypdf cannot read is left empty (``inspect`` has vouched for the file)."""
    from pypdf import PdfReader  # noqa: PLC0415 (see verify.inspect)
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    try:
        reader = PdfReader(path)
        text = reader.pages[0].extract_text() or ""
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, UnicodeDecodeError):
        return FirstPage(title=title, authors=(), date="")
    return FirstPage(title=title, authors=authors_after_title(text, title),
                     date=creation_date(reader))


def authors_after_title(text: str, title: str) -> tuple[str, ...]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    wanted, seen, start = normalise_title(title), "", 0
    for index, line in enumerate(lines):  # the title's lines
        seen += normalise_title(line)  # the comparable form has no spaces
        if not wanted or not wanted.startswith(seen):
            break
        start = index + 1
        if seen == wanted:
            break
    if not wanted or seen != wanted and start == 0:
        return ()
    authors: list[str] = []
    for line in lines[start:]:
        if line == TEAM:
            return tuple(authors) or (TEAM,)
        if _AFTER_AUTHORS.search(line):
            break
        authors += [name for part in line.split(",") if (name := clean_name(part))]
    return tuple(authors)


def clean_name(part: str) -> str:
    name = _MARKS.sub("", part.strip()).strip()
    # A name has a letter and is no footnote ("equal contribution").
    return name if re.search(r"[^\W\d_]", name) and len(name.split()) <= 5 else ""


def creation_date(reader) -> str:
    try:
        created = reader.metadata and reader.metadata.creation_date
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""
    if not isinstance(created, dt.datetime):
        return ""
    if created.tzinfo is not None:
        created = created.astimezone(dt.timezone.utc)
    return created.date().isoformat()


def arxiv_month(arxiv: str) -> str:
    """``YYYY-MM`` from a new-style arXiv id (``2607.05147`` → ``2026-07``), else ""."""
    match = _ARXIV_MONTH.match(arxiv)
    if not match or not 1 <= int(match[2]) <= 12:
        return ""
    return f"20{match[1]}-{match[2]}"
