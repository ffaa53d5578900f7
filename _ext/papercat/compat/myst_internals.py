"""Reaches into MyST-Parser's internals (verified on myst-parser 5.2.0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .versions import Patch

if TYPE_CHECKING:
    from docutils.frontend import Values
    from sphinx.application import Sphinx


def reuse_default_settings(app: Sphinx | None = None) -> None:
    """Make MyST's throwaway documents from settings parsed once (same values).

    For every text it parses (each page, and each translated message again) MyST
    makes a document with docutils' default settings, building docutils' whole
    option parser each time (about 1 ms).
    """
    try:
        from myst_parser.mdit_to_docutils import base  # noqa: PLC0415
    except ImportError:
        return
    needed = ("make_document", "get_default_settings", "new_document", "RSTParser")
    if not all(hasattr(base, name) for name in needed) or \
            getattr(base.make_document, "reuses_settings", False):
        return
    defaults: dict[type, Values] = {}

    def make_document(source_path: str = "notset", parser_cls: type = base.RSTParser):
        if parser_cls not in defaults:
            defaults[parser_cls] = base.get_default_settings(parser_cls)
        return base.new_document(source_path, settings=defaults[parser_cls].copy())

    make_document.reuses_settings = True
    base.make_document = make_document


PATCHES = [
    Patch("myst-default-settings", "myst-parser", ("5.2.0",), "5.3",
          "MyST builds docutils' default settings for every text it parses (slower)",
          reuse_default_settings),
]
