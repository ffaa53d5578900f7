"""The text layer (pdfs/text.py): its cleaning, its cache, and its quality on the real PDFs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from helpers import SHARED
from helpers.pdfs import paper_page, pdf_bytes, write_pdf

from papercat.pdfs import text, verify

SCHEMA = json.loads((Path(text.__file__).parent.parent / "schemas" / "text.schema.json")
                    .read_text(encoding="utf-8"))
MIRROR = SHARED / "pdfs"
MIRRORED = sorted(p.stem for p in MIRROR.glob("*.pdf")) if MIRROR.is_dir() else []
needs_shared = pytest.mark.skipif(not MIRRORED, reason=f"{MIRROR} is absent (../shared): "
                                  "only developers and CI have the real PDFs")


def layer_of(path: Path) -> text.TextLayer:
    from pypdf import PdfReader  # noqa: PLC0415

    outline = tuple(verify.flatten_outline(PdfReader(path)))
    return text.extract(path, verify.sha256_of(path), outline)


def paragraphs(layer) -> list[str]:
    return [b["text"] for page in layer["pages"] for b in page["blocks"]
            if b["kind"] == "paragraph"]


# -- cleaning, on small PDFs ----------------------------------------------------------------------

BODY = {1: ["A crucial point is made here, at some length. It is cru-",
            "cial, and it is so in the whole paper: the Chain-",
            "of-Thought of the model that we call DeepSeek-",
            "R1 with the one that we call Qwen2.5-",
            "32B follows the self-",
            "attention rule at length. Ef\ufb01cient \ufb01ne models end here.", "",
            "2 Method", "A new paragraph starts after the heading and runs long enough.",
            "It ends here.", "Another paragraph follows it, and it runs long enough too."],
        2: ["Results are good and the page has a footer below this long line of text.", "3"]}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> text.TextLayer:
    folder = tmp_path_factory.mktemp("small")
    path = write_pdf(folder / "a.pdf", pages=3, body=BODY,
                     stamp="arXiv:2512.24880v2 [cs.CL] 31 Dec 2025",
                     outline=[("Introduction", 1, []), ("Method", 1, []), ("Results", 2, [])])
    return layer_of(path)


def test_a_small_layer_has_the_shape_of_its_schema(small):
    jsonschema.validate(small, SCHEMA)
    assert small["extractor"].startswith("pypdfium2 ")  # bench/extractors.py: 15 x pypdf
    assert [page["page"] for page in small["pages"]] == [1, 2, 3]


def test_the_arxiv_stamp_is_taken_out_of_the_text(small):
    assert small["arxiv"] == "2512.24880v2"
    assert not any("arXiv" in p or "31 Dec 2025" in p for p in paragraphs(small))


def test_ligatures_and_line_end_hyphens(small):
    body = " ".join(paragraphs(small))
    assert ("It is crucial, and it is so in the whole paper: the Chain-of-Thought of the "
            "model that we call DeepSeek-R1 with the one that we call Qwen2.5-32B") in body
    assert "self-attention" in body
    assert "Efficient fine models" in body and "\ufb01" not in body


def test_outline_entries_are_headings_where_their_lines_are(small):
    page = small["pages"][1]["blocks"]
    kinds = [(b["kind"], b["text"][:20]) for b in page]
    assert kinds[0] == ("heading", "Introduction")  # not found: the page's top
    at = kinds.index(("heading", "Method"))  # found: in its place, its line gone
    assert kinds[at - 1][0] == "paragraph" and kinds[at + 1][1].startswith("A new paragraph")
    assert not any(b["text"] == "2 Method" for b in page)
    assert [b["text"][:24] for b in page[at + 1:]] == ["A new paragraph starts a",
                                                       "Another paragraph follow"]
    assert small["pages"][2]["blocks"][0] == {"kind": "heading", "level": 1, "text": "Results"}


def test_bare_page_numbers_go(small):
    assert small["pages"][2]["blocks"][-1]["text"].endswith("long line of text.")


def test_running_headers_and_footers_go(tmp_path):
    body = {i: ["Preprint. Under review.", f"Text of page {'abcd'[i]} is its own.", f"{i + 1}"]
            for i in range(4)}
    layer = layer_of(write_pdf(tmp_path / "a.pdf", pages=4, body=body, outline=[]))
    found = paragraphs(layer)
    assert not any("Preprint" in p for p in found)
    assert "Text of page c is its own." in found


@pytest.mark.parametrize(("line", "found"), [
    ("Introduction", True), ("1 Introduction", True), ("1.1. Introduction", True),
    ("A.2 Introduction", True), ("INTRODUCTION", True),
    ("2024 results are given in the Introduction", False), ("Introduction and more", False),
])
def test_a_heading_line_is_the_title_with_at_most_its_number(line, found):
    assert text.heading_line(line, verify.OutlineEntry(1, "Introduction", 1)) is found


def test_surrogates_from_the_pdf_are_repaired_or_dropped():
    assert text.valid_unicode("a\ud835\udc7cb\ud835c") == "a\U0001d47cbc"


# -- the cache: extracted once, on every core, failures located -----------------------------------


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    monkeypatch.setattr(text, "EXTRACTED", [])
    return text.EXTRACTED


def test_extracted_once_then_cached(tmp_path, extracted):
    pdfs = {}
    for name, title in (("a", "Alpha: One"), ("b", "Beta: Two")):
        path = write_pdf(tmp_path / f"{name}.pdf", title=title)
        pdfs[name] = (path, verify.sha256_of(path), ())
    found = text.ensure_text_layers(tmp_path / "cache", pdfs, jobs=2)
    assert sorted(extracted) == sorted(sha for _, sha, _ in pdfs.values())
    for pdf_id, (_, sha, _) in pdfs.items():
        assert found[pdf_id] == text.text_path(tmp_path / "cache", sha)
        assert text.load(found[pdf_id])["sha256"] == sha
    extracted.clear()
    text.ensure_text_layers(tmp_path / "cache", pdfs, jobs=2)
    assert extracted == []  # a no-op build extracts nothing
    path = write_pdf(tmp_path / "c.pdf", title="Gamma: Three")
    pdfs["c"] = (path, verify.sha256_of(path), ())
    text.ensure_text_layers(tmp_path / "cache", pdfs, jobs=2)
    assert extracted == [pdfs["c"][1]]  # a new PDF extracts only itself


def test_a_layer_of_another_format_is_extracted_again(tmp_path, extracted):
    """The first text.py's layers (format 1: pypdf, not cleaned) in a developer's cache."""
    path = write_pdf(tmp_path / "a.pdf")
    sha = verify.sha256_of(path)
    stale = text.text_path(tmp_path / "cache", sha)
    stale.parent.mkdir(parents=True)
    stale.write_text(json.dumps({"format": 1, "sha256": sha, "extractor": "pypdf 7.1.1",
                                 "arxiv": "", "pages": []}), encoding="utf-8")
    text.ensure_text_layers(tmp_path / "cache", {"a": (path, sha, ())})
    assert extracted == [sha]
    assert text.load(stale)["extractor"].startswith("pypdfium2 ")


def test_a_pdf_that_fails_is_reported_not_skipped(tmp_path, extracted):
    good = write_pdf(tmp_path / "good.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage \n%%EOF\n")
    pdfs = {"good": (good, verify.sha256_of(good), ()),
            "broken": (broken, verify.sha256_of(broken), ())}
    errors = []
    found = text.ensure_text_layers(tmp_path / "cache", pdfs, jobs=2,
                                    on_error=lambda i, why: errors.append((i, why)))
    assert list(found) == ["good"]
    assert [i for i, _ in errors] == ["broken"] and errors[0][1]
    assert not text.text_path(tmp_path / "cache", pdfs["broken"][1]).exists()


# -- quality on every mirrored PDF ----------------------------------------------------------------


@pytest.fixture(scope="module")
def real_layers(tmp_path_factory):
    """Extracted once for the module, on every core, as a build extracts them."""
    from pypdf import PdfReader  # noqa: PLC0415

    outlines = {pdf_id: tuple(verify.flatten_outline(PdfReader(MIRROR / f"{pdf_id}.pdf")))
                for pdf_id in MIRRORED}
    found = text.ensure_text_layers(
        tmp_path_factory.mktemp("text"),
        {pdf_id: (MIRROR / f"{pdf_id}.pdf", verify.sha256_of(MIRROR / f"{pdf_id}.pdf"),
                  outlines[pdf_id]) for pdf_id in MIRRORED})
    layers = {}
    for pdf_id in MIRRORED:
        plain = [page.extract_text() or "" for page in PdfReader(MIRROR / f"{pdf_id}.pdf").pages]
        layers[pdf_id] = (text.load(found[pdf_id]), outlines[pdf_id], plain)
    return layers


def words_of(plain: str) -> Counter:
    """Words, as the layer writes them: NFKC (ligatures, math letters), line-end hyphens joined."""
    joined = re.sub(r"(\w)-\n(\w)", r"\1\2", unicodedata.normalize("NFKC", plain))
    return Counter(w.casefold() for w in re.findall(r"[^\W\d_]{2,}", joined))


@needs_shared
@pytest.mark.parametrize("pdf_id", MIRRORED)
def test_the_text_layer_of_a_real_pdf(pdf_id, real_layers):
    layer, outline, plain = real_layers[pdf_id]
    jsonschema.validate(layer, SCHEMA)
    # Every outline entry is a heading block, on its page (or the next: see place_headings).
    headings = [(page["page"], b["text"]) for page in layer["pages"] for b in page["blocks"]
                if b["kind"] == "heading"]
    assert len(headings) == len(outline)
    for (page, title), entry in zip(headings, outline, strict=True):
        assert title == text.clean(entry.title) and page in (entry.page, entry.page + 1)
    # The words pypdf reads are in the layer (hyphenation joined), at least 95 % of them.
    layer_words = words_of("\n".join(text.page_text(p) for p in layer["pages"]))
    words = words_of("\n".join(plain))
    kept = sum(min(count, layer_words.get(word, 0) + layer_words.get(word.replace("-", ""), 0))
               for word, count in words.items())
    assert kept >= 0.95 * sum(words.values()), f"{kept / sum(words.values()):.3f}"
    # No line repeating on more than half the pages survives (running headers, footers).
    pages = len(layer["pages"])
    lines = Counter(line for page in layer["pages"]
                    for line in {text.line_key(b["text"]) for b in page["blocks"]
                                 if b["kind"] == "paragraph"})
    assert [line for line, n in lines.items() if n > pages / 2 and pages > 2] == []
    # No ligature is left.
    assert not re.search("[\ufb00-\ufb06]", json.dumps(layer, ensure_ascii=False))


# -- in a build --------------------------------------------------------------------------------


def host(srcdir: Path, pdfs: dict[str, tuple[str, bytes]]) -> dict[str, str]:
    """Lock and cache each id's PDF (its URL, its bytes); id -> sha256."""
    from papercat.pdfs import lock  # noqa: PLC0415

    entries = {}
    for pdf_id, (url, data) in pdfs.items():
        cached = srcdir / ".cache/pdfs" / f"{pdf_id}.pdf"
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
        entries[pdf_id] = lock.LockEntry(url, verify.inspect(cached))
    lock.write_lock(srcdir / "pdfs.lock.json", entries)
    return {pdf_id: entry.facts.sha256 for pdf_id, entry in entries.items()}


