"""A problem stays a problem: building twice never turns a failing build into a passing one.

Each build is ``python -m sphinx -W --keep-going`` in a fresh process on the same
source, doctree and output folders, as ``make html`` run twice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from helpers import TERMINAL_CODES, TESTS
from helpers.pdfs import pdf_bytes

from papercat.pdfs import lock, verify


class Project:
    def __init__(self, tmp_path) -> None:
        self.srcdir = tmp_path / "src"
        self.outdir = tmp_path / "out"
        shutil.copytree(TESTS / "roots" / "test-basic", self.srcdir)

    def write(self, name: str, text: str) -> None:
        path = self.srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = (self.srcdir / name).read_text(encoding="utf-8")
        assert old in text
        self.write(name, text.replace(old, new))  # newer than the last build read

    def build(self, *args: str) -> tuple[int, list[str], str]:
        """(exit status, the pages read, the warnings) of one ``-W`` build."""
        env = {k: v for k, v in os.environ.items() if k != "PAPERCAT_PDF_CACHE"}
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
             "-d", str(self.outdir / ".doctrees"), *args, str(self.srcdir), str(self.outdir)],
            capture_output=True, text=True, env=env, check=False)
        log = TERMINAL_CODES.sub("", result.stdout)
        read = re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (.+)$", log, re.M)
        return result.returncode, read, result.stderr


def bad_record(number: int) -> str:
    return (f"# Paper {number}\n\n:::{{paper}}\n:id: p{number}\n:date: 2025-13-45\n\n"
            f"Paper {number} has a date that does not exist.\n:::\n")


@pytest.mark.parametrize("parallel", ["1", "2"])
def test_a_bad_date_fails_the_first_and_the_second_build(tmp_path, parallel):
    project = Project(tmp_path)
    # Six pages: more than scale.SMALL_UPDATE, so that -j 2 reads them in workers.
    for number in range(6):
        project.write(f"papers/p{number}.md", bad_record(number))
    for attempt in ("first", "second"):
        status, read, warnings = project.build("-j", parallel)
        assert status == 1, f"the {attempt} build passed"
        bad = [line for line in warnings.splitlines() if "[papercat.bad-date]" in line]
        assert len(bad) == 6, warnings
        assert all("'2025-13-45' is not a date" in line for line in bad)
        assert re.search(r"papers[/\\]p0\.md:3: WARNING: ", warnings)
        if parallel == "2":  # workers read the pages in chunks: "papers/p0 .. papers/p2"
            assert any(" .. " in line for line in read), read
    # Once fixed, the pages are read once more, and then the project is quiet.
    for number in range(6):
        project.edit(f"papers/p{number}.md", ":date: 2025-13-45", ":date: 2025-12-01")
    assert project.build("-j", parallel)[0] == 0
    assert project.build("-j", parallel) == (0, [], "")


def test_a_pdf_title_mismatch_fails_the_first_and_the_second_build(tmp_path):
    project = Project(tmp_path)
    wrong = pdf_bytes(title="Beta: Another Paper")
    (project.srcdir / ".cache/pdfs").mkdir(parents=True)
    cached = project.srcdir / ".cache/pdfs/alpha.pdf"
    cached.write_bytes(wrong)
    # The lock vouches for it (as a lock written before titles were checked did).
    lock.write_lock(project.srcdir / "pdfs.lock.json", {
        "alpha": lock.LockEntry("https://example.org/alpha.pdf", verify.inspect(cached))})
    for attempt in ("first", "second"):
        status, read, warnings = project.build()
        assert status == 1, f"the {attempt} build passed"
        assert "papers/alpha" in read
        assert "[papercat.pdf-title-mismatch]" in warnings
        assert not (project.outdir / "pdf/alpha.pdf").exists()


def test_a_warning_raised_while_writing_comes_back(tmp_path):
    project = Project(tmp_path)
    project.write("papers/delta.md", "# Delta\n\nSee {paper}`nobody`.\n")
    for _attempt in ("first", "second"):
        status, read, warnings = project.build()
        assert status == 1 and "papers/delta" in read
        assert "unknown paper id 'nobody'" in warnings


def test_a_suppressed_warning_is_no_problem(tmp_path):
    project = Project(tmp_path)
    project.write("papers/p0.md", bad_record(0))
    suppress = ("-D", "suppress_warnings=papercat.bad-date")
    assert project.build(*suppress)[0] == 0
    assert project.build(*suppress) == (0, [], "")
