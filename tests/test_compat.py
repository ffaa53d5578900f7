"""The one boundary into other projects' internals: each patch is on only where it was
verified, and a build with every patch off (a future Sphinx, MyST or furo) is still right."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from helpers import TESTS

from papercat import compat
from papercat.compat import sphinx_internals, versions

ROOT = TESTS / "roots" / "test-basic"

#: Builds the test root as ``sphinx-build -W --keep-going`` does, every guarded project
#: pretending to be at version argv[1] ("" for the installed versions).
DRIVER = """
import sys
from papercat.compat import versions
pretend = sys.argv[1]
if pretend:
    versions.installed_version = lambda distribution: pretend
from sphinx.cmd.build import main
sys.exit(main(["-W", "--keep-going", "-b", "html", "-D", "language=" + sys.argv[2],
               "-d", sys.argv[4], sys.argv[3], sys.argv[5]]))
"""


def run(root, out, language: str, pretend: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, pretend, language, str(root),
                           str(out / "doctrees"), str(out / "html")],
                          capture_output=True, text=True)


def build(tmp_path, language: str, pretend: str = ""):
    out = tmp_path / f"{language}-{pretend or 'installed'}"
    result = run(ROOT, out, language, pretend)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html", result.stdout


def article(site, page: str) -> str:
    html = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return str(html.select_one("article"))


def test_every_patch_names_a_verified_range():
    for patch in compat.patches():
        assert patch.verified, patch.name
        for version in patch.verified:
            assert patch.trusts(version), (patch.name, version)
        assert not patch.trusts(patch.below)
        assert not patch.trusts(None)
        assert not patch.trusts("not a version")


def test_the_installed_versions_are_the_verified_ones():
    """The lock pins what the patches were verified on: an upgrade updates both."""
    for patch in compat.patches():
        assert versions.installed_version(patch.project) in patch.verified, patch.name


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_future_version_turns_every_patch_off_and_the_pages_stay_right(tmp_path, language):
    today, quiet = build(tmp_path, language)
    future, said = build(tmp_path, language, pretend="99.0")
    assert "is not among the versions" not in quiet
    for patch in compat.patches():
        assert said.count(f"patch {patch.name!r} was verified on") == 1, patch.name
    for page in ("index", "papers/alpha", "papers/beta", "tags/models"):
        assert article(future, page) == article(today, page), page
    for exported in ("papers.json", "papers.bib", "feed.atom", "sitemap.xml"):
        assert (future / exported).read_bytes() == (today / exported).read_bytes(), exported
    if language == "zh_CN":
        assert "阿尔法提出了该系列的" in article(future, "papers/alpha")


def test_with_every_patch_off_a_problem_still_stays_a_problem(tmp_path):
    """Without the warning's page, the next build reads every page again."""
    import shutil

    root = shutil.copytree(ROOT, tmp_path / "src")
    page = root / "papers" / "beta.md"
    page.write_text(re.sub(r":date: .*", ":date: 2025-13-45", page.read_text()))
    for attempt in ("first", "second"):
        result = run(root, tmp_path / "out", "en", "99.0")
        assert result.returncode != 0, attempt
        assert "beta.md" in result.stderr, attempt


def test_furo_labels_are_left_alone_under_another_theme(project):
    app = project(buildername="html", confoverrides={"html_theme": "alabaster",
                                                      "html_sidebars": {}})
    assert (app.outdir / "papers" / "alpha.html").is_file()
    environment = app.builder.templates.environment
    from papercat.compat.furo_internals import TranslatableThemeLabels

    assert not any(isinstance(extension, TranslatableThemeLabels)
                   for extension in environment.extensions.values())


def test_garbage_collector_freeze_can_be_switched_off(project):
    import gc

    gc.unfreeze()
    project(confoverrides={"papercat_gc_freeze": False})
    assert gc.get_freeze_count() == 0


def test_the_transform_priorities_are_the_installed_sphinxs():
    from sphinx.transforms import DoctreeReadEvent
    from sphinx.transforms.i18n import Locale

    from papercat.render.rawhtml import RemoveRawHtml

    assert Locale.default_priority == sphinx_internals.TRANSLATION_PRIORITY
    assert DoctreeReadEvent.default_priority == sphinx_internals.DOCTREE_READ_PRIORITY
    assert Locale.default_priority < RemoveRawHtml.default_priority \
        < DoctreeReadEvent.default_priority


def test_off_the_page_being_written_is_the_page_read(project, monkeypatch):
    """Both ways give every page of the test project the same docname."""
    app = project()
    seen = []

    class Translator:
        builder = app.builder

    for docname in sorted(app.env.found_docs):
        Translator.document = app.env.get_doctree(docname)
        app.builder.current_docname = docname
        seen.append(sphinx_internals.page_being_written(Translator))
        monkeypatch.setattr(versions, "installed_version", lambda distribution: "99.0")
        seen.append(sphinx_internals.page_being_written(Translator))
        monkeypatch.undo()
    assert seen == [docname for docname in sorted(app.env.found_docs) for _ in range(2)]


def test_off_the_event_listeners_are_not_guessed(project, monkeypatch):
    app = project(build=False)
    assert "papercat.site.scale" in {handler.__module__ for handler, _priority in
                                     sphinx_internals.handlers_in_calling_order(app)["doctree-read"]}
    monkeypatch.setattr(versions, "installed_version", lambda distribution: "99.0")
    with pytest.raises(RuntimeError, match="sphinx-event-listeners"):
        sphinx_internals.handlers_in_calling_order(app)


def test_the_404_pages_absolute_sidebar_stays_on_the_404_page(project):
    """sphinx-notfound-page gives its 404 page a toctree of absolute links; the sidebar
    rendered once per kind of page must not reuse that tree on the pages of its folder."""
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    app = project({"404.md": "# Not found\n", "about.md": "# About\n",
                   "index.md": index + "\n```{toctree}\nabout\n```\n"},
                  confoverrides={"extensions": ["myst_parser", "notfound.extension", "papercat"]})

    def sidebar(page: str) -> str:
        html = BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")
        return str(html.select_one(".sidebar-tree"))

    assert 'href="/en/' in sidebar("404.html")
    for page in ("index.html", "genindex.html", "search.html"):
        assert 'href="/en/' not in sidebar(page), page
