"""The PDF pipeline: fetch and verify (command line), host and show (Sphinx).

``sources``, ``verify``, ``lock``, ``cache``, ``refusals``, ``download``, ``fetch``,
``text`` (the text layer) and ``thumbnails`` run without Sphinx; ``nodes``, ``build``,
``reader`` (the online reader) and ``textview`` (the text view of a PDF's text layer) are
the Sphinx side. Other modules import from ``build``: ``hosted_pdf_uri`` and
``thumbnail_uri`` (paths relative to the output root), ``refused_here`` and ``pdf_status``
(a refused file is neither hosted nor linked), ``hosted_state`` (what exported files depend
on), ``pdf_facts`` (the lock's facts, for ``papers.json``) and ``text_layer_of`` (a hosted
PDF's text); the sitemap lists ``textview.text_view_pagenames``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import build, nodes, reader, textview

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    nodes.setup(app)
    build.setup(app)
    reader.setup(app)
    textview.setup(app)
