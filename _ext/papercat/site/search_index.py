"""Full-text search of the site and of every hosted paper, with Pagefind.

After a good HTML build, the site's pages (their main article, from the built HTML,
without the listings of papers that every paper's own page says better) and one
passage per page of every hosted PDF (its text layer, ``pdfs/text.py``, staged as
small HTML files of a few pages each, ``records``, carrying where they open as
Pagefind meta data) are indexed, in the site's language: Pagefind keeps one index per
language and a page searches the index of its own ``lang``, so the Chinese site's
index holds the papers' English passages too. The search page (``search_page.py``)
queries it in the browser.

What is indexed is cut into units, a page or a paper's passages, each with a digest;
``search_bundles.py`` indexes only the units that changed (a no-op build indexes
nothing, an edit one page). Without the Pagefind binary the build keeps Sphinx's own
search, and says so once.
"""

from __future__ import annotations

import hashlib
import re
import time
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import logging

from ..i18n.catalog import html_lang
from ..pdfs import text
from ..pdfs.domain import PdfDomain, pdf_uri
from ..pdfs.host import text_layer_of
from ..pdfs.lookup import project_paths
from ..pdfs.nodes import HOSTING_BUILDERS, reader_page, text_view_page
from ..records.papers import WARNING_TYPE
from . import search_bundles
from .search_bundles import UNIT_MARK, Unit, pagefind_meta

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

OUTPUT_FOLDER = search_bundles.BASE
#: Pages that are not content: the search page itself, and the 404 page.
NOT_INDEXED = frozenset({"search", "genindex", "404"})
#: Only the article is indexed (not the sidebars); within it, not the labels and buttons
#: that every paper page repeats ("Published:", "Download PDF").
ROOT_SELECTOR = "article[role=main]"
EXCLUDED = (".headerlink", ".paper-meta dt", ".paper-actions", ".paper-pdf-facts",
            ".paper-label", ".paper-reader-heading", ".paper-reader", ".paper-pdf-contents",
            ".paper-pdf-page")
#: The cards of a listing (the catalogue, a tag's page): each says again, shorter, what
#: its paper's page says, and would change the listing's unit at every edit of a paper.
LISTING = re.compile(r'<ul class="paper-list-entries">.*?</ul>', re.DOTALL)
#: Bumped when what is staged changes form (a unit's digest does not show it).
FORM = 2
#: The cache folder of bases kept between builds, inside the PDF cache.
CACHE_FOLDER = "search"


class SitePage(NamedTuple):
    """A built page of the site, indexed from its HTML."""

    url: str  # relative to the output root
    file: Path
    file_path: str  # the file, relative to the output root


class Passage(NamedTuple):
    """One page of a paper's PDF, as the search finds it."""

    url: str  # where it opens (the reader at that page), relative to the output root
    paper: str  # the paper's page, relative to the output root
    paper_id: str
    title: str  # the paper's title in the site's language
    page: int
    text: str


def pagefind_executable() -> Path | None:
    """The Pagefind binary of the installed wheel, or None (not installed)."""
    try:
        from pagefind.service import get_executable  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return get_executable()
    except (OSError, FileNotFoundError):
        return None


def enabled(app: Sphinx) -> bool:
    """Whether this build writes a Pagefind index (and its search page)."""
    return (app.builder.name in HOSTING_BUILDERS
            and app.config.papercat_search == "pagefind"
            and pagefind_executable() is not None)


def settings(language: str) -> dict[str, Any]:
    """Everything besides the units that makes the index: a change writes it again."""
    from importlib.metadata import version  # noqa: PLC0415

    return {"pagefind": {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED),
                         "force_language": language},
            "version": version("pagefind"), "form": FORM, "unused": search_bundles.UNUSED,
            "pages_per_record": PAGES_PER_RECORD}


# -- the site's pages -----------------------------------------------------------------

