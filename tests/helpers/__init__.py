"""Helpers shared by the tests: the project's paths, a build's warnings, a project built
in a fresh ``python -m sphinx`` process (``Site``), and the benchmark's generator.

``helpers.site`` builds the real project; ``helpers.pdfs`` writes small PDFs.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

TESTS = Path(__file__).resolve().parent.parent
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"


def warnings_of(app) -> str:
    """The build's warnings, without terminal colours."""
    return strip_colors(app.warning.getvalue())


def load_synth():
    """``bench/synth.py``, the benchmark's generator of synthetic catalogues."""
    if "synth" not in sys.modules:
        spec = importlib.util.spec_from_file_location("synth", PROJECT / "bench" / "synth.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["synth"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["synth"]


TERMINAL_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def touch_later(path):
    """Make sure Sphinx sees the file as newer than the last build."""
    later = time.time() + 5
    os.utime(path, (later, later))


class Site:
    """A copy of the ``test-basic`` root, built by ``python -m sphinx`` in a fresh process,
    as a user's rebuild is: two Sphinx apps in one process share state."""

    def __init__(self, tmp_path, files=None):
        self.srcdir = tmp_path / "src"
        self.outdir = tmp_path / "out"
        shutil.copytree(TESTS / "roots" / "test-basic", self.srcdir)
        self.change(files or {})

    def change(self, files):
        for name, text in files.items():
            path = self.srcdir / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                touch_later(path)

    def build(self, *args):
        """Build; return (docs read, docs written, warnings)."""
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(self.outdir / ".doctrees"),
             *args, str(self.srcdir), str(self.outdir)],
            capture_output=True, text=True, check=True,
        )
        # With CI=true Sphinx writes colours and line-clearing codes even into a pipe.
        log = TERMINAL_CODES.sub("", result.stdout)

        def names(step):
            return sorted(re.findall(rf"^{step}\.\.\. \[\s*\d+%\] (\S+)$", log, re.M))
        return names("reading sources"), names("writing output"), result.stderr

    def read(self, name):
        return (self.srcdir / name).read_text(encoding="utf-8")

    def soup(self, name):
        return BeautifulSoup((self.outdir / f"{name}.html").read_text(encoding="utf-8"),
                             "html.parser")

    def listed(self, name="index"):
        return {li["id"].removeprefix("entry-"): li.select_one(".paper-entry-title").get_text()
                for li in self.soup(name).select("li.paper-entry")}
