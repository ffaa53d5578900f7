"""``feed.atom``: an Atom feed of the newest papers (each entry links its PDF)."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..i18n.catalog import _, html_lang
from ..paths import FEED, page_link, pdf_href, site_url
from ..pdfs.domain import hosted_state
from .format import Catalogue, Export

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper

ATOM_NS = "http://www.w3.org/2005/Atom"


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
        if pdf := pdf_href(app, paper):
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


def label() -> str:
    return _("Atom feed")


def inputs(catalogue: Catalogue) -> tuple:
    """The newest records, the names of tags, and which PDFs are hosted (the PDF links)."""
    app = catalogue.app
    in_feed = {("paper", p.id) for p in catalogue.papers[: app.config.papercat_feed_size or None]}
    return ([(key, everything) for key, everything in catalogue.domain.everything_shown()
             if key in in_feed or key[0] == "tag"], hosted_state(app))


def make(catalogue: Catalogue) -> bytes:
    return atom_feed(catalogue.app, catalogue.domain, catalogue.papers)


EXPORT = Export(FEED, label, inputs, make, kind="feed", position=20)


def setup(app: Sphinx) -> None:
    # How many of the newest papers the Atom feed holds (0: every paper).
    app.add_config_value("papercat_feed_size", 100, "html", types=frozenset({int}))
