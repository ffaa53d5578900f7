"""Every field of a paper record, declared once: ``FIELDS``.

A field's declaration says all there is to know of it: the directive's option that
writes it and the parser that checks it, the record's attribute, its key and schema in
``papers.json``, and whether the page's metadata block shows it (under which label).
From the table come the ``{paper}`` directive's options (``option_names``), their
parsing (``parse_options``), the ``Paper`` class (``record_class``), each entry of
``papers.json`` (``json_entry``) and its schema (``papers_schema``), the citations' plain
fields (``cited``: BibTeX, Google Scholar's tags) and the shape the environment stores
(``env_version``). The command line's scanner (``pdfs/sources.py``)
parses the options it reads with the same ``parse_options``.

The table's order is the order of ``papers.json``'s keys, of the metadata block's rows
and of the record's attributes. A new field is one more ``Field`` here, its label's
translation in the extension's catalog, and a line in the README; an extension (or a
test) can add one with ``register`` (its values then live in the record's ``extra``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .checks import (ARXIV_RE, ID_RE, STATUSES, Problem, check_date, check_id, check_url,
                     split_list, unknown_options)

#: A parser: the option's raw value (``""`` when absent) and every raw option (for the
#: rules that look at another one) -> the value (None: the record has no value) and the
#: problems found.
Parser = Callable[[str, Mapping[str, str]], tuple[Any, list[Problem]]]

#: The default of a field the record cannot be made without.
REQUIRED = dataclasses.MISSING


def _(message: str) -> str:
    """Marks a label as a msgid of the extension's catalog (translated where it is shown,
    in the page's language); ``make check-translations`` asks for its translation."""
    return message


@dataclasses.dataclass(frozen=True)
class Field:
    name: str  # the record's attribute; papers.json's key unless ``json`` says otherwise
    option: str | None = None  # the {paper} option that writes it; None: the build does
    parse: Parser | None = None
    type: Any = str
    default: Any = ""  # REQUIRED: every record has it
    stored: bool = True  # an attribute of the record; False: papers.json computes it
    json: str | None = ""  # papers.json's key ("" = name, "urls.code" nests, None: not there)
    schema: dict | None = None  # its JSON schema
    required: bool = True  # papers.json always holds the key
    label: str | None = None  # the metadata block's row label (a msgid of the catalog)
    needs: str | None = None  # another option without which this one is refused
    # Citations that give its text as it is (the fields above are cited in their own forms,
    # render/citation.py and render/meta.py): its BibTeX field, its Google Scholar tag.
    bibtex: str | None = None
    scholar: str | None = None

    @property
    def json_key(self) -> str | None:
        return self.name if self.json == "" else self.json

    def value(self, record) -> Any:
        if self.name in CORE_NAMES:
            return getattr(record, self.name)
        return dict(record.extra).get(self.name, self.default)


# -- parsers ------------------------------------------------------------------------------


