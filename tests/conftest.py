"""Shared fixtures: Sphinx's own test fixtures, roots under tests/roots/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import TESTS

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def project(tmp_path, make_app):
    """Make a small project from ``files`` on top of the ``test-basic`` root and build it.

    ``project(files, buildername="html", **kwargs)`` returns the (built) app;
    a file whose content is None is deleted.
    """

    def build(files: dict[str, str | None] | None = None, *, root: str = "test-basic",
              build: bool = True, **kwargs):
        srcdir = tmp_path / "src"
        if not srcdir.exists():
            shutil.copytree(TESTS / "roots" / root, srcdir)
        for name, text in (files or {}).items():
            path = srcdir / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        kwargs.setdefault("buildername", "html")
        app = make_app(srcdir=srcdir, **kwargs)
        if build:
            app.build()
        return app

    return build


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def real_site(request, tmp_path_factory):
    """(language, output folder) of the real project, built once per session and language."""
    from helpers.site import built_site

    return request.param, built_site(tmp_path_factory, request.param)
