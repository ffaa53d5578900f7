"""Which PDFs the records ask for, read from the pages without running Sphinx.

A small scanner of the page's H1 and the ``{paper}`` directive's option lines is
enough for the command line: it has no environment, and must not need one. The
values it reads are parsed as the build parses them, by the record's declared fields
(``records/fields.py``): a value the build refuses is no value here either.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..records.fields import parse_options
from ..records.papers import pdf_source

PAPER_PAGES = "papers/*.md"
_H1 = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_OPENING = re.compile(r"^(?P<fence>:{3,}|`{3,})\{paper\}\s*$")
_OPTION = re.compile(r"^:(?P<name>[\w-]+):\s*(?P<value>.*)$")


@dataclasses.dataclass(frozen=True)
class PdfSource:
    id: str
    url: str
    title: str  # the official title (the page's H1)
    short_title: str
    page: Path
    pdf_title: str = ""  # the title the PDF carries, when it rightly differs (:pdf-title:)
    arxiv: str = ""  # the record's arXiv id (:arxiv:), which a PDF's margin stamp must name


def read_record(path: Path) -> tuple[str, dict[str, str]]:
    """The page's H1 and its ``{paper}`` record's options (none without a record)."""
    title = ""
    options: dict[str, str] = {}
    fence = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if fence is None:
            if not title and (heading := _H1.match(line)):
                title = heading["title"]
            elif opening := _OPENING.match(line.strip()):
                fence = opening["fence"]
            continue
        option = _OPTION.match(line.strip())
        if not option:
            break  # the options end where the body (or the fence) starts
        options[option["name"]] = option["value"].strip()
    return title, options


def read_fields(path: Path) -> tuple[str, dict]:
    """The page's H1 and its record's values, parsed as the build parses them."""
    title, options = read_record(path)
    return title, parse_options(options)[0]


def scan_page(path: Path) -> PdfSource | None:
    """The record's PDF on one page, or None (no record, no PDF URL, or withdrawn)."""
    title, fields = read_fields(path)
    # A value the build refuses (a bad status) is none here either: as the build does.
    if not fields.get("id") or pdf_source(fields.get("pdf", ""),
                                          fields.get("status", "")) != "url":
        return None
    return PdfSource(id=fields["id"], url=fields["pdf"], title=title,
                     short_title=fields.get("short_title", ""), page=path,
                     pdf_title=fields.get("pdf_title", ""), arxiv=fields.get("arxiv", ""))


def scan_project(project: Path, pattern: str = PAPER_PAGES) -> list[PdfSource]:
    """Every record that has a PDF to fetch, sorted by id."""
    found = (scan_page(path) for path in sorted(project.glob(pattern)))
    return sorted((source for source in found if source), key=lambda s: s.id)
