"""``techniques.json``: every technique, with the papers that introduce and use it (schema:
``schemas/techniques.schema.json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .. import paths
from ..i18n.catalog import html_lang
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.techniques import TechniqueDomain

JSON_FORMAT = 1


def export_digest(app: Sphinx) -> str:
    """What techniques.json is made from: the techniques, and the papers' edges and order."""
    domain: TechniqueDomain = app.env.domains["technique"]
    return domain.export_digest()


def techniques_json(app: Sphinx) -> bytes:
    domain: TechniqueDomain = app.env.domains["technique"]
    techniques = []
    for technique in sorted(domain.by_id().values(), key=lambda t: t.id):
        introducers = domain.introducers(technique.id)
        techniques.append({
            "id": technique.id,
            "name": technique.name_local,
            "name_en": technique.name,
            "short_name": technique.short_name,
            "definition": technique.definition,
            "introduced_by": introducers[0].id if introducers else None,
            "used_by": [p.id for p in domain.users(technique.id)],
            "url": paths.page_link(app, technique.docname),
        })
    data = {"format": JSON_FORMAT, "language": html_lang(app.config.language),
            "count": len(techniques), "techniques": techniques}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def inputs(catalogue: Catalogue) -> tuple:
    return (export_digest(catalogue.app),)


# Not in the downloads row: the row has never offered it.
EXPORT = Export("techniques.json", None, inputs,
                lambda catalogue: techniques_json(catalogue.app), position=50)
