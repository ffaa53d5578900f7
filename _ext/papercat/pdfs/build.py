"""The Sphinx side of the PDF pipeline: facts from the lock, hosting, reader, contents.

At read time (in the ``{paper}`` directive) a record's PDF facts come from the
committed lock, never from parsing the PDF; the cached file is used only when
its sha256 is the lock's and the lock's first-page title is the record's (or its
``:pdf-title:``): a wrong file is an error of its page and is never hosted. A file
``fetch`` refused (``<cache>/refused.json``) is not hosted either; its page says so
and links the arXiv abstract, never the refused URL (an info, so that ``-W`` on
Read the Docs does not take the whole site down for one paper).
Which pages host which file is kept per docname in a small domain (exact under
``-j`` and incremental builds); the files are copied into ``<outdir>/pdf/`` once
the build has finished, only when they changed.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from babel.numbers import format_decimal
from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging

from ..compat.sphinx_internals import set_exit_status_one
from ..i18n.catalog import _, babel_locale
from ..nodes import generated
from ..records.papers import WARNING_TYPE, Paper, is_url
from . import cache, lock, refusals, text, thumbnails, verify
from .nodes import (HOSTED_FOLDER, HOSTING_BUILDERS, READER_FOLDER, TEXT_VIEW_FOLDER,
                    collapsible, collapsible_summary, hosted_name, pdf_link, pdf_reader,
                    pdf_thumbnail, reader_button, reader_page, text_button, text_view_page)

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class PaperPdf:
    """What the site knows of one record's PDF."""

    id: str
    url: str  # canonical
    download_name: str  # e.g. DeepSeek-R1.pdf
    entry: lock.LockEntry | None  # the lock's facts, if any
    cached: Path | None = None  # the verified cached file: the site hosts it
    thumbnails: bool = False  # rendered thumbnails exist for the cached file
    refused: str = ""  # why fetch refused the file it got: url is then the arXiv abstract

    @property
    def hosted(self) -> bool:
        return self.cached is not None


def download_name(paper: Paper) -> str:
    """A readable file name: ``DeepSeek-R1.pdf`` from the short title, else the id."""
    name = "-".join((paper.short_title or paper.id).split())
    name = "".join(c for c in name if c.isascii() and (c.isalnum() or c in "._-"))
    return f"{name or paper.id}.pdf"


# -- reading the lock and the cache (cheap: no PDF is parsed) ------------------------

_locks: dict[Path, tuple[tuple[int, int], dict[str, lock.LockEntry]]] = {}
_hashes: dict[tuple[Path, int, int], str] = {}
_refusals: dict[Path, tuple[tuple[int, int] | None, dict[str, refusals.Refusal]]] = {}


def locked_entries(path: Path) -> dict[str, lock.LockEntry]:
    """The lock's entries, parsed once per process while the file is unchanged."""
    if not path.is_file():
        return {}
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path not in _locks or _locks[path][0] != stamp:
        _locks[path] = (stamp, lock.read_lock(path))
    return _locks[path][1]


def refused_files(cache_dir: Path) -> dict[str, refusals.Refusal]:
    """What fetch refused (``<cache>/refused.json``), read once per process while unchanged."""
    path = refusals.refusals_path(cache_dir)
    try:
        stat = path.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    if cache_dir not in _refusals or _refusals[cache_dir][0] != stamp:
        _refusals[cache_dir] = (stamp, refusals.read_refusals(cache_dir) if stamp else {})
    return _refusals[cache_dir][1]


def refusal_mark(refusal: refusals.Refusal | None) -> str:
    """What the domain remembers of a refusal: the refused file's sha256; "" for none."""
    return (refusal["sha256"] or "refused") if refusal else ""


def arxiv_abstract(paper: Paper) -> str:
    return f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else ""


def file_sha256(path: Path) -> str:
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _hashes:
        _hashes[key] = verify.sha256_of(path)
    return _hashes[key]


def project_paths(env: BuildEnvironment) -> tuple[Path, Path]:
    """(cache folder, lock file), relative to the project unless absolute."""
    project = Path(env.srcdir)
    return (cache.resolve(project, env.config.papercat_pdf_cache),
            cache.resolve(project, env.config.papercat_pdf_lock))


