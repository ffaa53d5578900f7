"""Is this file a readable PDF, and what is in it? Checks and facts with pypdf.

Every rejection is a ``BadPdf`` with a message a person can act on; pypdf's
own exceptions never escape. ``NotAPdf``: what arrived is no complete PDF (an
HTML page, a truncated or unreadable file), so the download failed;
``UnusablePdf``: it is a PDF, but not one the site can publish.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfReader

#: Enough of the start of a file to recognise what it is.
HEAD_BYTES = 1024
#: ``%%EOF`` must appear within this many bytes of the end (PDF 1.7, 7.5.5).
TAIL_BYTES = 2048
#: A heading this much smaller than the largest text still belongs to the title.
TITLE_SIZE_TOLERANCE = 0.5


class BadPdf(Exception):
    """The file is not a PDF the site can publish; the message says why."""


class NotAPdf(BadPdf):
    """Not a complete PDF: empty, an HTML page, a Git LFS pointer, truncated, unreadable."""


class UnusablePdf(BadPdf):
    """A PDF, but not one to publish: encrypted, or without pages."""


@dataclasses.dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 for a top-level bookmark
    title: str
    page: int  # 1-based


@dataclasses.dataclass(frozen=True)
class PdfFacts:
    size: int
    sha256: str
    pages: int
    title: str  # first-page title: the largest text before "Abstract"
    outline: tuple[OutlineEntry, ...] = ()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_bytes(path: Path) -> None:
    """Cheap checks on the raw bytes, with a message naming what the file is instead."""
    size = path.stat().st_size
    if size == 0:
        raise NotAPdf("the file is empty")
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
        file.seek(max(0, size - TAIL_BYTES))
        tail = file.read()
    text = head.lstrip().lower()
    if text.startswith(b"version https://git-lfs"):
        raise NotAPdf("the file is a Git LFS pointer, not the PDF it points to")
    if text.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")) or b"<html" in text:
        raise NotAPdf("the file is an HTML page (an error or login page?), not a PDF")
    if b"%PDF-" not in head:
        raise NotAPdf("the file is not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise NotAPdf("the file is truncated (no %%EOF marker at its end)")


def inspect(path: Path) -> PdfFacts:
    """Verify ``path`` and return its facts; raise ``BadPdf`` if it is not usable."""
    # Imported here: a site build reads facts from the lock and never needs pypdf.
    from pypdf import PdfReader  # noqa: PLC0415
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    check_bytes(path)
    # pypdf logs recoverable damage itself; our message is the one that counts.
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnusablePdf("the file is encrypted with a user password")
        pages = len(reader.pages)
        if pages == 0:
            raise UnusablePdf("the file has no pages")
        title = first_page_title(reader)
        outline = tuple(flatten_outline(reader))
    except BadPdf:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, UnicodeDecodeError) as error:
        raise NotAPdf(f"pypdf cannot read the file: {error or type(error).__name__}") from None
    finally:
        pypdf_logger.setLevel(level)
    return PdfFacts(size=path.stat().st_size, sha256=sha256_of(path), pages=pages,
                    title=title, outline=outline)


def first_page_title(reader: PdfReader) -> str:
    """The largest text on page 1 before "Abstract" (``/Info`` titles are usually empty)."""
    parts: list[tuple[float, str]] = []
    done = False

    def visit(text: str, cm, tm, font, size: float) -> None:
        nonlocal done
        if done or not text.strip():
            return
        if text.strip().lower() in ("abstract", "abstract."):
            done = True
            return
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        parts.append((size * scale, text))

    reader.pages[0].extract_text(visitor_text=visit)
    if not parts:
        return ""
    largest = max(size for size, _ in parts)
    words = " ".join(t for size, t in parts if size >= largest - TITLE_SIZE_TOLERANCE)
    return " ".join(words.split())


def flatten_outline(reader: PdfReader):
    """Bookmarks in reading order, with their level and 1-based page number."""
    from pypdf.errors import PyPdfError  # noqa: PLC0415 (see inspect)

    def walk(items, level: int):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item) + 1
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
                continue
            title = " ".join(str(item.title or "").split())
            if title and page > 0:
                yield OutlineEntry(level=level, title=title, page=page)

    yield from walk(reader.outline, 1)


#: Marks TeX leaves in titles: footnote and affiliation symbols, stray commands.
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?|\\.")
_FOOTNOTE_MARKS = "*∗†‡§¶‖⋆★"


def normalise_title(title: str) -> str:
    """The comparable form of a title: two titles are the same paper's when these are equal.

    Insensitive to case (and small caps), ligatures, every kind of space (also one
    inside a word: pypdf reads "mHC" as "m HC"), line breaks, dashes, quotes and
    punctuation, and TeX's leftovers (footnote marks, superscripts, ``\\`` commands).
    Only letters and digits remain, so the whole title must match: "DeepSeek-V3.2-Exp: ..."
    is not "DeepSeek-V3.2: ...", nor "Janus-Pro: ..." "Janus: ...".
    """
    text = _TEX_COMMAND.sub("", title)
    # Superscripts and other "numeric, other" characters are footnote marks in a title.
    text = "".join(c for c in text if c not in _FOOTNOTE_MARKS
                   and unicodedata.category(c) != "No")
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if c.isalnum())


def same_title(pdf_title: str, record_title: str) -> bool:
    key = normalise_title(pdf_title)
    return bool(key) and key == normalise_title(record_title)


def title_mismatch(found: str, title: str, pdf_title: str = "") -> str:
    """Why a PDF whose first-page title is ``found`` is not the record's; "" if it is.

    ``title`` is the record's title (its page's H1); ``pdf_title`` the record's
    ``:pdf-title:``, the title its PDF carries when that rightly differs. A PDF
    without a readable title (a scan) is not refused for it.
    """
    expected = pdf_title or title
    if not normalise_title(found) or same_title(found, expected):
        return ""
    if pdf_title:
        return f"the PDF's first-page title {found!r} differs from the record's :pdf-title: " \
               f"{pdf_title!r}"
    return (f"the PDF's first-page title {found!r} differs from the record's title {title!r} "
            "(if this PDF rightly carries another title, name it with :pdf-title:)")


#: arXiv's margin stamp on page 1, e.g. "arXiv:2512.24880v2 [cs.CL] 31 Dec 2025".
ARXIV_STAMP = re.compile(
    r"arXiv:\s*(?P<id>\d{4}\.\d{4,5})(?P<version>v\d+)?\s*\[[\w.-]+\]"
    r"(?:\s*\d{1,2}\s*[A-Z][a-z]{2}\s*\d{4})?")


def find_arxiv_stamp(text: str) -> re.Match[str] | None:
    """The margin stamp in a page's text, or None."""
    return ARXIV_STAMP.search(text)


def arxiv_stamp(path: Path) -> str:
    """The id (with its version) of the arXiv stamp on page 1 of a verified PDF; "" if none."""
    from pypdf import PdfReader  # noqa: PLC0415 (see inspect)
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    try:
        text = PdfReader(path).pages[0].extract_text() or ""
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, UnicodeDecodeError):
        return ""
    found = find_arxiv_stamp(unicodedata.normalize("NFKC", text))
    return found["id"] + (found["version"] or "") if found else ""


def stamp_mismatch(stamp: str, arxiv: str) -> str:
    """Why a PDF stamped ``stamp`` is not the record's arXiv paper ``arxiv``; "" if it is.

    Versions do not matter (the record names the paper, the stamp one of its versions);
    a PDF without a stamp, or a record without an arXiv id, is not refused for it.
    """
    if not stamp or not arxiv:
        return ""
    found, expected = re.sub(r"v\d+$", "", stamp), re.sub(r"v\d+$", "", arxiv.strip())
    if found == expected:
        return ""
    return (f"the PDF's arXiv stamp names arXiv:{stamp}, another paper than the record's "
            f"arXiv:{expected}")
