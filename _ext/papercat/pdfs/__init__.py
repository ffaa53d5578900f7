"""The PDF pipeline: fetch and verify (command line), host and show (Sphinx).

``sources``, ``verify``, ``lock``, ``cache``, ``download``, ``fetch`` and ``thumbnails`` run
without Sphinx; ``nodes``, ``build`` and ``reader`` (the online reader) are the
Sphinx side. Other modules ask ``hosted_pdf_uri`` and ``thumbnail_uri`` (paths
relative to the output root), and ``hosted_state`` (what exported files depend on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import build, nodes, reader
from .build import hosted_pdf_uri, hosted_state, thumbnail_uri

__all__ = ["hosted_pdf_uri", "hosted_state", "setup", "thumbnail_uri"]

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    nodes.setup(app)
    build.setup(app)
    reader.setup(app)
