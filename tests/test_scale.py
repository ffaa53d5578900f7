"""The site at scale: per-page cost independent of the catalogue, rebuilds limited to
what changed, parallel builds identical to serial ones. Nothing here is timed
(speed is measured by ``make bench``); these are the properties that make it fast.

The projects are this site with synthetic papers from the benchmark's generator
(``bench/synth.py``), built with ``python -m sphinx`` in fresh processes.
"""

from __future__ import annotations

import pickle

import pytest
from docutils import nodes

from helpers import Site, load_synth, touch_later

synth = load_synth()


class SyntheticSite(Site):
    """This project with ``n`` synthetic papers (and their Chinese catalogs)."""

    def __init__(self, tmp_path, n: int) -> None:
        self.srcdir, self.outdir = tmp_path / "src", tmp_path / "out"
        self.records = synth.papers(n)
        synth.write_project(self.srcdir, self.records)

    def rewrite(self, record: synth.Record) -> None:
        synth.write_record(self.srcdir, record)
        touch_later(self.srcdir / f"{record.docname}.md")
        touch_later(self.srcdir / "locale" / "zh_CN" / "LC_MESSAGES" / f"{record.docname}.po")

    def doctree(self, docname: str) -> nodes.document:
        with (self.outdir / ".doctrees" / f"{docname}.doctree").open("rb") as file:
            return pickle.load(file)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_editing_one_summary_rewrites_only_the_pages_that_show_it(tmp_path, language):
    site = SyntheticSite(tmp_path, 40)
    site.build("-D", f"language={language}")
    record = site.records[20]
    site.rewrite(synth.edited(record))
    read, written, _ = site.build("-D", f"language={language}")
    assert read == [record.docname]
    # Other paper pages show only its title (links, lineage): they stay as they are.
    assert [page for page in written if page.startswith("papers/")] == [record.docname]
    # ...and the listings that show it: the catalogue and its tags' pages, no other tag.
    assert "index" in written
    tag_pages = {f"tags/{tag}" for tag in synth.vocabulary()}
    assert tag_pages.intersection(written) == {f"tags/{tag}" for tag in record.tags}
    revised = "Revised: " if language == "en" else "修订："
    assert revised in site.soup(record.docname).select_one(".paper-summary").get_text()
    entry = site.soup("index").select_one(f"#entry-{record.id} .paper-entry-summary")
    assert entry.get_text().startswith(revised)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_noop_rebuild_reads_and_writes_nothing(tmp_path, language):
    site = SyntheticSite(tmp_path, 12)
    site.build("-D", f"language={language}")
    read, written, _ = site.build("-D", f"language={language}")
    assert (read, written) == ([], [])


def test_parallel_chinese_build_is_identical_to_serial(tmp_path):
    outputs = []
    for parallel in ("1", "2"):
        site = SyntheticSite(tmp_path / parallel, 24)
        site.build("-D", "language=zh_CN", "-j", parallel)
        outputs.append({p.relative_to(site.outdir): p.read_bytes()
                        for p in sorted(site.outdir.rglob("*.html"))})
    serial, parallel = outputs
    assert len(serial) > 24
    assert serial.keys() == parallel.keys()
    different = [str(name) for name in serial if serial[name] != parallel[name]]
    assert different == []


def test_translated_pages_do_not_pickle_the_environment(tmp_path):
    """Translated nodes used to keep their temporary document, and with it the whole
    build environment: every doctree held a copy of it (quadratic builds)."""
    site = SyntheticSite(tmp_path, 6)
    site.build("-D", "language=zh_CN")
    doctree = site.doctree(site.records[0].docname)
    assert "猎户" in doctree.astext()  # translated
    assert all(node.document is doctree for node in doctree.findall())


def sidebar(site: SyntheticSite, docname: str) -> str:
    return str(site.soup(docname).select_one(".sidebar-tree"))


