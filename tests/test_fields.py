"""A paper record's fields are declared once (``records/fields.py``): the directive's
options, the parsing, the record class, papers.json, its schema, the metadata block and
the command line's scanner come from the declarations."""

import dataclasses
import json
import re
import subprocess
import sys

import jsonschema
import pytest
from bs4 import BeautifulSoup

from helpers import PROJECT, warnings_of
from papercat.__main__ import main
from papercat.i18n.translations import label_msgids
from papercat.pdfs import sources
from papercat.records import fields, papers
from papercat.records.schema import SCHEMA_FILE, schema_text
from papercat.render.directives import PaperDirective

#: A new field, as it would be declared in records/fields.py.
DOI = fields.Field("doi", "doi", fields.text, label="DOI", required=False,
                   schema={"type": "string", "description": "the paper's DOI"},
                   bibtex="doi", scholar="citation_doi")

DOI_PAPER = """# Delta: A Paper With a DOI

:::{paper}
:id: delta
:date: 2024-06-01
:doi: 10.1234/abc

Delta has a DOI.
:::
"""


def test_the_committed_schema_is_the_one_the_fields_make():
    # Run "python -m papercat schema" after changing a field.
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--check"]) == 0


def test_schema_check_fails_when_a_field_is_added():
    with fields.declared(DOI):
        assert main(["schema", "--check"]) == 1


def test_the_directive_and_the_record_class_follow_the_fields():
    assert tuple(PaperDirective.option_spec) == fields.option_names()
    assert "pdf-title" in fields.option_names() and "title" not in fields.option_names()
    stored = [f.name for f in fields.FIELDS if f.stored]
    assert [f.name for f in dataclasses.fields(papers.Paper)] == [*stored, "extra"]


def test_the_metadata_labels_are_checked_for_their_translation():
    labels = {f.label for f in fields.shown_in_metadata()}
    assert {"Published", "Authors", "Venue", "Published there as", "Tags"} <= labels
    # Marked with _() in fields.py, so that make check-translations asks for them.
    assert labels - {"arXiv"} <= set(label_msgids())


def test_env_version_follows_the_stored_fields(project):
    app = project(build=False)
    assert app.extensions["papercat"].metadata["env_version"] == fields.env_version()
    before = fields.env_version()
    with fields.declared(DOI):
        assert fields.env_version() != before  # no bump by hand for a new field
    assert fields.env_version() == before
    changed = [dataclasses.replace(f, default="unknown") if f.name == "venue" else f
               for f in fields.FIELDS]
    saved = fields.FIELDS[:]
    fields.FIELDS[:] = changed
    try:
        assert fields.env_version() != before
    finally:
        fields.FIELDS[:] = saved


def test_env_version_is_the_same_in_every_process():
    # Else every build (and each -j process) would read the whole project again.
    code = "from papercat.records import fields; print(fields.env_version())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=PROJECT)
    assert int(other.stdout) == fields.env_version()


def test_a_registered_field_is_parsed_and_kept_in_extra():
    with fields.declared(DOI):
        values, problems = fields.parse_options({"id": "a", "date": "2024-01", "doi": " 10.1/x "})
        assert problems == []
        paper = papers.Paper(docname="a", lineno=1, title="A", title_local="A",
                             **fields.record_values(values))
        assert DOI.value(paper) == "10.1/x"
    # Outside the block, the option is unknown again.
    _, problems = fields.parse_options({"id": "a", "date": "2024-01", "doi": "10.1/x"})
    assert [p.subtype for p in problems] == ["unknown-option"]
    with pytest.raises(ValueError, match="declared"):
        fields.register(fields.Field("tags2", "tags"))


def test_the_scanner_parses_options_as_the_build_does(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# P: A Paper\n\n:::{paper}\n:id: p\n:date: 2024-01\n"
                    ":pdf: https://example.org/p.pdf\n:arxiv: 2401.00001\n:short-title: P\n"
                    ":::\n", encoding="utf-8")
    source = sources.scan_page(page)
    assert (source.id, source.url, source.arxiv, source.short_title, source.title) == (
        "p", "https://example.org/p.pdf", "2401.00001", "P", "P: A Paper")
    # What the build refuses (a bad id, a bad arXiv id) the scanner does not take either.
    page.write_text(page.read_text().replace(":arxiv: 2401.00001", ":arxiv: nope"))
    assert sources.scan_page(page).arxiv == ""
    page.write_text(page.read_text().replace(":id: p", ":id: P_1"))
    assert sources.scan_page(page) is None


def test_a_new_field_shows_on_the_page_in_papers_json_and_in_the_schema(project):
    """The proof of issue 19: a ``doi`` field, declared and nothing else, is everywhere."""
    with fields.declared(DOI):
        app = project({"papers/delta.md": DOI_PAPER})
        schema = fields.papers_schema()
    assert warnings_of(app) == ""
    html = BeautifulSoup((app.outdir / "papers" / "delta.html").read_text(encoding="utf-8"),
                         "html.parser")
    meta = html.select_one("div.paper-record dl.paper-meta")
    assert meta.select_one("dt.paper-doi").get_text(strip=True).rstrip(":") == "DOI"
    assert meta.select_one("dd.paper-doi").get_text(strip=True) == "10.1234/abc"
    # A record without one shows no row.
    alpha = (app.outdir / "papers" / "alpha.html").read_text(encoding="utf-8")
    assert "paper-doi" not in alpha

    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    entries = {p["id"]: p for p in data["papers"]}
    assert entries["delta"]["doi"] == "10.1234/abc" and entries["alpha"]["doi"] == ""
    assert schema["$defs"]["paper"]["properties"]["doi"] == DOI.schema
    jsonschema.validate(data, schema)
    # The committed schema (without doi) refuses it: the file must be regenerated.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))

    # Its citations: the BibTeX entry (on the page and in papers.bib), Google Scholar's tag.
    bib = (app.outdir / "papers.bib").read_text(encoding="utf-8")
    delta_entry = bib[bib.index("{delta,"):].split("\n}", 1)[0]
    assert re.search(r"^  doi +=[ ]\{10\.1234/abc\},$", delta_entry, re.M)
    assert "doi" not in bib[bib.index("{alpha,"):].split("\n}", 1)[0]
    assert "10.1234/abc" in html.select_one(".paper-citation").get_text()
    scholar = html.select('meta[name="citation_doi"]')
    assert [tag["content"] for tag in scholar] == ["10.1234/abc"]
    assert 'name="citation_doi"' not in alpha