class Lookup:
    """Finds a record's PDF facts at read time, with located messages and dependencies."""

    def __init__(self, directive: SphinxDirective, paper: Paper) -> None:
        self.directive = directive
        self.env = directive.env
        self.paper = paper
        self.location = (self.env.docname, directive.lineno)

    def warn(self, subtype: str, message: str, *args: Any) -> None:
        logger.warning(message, *args, location=self.location, type=WARNING_TYPE,
                       subtype=subtype)

    def run(self) -> PaperPdf | None:
        paper = self.paper
        if not is_url(paper.pdf) or paper.withdrawn:
            return None
        cache_dir, lock_path = project_paths(self.env)
        if lock_path.is_file():
            self.env.note_dependency(str(lock_path))
        try:
            entry = locked_entries(lock_path).get(paper.id)
        except lock.LockError as error:
            self.warn("pdf-lock", "%s", error)
            entry = None
        if entry is not None and entry.url != paper.pdf:
            self.warn("pdf-lock", "the lock's PDF of %r came from %s, not from the record's %s; "
                      "not used: run `python -m papercat fetch --update --only %s`",
                      paper.id, entry.url, paper.pdf, paper.id)
            entry = None
        if entry is not None and (problem := verify.title_mismatch(
                entry.facts.title, paper.title, paper.pdf_title)):
            # The lock vouches for another paper's PDF: show none of its facts, host nothing.
            self.refuse("pdf-title-mismatch", "%s; not published: fix the record, or the lock "
                        "with `python -m papercat fetch --update --only %s`", problem, paper.id)
            return PaperPdf(id=paper.id, url=paper.pdf, download_name=download_name(paper),
                            entry=None)
        result = PaperPdf(id=paper.id, url=paper.pdf, download_name=download_name(paper),
                          entry=entry)
        if entry is not None:
            cached = cache.cached_pdf(cache_dir, paper.id)
            if cached.is_file():
                self.env.note_dependency(str(cached))
                if file_sha256(cached) == entry.facts.sha256:
                    return dataclasses.replace(result, cached=cached,
                                               thumbnails=self.thumbnails(cached, entry))
                self.refuse("pdf-mismatch", "the cached PDF %s differs from the lock (sha256); "
                            "not published: run `make pdfs`", cached)
                return result
        if refusal := refused_files(cache_dir).get(paper.id):
            return self.refused(result, refusal)
        self.not_cached(cache_dir)
        return result

    def refuse(self, subtype: str, message: str, *args: Any) -> None:
        """A wrong PDF is never hosted, and is an error of the page that would host it."""
        logger.error(message, *args, location=self.location, type=WARNING_TYPE,
                     subtype=subtype)

    def refused(self, result: PaperPdf, refusal: refusals.Refusal) -> PaperPdf:
        """fetch refused the file it got: show none of the lock's facts, never link that
        URL, link the arXiv abstract instead.

        An info, not a warning: under ``--best-effort`` (Read the Docs) a refused file
        must not take the whole site down, and ``-W`` would turn a warning into an
        error. The page's note is the reader's signal; ``fetch`` named it in its summary.
        """
        abstract = arxiv_abstract(self.paper)
        logger.info("PDF of %r refused by fetch (%s): not hosted; its page links %s",
                    self.paper.id, refusal["reason"], abstract or "no PDF",
                    location=self.location)
        return dataclasses.replace(result, url=abstract, entry=None,
                                   refused=refusal["reason"] or "refused")

    def not_cached(self, cache_dir: Path) -> None:
        message = ("PDF of %r not cached in %s: linking its canonical URL "
                   "(run `make pdfs` to host it)")
        args = (self.paper.id, cache_dir)
        if self.env.config.papercat_require_pdfs:
            logger.error(message, *args, location=self.location, type=WARNING_TYPE,
                         subtype="pdf-not-cached")
        else:
            logger.info(message, *args, location=self.location)

    def thumbnails(self, cached: Path, entry: lock.LockEntry) -> bool:
        if not thumbnails.available():
            return False  # said once, at builder-inited
        targets = cache.thumbnail_paths(cached.parent, entry.facts.sha256)
        problem = thumbnails.make_thumbnails(cached, targets)
        if problem:
            self.warn("pdf-thumbnail", "no thumbnail for %s: %s", cached.name, problem)
            return False
        return True


