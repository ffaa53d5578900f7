"""What one paper's page contains, as text files kept in ``tests/snapshots/``: its resolved
doctree and its messages for translators (``.pot``). A change to either shows in review.

After a change that is meant, write them again and review the diff:

    PAPERCAT_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import os
import re

import pytest

from helpers import TESTS

SNAPSHOTS = TESTS / "snapshots"
UPDATE = os.environ.get("PAPERCAT_UPDATE_SNAPSHOTS") == "1"


def matches_snapshot(text: str, name: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}: write it with PAPERCAT_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} differs from its snapshot; if the change is meant, "
                              "write it again with PAPERCAT_UPDATE_SNAPSHOTS=1")


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-snapshot")
def test_paper_page_doctree(app):
    app.build()
    doctree = app.env.get_and_resolve_doctree("papers/alpha", app.builder, tags=app.tags)
    # The test's temporary folder is no part of the page.
    text = doctree.pformat().replace(str(app.srcdir), "<srcdir>")
    matches_snapshot(text, "papers-alpha.doctree.txt")


@pytest.mark.sphinx("gettext", testroot="basic", srcdir="basic-snapshot-gettext")
def test_paper_page_messages(app):
    app.build()
    pot = (app.outdir / "papers" / "alpha.pot").read_text(encoding="utf-8")
    # The header holds the build's date; the messages follow the first empty line.
    messages = pot.split("\n\n", 1)[1]
    matches_snapshot(re.sub(r"^#: .*$", lambda m: m[0].replace(str(app.srcdir), "<srcdir>"),
                            messages, flags=re.M), "papers-alpha.pot")
