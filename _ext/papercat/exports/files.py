"""Files for machines and readers' tools, written once per language after a good build.

``papers.json`` (schema: ``schemas/papers.schema.json``), an Atom feed, the
sitemap with hreflang alternates, ``papers.bib`` and the lineage chart. They
are computed once, at ``build-finished``, from the domain; a failed build (an
exception, or warnings under ``-W --keep-going``) writes none of them, so a
broken build never publishes half-updated data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util import logging

from ..compat.sphinx_internals import failed_on_warnings
from ..i18n.catalog import _, html_lang
from ..paths import (BIBTEX, FEED, JSON, LINEAGE_SVG, SITEMAP, TECHNIQUES_JSON, alternate_url,
                    page_link, pdf_url, site_url, writes_exports)
from ..pdfs.build import hosted_state, pdf_facts, pdf_status, thumbnail_uri
from ..pdfs.textview import text_view_pagenames
from ..records import fields
from ..render import citation, technique_pages
from ..render.lineage import lineage_svg

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper

logger = logging.getLogger(__name__)

JSON_FORMAT = 1
SCHEMA = Path(__file__).parent.parent / "schemas" / "papers.schema.json"

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


# -- papers.json ----------------------------------------------------------------------------


def record(app: Sphinx, domain: PaperDomain, paper: Paper, facts: dict | None) -> dict:
    """One paper's entry: its fields (``records/fields.py``), and those the site gives."""
    thumbnail = thumbnail_uri(app, paper)
    return fields.json_entry(paper, {
        "tags": [{"slug": tag, "name": domain.tag_name(tag)} for tag in paper.tags],
        "followed_by": [p.id for p in domain.followers(paper.id)],
        "page_url": page_link(app, paper.docname),
        "pdf_url": pdf_url(app, paper),
        "arxiv_url": f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "",
        "thumbnail": site_url(app, thumbnail) if thumbnail else "",
        "citation": citation.plain_text(paper),
        "pdf_facts": facts,
        "pdf_status": pdf_status(app, paper),
    })


def papers_json(app: Sphinx, domain: PaperDomain, papers: list[Paper]) -> str:
    facts = pdf_facts(app)
    data = {
        "format": JSON_FORMAT,
        "language": html_lang(app.config.language),
        "count": len(papers),
        "papers": [record(app, domain, p, facts.get(p.id)) for p in papers],
    }
    # Compact: the C encoder (indent would use the pure-Python one, 10x slower).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# -- Atom feed --------------------------------------------------------------------------------


def paper_datetime(paper: Paper) -> dt.datetime:
    year, month, *day = (int(part) for part in paper.date.split("-"))
    return dt.datetime(year, month, day[0] if day else 1, tzinfo=dt.UTC)


def entry_id(app: Sphinx, paper: Paper) -> str:
    """Stable across builds: the page's absolute URL, else a name-based UUID."""
    link = page_link(app, paper.docname)
    if urlsplit(link).scheme:
        return link
    name = f"papercat:{app.config.language or 'en'}:{paper.id}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def atom_feed(app: Sphinx, domain: PaperDomain, papers: list[Paper]) -> bytes:
    from feedgen.feed import FeedGenerator  # noqa: PLC0415 (needed only here)

    feed = FeedGenerator()
    home = page_link(app, app.config.root_doc)
    feed.id(home if urlsplit(home).scheme else uuid.uuid5(
        uuid.NAMESPACE_URL, f"papercat:{app.config.language or 'en'}:{app.config.project}").urn)
    feed.title(app.config.html_title or app.config.project)
    feed.subtitle(_("The papers of the catalogue, newest first"))
    feed.language(html_lang(app.config.language))
    feed.author({"name": app.config.author or app.config.project})
    feed.link(href=home, rel="alternate")
    feed.link(href=site_url(app, FEED), rel="self")
    # The newest paper's date, not the clock: the same records give the same file.
    feed.updated(paper_datetime(papers[0]) if papers else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    pdfs: set[str] = set()
    # A feed is polled for what is new: the newest papers, not the whole catalogue.
    for paper in papers[: app.config.papercat_feed_size or None]:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(app, paper))
        entry.title(paper.title_local)
        entry.link(href=page_link(app, paper.docname), rel="alternate")
        entry.published(paper_datetime(paper))
        entry.updated(paper_datetime(paper))
        entry.summary(paper.summary or paper.title_local)
        if pdf := pdf_url(app, paper):
            entry.link(href=pdf, rel="enclosure", type="application/pdf")
            pdfs.add(pdf)
        for author in paper.authors:
            entry.author({"name": author})
        for tag in paper.tags:
            entry.category(term=tag, label=domain.tag_name(tag))
    return mark_pdf_links(feed.atom_str(), pdfs)


