"""Citations of a record: a BibTeX entry and a plain-text reference."""

from __future__ import annotations

import re

from ..records import fields
from ..records.papers import Paper

#: What a citation shows of a record (BibTeX and plain text) in its own form: not its summary.
CITATION_FIELDS = ("id", "title", "authors", "date", "venue", "venue_title", "volume", "pages",
                   "arxiv", "status")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def cited_values(paper: Paper) -> tuple:
    """All a citation shows of the record: ``CITATION_FIELDS`` and the fields declared
    with a BibTeX field or a Google Scholar tag (``fields.cited``)."""
    declared = {f.name: f for f in fields.cited("bibtex") + fields.cited("scholar")}
    return (tuple(getattr(paper, name) for name in CITATION_FIELDS)
            + tuple(field.value(paper) for field in declared.values()))


def plain_values(value) -> tuple[str, ...]:
    """A declared field's value as the texts a citation gives (none when empty)."""
    values = value if isinstance(value, tuple) else (value,)
    return tuple(str(v) for v in values if v)


def bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex_name(name: str) -> str:
    """A person's name as is; braces keep a name holding "and" or "," whole."""
    name = bibtex_escape(name)
    return "{" + name + "}" if " and " in name or "," in name else name


def cited_title(paper: Paper) -> str:
    """A citation that names the venue uses the title the venue published it under."""
    return paper.venue_title or paper.title


def bibtex_kind(paper: Paper) -> str:
    """A journal article (it has a volume), a proceedings paper (pages), else ``misc``."""
    return "article" if paper.volume else "inproceedings" if paper.pages else "misc"


def bibtex(paper: Paper) -> str:
    """A BibTeX entry (see ``bibtex_kind``), with the arXiv fields for arXiv papers."""
    # (name, value, braced): month is a BibTeX macro and takes no braces.
    kind = bibtex_kind(paper)
    entries = [("title", "{" + bibtex_escape(cited_title(paper)) + "}", True)]
    if paper.authors:
        authors = " and ".join(bibtex_name(a) for a in paper.authors)
        entries.append(("author", authors, True))
    entries.append(("year", paper.date[:4], True))
    entries.append(("month", _MONTHS[int(paper.date[5:7]) - 1], False))
    if paper.venue:
        venue_field = {"article": "journal", "inproceedings": "booktitle"}.get(kind,
                                                                                "howpublished")
        entries.append((venue_field, bibtex_escape(paper.venue), True))
    if paper.volume:
        entries.append(("volume", bibtex_escape(paper.volume), True))
    if paper.pages:
        entries.append(("pages", bibtex_escape(paper.pages.replace("–", "--")), True))
    if paper.arxiv:
        entries += [("eprint", paper.arxiv, True), ("archivePrefix", "arXiv", True),
                    ("url", paper.arxiv_url, True)]
    for field in fields.cited("bibtex"):
        if values := plain_values(field.value(paper)):
            entries.append((field.bibtex, bibtex_escape(", ".join(values)), True))
    if paper.withdrawn:
        entries.append(("note", "Withdrawn", True))
    width = max(len(name) for name, _, _ in entries)
    lines = [
        f"  {name.ljust(width)} = " + (f"{{{value}}}" if braced else value) + ","
        for name, value, braced in entries
    ]
    return "@" + kind + "{" + paper.id + ",\n" + "\n".join(lines) + "\n}"


def plain_text(paper: Paper) -> str:
    """A one-line reference: "Authors. Title. Venue. arXiv:id, year." (official title)."""
    parts = []
    if paper.authors:
        parts.append(", ".join(paper.authors))
    parts.append(cited_title(paper))
    if paper.venue:
        parts.append(venue_line(paper))
    tail = [f"arXiv:{paper.arxiv}"] if paper.arxiv else []
    tail.append(paper.date[:4])
    parts.append(", ".join(tail))
    text = " ".join(part if part.endswith((".", "?", "!")) else part + "." for part in parts)
    return text + (" Withdrawn." if paper.withdrawn else "")


def venue_line(paper: Paper) -> str:
    """"Nature 645, 633–638": the venue with its volume and pages."""
    line = " ".join(filter(None, (paper.venue, paper.volume)))
    return ", ".join(filter(None, (line, paper.pages)))

