"""Full-text search of the site and of every hosted paper, with Pagefind.

After a good HTML build, one Pagefind index per site (``<outdir>/pagefind/``) holds
the site's pages (their main article, from the built HTML) and one passage per page
of every hosted PDF (its text layer, ``pdfs/text.py``), staged as small HTML files of
a few pages each (``records``) that carry where they open as Pagefind meta data. The
pages and passages are staged in one folder and indexed in one request: Pagefind's
Python service answers one request per tenth of a second, so a record at a time would
take an hour at 1,000 papers of 30 pages. Everything is indexed in
the site's language: Pagefind keeps one index per language and a page searches the
index of its own ``lang``, so the Chinese site's index holds the papers' English
passages too. The search page (``search_page.py``) queries it in the browser.

Indexing is skipped when its inputs are unchanged (a digest of the pages and the
passages), so a no-op build does not index again. Without the Pagefind binary the
build keeps Sphinx's own search, and says so once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import tempfile
import time
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import logging

from ..i18n.catalog import html_lang
from ..pdfs.build import PdfDomain, text_layer_of
from ..pdfs.nodes import HOSTING_BUILDERS, hosted_name, reader_page, text_view_page
from ..pdfs.text import page_text
from ..records.papers import WARNING_TYPE

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

OUTPUT_FOLDER = "pagefind"
DIGEST_FILE = "papercat-search.digest"
#: Pagefind's own interfaces, which the search page does not use, and its worker (the
#: page searches without one: a file less to fetch).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js", "pagefind-worker.js")
#: Pages that are not content: the search page itself, and the 404 page.
NOT_INDEXED = frozenset({"search", "genindex", "404"})
#: Only the article is indexed (not the sidebars); within it, not the labels and buttons
#: that every paper page repeats ("Published:", "Download PDF").
ROOT_SELECTOR = "article[role=main]"
EXCLUDED = (".headerlink", ".paper-meta dt", ".paper-actions", ".paper-pdf-facts",
            ".paper-label", ".paper-reader-heading", ".paper-reader", ".paper-pdf-contents",
            ".paper-pdf-page")


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


def passages(app: Sphinx) -> Iterator[Passage]:
    """One passage per page of every hosted PDF that has a text layer."""
    domain = app.env.domains[PdfDomain.name]
    papers = app.env.domains["paper"].papers
    for docname, hosted in sorted(domain.data["hosted"].items()):
        paper = papers.get(docname)
        layer = text_layer_of(app, hosted.id) if paper is not None else None
        if layer is None:
            continue
        paper_url = app.builder.get_target_uri(docname)
        # The reader at the page; without PDF.js the text view's page marker, else the PDF.
        anchor = "#page={page}"
        if domain.reader_on:
            opens = app.builder.get_target_uri(reader_page(hosted.id))
        elif hosted.id in domain.text_views:
            opens, anchor = app.builder.get_target_uri(text_view_page(hosted.id)), "#page-{page}"
        else:
            opens = hosted_name(hosted.id)
        yield from passages_of_layer(layer, url=opens, paper=paper_url, paper_id=paper.id,
                                     title=paper.title_local, anchor=anchor)


def passages_of_layer(layer: dict[str, Any], *, url: str, paper: str, paper_id: str,
                      title: str, anchor: str = "#page={page}") -> Iterator[Passage]:
    for page in layer.get("pages", ()):
        text = page_text(page).strip()
        if text:
            number = int(page["page"])
            yield Passage(url + anchor.format(page=number), paper, paper_id, title, number, text)


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
    def meta(key: str, value: object) -> str:
        return (f'<span data-pagefind-meta="{key}[data-value]" '
                f'data-value="{escape(str(value))}"></span>')

    first = record[0]
    pages = "".join(f'<h2 id="page-{p.page}">{p.page}</h2><p>{escape(p.text)}</p>'
                    for p in record)
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'</head><body><article role="main">'
            + meta("title", first.title) + meta("href", "/" + first.url.split("#")[0])
            + meta("anchor", "#" + first.url.partition("#")[2].rstrip("0123456789"))
            + meta("paper", "/" + first.paper) + meta("kind", "passage")
            + meta("lang", PAPERS_LANGUAGE)
            + f'<span data-pagefind-filter="paper[data-value]" '
              f'data-value="{escape(first.paper_id)}"></span>'
            + pages + "</article></body></html>")


def record_file(record: list[Passage]) -> str:
    return f"{PASSAGE_FOLDER}/{record[0].paper_id}/{record[0].page}.html"


def digest(pages: Iterable[SitePage], passages: Iterable[Passage], language: str) -> str:
    """What the index is made of: a changed page, passage, setting or Pagefind changes it."""
    from importlib.metadata import version  # noqa: PLC0415

    sha = hashlib.sha256(json.dumps([version("pagefind"), language, ROOT_SELECTOR, EXCLUDED,
                                     UNUSED, PAGES_PER_RECORD],
                                    ensure_ascii=False).encode())
    for page in pages:
        sha.update(page.url.encode() + b"\0")
        sha.update(page.file.read_bytes() if page.file.is_file() else b"")
    for record in records(passages):  # as staged: a change of form changes the index too
        sha.update(record_html(record, language).encode())
    return sha.hexdigest()


def stage(folder: Path, language: str, pages: Iterable[SitePage],
          passages: Iterable[Passage]) -> None:
    """The pages and passages as one folder of HTML files, the pages at their URL's path."""
    for page in pages:
        if page.file.is_file():
            target = folder / page.file_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page.file, target)
    for record in records(passages):
        target = folder / record_file(record)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(record_html(record, language), encoding="utf-8")


