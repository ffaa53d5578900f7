"""The translators' gate: ``python -m papercat translations status|check``.

``status`` prints, per catalog, how many messages are translated, fuzzy and
untranslated. ``check`` fails (exit 1) on anything that would leave English on
a translated page or that Sphinx would drop without a word:

* fuzzy or untranslated messages (``sphinx-intl stat`` counts fuzzy as done);
* syntax and format errors (``msgfmt --check``, or babel without GNU gettext);
* catalogs out of date with the sources (a fresh ``.pot`` differs in msgids);
* translations Sphinx silently ignores: a msgstr that does not parse to one
  paragraph (``- item``, ``1. item``, two paragraphs, a heading) or that uses a
  reference-style link ``[text][ref]``;
* labels of the extension (``_("...")`` in ``_ext/papercat``) missing from its
  own catalog, and theme strings that neither the project's ``sphinx.po`` nor
  Sphinx's catalog translates.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..compat.furo_internals import NAVIGATION_TOGGLE_LABEL, theme_templates, translatable_source
from .catalog import CATALOG

PACKAGE = Path(__file__).parent.parent  # papercat/: its code, locale and templates
#: Sphinx's catalog of theme strings; every other .po in LC_MESSAGES is a page's.
THEME_CATALOG = "sphinx.po"
_LIST_OR_BLOCK_START = r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>)"
_REFERENCE_LINK = r"\[[^\]]+\]\[[^\]]*\]"


@dataclasses.dataclass(frozen=True)
class CatalogProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}: {self.message}"


def shown(path: Path) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclasses.dataclass(frozen=True)
class Counts:
    translated: int
    fuzzy: int
    untranslated: int


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def messages(catalog: Catalog):
    """Every real message (no header, no obsolete ones)."""
    return [m for m in catalog if m.id]


def translation(message) -> str:
    return message.string if isinstance(message.string, str) else "".join(message.string)


def counts(catalog: Catalog) -> Counts:
    found = messages(catalog)
    fuzzy = sum(1 for m in found if m.fuzzy)
    untranslated = sum(1 for m in found if not m.fuzzy and not translation(m).strip())
    return Counts(len(found) - fuzzy - untranslated, fuzzy, untranslated)


def catalogs(locale_dir: Path) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/**/*.po"))


# -- single catalogs -------------------------------------------------------------

def syntax_problems(path: Path) -> list[CatalogProblem]:
    """``msgfmt --check`` when GNU gettext is there, else babel's own checks."""
    try:
        catalog = load(path)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        return [CatalogProblem(path, 0, f"cannot be read: {error}")]
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "--check", "--output-file", "/dev/null", str(path)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return [CatalogProblem(path, 0, "msgfmt --check: " + line.strip())
                    for line in result.stderr.splitlines()
                    if line.strip() and "warning:" not in line] or [
                CatalogProblem(path, 0, "msgfmt --check failed")]
        return []
    return [CatalogProblem(path, message.lineno, "; ".join(str(e) for e in errors))
            for message, errors in catalog.check()]


def completeness_problems(path: Path, catalog: Catalog) -> list[CatalogProblem]:
    problems = []
    for message in messages(catalog):
        if message.fuzzy:
            problems.append(CatalogProblem(path, message.lineno, f"fuzzy: {message.id!r}"))
        elif not translation(message).strip():
            problems.append(CatalogProblem(path, message.lineno, f"untranslated: {message.id!r}"))
    return problems


def ignored_form(msgstr: str) -> str | None:
    """Why Sphinx would silently drop this page translation, or None."""
    if re.search(_LIST_OR_BLOCK_START, msgstr):
        return "starts like a list, heading or quote"
    if re.search(_REFERENCE_LINK, msgstr):
        return "uses a reference-style link [text][ref]"
    blocks = parsed_blocks(msgstr)
    if blocks != ["paragraph"]:
        return "does not parse to a single paragraph (%s)" % (", ".join(blocks) or "nothing")
    return None


