"""Links between the language editions of every page.

Each language is built separately into a sibling folder (``en/``, ``zh_CN/``);
``papercat_language_url`` says where a page lives in another language.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .i18n import _, html_lang

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: (Sphinx language code, the language's own name)
DEFAULT_LANGUAGES = [("en", "English"), ("zh_CN", "简体中文")]


def page_url(app: Sphinx, pagename: str, language: str) -> str:
    """The page's URL in ``language``: absolute with a base URL, else relative."""
    target = app.builder.get_target_uri(pagename)
    template = app.config.papercat_language_url
    up = "../" * pagename.count("/")
    return template.format(lang=language, page=target, root=up)


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
    # furo writes <html lang="{{ language }}">: HTML wants zh-CN, not zh_CN.
    context["language"] = html_lang(current)
    links = [
        f'<link rel="alternate" hreflang="{escape(a["lang"])}" href="{escape(a["url"])}">'
        for a in alternates
    ]
    default = app.config.papercat_languages[0][0]
    links.append('<link rel="alternate" hreflang="x-default" href="%s">'
                 % escape(page_url(app, pagename, default)))
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def setup(app: Sphinx) -> None:
    app.add_config_value("papercat_languages", DEFAULT_LANGUAGES, "html", types=frozenset({list}))
    app.add_config_value("papercat_language_url", "{root}../{lang}/{page}", "html",
                         types=frozenset({str}))
    app.connect("html-page-context", add_alternates)
