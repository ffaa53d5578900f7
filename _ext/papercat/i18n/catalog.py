"""The extension's own message catalog (labels), and dates in the reader's language.

Labels are not page content: they never enter the project's .pot files. Sphinx
compiles only the project's ``locale_dirs``, so the extension compiles its own
catalog at setup, before anything asks for a translation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "papercat"
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_ = get_translation(CATALOG)


def catalog_sources() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


def compile_catalogs(target: Path) -> str:
    """Compile every .po of the extension into ``target``; return their digest."""
    digest = hashlib.sha256()
    for po_path in catalog_sources():
        data = po_path.read_bytes()
        digest.update(po_path.parent.parent.name.encode() + b"\0" + data)
        mo_path = target / po_path.relative_to(LOCALE_DIR).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp.replace(mo_path)
    return digest.hexdigest()


def babel_locale(language: str | None) -> Locale:
    try:
        return Locale.parse(language or "en")
    except (ValueError, LookupError):
        return Locale.parse("en")


def format_paper_date(value: str, language: str | None) -> str:
    """``2025-01-22`` -> "January 22, 2025" / "2025年1月22日"; ``2025-01`` -> month only."""
    locale = babel_locale(language)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=locale)
    return format_date(dt.date(*parts), format="long", locale=locale)


def html_lang(language: str | None) -> str:
    """Sphinx's ``zh_CN`` is ``zh-CN`` in HTML ``lang`` and ``hreflang``."""
    return (language or "en").replace("_", "-")


def setup(app: Sphinx) -> None:
    compiled = Path(app.doctreedir) / "papercat-locale"
    digest = compile_catalogs(compiled)
    app.add_message_catalog(CATALOG, str(compiled))
    # A changed label catalog must re-read the pages that hold labels.
    app.add_config_value("papercat_labels_digest", digest, "env", types=frozenset({str}))
