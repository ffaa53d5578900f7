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


def pdf_bytes(title: str = "Alpha: The First Paper", pages: int = 3, outline=OUTLINE,
              user_password: str | None = None, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    page = writer.pages[0]
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
    })
    content = DecodedStreamObject()
    content.set_data(
        f"BT /F1 24 Tf 72 700 Td ({escape_pdf_text(title)}) Tj ET\n"
        "BT /F1 11 Tf 72 660 Td (A. Author) Tj ET\n"
        "BT /F1 14 Tf 72 620 Td (Abstract) Tj ET\n"
        "BT /F1 11 Tf 72 600 Td (We study things.) Tj ET\n".encode("latin-1")
    )
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
               status: str = "", pdf_title: str = "") -> str:
    """A paper page with a record, as the scanner and Sphinx read it."""
    options = [f":id: {pdf_id}", ":date: 2024-01-05", f":pdf: {url}"]
    if short_title:
        options.append(f":short-title: {short_title}")
    if pdf_title:
        options.append(f":pdf-title: {pdf_title}")
    if status:
        options.append(f":status: {status}")
    return f"# {title}\n\n:::{{paper}}\n" + "\n".join(options) + "\n\nA summary.\n:::\n"
