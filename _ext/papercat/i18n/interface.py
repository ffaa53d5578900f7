"""furo's interface in the reader's language.

furo passes most of its strings through Sphinx's ``sphinx`` message catalog,
which the project translates in ``locale/<lang>/LC_MESSAGES/sphinx.po``; the few
it writes as plain English are routed through the same catalog by
``compat.furo_internals``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


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


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_theme_catalog_digest", "", "html", types=frozenset({str}))
    app.connect("config-inited", note_theme_catalog)
