"""furo's interface in the reader's language.

furo passes most of its strings through Sphinx's ``sphinx`` message catalog,
which the project translates in ``locale/<lang>/LC_MESSAGES/sphinx.po``. A few
are written into its templates and code as plain English (aria-labels, icon
titles, "'s" in the footer, "Toggle navigation of ..."): they are routed
through the same catalog here, so a Chinese page carries no English label.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.ext import Extension
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The catalog furo's templates use; translations live in the project's sphinx.po.
theme_text = get_translation("sphinx")

_LITERAL_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt)="([A-Z][^"{}<>]*)"')
_LITERAL_ICON_TITLE = re.compile(r"<title>([A-Z][^<{}]*)</title>")
_FOOTER_POSSESSIVE = re.compile(r"(@pradyunsg</a>)'s")
NAVIGATION_TOGGLE_LABEL = "Toggle navigation of %(title)s"
_NAVIGATION_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')


def gettext_call(text: str) -> str:
    return "{{ _(%r) }}" % text


def translatable_source(source: str) -> str:
    """furo's template source, with its literal English labels passed through ``_()``."""
    source = _LITERAL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{gettext_call(m[2])}"', source)
    source = _LITERAL_ICON_TITLE.sub(lambda m: f"<title>{gettext_call(m[1])}</title>", source)
    return _FOOTER_POSSESSIVE.sub(lambda m: m[1] + gettext_call("'s"), source)


@functools.cache
def theme_directories() -> tuple[Path, ...]:
    import furo

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
    tree = context.get("furo_navigation_tree")
    if not tree:
        return
    label = theme_text(NAVIGATION_TOGGLE_LABEL)
    context["furo_navigation_tree"] = _NAVIGATION_TOGGLE.sub(
        lambda m: 'aria-label="%s"' % (label % {"title": m[1]}), tree
    )


def note_theme_catalog(app: Sphinx, config: Config) -> None:
    """Rewrite every page when the project's sphinx.po changes.

    Sphinx rewrites pages whose templates changed, not those whose catalog did;
    a changed html-rebuild config value makes it rewrite them all.
    """
    digest = hashlib.sha256()
    for locale_dir in config.locale_dirs:
        catalog = Path(app.confdir, locale_dir, config.language or "en", "LC_MESSAGES",
                       "sphinx.po")
        if catalog.is_file():
            digest.update(catalog.read_bytes())
    config.papercat_theme_catalog_digest = digest.hexdigest()


def install(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and app.config.html_theme == "furo":
        environment.add_extension(TranslatableThemeLabels)


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_theme_catalog_digest", "", "html", types=frozenset({str}))
    app.connect("config-inited", note_theme_catalog)
    app.connect("builder-inited", install)
    # After furo's handler (priority 500), which builds the navigation tree.
    app.connect("html-page-context", translate_navigation_labels, priority=600)
