"""The site's Pagefind bundles, kept up to date a unit at a time: a base and an overlay.

Pagefind cannot add to or take from an index it wrote, and indexing is slow at scale
(about a minute for 1,000 papers of 30 pages). So what search finds is cut into
units (a page of the site; the passages of one paper), each with a digest, and kept
in two bundles that the search page merges:

- ``pagefind/``, the base: every unit, as it was when the base was written;
- ``pagefind-recent/``, the overlay: only the units that changed since (an edit
  indexes a page, not the site); the search page drops a base result whose unit the
  overlay replaced (``papercat-recent.json`` says which).

The base is written again only when the overlay would hold more than
``recent_limit`` units, or the settings changed (Pagefind's version, the language,
what is indexed and how). The last base of each setting is kept in a cache folder
(beside the PDFs' text layers), so a build into an empty output folder starts from
it instead of indexing everything again.

Pagefind runs as its command-line tool (documented options, a config file in its
working folder); every staged file is HTML with the marker ``UNIT_MARK`` inside its
root element, where the unit's key is written as Pagefind meta data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

BASE = "pagefind"
RECENT = "pagefind-recent"
#: What the build knows of the bundles (the units' digests); no page reads it.
STATE = "papercat-search-state.json"
#: What the search page reads: the overlay, if any, and the units it replaces.
SERVED = "papercat-recent.json"
UNIT_MARK = "<!--papercat-unit-->"
#: Pagefind's own interfaces, which the search page does not use, and its worker (the
#: page searches without one: a file less to fetch).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js", "pagefind-worker.js")


@dataclass(frozen=True)
class Unit:
    """What changes together: a page of the site, or the passages of one paper."""

    key: str
    digest: str
    files: Callable[[], Iterable[tuple[str, str]]]  # (path in the staged site, its HTML)


@dataclass(frozen=True)
class Outcome:
    written: str  # "nothing", "kept" (the kept base, copied), "recent" (the overlay), "base"
    units: int  # units indexed


def recent_limit(units: int) -> int:
    """The most units the overlay holds before the base is written again."""
    return max(16, units // 20)


def update(outdir: Path, executable: Path, units: list[Unit], settings: dict,
           cache: Path | None = None) -> Outcome:
    """Bring ``outdir``'s bundles up to date with ``units``, indexing as little as it can."""
    settings_key = digest_of(settings)
    state = read_state(outdir / BASE, settings_key)
    restored = False
    if state is None and cache is not None:
        state = restore(cache / settings_key[:16], outdir / BASE, settings_key)
        restored = state is not None
    wanted = {unit.key: unit.digest for unit in units}
    if len(wanted) != len(units):
        raise ValueError("two search units share a key")
    if state is not None:
        base = state["base"]
        changed = sorted(key for key, value in wanted.items() if base.get(key) != value)
        removed = sorted(set(base) - set(wanted))
        recent = {key: wanted[key] for key in changed}
        if recent == state["recent"] and removed == state["removed"]:
            return Outcome("kept" if restored else "nothing", 0)
        if len(changed) + len(removed) <= recent_limit(len(units)):
            chosen = [unit for unit in units if unit.key in recent]
            write_recent(outdir, executable, settings, chosen, sorted({*changed, *removed}))
            write_state(outdir / BASE, {**state, "recent": recent, "removed": removed})
            return Outcome("recent", len(chosen))
    write_base(outdir, executable, settings, units)
    write_state(outdir / BASE, {"settings": settings_key, "base": wanted, "recent": {},
                                "removed": []})
    if cache is not None:
        keep(outdir / BASE, cache / settings_key[:16])
    return Outcome("base", len(units))


def digest_of(value: object) -> str:
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True)
                          .encode()).hexdigest()


