"""The README's table of events, from the handlers a build of the project connects.

``python -m papercat events`` prints it; ``--readme README.md`` writes it into the
README's "Events" section (``make events``). Rows run in the order Sphinx emits the
events in a build, and within an event in the order Sphinx calls the handlers
(priority, then the order they were connected). The "why" column is the README's own,
kept per handler; a new handler's row asks for one.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..compat.sphinx_internals import handlers_in_calling_order
from . import problems

if TYPE_CHECKING:
    from collections.abc import Callable

PACKAGE = Path(__file__).parent.parent
#: The events in the order a build first emits them: Sphinx's core events as its
#: documentation lists them ("Sphinx core events"), an HTML page written right after its
#: doctree is resolved (``html-page-context``), the HTML builder's own pages after the
#: last document (``html-collect-pages``), then ``build-finished``.
BUILD_ORDER = ("config-inited", "builder-inited", "env-get-outdated", "env-before-read-docs",
               "env-purge-doc", "source-read", "include-read", "doctree-read",
               "env-merge-info", "env-updated", "env-get-updated", "env-check-consistency",
               "write-started", "doctree-resolved", "missing-reference",
               "warn-missing-reference", "html-page-context", "html-collect-pages",
               "build-finished")
HEADER = "| event | priority | module | handler | why |\n|---|---|---|---|---|\n"
#: A row of the table as written: event, priority (absent from older tables), module,
#: handler, why.
ROW = re.compile(r"^\| `([a-z-]+)` \|(?: (\d+) \|)? `([\w/.]+)` \| `([\w.]+)` \| (.*?) \|$",
                 re.M)
NO_REASON = "(why? say it here)"


@dataclasses.dataclass(frozen=True)
class Row:
    event: str
    priority: int
    module: str
    handler: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What names a handler across tables: its class's name may change, not its own."""
        return self.event, self.module, self.handler.rpartition(".")[2]


def described(handler: Callable) -> tuple[str, str]:
    """(module file under papercat/, name) of a handler; a bound method by its own class."""
    owner = getattr(handler, "__self__", None)
    if owner is None:
        return source_file(handler), handler.__qualname__
    owner = owner if inspect.isclass(owner) else type(owner)
    return source_file(owner), f"{owner.__name__}.{handler.__name__}"


def source_file(thing: object) -> str:
    return Path(inspect.getsourcefile(thing)).resolve().relative_to(PACKAGE.resolve()).as_posix()


def connected_rows(source: Path) -> list[Row]:
    """The extension's handlers once the project's application is set up (its builder too)."""
    from sphinx.application import Sphinx  # noqa: PLC0415
    from sphinx.util.docutils import docutils_namespace  # noqa: PLC0415

    # As sphinx-build does: the nodes, directives and roles the application registers with
    # docutils are taken back after, so a later application (a test's) registers them anew.
    with tempfile.TemporaryDirectory() as folder, docutils_namespace():
        app = Sphinx(source, source, Path(folder, "html"), Path(folder, "doctrees"), "html",
                     status=None, warning=io.StringIO(), freshenv=True)
        connected = handlers_in_calling_order(app)
        problems.stop()  # this application never builds
    unplaced = sorted(set(connected) - set(BUILD_ORDER))
    rows = []
    for event in (*BUILD_ORDER, *unplaced):
        for handler, priority in connected.get(event, ()):
            if getattr(handler, "__module__", "").partition(".")[0] == PACKAGE.name:
                rows.append(Row(event, priority, *described(handler)))
    if misplaced := sorted({row.event for row in rows} - set(BUILD_ORDER)):
        raise SystemExit(f"place {', '.join(misplaced)} in BUILD_ORDER ({__file__})")
    return rows


def events_section(readme: str) -> tuple[int, int]:
    """Start and end of the README's "Events" section."""
    start = readme.index("\n### Events\n")
    end = readme.find("\n## ", start)
    return start, len(readme) if end < 0 else end


def reasons(readme: str) -> dict[tuple[str, str, str], str]:
    start, end = events_section(readme)
    return {Row(event, 0, module, handler).key: why
            for event, _priority, module, handler, why in ROW.findall(readme[start:end])}


def table(rows: list[Row], why: dict[tuple[str, str, str], str]) -> str:
    return HEADER + "".join(
        f"| `{row.event}` | {row.priority} | `{row.module}` | `{row.handler}` | "
        f"{why.get(row.key, NO_REASON)} |\n" for row in rows)


def with_table(readme: str, rows: list[Row]) -> str:
    """The README with its events table replaced by ``rows`` (the "why" kept)."""
    start, end = events_section(readme)
    section = readme[start:end]
    lines = section.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("|"))
    last = max(i for i, line in enumerate(lines) if line.startswith("|"))
    new = "".join(lines[:first]) + table(rows, reasons(readme)) + "".join(lines[last + 1:])
    return readme[:start] + new + readme[end:]


def run(args) -> int:
    try:
        rows = connected_rows(args.source.resolve())
    except RuntimeError as error:
        print(f"python -m papercat events: {error}")
        return 1
    if args.readme is None:
        print(table(rows, {}), end="")
        return 0
    text = args.readme.read_text(encoding="utf-8")
    args.readme.write_text(with_table(text, rows), encoding="utf-8")
    print(f"{args.readme}: {len(rows)} handlers in the events table")
    return 0


def add_command(commands) -> None:
    command = commands.add_parser("events", help="the README's table of events, from the code")
    command.add_argument("--source", type=Path, default=Path(),
                         help="the project (its conf.py); default: this folder")
    command.add_argument("--readme", type=Path,
                         help="write the table into this README's Events section")
    command.set_defaults(run=run)
