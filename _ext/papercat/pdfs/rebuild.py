"""What a change of the PDFs makes Sphinx read again.

A page is read again when its missing PDF appears in the cache or fetch's refusal of
it changes (a file that did not exist cannot be a dependency; a hosted one is, see
``lookup.Lookup``). What pages show of the PDFs (thumbnails, the reader, a text view)
is rewritten through the one record of what each page shows (``domains/shown.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import cache
from .domain import PdfDomain
from .lookup import project_paths, refusal_mark, refused_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", pages_with_new_pdfs)
