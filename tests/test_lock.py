"""The locks (requirements/*.txt) agree with pyproject.toml: `make lock` after editing it."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
DOCS_LOCK = PROJECT / "requirements" / "docs.txt"
TEST_LOCK = PROJECT / "requirements" / "test.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def pyproject() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(text: str) -> list[tuple[str, str]]:
    """(canonical name, version) of every pinned line, in order."""
    return [(canonicalize_name(m[1]), m[2]) for line in text.splitlines()
            if (m := PIN.match(line))]


def disagreements(requirements: list[str], lock_text: str, closure: set[str]) -> list[str]:
    """Why ``lock_text`` does not lock exactly ``requirements`` (whose needs are ``closure``)."""
    problems = []
    pinned = pins(lock_text)
    versions: dict[str, list[str]] = {}
    for name, version in pinned:
        versions.setdefault(name, []).append(version)
    for line in requirements:
        requirement = Requirement(line)
        found = versions.get(canonicalize_name(requirement.name), [])
        if len(found) != 1:
            problems.append(f"{requirement}: {len(found)} pinned lines in the lock")
        elif not requirement.specifier.contains(found[0], prereleases=True):
            problems.append(f"{requirement}: the lock pins {found[0]}")
    extra = sorted(set(versions) - closure)
    if extra:
        problems.append(f"pinned but needed by nothing in pyproject.toml: {', '.join(extra)}")
    missing = sorted(closure - set(versions))
    if missing:
        problems.append(f"needed but not pinned: {', '.join(missing)}")
    return problems


def needs(requirements: list[str]) -> set[str]:
    """Every distribution ``requirements`` need, from the installed ones' metadata."""
    seen: set[str] = set()
    todo = [(Requirement(line), "") for line in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        extras = sorted(requirement.extras)
        key = f"{name}[{','.join(extras)}]"
        if key in seen:
            continue
        seen.add(key)
        for dependency in metadata.requires(requirement.name) or []:
            for wanted in extras or [""]:
                todo.append((Requirement(dependency), wanted))
    return {key.split("[")[0] for key in seen}


def test_every_dependency_is_pinned_once_and_nothing_else():
    runtime = pyproject()["dependencies"]
    assert disagreements(runtime, DOCS_LOCK.read_text(encoding="utf-8"), needs(runtime)) == []
    everything = runtime + pyproject()["optional-dependencies"]["test"]
    assert disagreements(everything, TEST_LOCK.read_text(encoding="utf-8"),
                         needs(everything)) == []


def test_the_test_lock_pins_what_read_the_docs_installs_at_the_same_versions():
    docs = dict(pins(DOCS_LOCK.read_text(encoding="utf-8")))
    test = dict(pins(TEST_LOCK.read_text(encoding="utf-8")))
    assert {name: test.get(name) for name in docs} == docs


@pytest.mark.parametrize("lock", [DOCS_LOCK, TEST_LOCK], ids=lambda p: p.name)
def test_every_pin_has_hashes(lock):
    text = lock.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [block.split()[0] for block in blocks if PIN.match(block)
                and "--hash=sha256:" not in block]
    assert pins(text) and unhashed == []


def test_this_environment_is_the_lock():
    """.venv is installed from the test lock: what the tests run is what is locked."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version
                 for d in metadata.distributions()}
    test = dict(pins(TEST_LOCK.read_text(encoding="utf-8")))
    assert {name: installed.get(name) for name in test} == test


def test_disagreements_are_found():
    lock = "sphinx==9.0.4 \\\n    --hash=sha256:00\nfuro==2025.12.19 \\\n    --hash=sha256:00\n"
    assert disagreements(["sphinx>=8.1", "furo"], lock, {"sphinx", "furo"}) == []
    assert disagreements(["sphinx>=9.1"], lock, {"sphinx"}) == [
        "sphinx>=9.1: the lock pins 9.0.4",
        "pinned but needed by nothing in pyproject.toml: furo"]
    assert disagreements(["sphinx", "pypdf"], lock, {"sphinx", "furo", "pypdf"}) == [
        "pypdf: 0 pinned lines in the lock", "needed but not pinned: pypdf"]
