"""The PDF domain: each paper's PDF, looked up once per page, and what the site offers of it.

``process_doc`` looks up the PDF of the page's record (``lookup.Lookup``) and keeps
the result per docname (todo.py pattern: exact under ``-j`` and incremental builds).
Everything else asks the domain: the page's resolver (``page``), the exported files
(``offered_uri``, ``pdf_uri``, ``pdf_status``, ``thumbnail_uri``, ``pdf_facts``,
``hosted_state``),
the reader, the text views and the search. A builder that hosts no files hosts none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.domains import Domain
from sphinx.util import logging

from ..compat.sphinx_internals import set_exit_status_one
from ..nodes import paper_record
from ..records.checks import first_of_each_id
from ..records.papers import Paper
from . import cache, lock
from .lookup import Lookup, PaperPdf, mtime_ns, project_paths, refusal_mark, refused_files
from .nodes import HOSTING_BUILDERS, hosted_name

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class HostedPdf(NamedTuple):
    """A PDF a page hosts, as the PDF domain stores it."""

    id: str
    cached: str  # the verified file in the cache
    thumbnails: bool  # its first-page thumbnails were rendered
    sha256: str


class MissingPdf(NamedTuple):
    """A record's PDF that is not in the cache, as the PDF domain stores it."""

    id: str
    cached_mtime_ns: int | None  # of a cached file that was not usable then, else None
    refused: str = ""  # the sha256 of the file fetch had refused then, else ""


