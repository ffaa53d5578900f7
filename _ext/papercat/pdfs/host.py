"""Hosting: the verified PDFs, their thumbnails and text layers, in the output.

The files are copied into ``<outdir>/pdf/`` once the build has finished, only when
they changed; files, reader pages and text views of PDFs no longer hosted are dropped.
Every hosted PDF's text layer (``text``) is extracted before pages are written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..records.papers import WARNING_TYPE
from . import cache, text, thumbnails
from .domain import PdfDomain
from .lookup import project_paths
from .nodes import (HOSTED_FOLDER, HOSTING_BUILDERS, READER_FOLDER, TEXT_VIEW_FOLDER,
                    hosted_name, reader_page, text_view_page)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


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

        def failed(pdf_id: str, why: str) -> None:
            # The PDF is still hosted; only its text (text view, search) is missing.
            logger.warning("no text layer for the PDF of %r: %s", pdf_id, why,
                           location=pages.get(pdf_id), type=WARNING_TYPE, subtype="pdf-text")

        text.ensure_text_layers(
            project_paths(env)[0],
            {pdf_id: (Path(pdf.cached), pdf.sha256, outline(domain, pdf_id))
             for pdf_id, pdf in hosted.items()},
            jobs=app.parallel or None, on_error=failed)
    return []


def outline(domain: PdfDomain, pdf_id: str) -> tuple:
    """The PDF's outline, from the lock as the page's one lookup found it."""
    pdf = domain.paper_pdf(pdf_id)
    return pdf.entry.facts.outline if pdf is not None and pdf.entry is not None else ()


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
    app.connect("builder-inited", pdfium_notice)
    app.connect("env-updated", extract_text_layers)
    app.connect("build-finished", publish)