# -- nodes -----------------------------------------------------------------------


def hosted_link(pdf: PaperPdf, *children: nodes.Node, page: int = 0, download: bool = False,
                classes: tuple[str, ...] = (), reader: bool = False) -> nodes.Element:
    """A link to the PDF (at ``page``): the hosted copy if there is one, else the canonical;
    with ``reader``, the online reader where the build has it."""
    fallback = pdf.url
    if not pdf.hosted:
        uri = fallback + (f"#page={page}" if page else "")
        return nodes.reference("", "", *children, refuri=uri, classes=list(classes))
    return pdf_link("", "", *children, pdf_id=pdf.id, page=page, fallback=fallback,
                    download=pdf.download_name if download else "", classes=list(classes),
                    reader=reader)


def download_button(pdf: PaperPdf) -> nodes.Element:
    if pdf.refused:
        label = _("PDF not verified")
        classes = ["paper-button", "paper-button-pdf-refused"]
        if not pdf.url:
            return nodes.inline(label, label, classes=classes)
        return nodes.reference(label, label, refuri=pdf.url, classes=classes)
    label = _("Download PDF")
    return hosted_link(pdf, nodes.Text(label), download=True,
                       classes=("paper-button", "paper-button-pdf"))


def reader_buttons(pdf: PaperPdf | None) -> list[nodes.Node]:
    """"Read online" and "Full text", for a hosted PDF (written only where the build has
    the reader, and the text view)."""
    if pdf is None or not pdf.hosted:
        return []
    return [reader_button("", _("Read online"), pdf_id=pdf.id,
                          classes=["paper-button", "paper-button-read"]),
            text_button("", _("Full text"), pdf_id=pdf.id,
                        classes=["paper-button", "paper-button-text"])]


def format_size(size: int, language: str | None) -> str:
    locale = babel_locale(language)
    if size >= 1024 * 1024:
        number = format_decimal(round(size / (1024 * 1024), 1), locale=locale)
        return _("%(size)s MB") % {"size": number}
    number = format_decimal(max(1, round(size / 1024)), locale=locale)
    return _("%(size)s KB") % {"size": number}


def facts_line(directive: SphinxDirective, pdf: PaperPdf | None) -> list[nodes.Node]:
    """"PDF: 22 pages, 1.3 MB", from the lock (also when the file is not cached); for a
    refused file, why there is none."""
    if pdf is not None and pdf.refused:
        return [refused_note(directive, pdf)]
    if pdf is None or pdf.entry is None:
        return []
    facts = pdf.entry.facts
    text = _("%(pages)d pages, %(size)s") % {
        "pages": facts.pages, "size": format_size(facts.size, directive.config.language)}
    line = generated(nodes.paragraph, "",
                     nodes.inline(text=_("PDF") + ": ", classes=["paper-label"]),
                     nodes.inline(text=text, classes=["paper-pdf-facts-text"]),
                     classes=("paper-pdf-facts",))
    directive.set_source_info(line)
    return [line]


def refused_note(directive: SphinxDirective, pdf: PaperPdf) -> nodes.Element:
    """The reader's signal that the PDF offered for this paper was not its own."""
    text = _("The PDF offered for this paper could not be verified as this paper's file, "
             "so this site neither hosts nor links it.")
    note = generated(nodes.paragraph, "", nodes.Text(text), classes=("paper-pdf-refused",))
    if pdf.url:
        note += nodes.Text(" ")
        note += nodes.reference("", _("Its arXiv abstract page links the paper."),
                                refuri=pdf.url)
    directive.set_source_info(note)
    return note


def contents(directive: SphinxDirective, pdf: PaperPdf) -> list[nodes.Node]:
    """The paper's own table of contents, each entry linking to its page."""
    outline = pdf.entry.facts.outline if pdf.entry else ()
    if not outline:
        return []
    root = nodes.bullet_list(classes=["paper-pdf-contents-list"])
    stack: list[tuple[int, nodes.bullet_list]] = [(0, root)]
    for entry in outline:
        while len(stack) > 1 and stack[-1][0] >= entry.level:
            stack.pop()
        parent = stack[-1][1]
        item = nodes.list_item()
        page = nodes.inline(text=_("p. %(page)d") % {"page": entry.page},
                            classes=["paper-pdf-page"])
        item += generated(nodes.paragraph, "",
                          hosted_link(pdf, nodes.Text(entry.title), page=entry.page,
                                      reader=True),
                          nodes.Text(" "), page)
        parent += item
        sublist = nodes.bullet_list()
        item += sublist
        stack.append((entry.level, sublist))
    for empty in [n for n in root.findall(nodes.bullet_list) if not n.children]:
        empty.parent.remove(empty)
    summary = generated(collapsible_summary, _("Contents of the paper"))
    box = collapsible("", summary, root, classes=["paper-pdf-contents"])
    for node in (box, summary):
        directive.set_source_info(node)
    return [box]


