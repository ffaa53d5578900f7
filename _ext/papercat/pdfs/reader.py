"""The online reader: one page per hosted PDF (``read/<id>``), drawn by PDF.js.

PDF.js (``pdfjs-dist``, pinned by the project's ``package-lock.json``) is
installed by ``make html`` with ``npm ci``; the ``papercat_pdfjs`` setting says
where (relative to the project unless absolute). Only the files the reader
needs are copied into ``_static/pdfjs/``. Without them the build still
succeeds, says so once, and paper pages keep linking the PDF.

Whether the reader is on is kept in the PDF domain's data (``reader``), so that
the HTML visitors of ``nodes`` can ask it when they write a page, and so that
the pages that show a hosted PDF are rewritten when it changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..i18n.catalog import _
from . import cache
from .domain import PdfDomain
from .host import copy_if_changed
from .lookup import download_name
from .nodes import HOSTING_BUILDERS, hosted_name, reader_page, text_view_page

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .lock import LockEntry

logger = logging.getLogger(__name__)

NPM_FOLDER = "node_modules"
DEFAULT_PDFJS = f"{NPM_FOLDER}/pdfjs-dist"
#: What the reader takes from the package: the legacy build runs in older phone
#: browsers too; the standard fonts are fetched only by PDFs that use them without
#: embedding them. No cmaps: no hosted PDF uses a predefined CJK CMap.
PDFJS_FILES = ("legacy/build/pdf.min.mjs", "legacy/build/pdf.worker.min.mjs")
PDFJS_FOLDERS = ("standard_fonts",)
#: Where they go in the output.
OUTPUT_FOLDER = "_static/pdfjs"
TEMPLATE = "papercat/reader.html"


def pdfjs_folder(app: Sphinx) -> Path | None:
    """The installed ``pdfjs-dist`` if it has every file the reader needs."""
    folder = cache.resolve(Path(app.srcdir), app.config.papercat_pdfjs)
    needed = [folder / name for name in PDFJS_FILES]
    if all(path.is_file() for path in needed) and all(
            (folder / name).is_dir() for name in PDFJS_FOLDERS):
        return folder
    return None


def output_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """(source, output-relative target) of every file the reader needs."""
    for name in PDFJS_FILES:
        yield folder / name, f"{OUTPUT_FOLDER}/{Path(name).name}"
    for name in PDFJS_FOLDERS:
        for path in sorted((folder / name).iterdir()):
            if path.is_file():
                yield path, f"{OUTPUT_FOLDER}/{name}/{path.name}"


def exclude_npm_folder(app: Sphinx, config: Config) -> None:
    """npm's folder holds packages' READMEs, not pages of the site."""
    # A new list: the default is shared by every Sphinx app of the process.
    config.exclude_patterns = [*config.exclude_patterns, NPM_FOLDER]


def switch(app: Sphinx) -> None:
    """Turn the reader on where PDF.js is found; one notice when it is not."""
    if app.builder.name not in HOSTING_BUILDERS:
        return
    domain = app.env.domains[PdfDomain.name]
    found = pdfjs_folder(app) is not None
    domain.note_reader(found)
    if not found:
        logger.info("papercat: PDF.js not found in %s (`make html` installs it with `npm ci`): "
                    "paper pages link their PDF, without the online reader",
                    app.config.papercat_pdfjs)


def outline_of(entry: LockEntry | None) -> list[dict[str, Any]]:
    if entry is None:
        return []
    return [{"title": e.title, "page": e.page, "level": e.level} for e in entry.facts.outline]


def labels() -> dict[str, str]:
    """The reader's interface, in the build's language (the template and the script)."""
    return {
        "read_online": _("Read online"),
        "contents": _("Contents of the paper"),
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "fit_width": _("Fit to width"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "go_to_page": _("Go to page"),
        "page": _("Page %(page)s"),
        "of_pages": _("of %(pages)s"),
        "download": _("Download PDF"),
        "back": _("Back to the paper"),
        "loading": _("Loading the PDF…"),
        "failed": _("The PDF cannot be shown here."),
        "open": _("Open the PDF"),
        "toolbar": _("Reader tools"),
        "pages_label": _("Pages of the PDF"),
        "full_text": _("Full text"),
    }


def reader_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``read/<id>`` for every hosted PDF, in the build's language."""
    if app.builder.name not in HOSTING_BUILDERS:
        return
    domain = app.env.domains[PdfDomain.name]
    if not domain.reader_on:
        return
    papers = app.env.domains["paper"].papers
    text = labels()
    for docname, hosted in sorted(domain.data["hosted"].items()):
        pdf_id = hosted.id
        paper = papers.get(docname)
        if paper is None:
            continue
        pagename = reader_page(pdf_id)
        here = app.builder.get_target_uri(pagename)

        def uri(target: str, here: str = here) -> str:
            return relative_uri(here, target)

        # The lock's facts as the page's one lookup found them (a hosted PDF has them).
        pdf = domain.paper_pdf(pdf_id)
        entry = pdf.entry if pdf is not None else None
        context = {
            "title": paper.title_local,
            "papercat_reader": {
                "id": pdf_id,
                "pdf": uri(hosted_name(pdf_id)),
                "download_name": download_name(paper),
                "paper": uri(app.builder.get_target_uri(docname)),
                "text": uri(app.builder.get_target_uri(text_view_page(pdf_id)))
                if pdf_id in domain.text_views else "",
                "pdfjs": uri(OUTPUT_FOLDER + "/"),
                "pages": entry.facts.pages if entry else 0,
                "of_pages": (text["of_pages"] % {"pages": entry.facts.pages}) if entry else "",
                "outline": outline_of(entry),
                "labels": text,
            },
        }
        yield pagename, context, TEMPLATE


def publish_pdfjs(app: Sphinx, exception: Exception | None) -> None:
    """Copy the reader's PDF.js files into the output (only those that changed)."""
    if exception is not None or app.builder.name not in HOSTING_BUILDERS:
        return
    folder = pdfjs_folder(app)
    if folder is None:
        return
    outdir = Path(app.outdir)
    for source, target in output_files(folder):
        copy_if_changed(source, outdir / target)


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_pdfjs", DEFAULT_PDFJS, "html",
                         types=frozenset({str}))
    app.connect("config-inited", exclude_npm_folder)
    app.connect("builder-inited", switch)
    app.connect("html-collect-pages", reader_pages)
    app.connect("build-finished", publish_pdfjs)
