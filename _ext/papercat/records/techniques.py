"""A technique record: its options and their validation, and the stored form.

A technique (MLA, GRPO, ...) is a small record: the page's H1 is its name, the
directive's body its definition. Paper records name the techniques they
introduce and use (``:introduces:``, ``:uses:``); who introduced and who uses a
technique is derived from the papers (``domains/techniques.py``), never stored on it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib

from .checks import Problem, check_id, unknown_options

OPTIONS = ("id", "short-name")


@dataclasses.dataclass(frozen=True)
class Technique:
    """What the domain stores for one technique (in the language of the build)."""

    id: str
    docname: str
    lineno: int
    name: str  # the page's H1, as written in the source
    name_local: str  # the name in the build's language
    short_name: str = ""  # e.g. MLA: an abbreviation, never translated
    definition: str = ""  # plain text, in the build's language
    #: How links name it: "Multi-head Latent Attention (MLA)"; in a translation, with the
    #: English name the papers use: "多头潜在注意力（Multi-head Latent Attention，MLA）".
    #: Made by the domain once the page is translated (``domains.techniques.label_of``).
    label: str = ""

    @property
    def translated(self) -> bool:
        """Its name is another in the build's language (the English name is then told)."""
        return self.name_local != self.name

    @functools.cached_property
    def view_digests(self) -> tuple[str, str]:
        """Digests of everything, and of what a link to it shows (stored with the record)."""
        return digest(repr(self)), digest(repr((self.docname, self.label)))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parse_options(options: dict[str, str]) -> tuple[dict, list[Problem]]:
    problems = unknown_options(options, OPTIONS)
    fields: dict = {}
    technique_id = (options.get("id") or "").strip()
    if problem := check_id(technique_id):
        problems.append(problem)
    else:
        fields["id"] = technique_id
    if short_name := (options.get("short-name") or "").strip():
        fields["short_name"] = short_name
    return fields, problems
