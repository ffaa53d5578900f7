"""The extension's layout as the README's "Architecture" describes it: imports run one
way (no circle, nothing imports a part above it), and the table of events is the code's."""

from __future__ import annotations

import ast
import re

import pytest
from helpers import PROJECT

from papercat.site import events

PACKAGE = PROJECT / "_ext" / "papercat"
#: Bottom first: a module imports only from its own part or from parts below it.
LAYERS = ("compat", "nodes", "i18n", "records", "pdfs", "paths", "domains", "render",
          "exports", "site", "__init__", "__main__")


def module_name(path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("papercat", *parts))


def imports() -> dict[str, set[str]]:
    """Per module of papercat, the modules of papercat it imports (also in functions)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if node.module:
                    targets.add(module)
                # from ..render import citation: the modules named (names of other things
                # are dropped below)
                targets.update(f"{module}.{alias.name}" for alias in node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                targets.update(alias.name for alias in getattr(node, "names", [])
                               if alias.name.startswith("papercat."))
        modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1] if len(parts) > 1 else "__init__")


def test_the_readme_lists_the_layers():
    readme = " ".join((PROJECT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"from the parts before it in this list: (.+?), with no circle", readme)
    assert tuple(re.findall(r"`(\w+)`", listed[1])) == LAYERS


def test_imports_run_down_the_layers():
    upward = [(module, target) for module, targets in imports().items() for target in targets
              if layer(target) > layer(module)]
    assert upward == []


def test_records_are_validated_without_sphinx():
    """records/ imports the standard library and itself only: a record's options can be
    checked, and its schema written, by a tool that has no Sphinx."""
    import sys

    outside = []
    for path in sorted((PACKAGE / "records").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                if node.level > 1:  # another part of papercat
                    outside.append((path.name, f"{'.' * node.level}{node.module}"))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module] if isinstance(node, ast.ImportFrom) else \
                    [alias.name for alias in node.names]
                outside += [(path.name, name) for name in names
                            if name.split(".")[0] not in sys.stdlib_module_names]
    assert outside == []


def test_no_import_circle():
    graph = imports()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                raise AssertionError(" -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


#: Names of other projects' internals that only ``compat/`` may use.
INTERNALS = {"current_docname", "statuscode", "tocs", "listeners", "NAMESPACE", "dlfiles",
             "_warncount", "_fail_on_warnings", "bytecode_cache", "_MINIFIED_JS_PATH",
             "make_document", "furo_navigation_tree", "parallel", "is_suppressed_warning"}


def test_only_compat_names_other_projects_internals():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "compat":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.attr] if isinstance(node, ast.Attribute) else
                     [alias.name for alias in node.names] if isinstance(node, ast.ImportFrom)
                     else [node.value] if isinstance(node, ast.Constant) else [])
            found += [(path.relative_to(PACKAGE).as_posix(), name) for name in names
                      if name in INTERNALS]
    # pdfs/host.py hands ``app.parallel`` (Sphinx's public ``-j`` count) to its own pool.
    assert found == [("pdfs/host.py", "parallel")]


def connected_handlers() -> set[tuple[str, str, str]]:
    """(event, module, handler's own name) of every ``app.connect`` in the extension."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Constant)):
                found.add((node.args[0].value, path.relative_to(PACKAGE).as_posix(),
                           ast.unparse(node.args[1]).rpartition(".")[2]))
    return found


@pytest.fixture(scope="module")
def connected_rows():
    """The table's rows as ``make events`` writes them from the project's application."""
    return events.connected_rows(PROJECT)


def test_make_events_leaves_no_application_behind(connected_rows):
    # Its application never builds: no handler of it stays on Sphinx's logger.
    from papercat.compat.sphinx_internals import warnings_logger  # noqa: PLC0415
    from papercat.site.problems import WarnedPages  # noqa: PLC0415

    assert connected_rows
    assert not [h for h in warnings_logger().handlers if isinstance(h, WarnedPages)]


def readme_rows() -> list[tuple[str, ...]]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    start, end = events.events_section(readme)
    return [row[:4] for row in events.ROW.findall(readme[start:end])]


def test_the_readmes_table_of_events_is_the_codes_in_sphinxs_order(connected_rows):
    """``make events`` would write the same rows, in the same order (priority included)."""
    code = [(row.event, str(row.priority), row.module, row.handler) for row in connected_rows]
    assert readme_rows() == code, "run `make events` and commit the README"


def test_every_handler_of_the_code_is_connected_by_a_build(connected_rows):
    """No ``app.connect`` of the code is missing from the table (one connected only in some
    builds would be)."""
    assert connected_handlers() == {row.key for row in connected_rows}


def test_every_handler_says_why():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    start, end = events.events_section(readme)
    reasons = {row[3]: row[4] for row in events.ROW.findall(readme[start:end])}
    assert [handler for handler, why in reasons.items()
            if why in ("", events.NO_REASON)] == []