def parsed_blocks(text: str) -> list[str]:
    """The top-level blocks MyST makes of ``text`` (as Sphinx parses a msgstr)."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    document = publish_doctree(text, parser=Parser(), settings_overrides={
        "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
        "myst_enable_extensions": ["colon_fence"],
    })
    return [child.tagname for child in document.children
            if not isinstance(child, nodes.system_message)]


def page_form_problems(path: Path, catalog: Catalog) -> list[CatalogProblem]:
    problems = []
    for message in messages(catalog):
        msgstr = translation(message)
        if msgstr.strip() and not message.fuzzy and (why := ignored_form(msgstr)):
            problems.append(CatalogProblem(path, message.lineno,
                                    f"Sphinx would ignore this translation: {why}: {msgstr!r}"))
    return problems


# -- catalogs against their sources --------------------------------------------------

def build_templates(srcdir: Path, target: Path) -> Path | CatalogProblem:
    """Extract fresh .pot files with the gettext builder, as ``make gettext`` does."""
    command = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-d",
               str(target / "doctrees"), str(srcdir), str(target / "gettext")]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return CatalogProblem(srcdir / "conf.py", 0,
                       "the gettext build failed:\n" + (result.stderr or result.stdout))
    return target / "gettext"


def freshness_problems(locale_dir: Path, templates: Path) -> list[CatalogProblem]:
    problems = []
    pots = {p.relative_to(templates).with_suffix("").as_posix(): p
            for p in templates.rglob("*.pot")}
    for language_dir in sorted(p for p in locale_dir.iterdir() if p.is_dir()):
        messages_dir = language_dir / "LC_MESSAGES"
        for domain, pot in sorted(pots.items()):
            po = messages_dir / f"{domain}.po"
            wanted = {m.id for m in messages(load(pot))}
            if not po.exists():
                problems.append(CatalogProblem(po, 0, "missing: run `make update-po`"))
                continue
            have = {m.id for m in messages(load(po))}
            for msgid in sorted(wanted - have, key=str):
                problems.append(CatalogProblem(po, 0, f"out of date, new in the source: {msgid!r}"))
            for msgid in sorted(have - wanted, key=str):
                problems.append(CatalogProblem(po, 0,
                                               f"out of date, gone from the source: {msgid!r}"))
        for po in sorted(messages_dir.rglob("*.po")):
            domain = po.relative_to(messages_dir).with_suffix("").as_posix()
            if domain not in pots and po.name != THEME_CATALOG:
                problems.append(CatalogProblem(po, 0, "no page has this catalog any more"))
    return problems


# -- the extension's labels and the theme's strings ----------------------------------

def label_msgids(package: Path = PACKAGE) -> dict[str, tuple[Path, int]]:
    """Every ``_("literal")`` in the extension's code, with where it is used first."""
    found: dict[str, tuple[Path, int]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, (path, node.lineno))
    return found