def read_state(bundle: Path, settings_key: str) -> dict | None:
    try:
        state = json.loads((bundle / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    complete = (bundle / "pagefind-entry.json").is_file()
    if not complete or not isinstance(state, dict) or state.get("settings") != settings_key:
        return None
    return state


def write_state(bundle: Path, state: dict) -> None:
    write_new(bundle / STATE, json.dumps(state, ensure_ascii=False))


def write_new(path: Path, text: str) -> None:
    """Write a new file in place of ``path``: a kept base shares its files (hard links)."""
    fresh = path.with_name(f".{path.name}.new")
    fresh.write_text(text, encoding="utf-8")
    fresh.replace(path)


def write_base(outdir: Path, executable: Path, settings: dict, units: list[Unit]) -> None:
    replace(outdir / BASE, index(outdir, executable, settings, units, recent=False))
    shutil.rmtree(outdir / RECENT, ignore_errors=True)
    serve(outdir, None, [])


def write_recent(outdir: Path, executable: Path, settings: dict, units: list[Unit],
                 replaced: list[str]) -> None:
    if units:
        replace(outdir / RECENT, index(outdir, executable, settings, units, recent=True))
    else:  # only removals: nothing to add, base results to drop
        shutil.rmtree(outdir / RECENT, ignore_errors=True)
    serve(outdir, RECENT + "/" if units else None, replaced)


def serve(outdir: Path, recent: str | None, replaced: list[str]) -> None:
    write_new(outdir / BASE / SERVED,
              json.dumps({"recent": recent, "replaced": replaced}, ensure_ascii=False))


def index(outdir: Path, executable: Path, settings: dict, units: Iterable[Unit], *,
          recent: bool) -> Path:
    """A Pagefind bundle of ``units``, written next to the output folder's bundles."""
    fresh = Path(tempfile.mkdtemp(prefix=".papercat-search-", dir=outdir))
    with tempfile.TemporaryDirectory(prefix="papercat-search-") as work:
        site = Path(work) / "site"
        for unit in units:
            mark = pagefind_meta("unit", unit.key) + (
                pagefind_meta("recent", "1") if recent else "")
            for path, html in unit.files():
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html.replace(UNIT_MARK, mark, 1), encoding="utf-8")
        site.mkdir(exist_ok=True)
        # Pagefind reads its options from pagefind.json in the folder it runs in.
        config = {**settings["pagefind"], "site": "site", "output_path": str(fresh / "b")}
        (Path(work) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        run = subprocess.run([str(executable), "--silent"], cwd=work, capture_output=True,
                             text=True, check=False)
        if run.returncode != 0 or not (fresh / "b" / "pagefind-entry.json").is_file():
            shutil.rmtree(fresh, ignore_errors=True)
            raise RuntimeError((run.stderr or run.stdout or "no index written").strip())
    bundle = fresh / "b"
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return bundle


def pagefind_meta(key: str, value: object) -> str:
    """A Pagefind meta value, in an attribute (``key[data-value]``): commas stay in it."""
    return (f'<span data-pagefind-meta="{key}[data-value]" '
            f'data-value="{escape(str(value))}"></span>')


def replace(target: Path, bundle: Path) -> None:
    """Swap a complete bundle in for ``target``."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.replace(old)
    bundle.replace(target)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(bundle.parent, ignore_errors=True)


def keep(bundle: Path, kept: Path) -> None:
    """Copy the base into the cache (whole, or not at all)."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{kept.name}-", dir=kept.parent))
        copy(bundle, fresh / "b")
        replace(kept, fresh / "b")
    except OSError:
        pass  # a cache is a saving, never a failure


def copy(source: Path, target: Path) -> None:
    """Hard links where the file system allows (a base is never written in place), else
    copies: 12,000 files at 1,000 papers."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def restore(kept: Path, target: Path, settings_key: str) -> dict | None:
    """The cached base, copied into the output folder; None if there is none to use."""
    if read_state(kept, settings_key) is None:
        return None
    fresh = Path(tempfile.mkdtemp(prefix=".papercat-search-", dir=target.parent))
    try:
        copy(kept, fresh / "b")
    except OSError:  # another build replaced it meanwhile: index as if none were kept
        shutil.rmtree(fresh, ignore_errors=True)
        return None
    replace(target, fresh / "b")
    shutil.rmtree(target.with_name(RECENT), ignore_errors=True)
    state = read_state(target, settings_key)
    if state is not None:  # the overlay is gone: the base stands alone
        state = {**state, "recent": {}, "removed": []}
        write_state(target, state)
        serve(target.parent, None, [])
    return state
