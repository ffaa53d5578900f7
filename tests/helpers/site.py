"""Build the real project, one language per process, as `make html` and Read the Docs do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import PROJECT
#: Never copied into a test's project: builds, caches, environments, VCS.
NOT_SOURCES = shutil.ignore_patterns("_build", ".venv", ".git", ".cache", ".pytest_cache",
                                     "__pycache__", "*.mo", "bench", "tests")


def copy_project(target: Path) -> Path:
    shutil.copytree(PROJECT, target, ignore=NOT_SOURCES)
    return target


def sphinx_build(srcdir: Path, outdir: Path, doctrees: Path, language: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``sphinx -T -W --keep-going -b html -D language=...``; raises with the log on failure."""
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
               "-d", str(doctrees), "-D", f"language={language}", ".", str(outdir)]
    # Read the Docs' variables only when a test sets them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    result = subprocess.run(command, cwd=srcdir, capture_output=True, text=True,
                            env={**clean, **(env or {})})
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


_BUILT: dict[str, Path] = {}


def built_site(tmp_path_factory, language: str) -> Path:
    """The real project built in ``language`` (once per test session)."""
    if language not in _BUILT:
        out = tmp_path_factory.mktemp(f"site-{language}")
        sphinx_build(PROJECT, out / "html", out / "doctrees", language)
        _BUILT[language] = out / "html"
    return _BUILT[language]
