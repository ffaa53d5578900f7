"""`python -m papercat translations status|check` on small, broken catalogs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import TESTS
from helpers.site import copy_project

from papercat.i18n import translations
from papercat.__main__ import main

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

'''


def write_po(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def messages_of(problems) -> list[str]:
    return [p.message for p in problems]


def test_counts_translated_fuzzy_and_untranslated(tmp_path):
    po = write_po(tmp_path / "a.po", '''
        msgid "One"
        msgstr "一"

        #, fuzzy
        msgid "Two"
        msgstr "二"

        msgid "Three"
        msgstr ""
    ''')
    assert translations.counts(translations.load(po)) == translations.Counts(1, 1, 1)
    problems = translations.completeness_problems(po, translations.load(po))
    assert messages_of(problems) == ["fuzzy: 'Two'", "untranslated: 'Three'"]
    assert [p.line for p in problems] == [11, 14]  # the msgid lines


def test_syntax_and_format_errors(tmp_path):
    broken = write_po(tmp_path / "broken.po", '''
        msgid "One"
        msgstr "unterminated
    ''')
    assert translations.syntax_problems(broken)
    bad_format = write_po(tmp_path / "format.po", '''
        #, python-format
        msgid "Model weights: %(name)s"
        msgstr "模型权重"
    ''')
    problems = translations.syntax_problems(bad_format)
    assert problems and all(p.path == bad_format for p in problems)


@pytest.mark.parametrize(("msgstr", "why"), [
    ("- 第一项", "starts like a list"),
    ("* 第一项", "starts like a list"),
    ("1. 第一项", "starts like a list"),
    ("# 标题", "starts like a list, heading"),
    ("见[论文][r1]。", "reference-style link"),
    ("第一段。\\n\\n第二段。", "does not parse to a single paragraph"),
])
def test_forms_sphinx_silently_ignores(tmp_path, msgstr, why):
    po = write_po(tmp_path / "page.po", f'''
        msgid "Some text."
        msgstr "{msgstr}"
    ''')
    problems = translations.page_form_problems(po, translations.load(po))
    assert len(problems) == 1 and why in problems[0].message


def test_good_translations_with_markup_pass(tmp_path):
    po = write_po(tmp_path / "page.po", '''
        msgid "See {paper}`r1` and [the code](https://example.org)."
        msgstr "参见 {paper}`r1` 和[代码](https://example.org)。第 1. 节不是列表。"
    ''')
    assert translations.page_form_problems(po, translations.load(po)) == []


def test_catalogs_out_of_date_with_the_sources(tmp_path):
    templates = tmp_path / "gettext"
    write_po(templates / "papers" / "a.pot", '''
        msgid "Kept"
        msgstr ""

        msgid "New"
        msgstr ""
    ''')
    locale = tmp_path / "locale"
    messages = locale / "zh_CN" / "LC_MESSAGES"
    write_po(messages / "papers" / "a.po", '''
        msgid "Kept"
        msgstr "保留"

        msgid "Old"
        msgstr "旧"
    ''')
    write_po(messages / "papers" / "gone.po", "")
    write_po(messages / "sphinx.po", "")  # the theme's catalog has no .pot
    problems = translations.freshness_problems(locale, templates)
    assert sorted(messages_of(problems)) == [
        "no page has this catalog any more",
        "out of date, gone from the source: 'Old'",
        "out of date, new in the source: 'New'",
    ]


def test_every_label_of_the_extension_needs_a_translation(tmp_path):
    package = tmp_path / "ext"
    (package / "labels.py").parent.mkdir(parents=True)
    (package / "labels.py").write_text('LABEL = _("Translated")\nOTHER = _("Forgotten")\n'
                                       'NOT_A_LABEL = gettext("x")\n', encoding="utf-8")
    write_po(package / "locale" / "zh_CN" / "LC_MESSAGES" / "papercat.po", '''
        msgid "Translated"
        msgstr "已翻译"
    ''')
    problems = translations.label_problems(package)
    assert len(problems) == 1
    assert problems[0].line == 2 and "'Forgotten' has no translation" in problems[0].message


def test_the_extension_labels_and_theme_strings_are_all_translated():
    assert translations.label_problems() == []
    assert translations.theme_problems(TESTS.parent / "locale") == []


def test_theme_strings_neither_catalog_translates(tmp_path):
    locale = tmp_path / "locale"
    write_po(locale / "zh_CN" / "LC_MESSAGES" / "sphinx.po", '''
        msgid "Back to top"
        msgstr "回到顶部"
    ''')
    missing = messages_of(translations.theme_problems(locale))
    assert "theme string 'On this page' is not translated" in missing
    assert not any("'Back to top'" in m or "'Search'" in m for m in missing)  # ours; Sphinx's


def test_command_line_on_a_small_project(tmp_path, capsys):
    srcdir = tmp_path / "project"
    shutil.copytree(TESTS / "roots" / "test-basic", srcdir)
    messages = srcdir / "locale" / "zh_CN" / "LC_MESSAGES"
    shutil.copy(TESTS.parent / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", messages)
    assert main(["translations", "status", "--srcdir", str(srcdir)]) == 0
    out = capsys.readouterr().out
    assert "translated  fuzzy  untranslated" in out and "papers/alpha.po" in out
    # The root translates only some pages: skip the comparison with the sources here.
    assert main(["translations", "check", "--no-sources", "--srcdir", str(srcdir)]) == 0
    capsys.readouterr()

    alpha = messages / "papers" / "alpha.po"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(
        'msgstr "阿尔法：第一篇论文"', 'msgstr "- 阿尔法"'), encoding="utf-8")
    assert main(["translations", "check", "--srcdir", str(srcdir)]) == 1
    out = capsys.readouterr().out
    assert "alpha.po:" in out and "Sphinx would ignore this translation" in out
    assert "index.po:0: missing: run `make update-po`" in out


def test_format_errors_without_gnu_gettext(tmp_path, monkeypatch):
    monkeypatch.setattr(translations.shutil, "which", lambda name: None)
    bad_format = write_po(tmp_path / "format.po", '''
        #, python-format
        msgid "Model weights: %(name)s"
        msgstr "模型权重：%(nom)s"
    ''')
    problems = translations.syntax_problems(bad_format)
    assert len(problems) == 1 and "nom" in problems[0].message
    good = write_po(tmp_path / "good.po", '''
        #, python-format
        msgid "Model weights: %(name)s"
        msgstr "模型权重：%(name)s"
    ''')
    assert translations.syntax_problems(good) == []


def test_update_po_keeps_translations_and_check_catches_the_change(tmp_path, capsys):
    """The workflow end to end: edit English, `make update-po`, `make check-translations`."""
    srcdir = copy_project(tmp_path / "project")
    page = srcdir / "papers" / "deepseek-r1.md"
    catalog_path = srcdir / "locale" / "zh_CN" / "LC_MESSAGES" / "papers" / "deepseek-r1.po"
    source = page.read_text(encoding="utf-8")
    summary = max((m for m in translations.messages(translations.load(catalog_path))
                   if m.id in source), key=lambda m: len(m.id))
    edited = summary.id[:-1] + "!"  # a small change: sphinx-intl keeps the old translation
    page.write_text(source.replace(summary.id, edited), encoding="utf-8")
    assert main(["translations", "check", "--srcdir", str(srcdir)]) == 1
    assert f"out of date, new in the source: {edited!r}" in capsys.readouterr().out

    gettext = tmp_path / "gettext"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "gettext", "-d",
                    str(tmp_path / "doctrees"), str(srcdir), str(gettext)], check=True)
    subprocess.run([str(Path(sys.executable).parent / "sphinx-intl"), "update", "-p",
                    str(gettext), "-l", "zh_CN", "-d", str(srcdir / "locale")],
                   check=True, capture_output=True)
    changed = translations.load(catalog_path).get(edited)
    assert changed.fuzzy and translations.translation(changed) == summary.string
    assert main(["translations", "check", "--srcdir", str(srcdir)]) == 1
    out = capsys.readouterr().out
    assert "deepseek-r1.po" in out and f"fuzzy: {edited!r}" in out
    assert "out of date" not in out
