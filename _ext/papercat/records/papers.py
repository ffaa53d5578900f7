"""A paper record: the stored form (``Paper``, made from ``fields.FIELDS``) and what it
tells besides its fields.

Its options and their validation are declared in ``fields.py`` and checked in
``checks.py``: pure (no Sphinx), they give the parsed values and a list of problems,
each with a subtype, which the directive turns into located warnings.
"""

from __future__ import annotations

import functools
import hashlib
import re

from . import fields as declared
# Re-exported: the checks of a record's values, for the directives and the command line.
from .checks import (ARXIV_RE, ID_RE, WARNING_TYPE, Problem, check_date,  # noqa: F401
                     check_id, check_url, is_url, split_list)
from .fields import parse_options  # noqa: F401  (the record's parsing, from its fields)

#: The mark ``papercat add`` leaves where the summary goes: a build fails until it is gone.
SUMMARY_TODO = "TODO: write the summary"


def pdf_source(pdf: str, status: str) -> str:
    """Where a record's PDF comes from: "url" (fetched; the site may host it), "project"
    (a file of the project, copied by Sphinx) or "" (none, or withdrawn). The build and the
    command line's scanner (``pdfs/sources.py``) both ask here."""
    if status == "withdrawn" or not pdf:
        return ""
    return "url" if is_url(pdf) else "project"


class PaperMethods:
    """What a record tells besides its fields (``Paper`` below adds them)."""

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

    @property
    def arxiv_url(self) -> str:
        """The record's arXiv abstract page ("" without an arXiv id)."""
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""

    @property
    def pdf_source(self) -> str:
        return pdf_source(self.pdf or "", self.status)

    def digest(self, fields: tuple[str, ...] = ()) -> str:
        """A digest of what a page shows of the record: ``fields``, or everything."""
        # repr: every field, as astuple() gives them, without its deep copies.
        shown = repr(tuple(getattr(self, name) for name in fields)) if fields else repr(self)
        return hashlib.sha256(shown.encode()).hexdigest()

    @functools.cached_property
    def view_digests(self) -> tuple[str, str, str]:
        """Digests of everything, of its link and of its lineage entry (what other pages
        show of it: ``PaperDomain.shown_digest``).

        Computed once: the environment stores them with the record, so a rebuild does
        not digest every record again. The extension's env_version follows the
        record's fields (``fields.env_version``).
        """
        return self.digest(), self.digest(LINK_FIELDS), self.digest(LINEAGE_FIELDS)


#: What the domain stores for one record (in the language of the build): the stored
#: fields of ``fields.FIELDS``, in their order, and these methods.
Paper = declared.record_class("Paper", PaperMethods, __name__)
Paper.__doc__ = "What the domain stores for one record (in the language of the build)."

#: What a link to a record shows (its page, its title in the reader's language).
LINK_FIELDS = ("docname", "title_local")
#: What the lineage chart shows of a record.
LINEAGE_FIELDS = ("id", "docname", "title", "title_local", "short_title", "date",
                  "builds_on", "status")


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
