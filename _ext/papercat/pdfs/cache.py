"""Where fetched PDFs and their thumbnails live: a git-ignored folder of the project."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "PAPERCAT_PDF_CACHE"
DEFAULT_CACHE = ".cache/pdfs"


def default_cache() -> str:
    """The cache folder, relative to the project unless absolute; the variable wins."""
    return os.environ.get(CACHE_ENV) or DEFAULT_CACHE


def resolve(project: Path, path: str | os.PathLike[str]) -> Path:
    return (project / path).resolve()


def cached_pdf(cache: Path, pdf_id: str) -> Path:
    return cache / f"{pdf_id}.pdf"


def cached_mtimes(cache: Path) -> dict[str, int]:
    """Each cached PDF's mtime_ns by id: one listing of the cache, not a stat per record."""
    try:
        with os.scandir(cache) as entries:
            return {entry.name.removesuffix(".pdf"): entry.stat().st_mtime_ns
                    for entry in entries if entry.name.endswith(".pdf")}
    except OSError:
        return {}


def thumbnail_paths(cache: Path, sha256: str) -> tuple[Path, Path]:
    """The first page at 1x and 2x, named by content so a new PDF gets new images."""
    folder = cache / "thumbnails"
    return folder / f"{sha256}.webp", folder / f"{sha256}@2x.webp"
