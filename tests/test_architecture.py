"""The extension's layout as the README's "Architecture" describes it: imports run one
way (no circle, nothing imports a part above it), and the table of events is the code's."""

from __future__ import annotations

import ast
import re

from helpers import PROJECT

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


def test_imports_run_down_the_layers():
    upward = [(module, target) for module, targets in imports().items() for target in targets
              if layer(target) > layer(module)]
    assert upward == []


def test_no_import_circle():
    graph = imports()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            # A module importing its own package's __init__ (compat's Patch) is Python's
            # package pattern, not a circle between parts.
            if state.get(target) == "open" and target != module.rpartition(".")[0]:
                raise AssertionError(" -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def connected_handlers() -> set[tuple[str, str, str]]:
    """(event, module, handler) of every ``app.connect`` in the extension."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Constant)):
                found.add((node.args[0].value, path.relative_to(PACKAGE).as_posix(),
                           ast.unparse(node.args[1])))
    return found


def test_the_readmes_table_of_events_is_the_codes():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Events\n", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([a-z-]+)` \| `([\w/.]+)` \| `([\w.]+)` \|", section, re.M))
    code = connected_handlers()
    assert sorted(code - rows) == [], "handlers missing from the README's table"
    assert sorted(rows - code) == [], "rows of the README's table that the code does not connect"
