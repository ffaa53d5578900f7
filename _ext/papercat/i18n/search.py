"""Chinese full-text search that works on every supported Sphinx.

Chinese has no spaces between words: Sphinx cuts the pages into words with
jieba, but splits the reader's query only at spaces and punctuation, so a query
like 强化学习 matches nothing unless jieba kept it as one word. The query is cut
in the browser into the longest words the index holds.

Sphinx 9.0.0 to 9.1.0 write stemmer code for Chinese that throws on the search
page; ``compat.sphinx_internals`` mends it there.
Without jieba Sphinx silently indexes no Chinese words, so jieba is required.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from ..compat.sphinx_internals import with_defined_stemmer

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def chinese_search_language() -> type:
    """Sphinx's Chinese search, with a query splitter that knows the index's words.

    Made on demand: importing Sphinx's Chinese search imports jieba, which only
    Chinese builds need.
    """
    from sphinx.search.zh import SearchChinese  # noqa: PLC0415

    class ChineseSearch(SearchChinese):
        js_splitter_code = (Path(__file__).parent.parent / "static" / "chinese-query.js").read_text(
            encoding="utf-8")

    return ChineseSearch


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


def is_chinese(config) -> bool:
    return (config.html_search_language or config.language or "").lower().startswith("zh")


def setup(app: Sphinx) -> None:
    # The language is known here (-D overrides included): only Chinese builds pay for jieba.
    if is_chinese(app.config):
        app.add_search_language(with_defined_stemmer(chinese_search_language()))
    app.connect("builder-inited", require_jieba)