def test_navigation_does_not_grow_with_the_catalogue(tmp_path):
    small, large = SyntheticSite(tmp_path / "small", 4), SyntheticSite(tmp_path / "large", 40)
    for site in (small, large):
        site.build()
    page = small.records[0].docname
    assert sidebar(small, page) == sidebar(large, page)
    assert "papers/" not in sidebar(large, page)
    assert "current" not in sidebar(large, page)
    # The navigation is rendered once per kind of page: a tag page still marks itself.
    for tag in ("code", "reasoning"):
        current = large.soup(f"tags/{tag}").select_one(".sidebar-tree li.current-page a")
        assert current["href"] == "#"
        assert current.get_text() == large.soup(f"tags/{tag}").h1.get_text(strip=True).rstrip("¶")
    # Every paper is one click from the catalogue, which the sidebar's brand links to.
    catalogue = {a["href"] for a in large.soup("index").select(".paper-entry-title a")}
    assert catalogue == {f"{record.docname}.html" for record in large.records}


def test_myst_throwaway_documents_keep_the_default_settings():
    from docutils.frontend import get_default_settings
    from myst_parser.mdit_to_docutils import base

    from papercat.compat import myst_internals

    myst_internals.reuse_default_settings()
    first, second = base.make_document(), base.make_document("page.md")
    made, defaults = vars(first.settings), vars(get_default_settings(base.RSTParser))
    # DependencyList has no equality: compare what it records.
    assert made.pop("record_dependencies").list == defaults.pop("record_dependencies").list
    assert made == defaults
    assert first.settings is not second.settings  # each document may change its own
    assert second["source"] == "page.md"


class StubBuilder:
    def __init__(self, outdated):
        self.outdated = outdated

    def get_outdated_docs(self):
        return iter(self.outdated)


@pytest.mark.parametrize(("to_read", "outdated", "parallel"), [
    (["papers/a"], ["papers/a"], 1),  # an edit: serial
    (["papers/a", "papers/b", "index"], ["papers/a"], 1),  # an added page
    ([f"papers/p{i}" for i in range(6)], [], 2),  # many to read
    (["papers/a"], [f"papers/p{i}" for i in range(40)], 2),  # many to write (a new theme)
])
def test_small_updates_are_built_serially(to_read, outdated, parallel):
    from types import SimpleNamespace

    from papercat.compat import sphinx_internals

    app = SimpleNamespace(parallel=2, builder=StubBuilder(outdated))
    sphinx_internals.serial_small_updates(app, None, to_read)
    assert app.parallel == parallel


def test_a_build_freezes_what_outlives_each_phase_and_the_next_build_gives_it_back(tmp_path):
    """Frozen objects are out of the collector's reach: the environment must be among
    them, and a second build in the same process must let the first one be freed."""
    import gc
    import shutil
    import weakref

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from conftest import TESTS

    def build(name: str) -> Sphinx:
        """As ``sphinx-build`` does it (the make_app fixture would keep every app alive)."""
        srcdir = tmp_path / name
        shutil.copytree(TESTS / "roots" / "test-basic", srcdir)
        with patch_docutils(srcdir), docutils_namespace():
            app = Sphinx(srcdir, srcdir, srcdir / "_build", srcdir / "_doctrees", "html",
                         status=None, warning=None, freshenv=True)
            app.build()
        return app

    gc.collect()
    app = build("first")
    assert gc.get_freeze_count() > 0
    assert not any(obj is app.env for obj in gc.get_objects())  # frozen: not scanned
    first_env = weakref.ref(app.env)
    del app
    gc.collect()
    assert first_env() is not None  # frozen objects are never collected...
    build("second")
    assert first_env() is None  # ...until the next build gives them back


def test_a_rebuild_reuses_the_compiled_templates(project, make_app, monkeypatch):
    import jinja2

    compiled, compile_ = [], jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    app = project()
    assert "page.html" in compiled
    assert list((app.doctreedir / "papercat-templates").iterdir())
    first = (app.outdir / "papers" / "alpha.html").read_bytes()
    compiled.clear()
    again = make_app(srcdir=app.srcdir, buildername="html", freshenv=True)
    again.build()
    assert "page.html" not in compiled  # every page is written again, from the cached code
    assert (again.outdir / "papers" / "alpha.html").read_bytes() == first
