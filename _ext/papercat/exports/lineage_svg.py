"""``lineage.svg``: the lineage chart of the lineage page, as a file (``render/lineage.py``)."""

from __future__ import annotations

from ..i18n.catalog import _
from ..render.lineage import lineage_svg
from .format import Catalogue, Export


def label() -> str:
    return _("Lineage chart (SVG)")


def inputs(catalogue: Catalogue) -> tuple:
    """What the chart shows of each record."""
    return ([(p.id, p.view_digests[2]) for p in catalogue.papers],)


def make(catalogue: Catalogue) -> bytes:
    # Links relative to the output root.
    return lineage_svg(catalogue.app, catalogue.domain, None).encode("utf-8")


EXPORT = Export("lineage.svg", label, inputs, make, position=40)
