"""Chinese full-text search that works on every supported Sphinx.

Chinese has no spaces between words: Sphinx cuts the pages into words with
jieba, but splits the reader's query only at spaces and punctuation, so a query
like 强化学习 matches nothing unless jieba kept it as one word. The query is cut
in the browser into the longest words the index holds.

Sphinx 9.0.0 to 9.1.0 also write ``window.Stemmer = ChineseStemmer;`` into
``language_data.js`` although Chinese uses the English stemmer, so the search
page throws and never shows results (Sphinx #14229, fixed in 9.1.1 by #14416).
When the installed Sphinx has that bug, the stemmer code names the class it
defines instead; on a fixed Sphinx Sphinx's own code is used.
Without jieba Sphinx silently indexes no Chinese words, so jieba is required.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError
from sphinx.search import IndexBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_STEMMER_ASSIGNMENT = re.compile(r"window\.Stemmer = (\w+);")


def stemmer_class_name(rawcode: str) -> str:
    """``english-stemmer.js`` defines ``EnglishStemmer``."""
    return "".join(part.capitalize() for part in rawcode.removesuffix(".js").split("-"))


def stock_stemmer_code(language: type) -> str:
    """The stemmer code the installed Sphinx writes into language_data.js."""
    probe = object.__new__(IndexBuilder)
    probe.lang = object.__new__(language)  # no __init__: jieba's dictionary is not loaded
    return probe.get_js_stemmer_code()


def assigns_undefined_stemmer(code: str) -> bool:
    match = _STEMMER_ASSIGNMENT.search(code)
    if match is None:
        return False
    name = match.group(1)
    defined = re.search(rf"\b{name}\s*=(?!=)|\b(?:class|function)\s+{name}\b",
                        code[: match.start()] + code[match.end():])
    return defined is None


def chinese_search_language() -> type:
    """Sphinx's Chinese search, with a query splitter that knows the index's words,
    and (Sphinx 9.0 to 9.1.0) stemmer code that defines the class it assigns.

    Made on demand: importing Sphinx's Chinese search imports jieba, which only
    Chinese builds need.
    """
    from sphinx.search.zh import SearchChinese  # noqa: PLC0415

    class ChineseSearch(SearchChinese):
        js_splitter_code = (Path(__file__).parent / "static" / "chinese-query.js").read_text(
            encoding="utf-8")

    if not stock_stemmer_is_broken(SearchChinese):
        return ChineseSearch

    class ChineseSearchWithStemmer(ChineseSearch):
        js_stemmer_rawcode = ""  # no debug copies of the stemmer: the code is inline

        @property
        def js_stemmer_code(self) -> str:  # type: ignore[override]
            from sphinx.search import _MINIFIED_JS_PATH  # noqa: PLC0415

            rawcode = SearchChinese.js_stemmer_rawcode
            return "\n".join((
                (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
                (_MINIFIED_JS_PATH / rawcode).read_text(encoding="utf-8"),
                f"window.Stemmer = {stemmer_class_name(rawcode)};",
            ))

    return ChineseSearchWithStemmer


def require_jieba(app: Sphinx) -> None:
    if not is_chinese(app.config) or app.builder.format != "html":
        return
    try:
        import jieba  # noqa: F401
    except ImportError as error:
        raise ExtensionError(
            "papercat: Chinese search needs jieba (pip install jieba); without it Sphinx "
            "indexes no Chinese words"
        ) from error


def stock_stemmer_is_broken(language: type) -> bool:
    try:
        return assigns_undefined_stemmer(stock_stemmer_code(language))
    except (AttributeError, ImportError, OSError, TypeError):
        return False  # Sphinx's internals moved on: trust its own code (fixed since 9.1.1)


def is_chinese(config) -> bool:
    return (config.html_search_language or config.language or "").lower().startswith("zh")


def setup(app: Sphinx) -> None:
    # The language is known here (-D overrides included): only Chinese builds pay for jieba.
    if is_chinese(app.config):
        app.add_search_language(chinese_search_language())
    app.connect("builder-inited", require_jieba)
