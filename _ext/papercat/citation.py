"""Citations of a record: a BibTeX entry and a plain-text reference."""

from __future__ import annotations

import re

from .records import Paper

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex(paper: Paper, url: str = "") -> str:
    """A BibTeX ``@misc`` entry, with the arXiv fields for arXiv papers."""
    # (name, value, braced): month is a BibTeX macro and takes no braces.
    fields = [("title", "{" + bibtex_escape(paper.title) + "}", True)]
    if paper.authors:
        authors = " and ".join("{" + bibtex_escape(a) + "}" for a in paper.authors)
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
