"""The committed lock against the real PDFs and checksums in ../shared (skipped without it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import PROJECT, SHARED

from papercat.pdfs import fetch, lock, refusals, sources, verify

FACTS = SHARED / "papers-facts.md"
MIRROR = SHARED / "pdfs"
LOCK = PROJECT / lock.LOCK_FILE

needs_shared = pytest.mark.skipif(
    not (FACTS.is_file() and MIRROR.is_dir()),
    reason=f"{SHARED} (papers-facts.md and pdfs/) is absent: only developers and CI have it",
)


def published_checksums() -> dict[str, str]:
    """id -> sha256 from the facts file: its PDF table, and the note naming another id."""
    text = FACTS.read_text(encoding="utf-8")
    checksums = dict(re.findall(r"^\| ([a-z0-9.-]+) \| \S+ \| ([0-9a-f]{64}) \|$", text,
                                re.MULTILINE))
    note = re.search(r"record of\s+its own \(id `([a-z0-9.-]+)`\)", text)
    exp_sha = re.search(r"DeepSeek_V3_2\.pdf,\s*sha256 ([0-9a-f]{64})", text)
    if note and exp_sha:
        checksums[note.group(1)] = exp_sha.group(1)
    return checksums


@needs_shared
def test_lock_holds_the_published_checksums_of_the_mirror():
    checksums = published_checksums()
    mirrored = {path.stem for path in MIRROR.glob("*.pdf")}
    assert mirrored <= set(checksums), "every mirrored PDF has a published checksum"
    entries = lock.read_lock(LOCK)
    for pdf_id in sorted(mirrored):
        assert entries[pdf_id].facts.sha256 == checksums[pdf_id], pdf_id
    # The V3.2-Exp report is its own record, never the V3.2 paper.
    exp = checksums["deepseek-v3.2-exp"]
    assert entries.get("deepseek-v3.2") is None or entries["deepseek-v3.2"].facts.sha256 != exp


@needs_shared
def test_lock_urls_and_titles_match_the_records():
    records = {source.id: source for source in sources.scan_project(PROJECT)}
    for pdf_id, entry in lock.read_lock(LOCK).items():
        assert entry.url == records[pdf_id].url, pdf_id
        record = records[pdf_id]
        assert not verify.title_mismatch(entry.facts.title, record.title, record.pdf_title), \
            pdf_id


def fetch_from(mirror: Path, tmp_path: Path, only=(), best_effort=True) -> tuple[int, str]:
    """``python -m papercat fetch --best-effort --mirror`` into a copy of the lock."""
    shutil.copy(LOCK, tmp_path / "pdfs.lock.json")
    options = fetch.Options(project=PROJECT, cache=tmp_path / "cache",
                            lock=tmp_path / "pdfs.lock.json", mirror=str(mirror),
                            best_effort=best_effort)
    out = io.StringIO()
    return fetch.fetch_all(options, list(only), out, live=False), out.getvalue()


@needs_shared
def test_every_mirrored_pdf_is_the_right_one(tmp_path):
    status, output = fetch_from(MIRROR, tmp_path)
    assert status == fetch.EXIT_OK, output
    mirrored = sorted(path.stem for path in MIRROR.glob("*.pdf"))
    verified = next(line for line in output.splitlines() if line.startswith("verified: "))
    assert verified == "verified: " + ", ".join(mirrored)
    assert "refused:" not in output and "download failed:" not in output
    assert (tmp_path / "pdfs.lock.json").read_bytes() == LOCK.read_bytes()


@needs_shared
def test_the_v3_2_exp_report_under_the_v3_2_id_is_refused(tmp_path):
    """Issue 10: `make pdfs` accepted it, and the second `make html` hosted it."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    shutil.copy(MIRROR / "deepseek-v3.2-exp.pdf", mirror / "deepseek-v3.2.pdf")
    status, output = fetch_from(mirror, tmp_path, only=["deepseek-v3.2"], best_effort=False)
    assert status == fetch.EXIT_REFUSED, output
    # Read the Docs (--best-effort): refused all the same, but the rest of the site is built.
    status, output = fetch_from(mirror, tmp_path, only=["deepseek-v3.2"])
    assert status == fetch.EXIT_OK, output
    assert "refused: deepseek-v3.2: the PDF's first-page title 'DeepSeek-V3.2-Exp:" in output
    assert not (tmp_path / "cache/deepseek-v3.2.pdf").exists()
    assert "deepseek-v3.2" not in lock.read_lock(tmp_path / "pdfs.lock.json")
    refused = refusals.read_refusals(tmp_path / "cache")
    assert refused["deepseek-v3.2"]["sha256"] == verify.sha256_of(MIRROR / "deepseek-v3.2-exp.pdf")


