"""Small PDFs for the PDF pipeline's tests, written with pypdf alone.

Page 1 has a title in 24 pt Helvetica and "Abstract" in 11 pt, as real papers
do, so that ``extract_text`` finds the first-page title.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

#: (title, 0-based page index, children) of a small paper's outline.
OUTLINE = [("Introduction", 1, []), ("Method", 1, [("Data", 2, [])]), ("Results", 2, [])]


def escape_pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


#: Helvetica's standard encoding has the fi and fl ligatures (as TeX's fonts do).
LIGATURES = {"\ufb01": "\\256", "\ufb02": "\\257"}


def pdf_text(text: str) -> str:
    """A string for a content stream: escaped, ligatures as their codes."""
    text = escape_pdf_text(text)
    for ligature, code in LIGATURES.items():
        text = text.replace(ligature, code)
    return text


def pdf_bytes(title: str = "Alpha: The First Paper", pages: int = 3, outline=OUTLINE,
              user_password: str | None = None, owner_password: str | None = None,
              stamp: str = "", body: dict[int, list[str]] | None = None) -> bytes:
    """A small paper. ``title`` may hold line breaks (one line each, as a long title
    wraps); ``stamp`` is an arXiv margin stamp, written up the left margin as arXiv
    does; ``body`` gives 0-based pages lines of 10 pt text, from the top down (an empty
    line leaves a paragraph's gap)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    resources = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
    })
    title_lines = "".join(f"BT /F1 24 Tf 72 {700 - 28 * n} Td ({pdf_text(line)}) Tj ET\n"
                          for n, line in enumerate(title.split("\n")))
    below = 700 - 28 * title.count("\n")
    first = (
        title_lines
        + f"BT /F1 11 Tf 72 {below - 40} Td (A. Author) Tj ET\n"
        + f"BT /F1 14 Tf 72 {below - 80} Td (Abstract) Tj ET\n"
        + f"BT /F1 11 Tf 72 {below - 100} Td (We study things.) Tj ET\n"
    )
    if stamp:
        first += f"BT /F1 10 Tf 0 1 -1 0 30 250 Tm ({pdf_text(stamp)}) Tj ET\n"
    texts = {0: first}
    for index, lines in (body or {}).items():
        top = below - 140 if index == 0 else 720
        texts[index] = texts.get(index, "") + "".join(
            f"BT /F1 10 Tf 72 {top - 12 * n} Td ({pdf_text(line)}) Tj ET\n"
            for n, line in enumerate(lines) if line)
    for index, text in texts.items():
        page = writer.pages[index]
        page[NameObject("/Resources")] = resources
        content = DecodedStreamObject()
        content.set_data(text.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)

    def add(items, parent=None):
        for name, index, children in items:
            item = writer.add_outline_item(title=name, page_number=index, parent=parent)
            add(children, item)

    add(outline)
    writer.add_metadata({"/Producer": "papercat tests"})
    if user_password is not None or owner_password is not None:
        # RC4 needs no optional dependency (AES needs ``cryptography``).
        writer.encrypt(user_password=user_password or "", owner_password=owner_password,
                       algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(path: Path, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(**kwargs))
    return path


def paper_page(pdf_id: str, url: str, title: str, *, short_title: str = "",
               status: str = "", pdf_title: str = "", arxiv: str = "") -> str:
    """A paper page with a record, as the scanner and Sphinx read it."""
    options = [f":id: {pdf_id}", ":date: 2024-01-05", f":pdf: {url}"]
    if short_title:
        options.append(f":short-title: {short_title}")
    if pdf_title:
        options.append(f":pdf-title: {pdf_title}")
    if arxiv:
        options.append(f":arxiv: {arxiv}")
    if status:
        options.append(f":status: {status}")
    return f"# {title}\n\n:::{{paper}}\n" + "\n".join(options) + "\n\nA summary.\n:::\n"
