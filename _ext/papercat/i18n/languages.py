"""Links between the language editions of every page.

Each language is built separately: locally into sibling folders (``en/``,
``zh_CN/``), on Read the Docs as linked projects (``/en/latest/``,
``/zh-cn/latest/``). ``papercat_language_url`` says where a page lives in
another language; ``papercat_config_by_language`` gives settings (the site's
title, the copyright line) in each language, as ``-D language=`` is known only
once the configuration is read.

On Read the Docs, ``papercat-languages.js`` asks Read the Docs Addons which
versions the other projects have and corrects the switch; ``robots.txt``
(``exports/robots.py``) names the sitemap of every language.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .catalog import _, html_lang
from .conf_languages import DEFAULT_LANGUAGES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Sibling folders of a local build: ``_build/html/{en,zh_CN}``.
LOCAL_LANGUAGE_URL = "{root}../{lang}/{page}"
#: Asks Read the Docs Addons for its data (and its ``readthedocs-addons-data-ready`` event).
ADDONS_API_META = '<meta name="readthedocs-addons-api-version" content="1">'
#: sphinx-notfound-page's prefix when READTHEDOCS_CANONICAL_URL is not set.
NOTFOUND_DEFAULT_PREFIX = "/en/latest/"


def url_slug(language: str) -> str:
    """Read the Docs writes ``zh_CN`` as ``zh-cn`` in its URLs."""
    return language.replace("_", "-").lower()


def readthedocs_language_url(environ: Mapping[str, str]) -> str | None:
    """The ``papercat_language_url`` template of a Read the Docs build, or None.

    ``READTHEDOCS_CANONICAL_URL`` ends with ``/<language>/<version>/``; the other
    languages live beside it, in the same version.
    """
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "")
    language = environ.get("READTHEDOCS_LANGUAGE", "")
    version = environ.get("READTHEDOCS_VERSION", "")
    tail = f"/{language}/{version}/"
    if not (canonical and language and version and canonical.endswith(tail)):
        return None
    prefix = canonical[: -len(tail)].replace("{", "{{").replace("}", "}}")
    return f"{prefix}/{{slug}}/{version}/{{page}}"


def conf_location(app: Sphinx, setting: str) -> str:
    """``conf.py:<line>`` of the line that sets ``setting`` (a warning's location)."""
    conf = Path(app.confdir or ".", "conf.py")
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((i for i, text in enumerate(lines, 1) if text.startswith(setting)), 1)
    return f"{conf}:{line}"


def configure(app: Sphinx, config: Config) -> None:
    for name, value in config.papercat_config_by_language.get(config.language, {}).items():
        if name in config:
            setattr(config, name, value)
        else:
            logger.warning("papercat_config_by_language: %r is not a configuration value", name,
                           location=conf_location(app, "papercat_config_by_language"),
                           type="papercat", subtype="config")
    if os.environ.get("READTHEDOCS") != "True":
        # The 404 page's links, as `make serve` lays the languages out.
        if ("notfound_urls_prefix" in config
                and config.notfound_urls_prefix == NOTFOUND_DEFAULT_PREFIX):
            config.notfound_urls_prefix = f"/{config.language or 'en'}/"
        return
    # Read the Docs no longer edits conf.py: take its canonical URL ourselves.
    config.html_baseurl = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if config.papercat_language_url == LOCAL_LANGUAGE_URL:
        template = readthedocs_language_url(os.environ)
        if template is None:
            logger.warning("on Read the Docs, but READTHEDOCS_CANONICAL_URL does not end with "
                           "/<language>/<version>/: language links stay relative",
                           location=conf_location(app, "papercat_language_url"),
                           type="papercat", subtype="readthedocs")
        else:
            config.papercat_language_url = template


def page_url(app: Sphinx, pagename: str, language: str) -> str:
    """The page's URL in ``language``: absolute with a base URL, else relative."""
    target = app.builder.get_target_uri(pagename)
    up = "../" * pagename.count("/")
    return app.config.papercat_language_url.format(
        lang=language, slug=url_slug(language), page=target, root=up
    )


def add_alternates(app: Sphinx, pagename: str, templatename: str,
                   context: dict[str, Any], doctree: Any) -> None:
    current = app.config.language or "en"
    alternates = [
        {"code": code, "lang": html_lang(code), "name": name,
         "url": page_url(app, pagename, code), "current": code == current}
        for code, name in app.config.papercat_languages
    ]
    context["papercat_alternates"] = alternates
    context["papercat_language_label"] = _("Language")
    links = [
        f'<link rel="alternate" hreflang="{escape(a["lang"])}" href="{escape(a["url"])}">'
        for a in alternates
    ]
    default = app.config.papercat_languages[0][0]
    links.append('<link rel="alternate" hreflang="x-default" href="%s">'
                 % escape(page_url(app, pagename, default)))
    links.append(ADDONS_API_META)
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"
    if pagename == "search":
        app.add_js_file("papercat-search-language.js")  # this page only


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_languages", DEFAULT_LANGUAGES, "html", types=frozenset({list}))
    app.add_config_value("papercat_language_url", LOCAL_LANGUAGE_URL, "html",
                         types=frozenset({str}))
    app.add_config_value("papercat_config_by_language", {}, "env", types=frozenset({dict}))
    # After conf.py and -D overrides, before anything reads html_title or copyright.
    app.connect("config-inited", configure, priority=400)
    app.connect("html-page-context", add_alternates)
    # Does nothing off Read the Docs: no readthedocs-addons-data-ready event comes.
    app.add_js_file("papercat-languages.js", loading_method="defer")
