"""The PDF pipeline: fetch and verify (command line), host and show (Sphinx).

``sources``, ``verify``, ``lock``, ``cache``, ``refusals``, ``download``, ``fetch``,
``text`` (the text layer) and ``thumbnails`` run without Sphinx. The Sphinx side, one
module per job: ``lookup`` (a record's PDF from the lock and the cache), ``domain`` (the
one lookup per page, and what the site offers of each PDF: ``offered_uri``, ``pdf_uri``,
``pdf_status``, ``thumbnail_uri``, ``pdf_facts``, ``hosted_state``), ``page`` (the
placeholder's parts: buttons, facts, contents, first page), ``nodes`` (links that know
where the file is),
``host`` (files, thumbnails and text layers in the output; ``text_layer_of``),
``rebuild`` (what a change of the PDFs reads or writes again), ``reader`` (the online
reader) and ``textview`` (the text view of a PDF's text layer); the sitemap lists
``textview.text_view_pagenames``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import domain, host, nodes, page, reader, rebuild, textview

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    nodes.setup(app)
    domain.setup(app)
    page.setup(app)
    rebuild.setup(app)
    host.setup(app)
    reader.setup(app)
    textview.setup(app)
