"""The project's languages, read from its ``conf.py`` without running it.

``papercat_languages`` in ``conf.py`` is the one list of the site's languages (Sphinx
code, own name), the source language first. The build reads it as a setting; the
commands that run before or beside a build (``make html``, ``make update-po``,
``papercat add``) read it here. This module imports nothing but the standard library,
so that ``python3 _ext/papercat/i18n/conf_languages.py`` answers before the project's
virtual environment exists (the Makefile asks it which sites to build).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SETTING = "papercat_languages"
#: The setting's default (a project that does not set it): (Sphinx code, own name).
DEFAULT_LANGUAGES = [("en", "English"), ("zh_CN", "简体中文")]


def read(conf: Path) -> list[tuple[str, str]]:
    """``papercat_languages`` (code, own name), in order (the source language first); the
    default where ``conf.py`` does not set it, as in the build."""
    tree = ast.parse(conf.read_text(encoding="utf-8"), filename=str(conf))
    for node in tree.body:
        if (isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == SETTING for t in node.targets)):
            return [(code, name) for code, name in ast.literal_eval(node.value)]
    return list(DEFAULT_LANGUAGES)


def languages(conf: Path) -> list[str]:
    """The Sphinx codes, the source language first."""
    return [code for code, _name in read(conf)]


def translations(conf: Path) -> list[str]:
    """The languages the gettext catalogs translate into: every one but the source."""
    return languages(conf)[1:]


def main(argv: list[str]) -> int:
    """``conf_languages.py [--translations] [CONF]``: the codes, one line, space-separated."""
    only_translations = "--translations" in argv
    paths = [a for a in argv if a != "--translations"]
    conf = Path(paths[0] if paths else "conf.py")
    try:
        codes = translations(conf) if only_translations else languages(conf)
    except (OSError, SyntaxError, ValueError) as error:
        print(f"conf_languages: {error}", file=sys.stderr)
        return 2
    print(" ".join(codes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
