"""The text layer: each hosted PDF's text, extracted once per file with pypdfium2.

Cleaned as a reader expects: Unicode NFKC (ligatures undone), words broken at a
line end joined again when the document writes them whole (``cru-``/``cial``)
but kept when they are compounds (``Chain-of-Thought``, ``DeepSeek-R1``), running
headers and footers and bare page numbers removed, the arXiv margin stamp taken
out into ``arxiv``, lines joined into paragraphs, and the PDF's outline placed as
heading blocks where its lines are found on the page (else at the page's top).

One JSON per PDF, keyed by its sha256 and cached beside the PDF cache
(``<cache>/text/<sha256>.json``), so both languages and every build share it: a
no-op build extracts nothing, a new PDF extracts only itself. The reader, the
text view (``text/<id>``) and search all read this one shape
(``schemas/text.schema.json``)::

    {"format": 2, "sha256": "<hex>", "extractor": "pypdfium2 <version>",
     "arxiv": "2512.24880v2",            # the margin stamp's id, "" if none
     "pages": [{"page": 1, "blocks": [
         {"kind": "heading", "level": 1, "text": "Introduction"},   # from the outline
         {"kind": "paragraph", "text": "..."}]}]}
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import statistics
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .verify import OutlineEntry, find_arxiv_stamp, normalise_title

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

#: 2: the cleaned layer (1 was the first text.py's, pypdf's text as it came).
FORMAT = 2
TEXT_FOLDER = "text"

TextLayer = dict[str, Any]

#: The sha256 of every PDF extracted in this process's builds: a test seam (counts, no timing).
EXTRACTED: list[str] = []

#: A line on more than this share of the pages (digits aside) is a running header or footer.
RUNNING_SHARE = 0.5
#: A line this much shorter than the page's usual line, ending a sentence, ends a paragraph.
SHORT_LINE = 0.8
#: A line shorter still ends its paragraph anyway (a title, an author, a heading).
VERY_SHORT_LINE = 0.5
#: Prefixes kept hyphenated at a line end ("self-attention", "pre-training"), words or not.
PREFIXES = frozenset("self non multi pre post co semi cross sub anti".split())
_DIGITS = re.compile(r"\d+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?$",
                          re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z](?:\.\d+)*\.?|[IVX]+\.)$")
_BULLET = re.compile(r"^(?:[•●◦▪–-]\s|\(?\d{1,2}[.)]\s|\([a-z]\)\s)")


def text_path(cache: Path, sha256: str) -> Path:
    """Where the text layer of the PDF with this sha256 is cached."""
    return cache / TEXT_FOLDER / f"{sha256}.json"


# -- cleaning lines --------------------------------------------------------------------------


def valid_unicode(text: str) -> str:
    """An extractor may give surrogates (a math letter's two halves): pairs joined, strays
    dropped (JSON in UTF-8 cannot hold them)."""
    if not _SURROGATE.search(text):
        return text
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return _SURROGATE.sub("", joined)


def clean(text: str) -> str:
    """NFKC (ﬁ -> fi, full-width forms, ...) and one space for any run of spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Keys (digits as #) of lines with words that repeat on more than half of the pages
    (a table's or a figure's bare numbers are no header; page numbers go at the edges)."""
    if len(pages) < 3:
        return set()
    counts = Counter(key for lines in pages for key in {line_key(line) for line in lines})
    return {key for key, count in counts.items()
            if count > RUNNING_SHARE * len(pages) and _WORD.search(key)}


def line_key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def strip_page_furniture(lines: list[str], running: set[str]) -> list[str]:
    """Without running headers and footers, and without a bare page number at either end."""
    lines = [line for line in lines if line_key(line) not in running]
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def vocabulary(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """(words written whole, compounds written with a hyphen inside a line), lowercased."""
    words: set[str] = set()
    compounds: set[str] = set()
    for lines in pages:
        broken = False  # the previous line ended in a hyphen: this one starts with a piece
        for line in lines:
            body = line.split(maxsplit=1)[1] if broken and " " in line else "" if broken else line
            broken = line.endswith("-")
            if broken:
                body = body.rsplit(maxsplit=1)[0] if " " in body else ""
            words.update(w.casefold() for w in _WORD.findall(body))
            compounds.update(c.casefold() for c in re.findall(r"\w+-\w+", body))
    return words, compounds


def joins_word(first: str, second: str, words: set[str], compounds: set[str]) -> bool:
    """Whether ``first-`` at a line end and ``second`` on the next are one word.

    The document decides: the word written whole elsewhere is one ("cru-"/"cial");
    the compound written with its hyphen elsewhere is kept, and so is one of two
    words the document uses on their own ("error-"/"prone"), of a known prefix
    ("self-"/"attention") or of a capitalised name; a piece that is no word is joined
    ("perfor-"/"mance").
    """
    if not (first.isalpha() and second[:1].islower()):
        return False  # DeepSeek-R1, Qwen2.5-32B, Chain-of-Thought: a compound's hyphen
    joined = (first + second).casefold()
    if joined in words:
        return True
    if f"{first}-{second}".casefold() in compounds or first.casefold() in PREFIXES \
            or first[0].isupper():  # a name's ("Chain-"/"of-Thought"), unless written whole
        return False
    return not (first.casefold() in words and second.casefold() in words)


def join_hyphenated(lines: list[str], words: set[str], compounds: set[str]) -> list[str]:
    """Lines with a word broken at their end made whole again ("cru-"/"cial"), or a
    compound kept whole with its hyphen ("Qwen2.5-"/"32B")."""
    result = list(lines)
    for index in range(len(result) - 1):
        line, following = result[index], result[index + 1]
        head = re.search(r"(\S+)-$", line)
        tail = re.match(r"(\S+)\s*(.*)$", following)
        if not head or not tail or line.endswith("--"):
            continue
        first = re.search(r"(?:^|[^\w])([^\W\d_]+)$", head.group(1))
        second = re.match(r"[^\W\d_]+", tail.group(1))
        joined = bool(first and second) and joins_word(first.group(1), second.group(0), words,
                                                       compounds)
        result[index] = line[:-1] + ("" if joined else "-") + tail.group(1)
        result[index + 1] = tail.group(2)
    return [line for line in result if line]


# -- headings and paragraphs -------------------------------------------------------------------


def heading_line(line: str, entry: OutlineEntry) -> bool:
    """Whether ``line`` is the outline entry's heading, with or without its number."""
    title = normalise_title(entry.title)
    if not title:
        return False
    if normalise_title(line) == title:
        return True
    number, _, rest = line.strip().partition(" ")
    return bool(_SECTION_NUMBER.match(number)) and normalise_title(rest) == title


def paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a paragraph ends with a sentence on a short line."""
    long_lines = [len(line) for line in lines if len(line) > 20]
    usual = statistics.median(long_lines) if long_lines else 0
    result: list[list[str]] = []
    previous = ""
    for line in lines:
        starts = not result or _BULLET.match(line) or len(previous) < VERY_SHORT_LINE * usual \
            or (previous.endswith((".", "!", "?", ":")) and len(previous) < SHORT_LINE * usual)
        if starts:
            result.append([line])
        else:
            result[-1].append(line)
        previous = line
    return [" ".join(" ".join(part).split()) for part in result]


def place_headings(pages: list[list[str]], outline: Iterable[OutlineEntry]
                   ) -> list[dict[int, list[OutlineEntry]]]:
    """For each page, line index -> the outline entries whose heading is that line.

    An entry is looked for on its page, after the previous entry's line; then on the next
    page (a bookmark that points above its heading, which is overleaf);
    else it goes to its page's top, or its foot when an entry before it was found there.
    The heading's line is then the block, not part of the text.
    """
    placed: list[dict[int, list[OutlineEntry]]] = [{} for _ in pages]
    start = {number: 0 for number in range(len(pages))}
    for entry in outline:
        index = entry.page - 1
        if not 0 <= index < len(pages):
            continue
        lines = pages[index]
        at = next((i for i in range(start[index], len(lines))
                   if i not in placed[index] and heading_line(lines[i], entry)), None)
        if at is None and index + 1 < len(pages):
            following = pages[index + 1]
            ahead = next((i for i in range(start[index + 1], len(following))
                          if heading_line(following[i], entry)), None)
            if ahead is not None:
                placed[index + 1].setdefault(ahead, []).append(entry)
                start[index + 1] = ahead + 1
                continue
        if at is None:  # not found: the page's top, or after what was found before it
            at = -1 if start[index] == 0 else len(lines) + start[index]
            placed[index].setdefault(at, []).append(entry)
            continue
        placed[index][at] = [entry]
        start[index] = at + 1
    return placed


def page_blocks(lines: list[str], found: dict[int, list[OutlineEntry]]) -> list[dict[str, Any]]:
    """Heading blocks where their lines are, paragraphs between them."""
    blocks = [heading(entry) for entry in found.get(-1, [])]
    run: list[str] = []
    for index, line in enumerate(lines):
        if index in found:
            blocks += [{"kind": "paragraph", "text": text} for text in paragraphs(run)]
            blocks += [heading(entry) for entry in found[index]]
            run = []
        else:
            run.append(line)
    blocks += [{"kind": "paragraph", "text": text} for text in paragraphs(run)]
    for at in sorted(at for at in found if at >= len(lines)):  # at the foot
        blocks += [heading(entry) for entry in found[at]]
    return blocks


def heading(entry: OutlineEntry) -> dict[str, Any]:
    return {"kind": "heading", "level": max(1, min(entry.level, 3)), "text": clean(entry.title)}


# -- one PDF -----------------------------------------------------------------------------------


def pdfium_pages(pdf: Path) -> tuple[list[str], str]:
    """Each page's text with pypdfium2: 15 times pypdf's speed, fewer words run together
    (bench/extractors.py). Its line-end hyphen (U+FFFE, the line joined) is "-" and a
    line break again, so that ``join_hyphenated`` decides as for pypdf."""
    import pypdfium2  # noqa: PLC0415
    import pypdfium2.version  # noqa: PLC0415

    document = pypdfium2.PdfDocument(str(pdf))
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                         .replace("\ufffe", "-\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages, f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}"


def pypdf_pages(pdf: Path) -> tuple[list[str], str]:
    """Each page's text with pypdf, where pypdfium2 is not installed."""
    import pypdf  # noqa: PLC0415

    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages], \
        f"pypdf {pypdf.__version__}"


def page_texts(pdf: Path) -> tuple[list[str], str]:
    """(each page's raw text, the extractor and its version)."""
    return pdfium_pages(pdf) if extractor_name() == "pypdfium2" else pypdf_pages(pdf)


def extract(pdf: Path, sha256: str, outline: Iterable[OutlineEntry] = ()) -> TextLayer:
    """The text layer of one PDF (verified before: this trusts the file to open)."""
    texts, extractor = page_texts(pdf)
    raw = [unicodedata.normalize("NFKC", valid_unicode(text)) for text in texts]
    arxiv = ""
    if raw and (stamp := find_arxiv_stamp(raw[0])):
        arxiv = stamp["id"] + (stamp["version"] or "")
        raw[0] = raw[0][: stamp.start()] + raw[0][stamp.end():]
    pages = [[line for line in (clean(line) for line in text.splitlines()) if line]
             for text in raw]
    running = running_lines(pages)
    pages = [strip_page_furniture(lines, running) for lines in pages]
    words, compounds = vocabulary(pages)
    pages = [join_hyphenated(lines, words, compounds) for lines in pages]
    placed = place_headings(pages, outline)
    return {"format": FORMAT, "sha256": sha256, "extractor": extractor, "arxiv": arxiv,
            "pages": [{"page": number, "blocks": page_blocks(lines, placed[number - 1])}
                      for number, lines in enumerate(pages, start=1)]}


def _extract_to(pdf: str, sha256: str, outline: tuple[OutlineEntry, ...], target: str) -> str:
    layer = extract(Path(pdf), sha256, outline)
    temp = Path(target).with_name(f".{Path(target).name}.{os.getpid()}.tmp")
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    temp.replace(target)
    return target


def ensure_text_layers(cache: Path,
                       pdfs: Mapping[str, tuple[Path, str, tuple[OutlineEntry, ...]]],
                       jobs: int | None = None,
                       on_error: Callable[[str, str], None] | None = None) -> dict[str, Path]:
    """Id -> text layer file for every PDF (path, sha256, outline); extracts only the
    missing ones, on every core. A PDF whose extraction fails has no layer: ``on_error``
    gets its id and why (the build warns on its page)."""
    found = {pdf_id: text_path(cache, sha) for pdf_id, (_, sha, _) in pdfs.items()}
    todo = [pdf_id for pdf_id, path in found.items() if not is_current(path)]
    if not todo:
        return found
    workers = min(len(todo), jobs or os.cpu_count() or 1)
    failed: dict[str, str] = {}

    def arguments(pdf_id: str) -> tuple[str, str, tuple[OutlineEntry, ...], str]:
        path, sha, outline = pdfs[pdf_id]
        return str(path), sha, tuple(outline), str(found[pdf_id])

    if workers == 1:  # no process to start for one file
        for pdf_id in todo:
            try:
                _extract_to(*arguments(pdf_id))
                EXTRACTED.append(pdfs[pdf_id][1])
            except Exception as error:  # noqa: BLE001 (untrusted input: any failure)
                failed[pdf_id] = describe(error)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pdf_id: pool.submit(_extract_to, *arguments(pdf_id)) for pdf_id in todo}
            for pdf_id, future in futures.items():
                try:
                    future.result()
                    EXTRACTED.append(pdfs[pdf_id][1])
                except Exception as error:  # noqa: BLE001 (a broken pool too)
                    failed[pdf_id] = describe(error)
    for pdf_id, why in failed.items():
        del found[pdf_id]
        if on_error:
            on_error(pdf_id, why)
    return found


def extractor_name() -> str:
    """The library this process extracts with (``page_texts``), without its version."""
    return "pypdfium2" if importlib.util.find_spec("pypdfium2") is not None else "pypdf"


def is_current(path: Path) -> bool:
    """Whether a cached layer is of this format, read from its head (``format`` is its first
    key), so that a no-op build parses no layer. A change to the cleaning bumps ``FORMAT``."""
    try:
        with path.open("rb") as file:
            head = file.read(32).decode("utf-8", "replace")
    except OSError:
        return False
    return head.startswith(f'{{"format": {FORMAT}, ')


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def load(path: Path) -> TextLayer | None:
    """A cached text layer, or None when it is missing, unreadable or of another format."""
    try:
        layer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return layer if isinstance(layer, dict) and layer.get("format") == FORMAT else None


def page_text(page: Mapping[str, Any]) -> str:
    """One page's text, its blocks joined (what search indexes)."""
    return "\n".join(block["text"] for block in page["blocks"])
