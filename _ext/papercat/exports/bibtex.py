"""``papers.bib``: every paper's BibTeX entry, as its page shows it."""

from __future__ import annotations

from ..i18n.catalog import _
from ..render.citation import bibtex, cited_values
from .format import Catalogue, Export


def label() -> str:
    return _("All citations (BibTeX)")


def inputs(catalogue: Catalogue) -> tuple:
    """What a citation shows of each record: not its summary."""
    return ([cited_values(paper) for paper in catalogue.papers],)


def make(catalogue: Catalogue) -> bytes:
    return ("\n\n".join(bibtex(paper) for paper in catalogue.papers) + "\n").encode("utf-8")


EXPORT = Export("papers.bib", label, inputs, make, position=10)
