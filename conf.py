"""Sphinx configuration of DeepSeek Papers / 深度求索论文库."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "DeepSeek Papers"
author = "DeepSeek Papers contributors"
copyright = "2026, DeepSeek Papers contributors"

extensions = ["myst_parser", "notfound.extension", "papercat"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
# Folders without pages too: Sphinx looks through every file it does not exclude, on each build.
exclude_patterns = ["_build", ".*", "README.md", "tests", "bench", "locale", "_ext"]

# 404.md is the 404 page: sphinx-notfound-page writes its links absolute, under
# READTHEDOCS_CANONICAL_URL's /<language>/<version>/ on Read the Docs (locally papercat
# makes it /<language>/, the layout of `make serve`).

# English is the source language; Chinese comes from the gettext catalogs.
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False
gettext_allow_fuzzy_translations = False
gettext_location = True

# The site's languages (Sphinx code, own name), the source first: the one list. The build,
# `make html`, `make update-po` and `papercat add` read it; a language's catalogs live in
# locale/<code>/ and _ext/papercat/locale/<code>/.
papercat_languages = [("en", "English"), ("zh_CN", "简体中文")]

html_theme = "furo"
html_title = "DeepSeek Papers"
# -D language=zh_CN is known only after this file runs: papercat applies these then.
papercat_config_by_language = {
    "zh_CN": {"html_title": "深度求索论文库", "copyright": "2026，深度求索论文库贡献者"},
}
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Chinese search: Sphinx 8.2+ loads jieba's default dictionary a second time, as a user
# dictionary, which costs every Chinese build (a no-op one too) about 3 s; "" keeps jieba's own.
html_search_options = {"dict": ""}
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "papercat/language-switch.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
