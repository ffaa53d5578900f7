"""The PDF checks and facts (pypdf), the lock file, and the page scanner."""

from __future__ import annotations

import hashlib
import json

import pytest
from helpers.pdfs import paper_page, pdf_bytes, write_pdf

from papercat.pdfs import lock, sources, verify


def test_facts_of_a_good_pdf(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", title="Alpha: The First Paper", pages=3)
    facts = verify.inspect(path)
    assert facts.pages == 3
    assert facts.size == path.stat().st_size
    assert facts.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert facts.title == "Alpha: The First Paper"
    assert [(e.level, e.title, e.page) for e in facts.outline] == [
        (1, "Introduction", 2), (1, "Method", 2), (2, "Data", 3), (1, "Results", 3)]


def test_owner_password_only_is_fine(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", owner_password="owner")
    assert verify.inspect(path).pages == 3


GOOD = pdf_bytes()
BAD_INPUTS = {
    "empty": (b"", "empty"),
    "html": (b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>", "HTML page"),
    "lfs": (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1328991\n",
            "Git LFS pointer"),
    "truncated": (GOOD[: len(GOOD) // 2], "truncated"),
    "not-pdf": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a PDF"),
    "encrypted": (pdf_bytes(user_password="secret"), "user password"),
    "broken": (b"%PDF-1.7\nthis is no PDF body at all\n%%EOF\n", "pypdf cannot read"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_rejected_with_a_clear_message(tmp_path, kind):
    data, words = BAD_INPUTS[kind]
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(verify.BadPdf, match=words):
        verify.inspect(path)


@pytest.mark.parametrize(("pdf_title", "record_title", "same"), [
    ("DeepSeek-Coder: When the Large Language Model Meets Programming - The Rise of Code "
     "Intelligence",
     "DeepSeek-Coder: When the Large Language Model Meets Programming -- The Rise of Code "
     "Intelligence", True),
    ("DEEPSEEK LLM:  Scaling", "DeepSeek LLM: scaling", True),
    ("DeepSeek-V3.2-Exp: Boosting Long-Context Efficiency with DeepSeek Sparse Attention",
     "DeepSeek-V3.2: Pushing the Frontier of Open Large Language Models", False),
])
def test_title_comparison(pdf_title, record_title, same):
    assert verify.same_title(pdf_title, record_title) is same


def test_lock_round_trip_is_stable(tmp_path):
    facts = verify.inspect(write_pdf(tmp_path / "a.pdf"))
    path = tmp_path / "pdfs.lock.json"
    entries = {"b": lock.LockEntry("https://example.org/b.pdf", facts),
               "a": lock.LockEntry("https://example.org/a.pdf", facts)}
    lock.write_lock(path, entries)
    text = path.read_text(encoding="utf-8")
    assert lock.read_lock(path) == entries
    assert list(json.loads(text)["pdfs"]) == ["a", "b"]  # sorted: small diffs
    assert '[2, "Data", 3]' in text  # one line per bookmark
    lock.write_lock(path, lock.read_lock(path))
    assert path.read_text(encoding="utf-8") == text
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("text", ["{not json", '{"format": 99, "pdfs": {}}',
                                  '{"format": 1, "pdfs": {"a": {"size": 1}}}'])
def test_unusable_lock_is_a_clear_error(tmp_path, text):
    path = tmp_path / "pdfs.lock.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(lock.LockError, match="pdfs.lock.json"):
        lock.read_lock(path)


def test_scanner_reads_records_without_sphinx(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.md").write_text(paper_page("a", "https://example.org/a.pdf", "Alpha",
                                            short_title="Alpha One"), encoding="utf-8")
    (papers / "w.md").write_text(paper_page("w", "https://example.org/w.pdf", "Gone",
                                            status="withdrawn"), encoding="utf-8")
    (papers / "local.md").write_text(paper_page("local", "files/local.pdf", "Local"),
                                     encoding="utf-8")
    (papers / "none.md").write_text("# No record\n\nJust text.\n", encoding="utf-8")
    found = sources.scan_project(tmp_path)
    assert [(s.id, s.url, s.title, s.short_title) for s in found] == [
        ("a", "https://example.org/a.pdf", "Alpha", "Alpha One")]


# -- identity from the text (issue 16) ----------------------------------------------------------

@pytest.mark.parametrize(("pdf_title", "record_title"), [
    ("m HC: Manifold-Constrained Hyper-Connections", "mHC: Manifold-Constrained Hyper-Connections"),
    ("DeepSeek-V3 Technical\nReport", "DeepSeek-V3 Technical Report"),
    ("E\ufb03cient \ufb01ne-tuning", "Efficient fine-tuning"),
    ("DEEPSEEKMOE: TOWARDS ULTIMATE", "DeepSeekMoE: Towards Ultimate"),
    ("Alpha\u2013Beta \u201cGamma\u201d \u2014 Delta\u2212Epsilon", "Alpha-Beta \"Gamma\" -- Delta-Epsilon"),
    ("DeepSeek LLM\u2217 \u2020: Scaling\u00b9", "DeepSeek LLM: Scaling"),
    ("\\textbf{Alpha}: The First\\\\ Paper", "Alpha: The First Paper"),
])
def test_titles_match_whatever_the_pdf_text_does_to_them(pdf_title, record_title):
    assert verify.same_title(pdf_title, record_title)
    assert verify.title_mismatch(pdf_title, record_title) == ""


@pytest.mark.parametrize(("pdf_title", "record_title"), [
    ("DeepSeek-V3.2-Exp: Boosting Long-Context Efficiency with DeepSeek Sparse Attention",
     "DeepSeek-V3.2: Pushing the Frontier of Open Large Language Models"),
    ("Janus-Pro: Unified Multimodal Understanding and Generation with Data and Model Scaling",
     "Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation"),
    ("DeepSeek-Prover-V1.5: Harnessing Proof Assistant Feedback",
     "DeepSeek-Prover-V2: Advancing Formal Mathematical Reasoning"),
    ("Alpha: The First Paper and More", "Alpha: The First Paper"),  # not a prefix either
    ("Alpha", "Alpha: The First Paper"),
])
def test_another_papers_title_never_matches(pdf_title, record_title):
    assert not verify.same_title(pdf_title, record_title)
    assert "differs from the record's title" in verify.title_mismatch(pdf_title, record_title)


@pytest.mark.parametrize(("stamp", "arxiv", "refused"), [
    ("2512.24880v2", "2512.24880", False),
    ("2512.24880v2", "2512.24880v1", False),  # versions do not matter
    ("", "2512.24880", False),  # no stamp (a PDF from GitHub)
    ("2512.24880v2", "", False),  # a record without an arXiv id
    ("2512.02556v1", "2512.24880", True),
])
def test_arxiv_stamp_must_name_the_record(stamp, arxiv, refused):
    problem = verify.stamp_mismatch(stamp, arxiv)
    assert bool(problem) is refused
    if refused:
        assert f"arXiv:{stamp}" in problem and f"arXiv:{arxiv}" in problem


def test_arxiv_stamp_is_read_from_the_margin(tmp_path):
    stamped = write_pdf(tmp_path / "a.pdf",
                        stamp="arXiv:2512.24880v2  [cs.CL]  31 Dec 2025")
    assert verify.arxiv_stamp(stamped) == "2512.24880v2"
    assert verify.arxiv_stamp(write_pdf(tmp_path / "b.pdf")) == ""
