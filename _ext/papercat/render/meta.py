"""What a paper page tells machines: Google Scholar, OpenGraph, Twitter and JSON-LD.

Added at ``html-page-context``, which runs in the writer processes of a
parallel build: everything comes from the domain's record of the page, looked
up by docname, so a page's cost does not grow with the catalogue. Every value
is escaped; JSON-LD additionally escapes ``<``, ``>`` and ``&`` so that no
title can close the script element.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel.core import get_global

from .. import paths
from ..i18n.catalog import _, babel_locale, html_lang
from ..pdfs.domain import thumbnail_uri
from ..records import fields
from .citation import cited_title, plain_values

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper


def og_locale(language: str | None) -> str:
    """OpenGraph wants language_TERRITORY: ``en`` -> ``en_US``, ``zh_CN`` stays."""
    locale = babel_locale(language)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, locale.language)
    territory = babel_locale(likely).territory
    return f"{locale.language}_{territory}" if territory else locale.language


def scholar_date(date: str) -> str:
    """Google Scholar's form: 2025/01/22, or 2025/01 for a month."""
    return date.replace("-", "/")


def meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def author_ld(name: str) -> dict[str, str]:
    # A one-word author ("DeepSeek-AI") is the lab itself, not a person.
    return {"@type": "Person" if " " in name.strip() else "Organization", "name": name}


def paper_tags(app: Sphinx, domain: PaperDomain, paper: Paper, pagename: str) -> list[str]:
    language = app.config.language
    url = paths.from_page(app, pagename, paths.page_link(app, pagename))
    pdf = paths.pdf_href(app, paper, pagename)
    description = paper.first_sentence or paper.title_local
    tags = [meta("name", "citation_title", cited_title(paper))]
    tags += [meta("name", "citation_author", author) for author in paper.authors]
    tags.append(meta("name", "citation_publication_date", scholar_date(paper.date)))
    if pdf:
        tags.append(meta("name", "citation_pdf_url", pdf))
    if paper.arxiv:
        tags.append(meta("name", "citation_arxiv_id", paper.arxiv))
    if paper.venue:
        venue_tag = "citation_journal_title" if paper.volume else "citation_conference_title"
        tags.append(meta("name", venue_tag, paper.venue))
    if paper.volume:
        tags.append(meta("name", "citation_volume", paper.volume))
    if paper.pages:
        first, _sep, last = paper.pages.replace("--", "–").partition("–")
        tags.append(meta("name", "citation_firstpage", first.strip()))
        if last.strip():
            tags.append(meta("name", "citation_lastpage", last.strip()))
    for field in fields.cited("scholar"):
        tags += [meta("name", field.scholar, v) for v in plain_values(field.value(paper))]
    tags.append(meta("name", "citation_language", html_lang(language)))

    tags += [
        meta("property", "og:title", paper.title_local),
        meta("property", "og:type", "article"),
        meta("property", "og:description", description),
        meta("property", "og:locale", og_locale(language)),
        meta("property", "og:site_name", app.config.html_title or app.config.project),
        meta("property", "article:published_time", paper.date),
    ]
    if urlsplit(url).scheme:
        tags.append(meta("property", "og:url", url))
    # Cards want an absolute image URL: the PDF's first page, with a base URL only.
    thumbnail = thumbnail_uri(app, paper)
    if thumbnail and urlsplit(image := paths.site_url(app, thumbnail)).scheme:
        tags += [meta("property", "og:image", image), meta("name", "twitter:image", image)]
    for code, _name in app.config.papercat_languages:
        if code != (language or "en"):
            tags.append(meta("property", "og:locale:alternate", og_locale(code)))
    tags += [meta("property", "article:tag", domain.tag_name(t)) for t in paper.tags]
    tags += [
        meta("name", "twitter:card", "summary"),
        meta("name", "twitter:title", paper.title_local),
        meta("name", "twitter:description", description),
    ]

    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title_local,
        "datePublished": paper.date,
        "inLanguage": html_lang(language),
        "description": description,
        "abstract": paper.summary,
        "keywords": [domain.tag_name(t) for t in paper.tags],
    }
    if urlsplit(url).scheme:  # absolute only with html_baseurl (Read the Docs sets it)
        article.update({"@id": url, "url": url})
    if paper.authors:
        article["author"] = [author_ld(a) for a in paper.authors]
    if paper.arxiv:
        article["identifier"] = f"arXiv:{paper.arxiv}"
        article["sameAs"] = paper.arxiv_url
    if pdf:
        article["encoding"] = {"@type": "MediaObject", "contentUrl": pdf,
                               "encodingFormat": "application/pdf"}
    if paper.withdrawn:
        article["creativeWorkStatus"] = "Withdrawn"
    based_on = [domain.paper(i) for i in paper.builds_on]
    if based_on := [paths.from_page(app, pagename, paths.page_link(app, p.docname))
                    for p in based_on if p is not None]:
        article["isBasedOn"] = based_on
    tags.append(json_ld(article))
    return tags


def add_meta_tags(app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, Any], doctree: Any) -> None:
    if not paths.writes_exports(app):
        return
    feed = paths.from_page(app, pagename, paths.site_url(app, paths.FEED))
    tags = ['<link rel="alternate" type="application/atom+xml" title="%s" href="%s">'
            % (escape(_("Atom feed")), escape(feed))]
    domain: PaperDomain = app.env.domains["paper"]
    if (paper := domain.papers.get(pagename)) is not None:
        tags += paper_tags(app, domain, paper, pagename)
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags)