async def write_index(staged: Path, output: Path, language: str) -> int:
    """Pagefind's index of the staged folder, written to ``output``; its page count."""
    from pagefind.index import PagefindIndex  # noqa: PLC0415

    config = {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED),
              "force_language": language, "output_path": str(output)}
    async with PagefindIndex(config) as index:
        result = await index.add_directory(str(staged))
    return int(result["page_count"])


def index_site(outdir: Path, language: str, pages: list[SitePage],
               passages: list[Passage]) -> bool:
    """Write ``<outdir>/pagefind/`` unless its inputs are unchanged; True if written."""
    output = outdir / OUTPUT_FOLDER
    wanted = digest(pages, passages, language)
    stamp = output / DIGEST_FILE
    if (output / "pagefind-entry.json").is_file() and stamp.is_file() \
            and stamp.read_text(encoding="utf-8") == wanted:
        return False
    # Pagefind adds to what its folder holds: a fresh one, swapped in when complete.
    fresh = outdir / f".{OUTPUT_FOLDER}.tmp"
    shutil.rmtree(fresh, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="papercat-search-") as staging:
        stage(Path(staging), language, pages, passages)
        asyncio.run(write_index(Path(staging), fresh, language))
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    (fresh / DIGEST_FILE).write_text(wanted, encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    fresh.replace(output)
    return True


def build_index(app: Sphinx, exception: Exception | None) -> None:
    """After a good build: index the site and the papers' pages, unless nothing changed."""
    if exception is not None or not enabled(app):
        return
    language = html_lang(app.config.language).lower()
    outdir = Path(app.outdir)
    pages = site_pages(app)
    found = list(passages(app))
    start = time.perf_counter()
    try:
        written = index_site(outdir, language, pages, found)
    except Exception as error:  # noqa: BLE001 (a subprocess: report, never a traceback)
        logger.warning("search index not written (Pagefind failed: %s); the search page "
                       "finds nothing until the next build", error,
                       location=str(outdir / OUTPUT_FOLDER), type=WARNING_TYPE,
                       subtype="search-index")
        return
    if written:
        logger.info("papercat: search index of %d pages and %d passages written in %.1f s",
                    len(pages), len(found), time.perf_counter() - start)
    else:
        logger.info("papercat: search index up to date")


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