def site_pages(app: Sphinx) -> list[SitePage]:
    builder = app.builder
    outdir = Path(app.outdir)
    pages = []
    for docname in sorted(app.env.found_docs):
        if docname not in NOT_INDEXED:
            file = Path(builder.get_outfilename(docname))
            pages.append(SitePage(builder.get_target_uri(docname), file,
                                  file.relative_to(outdir).as_posix()))
    return pages


def staged_page(html: str, language: str) -> str | None:
    """A built page as it is indexed: its article, without the listings' cards."""
    start = html.find('<article role="main"')
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return None
    article = LISTING.sub("", html[start:end])
    opened = article.index(">") + 1
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"</head><body>{article[:opened]}{UNIT_MARK}{article[opened:]}</article>"
            "</body></html>")


def page_units(pages: Iterable[SitePage], language: str) -> Iterator[Unit]:
    for page in pages:
        try:
            html = page.file.read_text(encoding="utf-8")
        except OSError:
            continue
        staged = staged_page(html, language)
        if staged is not None:
            yield Unit("page:" + page.url, hashlib.sha256(staged.encode()).hexdigest(),
                       lambda path=page.file_path, staged=staged: [(path, staged)])


# -- the papers' passages -------------------------------------------------------------

def paper_units(app: Sphinx, language: str) -> Iterator[Unit]:
    """The passages of every hosted PDF that has a text layer, a unit per paper.

    A unit's digest is made of the PDF's checksum and where its passages open, so a
    no-op build reads no text layer.
    """
    domain = app.env.domains[PdfDomain.name]
    papers = app.env.domains["paper"].papers
    cache_dir = project_paths(app.env)[0]
    for docname, hosted in sorted(domain.data["hosted"].items()):
        paper = papers.get(docname)
        if paper is None or not text.text_path(cache_dir, hosted.sha256).is_file():
            continue
        paper_url = app.builder.get_target_uri(docname)
        # The reader at the page; without PDF.js the text view's page marker, else the PDF.
        anchor = "#page={page}"
        if domain.reader_on:
            opens = app.builder.get_target_uri(reader_page(hosted.id))
        elif hosted.id in domain.text_views:
            opens, anchor = app.builder.get_target_uri(text_view_page(hosted.id)), "#page-{page}"
        else:
            opens = pdf_uri(app, paper)  # the hosted copy
        where = dict(url=opens, paper=paper_url, paper_id=paper.id, title=paper.title_local,
                     anchor=anchor)

        def found(pdf_id: str = hosted.id, where: dict = where) -> Iterator[Passage]:
            layer = text_layer_of(app, pdf_id)
            return passages_of_layer(layer, **where) if layer is not None else iter(())

        yield passage_unit(paper.id, search_bundles.digest_of(
            [hosted.sha256, text.FORMAT, where]), found, language)


def passage_unit(paper_id: str, digest: str, found: Any, language: str) -> Unit:
    """A paper's passages as a unit; ``found()`` gives them (read only when indexed)."""
    return Unit("pdf:" + paper_id, digest,
                lambda: [(record_file(record), record_html(record, language))
                         for record in records(found())])


def passages_of_layer(layer: dict[str, Any], *, url: str, paper: str, paper_id: str,
                      title: str, anchor: str = "#page={page}") -> Iterator[Passage]:
    for page in layer.get("pages", ()):
        page_text = text.page_text(page).strip()
        if page_text:
            number = int(page["page"])
            yield Passage(url + anchor.format(page=number), paper, paper_id, title, number,
                          page_text)


#: The language the papers are written in, whatever the site's: a passage's snippet says so.
PAPERS_LANGUAGE = "en"
PASSAGE_FOLDER = "_passages"
#: Pages of a PDF per Pagefind record (see ``records``): fewer records, a smaller
#: metadata file for every query; more, smaller fragments for each result shown.
PAGES_PER_RECORD = 3  # in the staging folder only: its URLs are never shown


