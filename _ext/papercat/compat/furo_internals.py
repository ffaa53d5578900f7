"""Reaches into furo's templates and page context (verified on furo 2025.12.19).

furo passes most of its strings through Sphinx's ``sphinx`` message catalog; a
few are written into its templates and code as plain English (aria-labels, icon
titles, "'s" in the footer, "Toggle navigation of ..."). They are routed through
the same catalog here, so a Chinese page carries no English label. Only under
the furo theme.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.ext import Extension

from .versions import Patch

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_LITERAL_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt)="([A-Z][^"{}<>]*)"')
_LITERAL_ICON_TITLE = re.compile(r"<title>([A-Z][^<{}]*)</title>")
_FOOTER_POSSESSIVE = re.compile(r"(@pradyunsg</a>)'s")
NAVIGATION_TOGGLE_LABEL = "Toggle navigation of %(title)s"
_NAVIGATION_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')


_CAPTION_HEADING = re.compile(r'<p class="caption" role="heading"(?![^>]*aria-level)')


def with_caption_levels(html: str) -> str:
    """Sphinx writes a toctree's caption as ``role="heading"`` without the level it needs
    (not an internal reach: also used by site/theme.py for captions in a page's body)."""
    return _CAPTION_HEADING.sub('<p class="caption" role="heading" aria-level="2"', html)


def uses_furo(app: Sphinx) -> bool:
    return app.config.html_theme == "furo"


def gettext_call(text: str) -> str:
    return "{{ _(%r) }}" % text


def translatable_source(source: str) -> str:
    """furo's template source, with its literal English labels passed through ``_()``."""
    source = _LITERAL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{gettext_call(m[2])}"', source)
    source = _LITERAL_ICON_TITLE.sub(lambda m: f"<title>{gettext_call(m[1])}</title>", source)
    return _FOOTER_POSSESSIVE.sub(lambda m: m[1] + gettext_call("'s"), source)


def theme_templates() -> list[Path]:
    """furo's own templates (what ``make check-translations`` reads for labels)."""
    return sorted((theme_directories()[0] / "theme").rglob("*.html"))


@functools.cache
def theme_directories() -> tuple[Path, ...]:
    import furo  # noqa: PLC0415

    return (Path(furo.__file__).parent.resolve(),)


class TranslatableThemeLabels(Extension):
    """A Jinja preprocessor for the theme's own templates (never the project's)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if filename and any(Path(filename).resolve().is_relative_to(directory)
                            for directory in theme_directories()):
            return translatable_source(source)
        return source


def translate_navigation_labels(app: Sphinx, pagename: str, templatename: str,
                                context: dict[str, Any], doctree: Any) -> None:
    """furo builds its navigation tree's toggle labels in Python, in English."""
    tree = context.get("furo_navigation_tree")
    if not tree or not uses_furo(app):
        return
    from sphinx.locale import get_translation  # noqa: PLC0415

    label = get_translation("sphinx")(NAVIGATION_TOGGLE_LABEL)
    context["furo_navigation_tree"] = _NAVIGATION_TOGGLE.sub(
        lambda m: 'aria-label="%s"' % (label % {"title": m[1]}), tree
    )


def navigation_caption_levels(app: Sphinx, pagename: str, templatename: str,
                              context: dict[str, Any], doctree: Any) -> None:
    """The sidebar's toctree captions are headings: they need a level."""
    # internal: furo furo_navigation_tree (the sidebar's rendered toctree)
    tree = context.get("furo_navigation_tree")
    if tree and uses_furo(app):
        context["furo_navigation_tree"] = with_caption_levels(tree)


def add_template_preprocessor(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and uses_furo(app):
        environment.add_extension(TranslatableThemeLabels)


def install(app: Sphinx) -> None:
    app.connect("builder-inited", add_template_preprocessor)
    # After furo's handler (priority 500), which builds the navigation tree.
    app.connect("html-page-context", translate_navigation_labels, priority=600)
    app.connect("html-page-context", navigation_caption_levels, priority=600)


PATCHES = [
    Patch("furo-english-labels", "furo", ("2025.12.19",), "2026",
          "furo's few hard-coded labels (aria-labels, icon titles) stay in English", install),
]
