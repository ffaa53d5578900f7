"""``papers.json``: every record (schema: ``schemas/papers.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n.catalog import _, html_lang
from ..paths import page_link, pdf_href, site_url
from ..pdfs.domain import hosted_state, pdf_facts, pdf_status, thumbnail_uri
from ..records import fields
from ..render import citation
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper

JSON_FORMAT = 1
SCHEMA = Path(__file__).parent.parent / "schemas" / "papers.schema.json"


def record(app: Sphinx, domain: PaperDomain, paper: Paper) -> dict:
    """One paper's entry: its fields (``records/fields.py``), and those the site gives."""
    thumbnail = thumbnail_uri(app, paper)
    return fields.json_entry(paper, {
        "tags": [{"slug": tag, "name": domain.tag_name(tag)} for tag in paper.tags],
        "followed_by": [p.id for p in domain.followers(paper.id)],
        "page_url": page_link(app, paper.docname),
        "pdf_url": pdf_href(app, paper),
        "arxiv_url": paper.arxiv_url,
        "thumbnail": site_url(app, thumbnail) if thumbnail else "",
        "citation": citation.plain_text(paper),
        "pdf_facts": pdf_facts(app, paper),
        "pdf_status": pdf_status(app, paper),
    })


def papers_json(app: Sphinx, domain: PaperDomain, papers: list[Paper]) -> str:
    data = {
        "format": JSON_FORMAT,
        "language": html_lang(app.config.language),
        "count": len(papers),
        "papers": [record(app, domain, p) for p in papers],
    }
    # Compact: the C encoder (indent would use the pure-Python one, 10x slower).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def label() -> str:
    return _("All records (JSON)")


def inputs(catalogue: Catalogue) -> tuple:
    """Everything other pages show of each record, and the PDFs."""
    return catalogue.domain.everything_shown(), hosted_state(catalogue.app)


def make(catalogue: Catalogue) -> bytes:
    return papers_json(catalogue.app, catalogue.domain, catalogue.papers).encode("utf-8")


EXPORT = Export("papers.json", label, inputs, make, position=30)