def label_problems(package: Path = PACKAGE) -> list[CatalogProblem]:
    used = label_msgids(package)
    problems = []
    for po_path in sorted((package / "locale").glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        catalog = load(po_path)
        for msgid, (path, line) in sorted(used.items()):
            message = catalog.get(msgid)
            if message is None or message.fuzzy or not translation(message).strip():
                problems.append(CatalogProblem(path, line, f"label {msgid!r} has no translation in "
                                                    f"{po_path}"))
    return problems


def theme_msgids() -> set[str]:
    """What furo's templates (as compat.furo_internals prepares them) pass to ``_()``."""
    try:
        templates = theme_templates()
    except ImportError:
        return set()
    from jinja2.ext import babel_extract

    found = {NAVIGATION_TOGGLE_LABEL}  # built in furo's Python code
    for template in templates:
        source = translatable_source(template.read_text(encoding="utf-8"))
        for _line, _function, message, _comments in babel_extract(
            io.BytesIO(source.encode()), ["_", "gettext"], [],
            {"extensions": "jinja2.ext.i18n"},
        ):
            if isinstance(message, str):
                found.add(message)
    return found


def sphinx_catalog(language: str) -> Catalog | None:
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.po"
    return load(path) if path.exists() else None


def theme_problems(locale_dir: Path) -> list[CatalogProblem]:
    problems = []
    for language_dir in sorted(p for p in locale_dir.iterdir() if p.is_dir()):
        project_path = language_dir / "LC_MESSAGES" / THEME_CATALOG
        sources = [c for c in (load(project_path) if project_path.exists() else None,
                               sphinx_catalog(language_dir.name)) if c is not None]
        for msgid in sorted(theme_msgids()):
            if not any((m := c.get(msgid)) and not m.fuzzy and translation(m).strip()
                       for c in sources):
                problems.append(CatalogProblem(project_path, 0, f"theme string {msgid!r} is not "
                                                         "translated"))
    return problems


# -- commands ------------------------------------------------------------------------

def check(srcdir: Path, locale_dir: Path, package: Path = PACKAGE,
          sources: bool = True) -> list[CatalogProblem]:
    problems: list[CatalogProblem] = []
    for path in catalogs(locale_dir):
        syntax = syntax_problems(path)
        problems += syntax
        if syntax:
            continue
        catalog = load(path)
        problems += completeness_problems(path, catalog)
        if path.name != THEME_CATALOG:
            problems += page_form_problems(path, catalog)
    if sources:
        with tempfile.TemporaryDirectory(prefix="papercat-gettext-") as tmp:
            templates = build_templates(srcdir, Path(tmp))
            if isinstance(templates, CatalogProblem):
                problems.append(templates)
            else:
                problems += freshness_problems(locale_dir, templates)
    for path in sorted((package / "locale").glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        problems += syntax_problems(path)
    problems += label_problems(package)
    problems += theme_problems(locale_dir)
    return problems


def status(locale_dir: Path, package: Path = PACKAGE) -> list[tuple[str, Counts]]:
    paths = catalogs(locale_dir) + sorted((package / "locale").glob("*/LC_MESSAGES/*.po"))
    rows = []
    for path in paths:
        try:
            rows.append((shown(path), counts(load(path))))
        except (PoFileError, ValueError, UnicodeDecodeError) as error:
            print(f"{path}: cannot be read: {error}", file=sys.stderr)
    return rows


def run(args: argparse.Namespace) -> int:
    srcdir = Path(args.srcdir)
    locale_dir = srcdir / args.locale_dir
    if args.action == "status":
        rows = status(locale_dir)
        width = max((len(name) for name, _ in rows), default=10)
        print(f"{'catalog'.ljust(width)}  translated  fuzzy  untranslated")
        total = Counts(0, 0, 0)
        for name, c in rows:
            print(f"{name.ljust(width)}  {c.translated:10}  {c.fuzzy:5}  {c.untranslated:12}")
            total = Counts(*(a + b for a, b in zip(dataclasses.astuple(total),
                                                   dataclasses.astuple(c))))
        print(f"{'total'.ljust(width)}  {total.translated:10}  {total.fuzzy:5}  "
              f"{total.untranslated:12}")
        return 0
    problems = check(srcdir, locale_dir, sources=not args.no_sources)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s)", file=sys.stderr)
        return 1
    print("translations: all catalogs complete, valid and up to date")
    return 0


def add_command(commands) -> None:
    command = commands.add_parser("translations", help="translation status and checks")
    command.add_argument("action", choices=("status", "check"))
    command.add_argument("--srcdir", default=".", help="the Sphinx project (default: .)")
    command.add_argument("--locale-dir", default="locale",
                         help="catalogs, relative to srcdir (default: locale)")
    command.add_argument("--no-sources", action="store_true",
                         help="skip comparing the catalogs with a fresh gettext build")
    command.set_defaults(run=run)
