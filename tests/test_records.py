"""Option validation of a record, without Sphinx."""

import pytest

from papercat.records import papers as records
from papercat.render.citation import bibtex


def parse(**options):
    base = {"id": "alpha", "date": "2024-01-05"}
    base.update({k.replace("_", "-"): v for k, v in options.items()})
    return records.parse_options({k: v for k, v in base.items() if v is not None})


def subtypes(problems):
    return [p.subtype for p in problems]


def test_a_complete_record_parses():
    fields, problems = parse(
        authors="Ada Lovelace; Alan Turing", tags="models, reasoning", arxiv="2401.00001",
        pdf="https://example.org/a.pdf", code="https://github.com/x/y",
        models="https://huggingface.co/x/A https://huggingface.co/x/B", venue="ISCA 2025",
        builds_on="beta gamma", short_title="Alpha",
    )
    assert problems == []
    assert fields["authors"] == ("Ada Lovelace", "Alan Turing")
    assert fields["tags"] == ("models", "reasoning")
    assert fields["models"] == ("https://huggingface.co/x/A", "https://huggingface.co/x/B")
    assert fields["builds_on"] == ("beta", "gamma")
    assert fields["short_title"] == "Alpha"


@pytest.mark.parametrize(
    ("options", "subtype"),
    [
        ({"id": None}, "missing-id"),
        ({"id": "Alpha_1"}, "bad-id"),
        ({"date": None}, "missing-date"),
        ({"date": "2024-13-01"}, "bad-date"),
        ({"date": "2024-02-30"}, "bad-date"),
        ({"date": "5 Jan 2024"}, "bad-date"),
        ({"pdf": "javascript:alert(1)"}, "bad-url"),
        ({"pdf": "data:application/pdf;base64,AAAA"}, "bad-url"),
        ({"pdf": "file:///etc/passwd"}, "bad-url"),
        ({"pdf": "../outside.pdf"}, "bad-url"),
        ({"code": "ftp://example.org/x"}, "bad-url"),
        ({"models": "https://ok.org/a javascript:alert(1)"}, "bad-url"),
        ({"arxiv": "not-an-id"}, "bad-arxiv"),
        ({"status": "retracted?"}, "bad-status"),
        ({"colour": "blue"}, "unknown-option"),
        ({"venue_title": "Another title"}, "venue-details"),
        ({"volume": "645", "pages": "1-2"}, "venue-details"),
    ],
)
def test_bad_input_is_a_problem(options, subtype):
    _, problems = parse(**options)
    assert subtype in subtypes(problems), problems


def test_month_only_dates_and_project_paths_are_fine():
    fields, problems = parse(date="2026-04", pdf="files/paper.pdf")
    assert problems == []
    assert fields["date"] == "2026-04"


def test_sort_key_puts_month_only_dates_before_days_of_that_month():
    month = records.Paper(id="m", docname="m", lineno=1, title="M", title_local="M",
                          date="2026-04")
    day = records.Paper(id="d", docname="d", lineno=1, title="D", title_local="D",
                        date="2026-04-30")
    assert sorted([day, month], key=lambda p: p.sort_key) == [month, day]


def test_view_digests_are_stored_with_the_record_and_follow_what_each_view_shows():
    import dataclasses
    import pickle

    paper = records.Paper(id="m", docname="papers/m", lineno=1, title="M", title_local="M",
                          date="2026-04", summary="One.")
    everything, link, lineage = paper.view_digests
    stored = pickle.loads(pickle.dumps(paper))
    assert vars(stored)["view_digests"] == (everything, link, lineage)  # not computed again
    assert stored == paper and repr(stored) == repr(paper)  # not a field
    summary = dataclasses.replace(paper, summary="Two.").view_digests
    assert summary[0] != everything and summary[1:] == (link, lineage)
    title = dataclasses.replace(paper, title_local="N").view_digests
    assert title[0] != everything and title[1] != link and title[2] != lineage
    assert dataclasses.replace(paper, status="withdrawn").view_digests[1] == link


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One thing. Another thing.", "One thing."),
        ("A 2.5x speed-up. More.", "A 2.5x speed-up."),
        ("它很小。它很快。", "它很小。"),
        ("No full stop", "No full stop"),
    ],
)
def test_first_sentence(text, first):
    assert records.first_sentence(text) == first


def test_bibtex_escapes_and_uses_arxiv_fields():
    paper = records.Paper(id="x", docname="x", lineno=1, title="Cost & 100% {fun}",
                          title_local="", date="2025-01-22", authors=("DeepSeek-AI",),
                          arxiv="2501.12948")
    entry = bibtex(paper)
    assert r"Cost \& 100\% \{fun\}" in entry
    assert "eprint        = {2501.12948}" in entry
    assert "archivePrefix = {arXiv}" in entry
    assert "month         = jan," in entry