def reader(directive: SphinxDirective, pdf: PaperPdf, title: str) -> list[nodes.Node]:
    """The hosted PDF to read in the page; see static/papercat-pdf.js."""
    if not pdf.hosted:
        return []
    heading = generated(nodes.rubric, _("Read online"), classes=("paper-reader-heading",))
    box = pdf_reader(pdf_id=pdf.id, page=0, fallback=pdf.url,
                     title=_("PDF of %(title)s") % {"title": title})
    if pdf.thumbnails:
        image = pdf_thumbnail(pdf_id=pdf.id,
                              alt=_("First page of %(title)s") % {"title": title})
        box += hosted_link(pdf, image, classes=("paper-thumbnail-link",), reader=True)
    box += generated(nodes.paragraph, "", hosted_link(pdf, nodes.Text(_("Open the PDF"))),
                     classes=("paper-reader-open",))
    for node in (heading, box):
        directive.set_source_info(node)
    return [heading, box]


def pdf_sections(directive: SphinxDirective, pdf: PaperPdf | None,
                 paper: Paper) -> list[nodes.Node]:
    if pdf is None:
        return []
    return contents(directive, pdf) + reader(directive, pdf, paper.title_local)


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


def hosted_here(app: Sphinx, paper: Paper) -> HostedPdf | None:
    """The record's hosted PDF, if this build hosts it."""
    if app.builder.name not in HOSTING_BUILDERS:
        return None
    return app.env.domains[PdfDomain.name].hosted_by_id().get(paper.id)


def hosted_pdf_uri(app: Sphinx, paper: Paper) -> str:
    """The hosted copy of the record's PDF, relative to the output root; "" if none."""
    return hosted_name(paper.id) if hosted_here(app, paper) else ""


def hosted_state(app: Sphinx) -> tuple:
    """All that exported files show of the PDFs: the lock, and what is hosted."""
    lock_file = project_paths(app.env)[1]
    domain = app.env.domains[PdfDomain.name]
    hosted = sorted(domain.hosted_by_id().items())
    return (lock_file.read_bytes() if lock_file.is_file() else b"", hosted,
            sorted(domain.refused_ids()))


def refused_here(app: Sphinx, paper: Paper) -> bool:
    """Whether fetch refused the record's PDF (so the site neither hosts nor links it)."""
    return paper.id in app.env.domains[PdfDomain.name].refused_ids() \
        and not hosted_here(app, paper)


def pdf_status(app: Sphinx, paper: Paper) -> str:
    """What the site offers of the record's PDF, for ``papers.json``: "hosted" (its own
    verified copy), "linked" (the canonical URL), "refused" (fetch refused the file it
    got: nothing linked but the arXiv abstract) or "none" (withdrawn, or no PDF)."""
    if paper.withdrawn or not paper.pdf:
        return "none"
    if not is_url(paper.pdf) or hosted_here(app, paper):
        return "hosted"  # a PDF inside the project is copied by Sphinx
    return "refused" if refused_here(app, paper) else "linked"


def thumbnail_uri(app: Sphinx, paper: Paper) -> str | None:
    """The record's first-page thumbnail, relative to the output root, if one was made."""
    hosted = hosted_here(app, paper)
    return hosted_name(paper.id, "1x") if hosted and hosted.thumbnails else None


def pdf_facts(app: Sphinx) -> dict[str, dict[str, Any]]:
    """Facts of each verified PDF, by id, from the lock that ``papercat_pdf_lock`` names."""
    lock_path = project_paths(app.env)[1]
    try:
        entries = locked_entries(lock_path)
    except lock.LockError as error:
        logger.warning("%s", error, location=str(lock_path), type=WARNING_TYPE,
                       subtype="pdf-lock")
        return {}
    facts = {}
    for pdf_id, entry in entries.items():
        data = entry.to_json()
        facts[pdf_id] = {"sha256": data["sha256"], "size": data["size"],
                         "pages": data["pages"], "title": data["title"]}
    return facts