@needs_shared
def test_real_pdfs_verify_to_the_locked_facts():
    entries = lock.read_lock(LOCK)
    r1 = verify.inspect(MIRROR / "deepseek-r1.pdf")
    assert r1.pages == 22
    assert r1.title.startswith("DeepSeek-R1: Incentivizing Reasoning Capability")
    assert r1.outline[0].title == "Introduction" and r1.outline[0].page == 3
    for path in sorted(MIRROR.glob("*.pdf")):
        assert verify.inspect(path) == entries[path.stem].facts, path.name


def test_no_large_pdf_is_committed():
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "*.pdf"], cwd=PROJECT,
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    for name in filter(None, listed.decode().split("\0")):
        path = PROJECT / name
        assert not path.is_file() or path.stat().st_size <= 64 * 1024, name


def official_titles() -> dict[str, tuple[str, str, str]]:
    """id -> (title, :pdf-title:, arXiv id): from the records, else the facts file's table."""
    found = {s.id: (s.title, s.pdf_title, s.arxiv) for s in sources.scan_project(PROJECT)}
    text = FACTS.read_text(encoding="utf-8")
    for pdf_id, title, arxiv in re.findall(
            r"^\| ([a-z0-9.-]+) \| ([^|]+?) \| \d{4}-[^|]*\| ([0-9.]+|—) \|", text, re.MULTILINE):
        found.setdefault(pdf_id, (title, "", arxiv if arxiv != "—" else ""))
    for pdf_id, title in re.findall(r"\(record id `([a-z0-9.-]+)`\)\n- Title \(PDF\): \*\*(.+?)\*\*",
                                    text, re.DOTALL):
        found.setdefault(pdf_id, (" ".join(title.split()), "", ""))
    return found


def identity_problem(facts: verify.PdfFacts, stamp: str, record: tuple[str, str, str]) -> str:
    title, pdf_title, arxiv = record
    return (verify.title_mismatch(facts.title, title, pdf_title)
            or verify.stamp_mismatch(stamp, arxiv))


@pytest.fixture(scope="module")
def mirrored_facts():
    return {path.stem: (verify.inspect(path), verify.arxiv_stamp(path))
            for path in sorted(MIRROR.glob("*.pdf"))}


@needs_shared
@pytest.mark.parametrize("pdf_id", sorted(p.stem for p in MIRROR.glob("*.pdf")))
def test_each_mirrored_pdf_is_its_own_paper_and_no_other(pdf_id, mirrored_facts):
    """Accepted under its own id; refused under every other record's, its series first
    (V3.2-Exp is not V3.2, Janus-Pro not Janus, Prover-V1.5 not Prover-V2 ...)."""
    titles = official_titles()
    facts, stamp = mirrored_facts[pdf_id]
    assert pdf_id in titles, f"{pdf_id}: no record and no title in the facts file"
    assert identity_problem(facts, stamp, titles[pdf_id]) == "", pdf_id
    accepted_elsewhere = [other for other, record in titles.items()
                          if other != pdf_id and not identity_problem(facts, stamp, record)]
    assert accepted_elsewhere == []


@needs_shared
def test_the_arxiv_stamp_of_a_mirrored_pdf_names_its_record(mirrored_facts):
    stamped = {pdf_id: stamp for pdf_id, (_, stamp) in mirrored_facts.items() if stamp}
    assert stamped == {"deepseekmoe": "2401.06066v1"}
    assert verify.stamp_mismatch("2401.06066v1", official_titles()["deepseekmoe"][2]) == ""
