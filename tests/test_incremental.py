"""Incremental and parallel builds stay correct: listings follow every record change.

Rebuilds run ``python -m sphinx`` in a fresh process, as a user's rebuild does:
two Sphinx apps in one process share state (node registries, theme defaults).
"""

import pytest

from helpers import Site, touch_later


def test_editing_a_title_updates_listings_links_and_lineage(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.change({"papers/alpha.md": site.read("papers/alpha.md").replace("The First Paper", "Renamed")})
    read, written, _ = site.build()
    assert read == ["papers/alpha"]
    assert site.listed()["alpha"] == "Alpha: Renamed"
    assert site.listed("tags/models")["alpha"] == "Alpha: Renamed"
    index_links = [a.get_text() for a in site.soup("index").select("p a.reference")]
    assert "Alpha: Renamed" in index_links  # the {paper} role
    assert site.soup("papers/beta").select_one(".paper-builds-on a").get_text() == "Alpha: Renamed"
    # Only the record's page and the pages that show it are written again
    # (not tags/reasoning: alpha is not tagged reasoning).
    assert written == ["index", "papers/alpha", "papers/beta", "tags/models"]


def test_adding_and_deleting_records(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.change({"papers/delta.md": (
        "# Delta: Added Later\n\n:::{paper}\n:id: delta\n:date: 2026-01-02\n"
        ":tags: reasoning\n:builds-on: alpha\n\nDelta arrives. Late.\n:::\n")})
    site.build()
    assert list(site.listed()) == ["delta", "gamma", "beta", "alpha"]
    followers = [a.get_text() for a in site.soup("papers/alpha").select(".paper-followed-by a")]
    assert followers == ["Beta: A Second Paper", "Delta: Added Later"]

    site.change({"papers/delta.md": None, "papers/gamma.md": None})
    site.build()
    assert list(site.listed()) == ["beta", "alpha"]
    assert list(site.listed("tags/reasoning")) == ["beta"]
    assert site.soup("papers/beta").select_one(".paper-followed-by") is None
    followers = [a.get_text() for a in site.soup("papers/alpha").select(".paper-followed-by a")]
    assert followers == ["Beta: A Second Paper"]


def test_noop_rebuild_reads_and_writes_nothing(tmp_path):
    site = Site(tmp_path)
    site.build()
    read, written, warnings = site.build()
    assert (read, written, warnings) == ([], [], "")


def many_papers(count: int, duplicate: bool = False) -> dict[str, str]:
    files = {}
    for i in range(count):
        paper_id = "same" if duplicate and i in (0, count - 1) else f"p{i:02d}"
        files[f"papers/p{i:02d}.md"] = (
            f"# Paper {i:02d}\n\n:::{{paper}}\n:id: {paper_id}\n:date: 2024-{i % 12 + 1:02d}-01\n"
            f":tags: models\n:builds-on: alpha\n\nPaper {i} does thing {i}. More text.\n:::\n"
        )
    return files


@pytest.mark.parametrize("parallel", ["1", "2"])
def test_duplicate_ids_across_parallel_workers_warn_once(tmp_path, parallel):
    site = Site(tmp_path, many_papers(12, duplicate=True))
    _, _, warnings = site.build("-j", parallel)
    duplicates = [w for w in warnings.splitlines() if "duplicate paper id 'same'" in w]
    assert len(duplicates) == 1, warnings
    assert "p11.md:3" in duplicates[0] and "also used in papers/p00" in duplicates[0]


def test_serial_and_parallel_builds_give_identical_html(tmp_path):
    outputs = []
    for parallel in ("1", "2"):
        site = Site(tmp_path / parallel, many_papers(12))
        _, _, warnings = site.build("-j", parallel)
        assert warnings == ""
        outputs.append({p.relative_to(site.outdir): p.read_bytes()
                        for p in sorted(site.outdir.rglob("*.html"))})
    serial, parallel = outputs
    assert len(serial) == 20
    assert serial == parallel


def test_exports_are_rewritten_only_when_what_they_show_changes(tmp_path):
    site = Site(tmp_path)
    files = ("papers.json", "feed.atom", "papers.bib", "sitemap.xml", "lineage.svg")
    feed_of_two = ("-D", "papercat_feed_size=2")  # gamma and beta: alpha is older
    site.build(*feed_of_two)

    def stamps():
        return {name: (site.outdir / name).stat().st_mtime_ns for name in files}

    def changed_by(page: str, old: str, new: str) -> set[str]:
        before = stamps()
        if page:
            site.change({page: site.read(page).replace(old, new)})
        site.build(*feed_of_two)
        after = stamps()
        return {name for name in files if after[name] != before[name]}

    assert changed_by("", "", "") == set()  # a no-op build leaves every file alone
    # The chart, the sitemap and the citations don't show summaries; the feed does.
    assert changed_by("papers/beta.md", "reasons better", "reasons much better") == {
        "papers.json", "feed.atom"}
    assert "much better" in (site.outdir / "papers.json").read_text(encoding="utf-8")
    # A paper older than the feed's papers is only in the JSON.
    assert changed_by("papers/alpha.md", "It is small.", "It is tiny.") == {"papers.json"}
    # Authors are cited.
    assert changed_by("papers/alpha.md", ":authors: Ada Lovelace;", ":authors: Ada King;") == {
        "papers.json", "papers.bib"}
