"""A paper record: its options, their validation, and the stored form.

Validation is pure (no Sphinx): it returns the parsed values and a list of
problems, each with a subtype, which the directive turns into located warnings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
STATUSES = ("published", "preview", "withdrawn")
#: The mark ``papercat add`` leaves where the summary goes: a build fails until it is gone.
SUMMARY_TODO = "TODO: write the summary"

#: The type of every warning of the extension (each has its own subtype).
WARNING_TYPE = "papercat"

#: Every option the directive understands; anything else is reported.
OPTIONS = (
    "id", "date", "short-title", "authors", "tags", "arxiv", "pdf", "code",
    "models", "venue", "venue-title", "volume", "pages", "status", "builds-on", "pdf-title",
    "introduces", "uses",
)  # fmt: skip
#: Where the venue published the paper: its title there (when it differs), volume, pages.
VENUE_DETAILS = ("venue-title", "volume", "pages")


@dataclasses.dataclass(frozen=True)
class Problem:
    subtype: str
    message: str


@dataclasses.dataclass(frozen=True)
class Paper:
    """What the domain stores for one record (in the language of the build)."""

    id: str
    docname: str
    lineno: int
    title: str  # official title, as written in the source
    title_local: str  # title in the build's language
    date: str
    date_local: str = ""  # the date as the build's language writes it
    short_title: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    arxiv: str = ""
    pdf: str = ""
    pdf_download: str = ""  # a PDF of the project: where Sphinx copies it, under _downloads/
    code: str = ""
    models: tuple[str, ...] = ()
    venue: str = ""
    venue_title: str = ""  # the title the venue published it under, when that differs
    volume: str = ""
    pages: str = ""
    status: str = "published"
    builds_on: tuple[str, ...] = ()
    pdf_title: str = ""  # the title its PDF carries, when that rightly differs
    introduces: tuple[str, ...] = ()  # technique ids (records/techniques.py)
    uses: tuple[str, ...] = ()
    summary: str = ""  # plain text, in the build's language
    first_sentence: str = ""

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def sort_key(self) -> tuple[str, str]:
        """Newest first when sorted in reverse; month-only dates before days."""
        return (self.date if len(self.date) == 10 else self.date + "-00", self.id)

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"

    def digest(self, fields: tuple[str, ...] = ()) -> str:
        """A digest of what a page shows of the record: ``fields``, or everything."""
        # repr: every field, as astuple() gives them, without its deep copies.
        shown = repr(tuple(getattr(self, name) for name in fields)) if fields else repr(self)
        return hashlib.sha256(shown.encode()).hexdigest()

    @functools.cached_property
    def view_digests(self) -> tuple[str, str, str]:
        """Digests of everything, of its link and of its lineage entry (``Shown`` in
        domains/papers.py).

        Computed once: the environment stores them with the record, so a rebuild does
        not digest every record again. Bump the extension's env_version when the
        fields below change.
        """
        return self.digest(), self.digest(LINK_FIELDS), self.digest(LINEAGE_FIELDS)


#: What a link to a record shows (its page, its title in the reader's language).
LINK_FIELDS = ("docname", "title_local")
#: What the lineage chart shows of a record.
LINEAGE_FIELDS = ("id", "docname", "title", "title_local", "short_title", "date",
                  "builds_on", "status")


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


def check_id(value: str) -> Problem | None:
    """A record's own id (a paper's or a technique's): present and a lowercase slug."""
    if not value:
        return Problem("missing-id", "the record has no id")
    if not ID_RE.match(value):
        return Problem("bad-id", f"id: {value!r} is not a lowercase slug (a-z, 0-9, '-', '.')")
    return None


def parse_options(options: dict[str, str]) -> tuple[dict, list[Problem]]:
    """Validate raw directive options; return Paper fields and the problems."""
    problems: list[Problem] = []
    fields: dict = {}

    problems.extend(unknown_options(options, OPTIONS))
    paper_id = (options.get("id") or "").strip()
    if problem := check_id(paper_id):
        problems.append(problem)
    else:
        fields["id"] = paper_id

    date = (options.get("date") or "").strip()
    if not date:
        problems.append(Problem("missing-date", "the record has no date"))
    elif problem := check_date(date):
        problems.append(problem)
    else:
        fields["date"] = date

    for name in ("short-title", "venue", "pdf-title", *VENUE_DETAILS):
        if options.get(name):
            fields[name.replace("-", "_")] = options[name].strip()
    if not fields.get("venue"):
        problems += [Problem("venue-details", f"{name}: needs a venue (the :venue: option)")
                     for name in VENUE_DETAILS if fields.pop(name.replace("-", "_"), "")]
    fields["authors"] = split_list(options.get("authors"), ";")
    fields["tags"] = split_list(options.get("tags"))
    for tag in fields["tags"]:
        if not ID_RE.match(tag):
            problems.append(Problem("bad-tag", f"tags: {tag!r} is not a lowercase slug"))
    fields["tags"] = tuple(t for t in fields["tags"] if ID_RE.match(t))

    builds_on = split_list(options.get("builds-on"))
    for other in builds_on:
        if not ID_RE.match(other):
            problems.append(Problem("bad-id", f"builds-on: {other!r} is not a paper id"))
    fields["builds_on"] = tuple(o for o in builds_on if ID_RE.match(o) and o != paper_id)
    for name in ("introduces", "uses"):
        ids = split_list(options.get(name))
        for other in ids:
            if not ID_RE.match(other):
                problems.append(Problem("bad-id", f"{name}: {other!r} is not a technique id"))
        fields[name] = tuple(dict.fromkeys(i for i in ids if ID_RE.match(i)))

    arxiv = (options.get("arxiv") or "").strip()
    if arxiv and not ARXIV_RE.match(arxiv):
        problems.append(Problem("bad-arxiv", f"arxiv: {arxiv!r} is not an arXiv id"))
    elif arxiv:
        fields["arxiv"] = arxiv

    for name in ("pdf", "code"):
        value = (options.get(name) or "").strip()
        if value and (problem := check_url(value, name, allow_path=name == "pdf")):
            problems.append(problem)
        elif value:
            fields[name] = value
    models = []
    for url in split_list(options.get("models")):
        if problem := check_url(url, "models"):
            problems.append(problem)
        else:
            models.append(url)
    fields["models"] = tuple(models)

    status = (options.get("status") or "published").strip()
    if status not in STATUSES:
        problems.append(
            Problem("bad-status", f"status: {status!r} is not one of {', '.join(STATUSES)}")
        )
    else:
        fields["status"] = status
    return fields, problems


def summary_todo(lines) -> tuple[int, Problem] | None:
    """The placeholder of an unwritten summary: its 0-based line in ``lines``, and why."""
    for index, line in enumerate(lines):
        if SUMMARY_TODO in line:
            return index, Problem("todo", "the summary is still the placeholder that "
                                  "'papercat add' wrote: write it (two to four sentences, "
                                  "in your own words)")
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|(?<=[。！？])")


def first_sentence(text: str) -> str:
    """The summary's first sentence, in English or Chinese punctuation."""
    text = " ".join(text.split())
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0].strip() if parts else ""
