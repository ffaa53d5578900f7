"""A Chinese page carries no English interface text: furo's chrome, labels, the title."""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup
from bs4.element import PreformattedString
from helpers import TESTS
from helpers.site import PROJECT, built_site, sphinx_build

from papercat.compat.furo_internals import translatable_source

#: Every page of the site, and the pages Sphinx adds.
PAGES = sorted(str(p.relative_to(PROJECT).with_suffix("")) for pattern in ("*.md", "*/*.md")
               for p in PROJECT.glob(pattern) if p.name != "README.md") + ["search", "genindex"]
#: Names that stay as they are in every language.
NAMES = {"DeepSeek", "arXiv", "PDF", "Sphinx", "Furo", "@pradyunsg", "GitHub", "BibTeX",
         "Atom", "JSON", "SVG"}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
#: Quoted, not interface: the PDF's own section headings; citations, copied as they are.
QUOTED = ".paper-pdf-contents-list, .paper-cite-plain-text"
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*")
URL = re.compile(r"https?://\S+")


def proper_names() -> set[str]:
    """Titles, short titles, authors and model names of every record, from the sources."""
    names = set(NAMES)
    for source in (PROJECT / "papers").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        names.update(re.findall(r"^# (.+)$", text, re.MULTILINE)[:1])
        for option in ("short-title", "authors", "models", "venue", "venue-title"):
            for value in re.findall(rf"^:{option}: (.+)$", text, re.MULTILINE):
                parts = re.split(r"[;\s]+" if option == "models" else r";", value)
                # A model is named by its URL's last part; other values keep their "/" (CodeI/O).
                names.update(p.strip().rstrip("/").rsplit("/", 1)[-1] if option == "models"
                             else p.strip() for p in parts)
    for source in (PROJECT / "techniques").glob("*.md"):
        # Abbreviations (MLA), and names the Chinese catalog keeps as they are (RMaxTS).
        text = source.read_text(encoding="utf-8")
        names.update(re.findall(r"^:short-name: (.+)$", text, re.MULTILINE))
        title = re.findall(r"^# (.+)$", text, re.MULTILINE)[:1]
        catalog = PROJECT / "locale" / "zh_CN" / "LC_MESSAGES" / "techniques" / f"{source.stem}.po"
        if title and catalog.is_file() and f'msgstr "{title[0]}"' in catalog.read_text(
                encoding="utf-8"):
            names.update(title)
    return {n for n in names if n}


def english_leftovers(html: BeautifulSoup, names: set[str]) -> list[str]:
    """Text a reader sees (or hears) that is English and not a name, URL or code."""
    found = []

    def check(text: str, where: str) -> None:
        text = URL.sub(" ", text).strip()
        if not text or HAN.search(text):
            return  # Chinese, possibly with names inside
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, " ")
        if LATIN_WORD.search(text):
            found.append(f"{where}: {text.strip()!r}")

    def in_english(node) -> bool:
        return any(p.get("lang", "").startswith("en") for p in [node, *node.parents]
                   if getattr(p, "get", None) and p.name != "html")

    for quoted in html.select(QUOTED):
        quoted.decompose()

    for node in html.find_all(string=True):
        parent = node.parent
        if isinstance(node, PreformattedString) or parent.name in ("script", "style", "noscript"):
            continue
        if parent.find_parent("pre") or parent.name == "pre" or in_english(parent):
            continue
        check(str(node), f"<{parent.name} class={parent.get('class')}>")
    for tag in html.find_all(True):
        for attribute in ATTRIBUTES:
            if tag.get(attribute) and not in_english(tag) and tag.name not in ("link",):
                check(tag[attribute], f"<{tag.name} {attribute}>")
    return found


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory):
    return built_site(tmp_path_factory, "zh_CN")


def read(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", PAGES)
def test_no_english_interface_text_on_chinese_pages(chinese_site, name):
    assert english_leftovers(read(chinese_site, name), proper_names()) == []


@pytest.mark.parametrize("name", ["papers/deepseek-r1", "papers/deepseek-v3"])
def test_paper_page_labels_are_chinese(chinese_site, name):
    html = read(chinese_site, name)
    shown = " ".join([html.get_text(" ")] + [tag[a] for tag in html.find_all(True)
                                              for a in ATTRIBUTES if tag.get(a)])
    for english in ("Download PDF", "On this page", "Back to top", "Previous", "Next",
                    "Published", "Authors", "Cite"):
        assert english not in shown, english
    assert html.title.get_text().endswith(" - 深度求索论文库")
    assert html.html["lang"] == "zh-CN"


def test_the_check_finds_english_labels():
    html = BeautifulSoup('<div><span>Back to top</span><p>下载 PDF</p><span lang="en">English'
                         '</span><a aria-label="Toggle navigation of 主题">主题</a>'
                         '<pre>@misc{x, title = {Anything}}</pre><p>DeepSeek-AI</p></div>',
                         "html.parser")
    assert english_leftovers(html, proper_names()) == ["<span class=None>: 'Back to top'"]


def test_literal_theme_labels_pass_through_the_catalog():
    source = ('<input aria-label="Toggle site navigation sidebar">'
              '<title>Light mode</title><a href="#">x</a>'
              '<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>\'s'
              '<img alt="{{ name }}"><link title="{{ _(\'Index\') }}">')
    assert translatable_source(source) == (
        '<input aria-label="{{ _(\'Toggle site navigation sidebar\') }}">'
        "<title>{{ _('Light mode') }}</title><a href=\"#\">x</a>"
        '<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>{{ _("\'s") }}'
        '<img alt="{{ name }}"><link title="{{ _(\'Index\') }}">'
    )


def test_editing_the_theme_catalog_rewrites_pages(tmp_path):
    """Sphinx rewrites pages when templates change, not catalogs: the extension makes it."""
    srcdir = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-basic", srcdir)
    catalog = srcdir / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"

    def back_to_top() -> str:
        sphinx_build(srcdir, out, doctrees, "zh_CN")
        html = BeautifulSoup((out / "papers" / "alpha.html").read_text(encoding="utf-8"),
                             "html.parser")
        return html.select_one(".back-to-top span").get_text()

    assert back_to_top() == "Back to top"
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "Back to top"\nmsgstr "回到顶部"\n', encoding="utf-8")
    assert back_to_top() == "回到顶部"
