"""Where fetched PDFs and their thumbnails live: a git-ignored folder of the project."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .lock import LOCK_FILE

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


def add_location_arguments(command: argparse.ArgumentParser) -> None:
    """``--project``, ``--cache`` and ``--lock``: where a command finds the PDFs' files."""
    command.add_argument("--project", type=Path, default=Path(),
                         help="the project folder (default: here)")
    command.add_argument("--cache", default=default_cache(),
                         help=f"cache folder (default ${CACHE_ENV} or {DEFAULT_CACHE})")
    command.add_argument("--lock", default=LOCK_FILE, help=f"lock file (default {LOCK_FILE})")
