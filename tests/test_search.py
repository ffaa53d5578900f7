"""Chinese search: Chinese words are indexed, and the search page's script defines its stemmer."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import TESTS
from helpers.site import built_site
from sphinx.search import IndexBuilder
from sphinx.search.zh import SearchChinese

from papercat.compat.sphinx_internals import (
    assigns_undefined_stemmer,
    stemmer_class_name,
    stock_stemmer_code,
    stock_stemmer_is_broken,
    with_defined_stemmer,
)
from papercat.i18n.search import chinese_search_language

HAN = re.compile(r"[\u4e00-\u9fff]")


def search_index(site) -> dict:
    """The JSON inside ``Search.setIndex(...)``: parsed, since it escapes non-ASCII."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory):
    return built_site(tmp_path_factory, "zh_CN")


def test_chinese_words_are_indexed(chinese_site):
    index = search_index(chinese_site)
    chinese = {term for term in index["terms"] if HAN.search(term)}
    assert len(chinese) > 100
    # 强化学习 as jieba cuts it, in pages' text and in titles.
    assert {"强化", "学习"} <= chinese
    def pages(table, term):
        found = table.get(term, [])
        return {index["docnames"][i] for i in (found if isinstance(found, list) else [found])}

    # A page whose title holds a word is listed under titleterms, not terms.
    assert "papers/deepseek-r1" in pages(index["titleterms"], "强化")
    assert "papers/deepseek-v3" in pages(index["terms"], "强化")


def test_search_page_script_defines_the_stemmer_it_uses(chinese_site):
    code = (chinese_site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert not assigns_undefined_stemmer(code)
    assert "window.Stemmer = EnglishStemmer;" in code
    assert "var splitQuery" in code  # the query splitter that knows the index's words


def test_broken_stemmer_code_is_detected():
    assert assigns_undefined_stemmer("var EnglishStemmer=function(){};\n"
                                     "window.Stemmer = ChineseStemmer;")
    assert not assigns_undefined_stemmer("var EnglishStemmer=function(){};\n"
                                         "window.Stemmer = EnglishStemmer;")
    assert not assigns_undefined_stemmer("class DutchStemmer {}\nwindow.Stemmer = DutchStemmer;")
    assert stemmer_class_name("english-stemmer.js") == "EnglishStemmer"


def test_fixed_search_language_is_consistent_whatever_sphinx_ships():
    """On Sphinx 9.0 the stock code is broken; the replacement never is."""
    language = with_defined_stemmer(chinese_search_language())
    assert not assigns_undefined_stemmer(stock_stemmer_code(language))
    assert issubclass(language, SearchChinese)
    assert language.lang == "zh"
    # Sphinx #14229: broken from 9.0.0, fixed in 9.1.1.
    import sphinx

    broken = (9, 0) <= sphinx.version_info[:3] < (9, 1, 1)
    assert stock_stemmer_is_broken(SearchChinese) == broken


def test_probe_of_sphinx_internals_never_breaks_the_build(monkeypatch):
    def moved_on(self):
        raise AttributeError("no such attribute in a future Sphinx")

    monkeypatch.setattr(IndexBuilder, "get_js_stemmer_code", moved_on)
    assert stock_stemmer_is_broken(SearchChinese) is False


def test_chinese_build_requires_jieba(monkeypatch):
    import sys
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from papercat.i18n.search import require_jieba

    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba raises ImportError
    app = SimpleNamespace(config=SimpleNamespace(html_search_language=None, language="zh_CN"),
                          builder=SimpleNamespace(format="html"))
    with pytest.raises(ExtensionError, match="needs jieba"):
        require_jieba(app)
    app.config.language = "en"
    require_jieba(app)  # English needs no jieba


def test_english_builds_import_neither_jieba_nor_pypdf(tmp_path):
    code = ("import sys; from sphinx.cmd.build import main; "
            "main(['-q', '-b', 'html', '-D', 'language=en', sys.argv[1], sys.argv[2]]); "
            "print('jieba' in sys.modules, 'pypdf' in sys.modules)")
    root = TESTS / "roots" / "test-basic"
    result = subprocess.run([sys.executable, "-c", code, str(root), str(tmp_path)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
