"""The checks of a record's option values, without Sphinx: each returns a ``Problem`` (a
subtype and a message, which the directive turns into a located warning) or None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
STATUSES = ("published", "preview", "withdrawn")

#: The type of every warning of the extension (each has its own subtype).
WARNING_TYPE = "papercat"


@dataclasses.dataclass(frozen=True)
class Problem:
    subtype: str
    message: str


def split_list(value: str | None, on: str = r"[,\s]+") -> tuple[str, ...]:
    """Split an option value: by commas and spaces, or by ``on`` (e.g. ``;``)."""
    return tuple(p.strip() for p in re.split(on, value or "") if p.strip())


def is_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in ("http", "https")


def check_url(value: str, option: str, *, allow_path: bool = False) -> Problem | None:
    """Accept http(s) URLs, and (for ``pdf``) a relative path inside the project."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in ("http", "https"):
        if not urlsplit(value).netloc:
            return Problem("bad-url", f"{option}: {value!r} is not a complete URL")
        return None
    if allow_path and not scheme and not value.startswith(("/", "\\", "//")):
        parts = PurePosixPath(value).parts
        if ".." not in parts:
            return None
        return Problem("bad-url", f"{option}: {value!r} points outside the project")
    what = f"{scheme}: URLs are" if scheme else "this is"
    return Problem(
        "bad-url", f"{option}: {value!r} rejected; {what} not allowed, use http(s)"
    )


def check_date(value: str) -> Problem | None:
    match = DATE_RE.match(value)
    if match:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            dt.date(year, month, day)
            return None
        except ValueError:
            pass
    return Problem("bad-date", f"date: {value!r} is not a date (YYYY-MM-DD or YYYY-MM)")


def unknown_options(options: dict[str, str], known: tuple[str, ...]) -> list[Problem]:
    return [Problem("unknown-option", f"unknown option {name!r} (known: {', '.join(known)})")
            for name in sorted(set(options) - set(known))]


def first_of_each_id(by_docname: dict[str, Any]) -> dict[str, Any]:
    """By id, the record of the first page (by docname): the one that counts when two
    pages claim one id (the domains report the others)."""
    first: dict[str, Any] = {}
    for docname in sorted(by_docname):
        first.setdefault(by_docname[docname].id, by_docname[docname])
    return first


def check_id(value: str) -> Problem | None:
    """A record's own id (a paper's or a technique's): present and a lowercase slug."""
    if not value:
        return Problem("missing-id", "the record has no id")
    if not ID_RE.match(value):
        return Problem("bad-id", f"id: {value!r} is not a lowercase slug (a-z, 0-9, '-', '.')")
    return None