def text(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
    return (raw.strip() if raw else None), []


def record_id(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
    value = raw.strip()
    problem = check_id(value)
    return (None, [problem]) if problem else (value, [])


def date(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
    value = raw.strip()
    if not value:
        return None, [Problem("missing-date", "the record has no date")]
    problem = check_date(value)
    return (None, [problem]) if problem else (value, [])


def names(raw: str, options: Mapping[str, str]) -> tuple[tuple[str, ...], list[Problem]]:
    return split_list(raw, ";"), []


def tags(raw: str, options: Mapping[str, str]) -> tuple[tuple[str, ...], list[Problem]]:
    values = split_list(raw)
    problems = [Problem("bad-tag", f"tags: {tag!r} is not a lowercase slug")
                for tag in values if not ID_RE.match(tag)]
    return tuple(t for t in values if ID_RE.match(t)), problems


def ids(option: str, what: str, *, unique: bool = True, not_self: bool = False) -> Parser:
    """Ids of other records: slugs; ``unique`` drops repeats, ``not_self`` the record's own."""
    def parse(raw: str, options: Mapping[str, str]) -> tuple[tuple[str, ...], list[Problem]]:
        values = split_list(raw)
        problems = [Problem("bad-id", f"{option}: {other!r} is not a {what} id")
                    for other in values if not ID_RE.match(other)]
        own = (options.get("id") or "").strip() if not_self else None
        kept = [v for v in values if ID_RE.match(v) and v != own]
        return tuple(dict.fromkeys(kept) if unique else kept), problems
    return parse


def arxiv(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
    value = raw.strip()
    if value and not ARXIV_RE.match(value):
        return None, [Problem("bad-arxiv", f"arxiv: {value!r} is not an arXiv id")]
    return value or None, []


def url(option: str, *, allow_path: bool = False) -> Parser:
    def parse(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
        value = raw.strip()
        if value and (problem := check_url(value, option, allow_path=allow_path)):
            return None, [problem]
        return value or None, []
    return parse


def urls(option: str) -> Parser:
    def parse(raw: str, options: Mapping[str, str]) -> tuple[tuple[str, ...], list[Problem]]:
        checked = [(value, check_url(value, option)) for value in split_list(raw)]
        return (tuple(v for v, problem in checked if not problem),
                [problem for _v, problem in checked if problem])
    return parse


def status(raw: str, options: Mapping[str, str]) -> tuple[str | None, list[Problem]]:
    value = (raw or "published").strip()
    if value not in STATUSES:
        return None, [Problem("bad-status",
                              f"status: {value!r} is not one of {', '.join(STATUSES)}")]
    return value, []


# -- the fields --------------------------------------------------------------------------

SLUG = {"$ref": "#/$defs/slug"}
SLUGS = {"type": "array", "items": SLUG}
STRING = {"type": "string"}
URL = {"$ref": "#/$defs/url"}
TAG = {"type": "object", "additionalProperties": False, "required": ["slug", "name"],
       "properties": {"slug": SLUG, "name": {"type": "string", "minLength": 1}}}
PDF_FACTS = {"type": "object", "required": ["sha256", "size", "pages"], "properties": {
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "size": {"type": "integer", "minimum": 1},
    "pages": {"type": "integer", "minimum": 1},
    "title": {"type": "string"}}}

FIELDS: list[Field] = [
    Field("id", "id", record_id, default=REQUIRED, schema=SLUG),
    Field("docname", default=REQUIRED, json=None),
    Field("lineno", type=int, default=REQUIRED, json=None),
    Field("title", default=REQUIRED,
          schema={"type": "string", "minLength": 1, "description": "official title"}),
    Field("title_local", default=REQUIRED, schema={
        "type": "string", "minLength": 1, "description": "title in the file's language"}),
    Field("short_title", "short-title", text, schema=STRING),
    Field("date", "date", date, default=REQUIRED, label=_("Published"),
          schema={"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
    Field("date_local", json=None),  # the date as the build's language writes it
    Field("authors", "authors", names, type=tuple[str, ...], default=(), label=_("Authors"),
          schema={"type": "array", "items": {"type": "string", "minLength": 1}}),
    Field("venue", "venue", text, label=_("Venue"), schema=STRING),
    # Where the venue published it: its title there (when it differs), volume, pages.
    Field("venue_title", "venue-title", text, needs="venue", label=_("Published there as"),
          schema=STRING, required=False),
    Field("volume", "volume", text, needs="venue", schema=STRING, required=False),
    Field("pages", "pages", text, needs="venue", schema=STRING, required=False),
    Field("status", "status", status, default="published", schema={"enum": list(STATUSES)}),
    Field("tags", "tags", tags, type=tuple[str, ...], default=(), label=_("Tags"),
          schema={"type": "array", "items": TAG}),  # papers.json names each tag
    Field("summary", schema=STRING),  # plain text, in the build's language
    Field("first_sentence", schema=STRING),
    Field("builds_on", "builds-on", ids("builds-on", "paper", unique=False, not_self=True),
          type=tuple[str, ...], default=(), schema=SLUGS),
    Field("followed_by", stored=False, schema=SLUGS),
    Field("introduces", "introduces", ids("introduces", "technique"), type=tuple[str, ...],
          default=(), schema={**SLUGS, "description":
                              "ids of the techniques the paper introduces (techniques.json)"}),
    Field("uses", "uses", ids("uses", "technique"), type=tuple[str, ...], default=(),
          schema={**SLUGS, "description": "ids of the techniques the paper uses"}),
    Field("arxiv", "arxiv", arxiv, label="arXiv", schema=STRING),  # a name: not translated
    Field("pdf", "pdf", url("pdf", allow_path=True), json=None),
    # A PDF of the project: where Sphinx copies it, under _downloads/.
    Field("pdf_download", json=None),
    Field("page_url", stored=False, json="urls.page", schema={**URL, "minLength": 1}),
    Field("pdf_url", stored=False, json="urls.pdf",
          schema={**URL, "description": "empty when withdrawn or unknown"}),
    Field("arxiv_url", stored=False, json="urls.arxiv", schema=URL),
    Field("code", "code", url("code"), json="urls.code", schema=URL),
    Field("models", "models", urls("models"), type=tuple[str, ...], default=(),
          json="urls.models", schema={"type": "array", "items": URL}),
    Field("thumbnail", stored=False, json="urls.thumbnail", schema={
        **URL, "description": "first page of the hosted PDF; empty when none"}),
    Field("citation", stored=False,
          schema={"type": "string", "minLength": 1, "description": "plain-text reference"}),
    Field("pdf_facts", stored=False, json="pdf", schema={
        "description": "facts of the verified PDF (from pdfs.lock.json), null when unknown",
        "oneOf": [{"type": "null"}, PDF_FACTS]}),
    Field("pdf_status", stored=False, schema={
        "enum": ["hosted", "linked", "refused", "none"],
        "description": "hosted: the site's verified copy; linked: the canonical URL; refused: "
                       "fetch refused the file it got (urls.pdf is empty, urls.arxiv the way "
                       "to the paper); none: withdrawn or no PDF"}),
    # The title its PDF carries, when that rightly differs.
    Field("pdf_title", "pdf-title", text, json=None),
]

#: The fields the record class has as attributes (registered ones live in its ``extra``).
CORE_NAMES = frozenset(f.name for f in FIELDS if f.stored)


def register(field: Field) -> None:
    """Declare one more field (an extension's, a test's): parsed, shown and exported."""
    if any(f.name == field.name or (field.option and f.option == field.option)
           for f in FIELDS):
        raise ValueError(f"a field {field.name!r} (option {field.option!r}) is declared")
    FIELDS.append(field)


@contextlib.contextmanager
def declared(*fields: Field) -> Iterator[None]:
    """``register`` these fields for the time of a ``with`` block."""
    for field in fields:
        register(field)
    try:
        yield
    finally:
        for field in fields:
            FIELDS.remove(field)


# -- what comes from the table ----------------------------------------------------------------


def option_names() -> tuple[str, ...]:
    """Every option of the ``{paper}`` directive; any other is reported."""
    return tuple(f.option for f in FIELDS if f.option)


def parse_options(options: Mapping[str, str]) -> tuple[dict, list[Problem]]:
    """Validate raw directive options; return the record's values and the problems."""
    problems = unknown_options(dict(options), option_names())
    values: dict[str, Any] = {}
    declared_fields = [f for f in FIELDS if f.option and f.parse]
    for field in declared_fields:
        value, found = field.parse(options.get(field.option) or "", options)
        problems += found
        if value is not None:
            values[field.name] = value
    by_option = {f.option: f for f in declared_fields}
    for field in declared_fields:
        if field.needs and not values.get(by_option[field.needs].name) \
                and values.pop(field.name, ""):
            problems.append(Problem(
                f"{field.needs}-details",
                f"{field.option}: needs a {field.needs} (the :{field.needs}: option)"))
    return values, problems


def record_class(name: str, base: type, module: str) -> type:
    """The frozen dataclass of a record: the stored fields of the table, then ``extra``
    (the values of registered fields, as (name, value) pairs)."""
    def spec(field: Field) -> tuple:
        default = dataclasses.field(default=field.default) if field.default is not REQUIRED \
            else dataclasses.field()
        return field.name, field.type, default
    attributes = [spec(f) for f in FIELDS if f.name in CORE_NAMES]
    attributes.append(("extra", tuple[tuple[str, Any], ...], dataclasses.field(default=())))
    record = dataclasses.make_dataclass(name, attributes, bases=(base,), frozen=True,
                                        kw_only=True)
    record.__module__ = module  # where pickle finds it
    return record


def record_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments of the record class: registered fields' values go to ``extra``."""
    core = {k: v for k, v in values.items() if k in CORE_NAMES}
    extra = tuple((k, v) for k, v in values.items() if k not in CORE_NAMES)
    return {**core, "extra": extra} if extra else core


def shown_in_metadata() -> list[Field]:
    """The metadata block's rows, in order."""
    return [f for f in FIELDS if f.label]


def cited(kind: str) -> list[Field]:
    """The fields a citation gives as they are: ``kind`` "bibtex" or "scholar"."""
    return [f for f in FIELDS if getattr(f, kind)]


def json_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def json_entry(record, computed: Mapping[str, Any]) -> dict[str, Any]:
    """One record's entry of ``papers.json``; ``computed``: by field name, the values the
    site gives (``stored=False``), and those it shows otherwise (tags with their names)."""
    entry: dict[str, Any] = {}
    for field in FIELDS:
        if (key := field.json_key) is None:
            continue
        value = computed[field.name] if field.name in computed else \
            json_value(field.value(record))
        *parents, last = key.split(".")
        target = entry
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    return entry


def papers_schema() -> dict[str, Any]:
    """The JSON schema of ``papers.json`` (committed as ``schemas/papers.schema.json``)."""
    paper: dict[str, Any] = {"type": "object", "additionalProperties": False,
                             "required": [], "properties": {}}
    for field in FIELDS:
        if (key := field.json_key) is None:
            continue
        *parents, last = key.split(".")
        target = paper
        for parent in parents:
            if parent not in target["properties"]:
                target["required"].append(parent)
                target["properties"][parent] = {"type": "object", "additionalProperties": False,
                                                "required": [], "properties": {}}
            target = target["properties"][parent]
        if field.required:
            target["required"].append(last)
        target["properties"][last] = field.schema or {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/deepseek-papers/papercat/schemas/papers.schema.json",
        "title": "papers.json: every record of a papercat catalogue, in one language",
        "type": "object",
        "required": ["format", "language", "count", "papers"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": 1},
            "language": {"type": "string",
                         "description": "BCP 47 tag of the build, e.g. en or zh-CN"},
            "count": {"type": "integer", "minimum": 0},
            "papers": {"type": "array", "items": {"$ref": "#/$defs/paper"}},
        },
        "$defs": {
            "slug": {"type": "string", "pattern": ID_RE.pattern},
            "url": {"type": "string", "description": "absolute, or relative to the file's folder"},
            "paper": paper,
        },
    }


def record_shape() -> str:
    """What the environment stores of a record: its stored fields (registered ones too)."""
    # Not repr(REQUIRED): it names an address, another in each process.
    return repr([(f.name, repr(f.type), "required" if f.default is REQUIRED else repr(f.default))
                 for f in FIELDS if f.stored])


#: Bump for a change of what the environment stores that the fields do not show (a
#: technique's record, the domains' data, a node class pickled in the doctrees: 8 moved
#: ``scrollable_block`` from ``nodes.py`` to ``render/directives.py``; 9 gave a technique its
#: ``label`` field).
STORED_FORM = 9


def env_version() -> int:
    """The extension's ``env_version``: another stored field (or another type or default)
    makes another, so an environment of the old records is read again."""
    return int(hashlib.sha256(f"{STORED_FORM}:{record_shape()}".encode()).hexdigest()[:8], 16)