ALPHA = ("https://example.org/alpha.pdf", pdf_bytes(body={1: ["Alpha has its own words."]}))
DELTA = ("https://example.org/delta.pdf", pdf_bytes(title="Delta: A New Paper"))


def test_a_build_extracts_each_hosted_pdf_once(project, extracted, monkeypatch):
    from papercat.pdfs import host as pdf_host  # noqa: PLC0415

    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)
    app = project(build=False)
    sha = host(app.srcdir, {"alpha": ALPHA})
    app.build()
    assert extracted == [sha["alpha"]]
    layer = pdf_host.text_layer_of(app, "alpha")
    assert layer["sha256"] == sha["alpha"]
    assert "Alpha has its own words." in text.page_text(layer["pages"][1])
    app.build()  # nothing changed: nothing extracted
    assert extracted == [sha["alpha"]]
    # A new paper with its PDF: only its layer is extracted.
    (app.srcdir / "papers/delta.md").write_text(
        paper_page("delta", DELTA[0], "Delta: A New Paper"), encoding="utf-8")
    sha = host(app.srcdir, {"alpha": ALPHA, "delta": DELTA})
    app.build()
    assert extracted == [sha["alpha"], sha["delta"]]
    assert pdf_host.text_layer_of(app, "delta")["sha256"] == sha["delta"]


def test_a_failed_extraction_is_a_located_warning(project, monkeypatch):
    from helpers import warnings_of  # noqa: PLC0415

    monkeypatch.delenv("PAPERCAT_PDF_CACHE", raising=False)

    def broken(*args):
        raise ValueError("a damaged content stream")

    monkeypatch.setattr(text, "_extract_to", broken)
    app = project(build=False)
    host(app.srcdir, {"alpha": ALPHA})
    app.build()
    assert "papers/alpha" in warnings_of(app)
    assert "no text layer for the PDF of 'alpha': ValueError: a damaged content stream" \
        in warnings_of(app) and "[papercat.pdf-text]" in warnings_of(app)
    assert (app.outdir / "pdf/alpha.pdf").is_file()  # still hosted
