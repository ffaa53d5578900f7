"""Citations of a record: a BibTeX entry and a plain-text reference."""

from __future__ import annotations

import re

from ..records.papers import Paper

#: What a citation shows of a record (BibTeX and plain text): not its summary.
CITATION_FIELDS = ("id", "title", "authors", "date", "venue", "arxiv", "status")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex_name(name: str) -> str:
    """A person's name as is; braces keep a name holding "and" or "," whole."""
    name = bibtex_escape(name)
    return "{" + name + "}" if " and " in name or "," in name else name


def bibtex(paper: Paper, url: str = "") -> str:
    """A BibTeX ``@misc`` entry, with the arXiv fields for arXiv papers."""
    # (name, value, braced): month is a BibTeX macro and takes no braces.
    fields = [("title", "{" + bibtex_escape(paper.title) + "}", True)]
    if paper.authors:
        authors = " and ".join(bibtex_name(a) for a in paper.authors)
        fields.append(("author", authors, True))
    fields.append(("year", paper.date[:4], True))
    fields.append(("month", _MONTHS[int(paper.date[5:7]) - 1], False))
    if paper.venue:
        fields.append(("howpublished", bibtex_escape(paper.venue), True))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv, True), ("archivePrefix", "arXiv", True)]
        url = url or f"https://arxiv.org/abs/{paper.arxiv}"
    if url:
        fields.append(("url", url, True))
    if paper.withdrawn:
        fields.append(("note", "Withdrawn", True))
    width = max(len(name) for name, _, _ in fields)
    lines = [
        f"  {name.ljust(width)} = " + (f"{{{value}}}" if braced else value) + ","
        for name, value, braced in fields
    ]
    return "@misc{" + paper.id + ",\n" + "\n".join(lines) + "\n}"


def plain_text(paper: Paper) -> str:
    """A one-line reference: "Authors. Title. Venue. arXiv:id, year." (official title)."""
    parts = []
    if paper.authors:
        parts.append(", ".join(paper.authors))
    parts.append(paper.title)
    if paper.venue:
        parts.append(paper.venue)
    tail = [f"arXiv:{paper.arxiv}"] if paper.arxiv else []
    tail.append(paper.date[:4])
    parts.append(", ".join(tail))
    text = " ".join(part if part.endswith((".", "?", "!")) else part + "." for part in parts)
    return text + (" Withdrawn." if paper.withdrawn else "")


def bibliography(papers: list[Paper]) -> str:
    """Every entry, one after another: the catalogue's ``papers.bib``."""
    return "\n\n".join(bibtex(paper) for paper in papers) + "\n"