# -- what each page hosts, and copying it into the output ---------------------------------


class PdfDomain(Domain):
    """Per docname: the PDF it hosts, or the id whose PDF it lacks (todo.py pattern)."""

    name = "paperpdf"
    label = "Paper PDFs"
    initial_data: dict[str, Any] = {
        "hosted": {},  # docname -> HostedPdf
        "missing": {},  # docname -> MissingPdf
    }
    data_version = 5
    #: What pages show of the PDFs (domains/shown.py): listings the thumbnails, a page that
    #: hosts one the reader (or a link) and its text view's "Full text".
    shown_kinds = ("thumbnails", "reader", "text-view")

    _by_id: dict[str, HostedPdf] | None = None
    _refused: frozenset[str] | None = None

    def clear_doc(self, docname: str) -> None:
        for key in ("hosted", "missing"):
            self.data[key].pop(docname, None)
        self._by_id = self._refused = None

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for key in ("hosted", "missing"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._by_id = self._refused = None

    def note(self, docname: str, pdf: PaperPdf | None, cached: Path) -> None:
        if pdf is None:
            return
        if pdf.hosted:
            self.data["hosted"][docname] = HostedPdf(pdf.id, str(pdf.cached), pdf.thumbnails,
                                                     pdf.entry.facts.sha256)
            self.env.domains["shown"].note(docname, ("reader", ""), ("text-view", pdf.id))
        else:
            refusal = refused_files(cached.parent).get(pdf.id) if pdf.refused else None
            self.data["missing"][docname] = MissingPdf(pdf.id, mtime_ns(cached),
                                                       refusal_mark(refusal))
        self._by_id = self._refused = None

    def hosted_by_id(self) -> dict[str, HostedPdf]:
        """Every hosted PDF, by id."""
        if self._by_id is None:
            self._by_id = {hosted.id: hosted for hosted in self.data["hosted"].values()}
        return self._by_id

    def refused_ids(self) -> frozenset[str]:
        """The ids whose PDF fetch refused (not hosted, not linked)."""
        if self._refused is None:
            self._refused = frozenset(missing.id for missing in self.data["missing"].values()
                                      if missing.refused)
        return self._refused

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


def lookup(directive: SphinxDirective, paper: Paper) -> PaperPdf | None:
    """The record's PDF (or None), remembered for hosting; call once per record."""
    pdf = Lookup(directive, paper).run()
    cached = cache.cached_pdf(project_paths(directive.env)[0], paper.id)
    directive.env.domains[PdfDomain.name].note(directive.env.docname, pdf, cached)
    return pdf


def mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def pages_with_new_pdfs(app: Sphinx, env: BuildEnvironment, added, changed,
                        removed) -> list[str]:
    """Re-read pages whose missing PDF has since appeared in the cache (``make pdfs``), or
    whose PDF fetch has since refused or stopped refusing.

    A file that did not exist cannot be a dependency; a hosted one is (see ``Lookup``).
    """
    missing = env.domains[PdfDomain.name].data["missing"]
    if not missing:
        return []
    cache_dir = project_paths(env)[0]
    cached = cache.cached_mtimes(cache_dir)
    refused = refused_files(cache_dir)
    return [docname for docname, pdf in missing.items()
            if docname not in removed and (
                cached.get(pdf.id) != pdf.cached_mtime_ns
                or refusal_mark(refused.get(pdf.id)) != pdf.refused)]


def require_cached(app: Sphinx, env: BuildEnvironment) -> None:
    """A release build fails (exit status 1) while any PDF is not cached; pages say which."""
    missing = sorted({pdf.id for pdf in env.domains[PdfDomain.name].data["missing"].values()})
    if missing and app.config.papercat_require_pdfs:
        logger.info("papercat_require_pdfs: %d PDF(s) not cached (%s): run `make pdfs`",
                    len(missing), ", ".join(missing))
        set_exit_status_one(app)


def copy_if_changed(source: Path, target: Path) -> None:
    if target.is_file():
        have, want = target.stat(), source.stat()
        if have.st_size == want.st_size and have.st_mtime_ns == want.st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    shutil.copy2(source, temp)
    temp.replace(target)


def publish(app: Sphinx, exception: Exception | None) -> None:
    """Copy hosted PDFs and thumbnails into the output; drop the ones no page hosts, and
    the reader pages and text views of PDFs no longer hosted (a refused PDF's text view
    would still show its text)."""
    if exception is not None or app.builder.name not in HOSTING_BUILDERS:
        return
    outdir = Path(app.outdir)
    domain = app.env.domains[PdfDomain.name]
    pages = {Path(app.builder.get_outfilename(name)) for name in
             [*(reader_page(pdf_id) for pdf_id in domain.hosted_by_id() if domain.reader_on),
              *(text_view_page(pdf_id) for pdf_id in domain.text_views)]}
    for folder in (READER_FOLDER, TEXT_VIEW_FOLDER):
        drop_stale(outdir / folder, pages)
    wanted: set[Path] = set()
    for hosted in domain.hosted_by_id().values():
        files = [(Path(hosted.cached), outdir / hosted_name(hosted.id))]
        if hosted.thumbnails:
            one, two = cache.thumbnail_paths(Path(hosted.cached).parent, hosted.sha256)
            files += [(one, outdir / hosted_name(hosted.id, "1x")),
                      (two, outdir / hosted_name(hosted.id, "2x"))]
        for source, target in files:
            if source.is_file():
                copy_if_changed(source, target)
                wanted.add(target)
    drop_stale(outdir / HOSTED_FOLDER, wanted)


def drop_stale(folder: Path, wanted: set[Path]) -> None:
    """Remove the files of ``folder`` (and its subfolders, for dirhtml) not ``wanted``."""
    if folder.is_dir():
        for stale in {path for path in folder.rglob("*") if path.is_file()} - wanted:
            stale.unlink()


def extract_text_layers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before writing: make sure every hosted PDF has its text layer (text.py)."""
    if app.builder.name in HOSTING_BUILDERS:
        domain = env.domains[PdfDomain.name]
        hosted = domain.hosted_by_id()
        pages = {pdf.id: docname for docname, pdf in domain.data["hosted"].items()}
        entries = locked_entries(project_paths(env)[1])

        def failed(pdf_id: str, why: str) -> None:
            # The PDF is still hosted; only its text (text view, search) is missing.
            logger.warning("no text layer for the PDF of %r: %s", pdf_id, why,
                           location=pages.get(pdf_id), type=WARNING_TYPE, subtype="pdf-text")

        text.ensure_text_layers(
            project_paths(env)[0],
            {pdf_id: (Path(pdf.cached), pdf.sha256,
                      entries[pdf_id].facts.outline if pdf_id in entries else ())
             for pdf_id, pdf in hosted.items()},
            jobs=app.parallel or None, on_error=failed)
    return []


def text_layer_of(app: Sphinx, pdf_id: str) -> text.TextLayer | None:
    """The text layer of a PDF this build hosts, or None."""
    hosted = app.env.domains[PdfDomain.name].hosted_by_id().get(pdf_id)
    if hosted is None or app.builder.name not in HOSTING_BUILDERS:
        return None
    return text.load(text.text_path(project_paths(app.env)[0], hosted.sha256))


def pdfium_notice(app: Sphinx) -> None:
    if not thumbnails.available():
        logger.info("papercat: pypdfium2 (or Pillow) is not installed: "
                    "PDF pages are shown without thumbnails")


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_pdf_cache", cache.default_cache(), "env",
                         types=frozenset({str}))
    app.add_config_value("papercat_pdf_lock", lock.LOCK_FILE, "env", types=frozenset({str}))
    app.add_config_value("papercat_require_pdfs", False, "env", types=frozenset({bool}))
    app.add_domain(PdfDomain)
    app.add_js_file("papercat-pdf.js", loading_method="defer")
    app.add_css_file("papercat-pdf.css")
    app.connect("builder-inited", pdfium_notice)
    app.connect("env-check-consistency", require_cached)
    app.connect("env-get-outdated", pages_with_new_pdfs)
    app.connect("env-updated", extract_text_layers)
    app.connect("build-finished", publish)