def records(passages: Iterable[Passage]) -> Iterator[list[Passage]]:
    """The passages of each paper, PAGES_PER_RECORD consecutive pages to a record.

    Pagefind's metadata file, which every query loads, holds an entry per record: one
    per PDF page made it 190 kB at 1,000 papers of 30 pages. A record's pages are its
    sections (an anchor each), which Pagefind finds and excerpts one by one.
    """
    batch: list[Passage] = []
    for passage in passages:
        if batch and (passage.paper_id != batch[0].paper_id
                      or len(batch) == PAGES_PER_RECORD):
            yield batch
            batch = []
        batch.append(passage)
    if batch:
        yield batch


def record_html(record: list[Passage], language: str) -> str:
    """A record as Pagefind reads it: its pages' text, each under an anchor ``page-N``, and
    where it opens as meta data.

    Values go in attributes (``key[data-value]``), so commas in a title stay in it.
    """
    first = record[0]
    pages = "".join(f'<h2 id="page-{p.page}">{p.page}</h2><p>{escape(p.text)}</p>'
                    for p in record)
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'</head><body><article role="main">{UNIT_MARK}'
            + pagefind_meta("title", first.title)
            + pagefind_meta("href", "/" + first.url.split("#")[0])
            + pagefind_meta("anchor", "#" + first.url.partition("#")[2].rstrip("0123456789"))
            + pagefind_meta("paper", "/" + first.paper) + pagefind_meta("kind", "passage")
            + pagefind_meta("lang", PAPERS_LANGUAGE)
            + f'<span data-pagefind-filter="paper[data-value]" '
              f'data-value="{escape(first.paper_id)}"></span>'
            + pages + "</article></body></html>")


def record_file(record: list[Passage]) -> str:
    return f"{PASSAGE_FOLDER}/{record[0].paper_id}/{record[0].page}.html"


# -- the build ------------------------------------------------------------------------

def index(outdir: Path, language: str, units: list[Unit],
          cache: Path | None = None) -> search_bundles.Outcome:
    executable = pagefind_executable()
    if executable is None:
        raise RuntimeError("the Pagefind binary is not installed")
    return search_bundles.update(outdir, executable, units, settings(language), cache)


def build_index(app: Sphinx, exception: Exception | None) -> None:
    """After a good build: index what changed of the site and of the papers' pages."""
    if exception is not None or not enabled(app):
        return
    language = html_lang(app.config.language).lower()
    outdir = Path(app.outdir)
    start = time.perf_counter()
    units = [*page_units(site_pages(app), language), *paper_units(app, language)]
    # A kept base belongs to its project: another one's would be mostly replaced.
    project = hashlib.sha256(str(Path(app.srcdir).resolve()).encode()).hexdigest()[:12]
    cache = project_paths(app.env)[0] / CACHE_FOLDER / project
    try:
        outcome = index(outdir, language, units, cache)
    except Exception as error:  # noqa: BLE001 (a subprocess: report, never a traceback)
        logger.warning("search index not written (Pagefind failed: %s); the search page "
                       "finds nothing until the next build", error,
                       location=str(outdir / OUTPUT_FOLDER), type=WARNING_TYPE,
                       subtype="search-index")
        return
    if outcome.written == "nothing":
        logger.info("papercat: search index up to date")
    elif outcome.written == "kept":
        logger.info("papercat: search index: the base kept in %s, up to date", cache)
    else:
        logger.info("papercat: search index: %d of %d units written (%s) in %.1f s",
                    outcome.units, len(units), outcome.written, time.perf_counter() - start)


def pagefind_notice(app: Sphinx) -> None:
    if (app.builder.name in HOSTING_BUILDERS and app.config.papercat_search == "pagefind"
            and pagefind_executable() is None):
        logger.info("papercat: the Pagefind binary is not installed (pip install "
                    "'pagefind[extended]'): the search page uses Sphinx's index, without "
                    "the papers' text")


def setup(app: Sphinx) -> None:
    # "pagefind" (default): full-text search; "sphinx": Sphinx's own search only.
    app.add_config_value("papercat_search", "pagefind", "html", types=frozenset({str}))
    app.connect("builder-inited", pagefind_notice)
    app.connect("build-finished", build_index)