def mark_pdf_links(atom: bytes, pdfs: set[str]) -> bytes:
    """Set ``rel`` and ``type`` on the PDFs' links: feedgen 1.0 drops both from every entry link."""
    if not pdfs:
        return atom
    root = ET.fromstring(atom)
    for link in root.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}link"):
        if link.get("href") in pdfs and link.get("rel") is None:
            link.set("rel", "enclosure")
            link.set("type", "application/pdf")
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# -- sitemap -------------------------------------------------------------------------------------


def sitemap(app: Sphinx) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    languages = [code for code, _name in app.config.papercat_languages]
    # The 404 page (sphinx-notfound-page) is no page to index.
    not_found = app.config["notfound_pagename"] if "notfound_pagename" in app.config else None
    # The documents, and the papers' text views (pages of their own; readers' pages hold
    # no text until a script draws it).
    for pagename in sorted([*(app.env.found_docs - {not_found}), *text_view_pagenames(app)]):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_link(app, pagename)
        for code in [*languages, "x-default"]:
            target = languages[0] if code == "x-default" else code
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate",
                          hreflang=code if code == "x-default" else html_lang(code),
                          href=alternate_url(app, pagename, target))
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


# -- writing ---------------------------------------------------------------------------------------


def build_failed(app: Sphinx, exception: Exception | None) -> bool:
    if exception is not None:
        return True
    # Under -W --keep-going the build goes on to the end, then fails on its warnings;
    # where that can't be known, the build itself still fails, and publishes nothing.
    return bool(failed_on_warnings(app))


#: In the doctree folder: per file, a digest of what it was last written from.
STATE = "papercat-exports.json"


def inputs(app: Sphinx, domain: PaperDomain, papers: list[Paper]) -> dict[str, str]:
    """Per file, a digest of everything it is made from: cheap, unlike the file itself."""
    # As computed for this build's rewrites (PaperDomain.pages_to_rewrite), not again.
    shown = sorted(domain.shown_as_written().items())
    in_feed = {("paper", p.id) for p in papers[: app.config.papercat_feed_size or None]}
    config = [app.config[name] for name in (
        "language", "html_baseurl", "html_title", "project", "author",
        "papercat_languages", "papercat_language_url", "papercat_labels_digest",
        "papercat_feed_size")]
    pdfs = hosted_state(app)
    records = [(key, value.everything) for key, value in shown]

    def digest(*parts) -> str:
        return hashlib.sha256(repr((JSON_FORMAT, config, parts)).encode()).hexdigest()

    return {
        JSON: digest(records, pdfs),
        # The newest records, the names of tags, and which PDFs are hosted (the PDF links).
        FEED: digest([(key, value) for key, value in records if key in in_feed or key[0] == "tag"],
                     pdfs),
        SITEMAP: digest(sorted(app.env.found_docs), text_view_pagenames(app), app.builder.name),
        BIBTEX: digest([[getattr(p, name) for name in citation.CITATION_FIELDS] for p in papers]),
        LINEAGE_SVG: digest([(key, value.lineage) for key, value in shown]),
        TECHNIQUES_JSON: digest(technique_pages.export_digest(app)),
    }


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if not writes_exports(app):
        return
    if build_failed(app, exception):
        logger.info("papercat: the build failed; catalogue files (%s, ...) not written", JSON)
        return

    domain: PaperDomain = app.env.domains["paper"]
    outdir = Path(app.outdir)
    state_file = Path(app.doctreedir) / STATE
    try:
        written = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    papers = domain.all_papers()
    makers = {
        JSON: lambda: papers_json(app, domain, papers).encode("utf-8"),
        FEED: lambda: atom_feed(app, domain, papers),
        SITEMAP: lambda: sitemap(app),
        BIBTEX: lambda: citation.bibliography(papers).encode("utf-8"),
        LINEAGE_SVG: lambda: lineage_svg(app, domain, None).encode("utf-8"),
        TECHNIQUES_JSON: lambda: technique_pages.techniques_json(app),
    }
    # A rebuild that changed nothing a file is made from leaves the file alone.
    for name, key in inputs(app, domain, papers).items():
        if written.get(name) != key or not (outdir / name).is_file():
            (outdir / name).write_bytes(makers[name]())
            written[name] = key
    state_file.write_text(json.dumps(written, indent=1), encoding="utf-8")


def setup(app: Sphinx) -> None:
    # How many of the newest papers the Atom feed holds (0: every paper).
    app.add_config_value("papercat_feed_size", 100, "html", types=frozenset({int}))
    app.connect("build-finished", write_exports)