class PdfDomain(Domain):
    """Per docname: its record's PDF as looked up, the PDF it hosts or the id whose PDF it
    lacks (todo.py pattern)."""

    name = "paperpdf"
    label = "Paper PDFs"
    initial_data: dict[str, Any] = {
        "pdfs": {},  # docname -> PaperPdf: what the lookup found, for the page's resolver
        "hosted": {},  # docname -> HostedPdf
        "missing": {},  # docname -> MissingPdf
    }
    data_version = 6
    #: What pages show of the PDFs (domains/shown.py): listings the thumbnails, a page that
    #: hosts one the reader (or a link) and its text view's "Full text".
    shown_kinds = ("thumbnails", "reader", "text-view")

    _by_id: dict[str, HostedPdf] | None = None
    _pdfs: dict[str, PaperPdf] | None = None

    def clear_doc(self, docname: str) -> None:
        for key in ("pdfs", "hosted", "missing"):
            self.data[key].pop(docname, None)
        self._by_id = self._pdfs = None

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for key in ("pdfs", "hosted", "missing"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._by_id = self._pdfs = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """The one lookup of the page's record's PDF (its ``{paper}`` directive located
        the record); its messages are located at the directive."""
        # The page's record as the paper domain keeps it: the first (it reports the others).
        paper = next((record["paper"] for record in document.findall(paper_record)
                      if record.get("paper") is not None), None)
        # Withdrawn records and PDFs kept in the project have nothing to look up.
        if paper is not None and paper.pdf_source == "url":
            pdf = Lookup(env, paper).run()
            self.note(docname, pdf, cache.cached_pdf(project_paths(env)[0], paper.id))

    def note(self, docname: str, pdf: PaperPdf, cached: Path) -> None:
        self.data["pdfs"][docname] = pdf
        if pdf.hosted:
            self.data["hosted"][docname] = HostedPdf(pdf.id, str(pdf.cached), pdf.thumbnails,
                                                     pdf.entry.facts.sha256)
            self.env.domains["shown"].note(docname, ("reader", ""), ("text-view", pdf.id))
        else:
            refusal = refused_files(cached.parent).get(pdf.id) if pdf.refused else None
            self.data["missing"][docname] = MissingPdf(pdf.id, mtime_ns(cached),
                                                       refusal_mark(refusal))
        self._by_id = self._pdfs = None

    def paper_pdf(self, pdf_id: str) -> PaperPdf | None:
        """What the lookup found of the record's PDF (None: no PDF to fetch)."""
        if self._pdfs is None:
            self._pdfs = first_of_each_id(self.data["pdfs"])
        return self._pdfs.get(pdf_id)

    def hosted_by_id(self) -> dict[str, HostedPdf]:
        """Every hosted PDF, by id."""
        if self._by_id is None:
            self._by_id = first_of_each_id(self.data["hosted"])
        return self._by_id

    def note_reader(self, on: bool) -> None:
        """Whether this build has the online reader (reader.py)."""
        self.data["reader"] = on

    @property
    def reader_on(self) -> bool:
        return bool(self.data.get("reader"))

    def note_text_views(self, ids: Set[str]) -> None:
        """The hosted PDFs with a text view (textview.py)."""
        self.data["text_views"] = frozenset(ids)

    @property
    def text_views(self) -> Set[str]:
        return self.data.get("text_views", frozenset())

    def shown_digest(self, kind: str, pdf_id: str) -> str:
        """What pages show now as ``kind`` (one of ``shown_kinds``), of ``pdf_id``."""
        if kind == "thumbnails":  # which hosted PDFs have one ("" for none)
            return repr(sorted((i, hosted.sha256 if hosted.thumbnails else "")
                               for i, hosted in self.hosted_by_id().items()))
        if kind == "reader":
            return repr(self.reader_on)
        return repr(pdf_id in self.text_views)

    def resolve_any_xref(self, *args) -> list:
        return []


def hosted_here(app: Sphinx, paper: Paper) -> HostedPdf | None:
    """The record's hosted PDF, if this build hosts it."""
    if app.builder.name not in HOSTING_BUILDERS:
        return None
    return app.env.domains[PdfDomain.name].hosted_by_id().get(paper.id)


def offered_uri(app: Sphinx, pdf: PaperPdf) -> str:
    """The one choice of a fetched PDF's URL, for its page and for everything else: the
    hosted copy (relative to the output root) where this builder hosts it, else the
    canonical URL; "" when fetch refused the file it got (its URL is never linked)."""
    if pdf.refused:
        return ""
    return hosted_name(pdf.id) if pdf.hosted and app.builder.name in HOSTING_BUILDERS \
        else pdf.url


def pdf_uri(app: Sphinx, paper: Paper) -> str:
    """The PDF readers get, relative to the output root unless absolute: a fetched PDF's
    ``offered_uri``, a project's file as Sphinx copied it, or "" (none, withdrawn,
    refused). ``paths.pdf_href`` places it."""
    if paper.pdf_source == "project":
        # Where the directive registered it (the page's download link is the same file).
        return "_downloads/" + paper.pdf_download if paper.pdf_download else ""
    if paper.pdf_source != "url":
        return ""
    pdf = app.env.domains[PdfDomain.name].paper_pdf(paper.id)
    return offered_uri(app, pdf) if pdf is not None else paper.pdf


def hosted_state(app: Sphinx) -> tuple:
    """All that exported files show of the PDFs: what each page's lookup found (the lock's
    facts it vouched for, hosted or refused), by id."""
    domain = app.env.domains[PdfDomain.name]
    rows = ((pdf.id, pdf.entry.to_json() if pdf.entry else None, pdf.hosted, pdf.thumbnails,
             pdf.refused) for pdf in domain.data["pdfs"].values())
    return tuple(sorted(rows, key=repr))  # two pages may claim one id (a reported error)


def pdf_status(app: Sphinx, paper: Paper) -> str:
    """What the site offers of the record's PDF, for ``papers.json``: "hosted" (its own
    verified copy), "linked" (the canonical URL), "refused" (fetch refused the file it
    got: nothing linked but the arXiv abstract) or "none" (withdrawn, or no PDF)."""
    if not paper.pdf_source:
        return "none"
    if paper.pdf_source == "project" or hosted_here(app, paper):
        return "hosted"  # a PDF inside the project is copied by Sphinx
    pdf = app.env.domains[PdfDomain.name].paper_pdf(paper.id)
    return "refused" if pdf is not None and pdf.refused else "linked"


def thumbnail_uri(app: Sphinx, paper: Paper) -> str | None:
    """The record's first-page thumbnail, relative to the output root, if one was made."""
    hosted = hosted_here(app, paper)
    return hosted_name(paper.id, "1x") if hosted and hosted.thumbnails else None


def pdf_facts(app: Sphinx, paper: Paper) -> dict[str, Any] | None:
    """Facts of the record's PDF, for ``papers.json``: the lock's, where the page's lookup
    vouched for them (not for a lock entry of another URL or another paper's title, nor a
    refused file), else None. The lookup reported what was wrong, at the record."""
    pdf = app.env.domains[PdfDomain.name].paper_pdf(paper.id) if paper.pdf_source == "url" \
        else None
    if pdf is None or pdf.entry is None:
        return None
    facts = pdf.entry.facts
    return {"sha256": facts.sha256, "size": facts.size, "pages": facts.pages,
            "title": facts.title}


def require_cached(app: Sphinx, env: BuildEnvironment) -> None:
    """A release build fails (exit status 1) while any PDF is not cached; pages say which."""
    missing = sorted({pdf.id for pdf in env.domains[PdfDomain.name].data["missing"].values()})
    if missing and app.config.papercat_require_pdfs:
        logger.info("papercat_require_pdfs: %d PDF(s) not cached (%s): run `make pdfs`",
                    len(missing), ", ".join(missing))
        set_exit_status_one(app)


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_pdf_cache", cache.default_cache(), "env",
                         types=frozenset({str}))
    app.add_config_value("papercat_pdf_lock", lock.LOCK_FILE, "env", types=frozenset({str}))
    app.add_config_value("papercat_require_pdfs", False, "env", types=frozenset({bool}))
    app.add_domain(PdfDomain)
    app.connect("env-check-consistency", require_cached)
