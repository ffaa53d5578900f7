"""``python -m papercat add PDF_OR_URL``: a new paper record, written from its PDF.

It reads what the PDF states (the first-page title and authors, the creation
date, the page count and outline) and writes ``papers/<id>.md`` with the summary
left as a placeholder (``records.papers.SUMMARY_TODO``: the build fails with a
located ``papercat.todo`` warning until a person writes it), the lock entry, the
cached copy, and the page's Chinese catalog stub (as ``make update-po`` does).

Where ``:pdf:`` points: a URL argument is downloaded (with ``download.py``) and is
the record's URL. A local file needs ``--url``, the address it was published at:
the lock pins this file's sha256, and an arXiv copy is often another file (a
guess would make the next ``make pdfs`` refuse it).

Everything is checked before anything is written: an id or arXiv id already in
the catalogue, a file that is not a PDF or is encrypted are refused with a message
and exit status 1, and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from ..i18n.conf_languages import translations
from ..records.papers import ARXIV_RE, SUMMARY_TODO, check_date, check_id, check_url, is_url
from . import cache, lock, sources, verify
from .download import Clock, DownloadFailed, download
from .firstpage import arxiv_month, read_first_page
from .lock import LockEntry

EXIT_OK = 0
EXIT_REFUSED = 1  # nothing written
EXIT_CATALOG_FAILED = 4  # the record is written; its catalog stub is not

#: What ``add`` writes in place of the summary.
PLACEHOLDER = (
    f"% {SUMMARY_TODO}: one paragraph, two to four sentences, in your own words. The first\n"
    "% sentence is shown in listings, so make it stand alone. `make html` fails until then.\n"
)


class Refused(Exception):
    """The paper cannot be added; the message says why. Nothing was written."""


def slug(text: str) -> str:
    """``DSpark`` → ``dspark``, ``DeepSeek-OCR 2`` → ``deepseek-ocr-2``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")


def short_title(title: str) -> str:
    """The name before the colon (``DSpark: Confidence-...`` → ``DSpark``), if short."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 0 < len(head.split()) <= 4 else ""


def catalogue(project: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """The pages of the records already there, by id and by arXiv id."""
    ids, arxiv = {}, {}
    for page in sorted(project.glob(sources.PAPER_PAGES)):
        _, fields = sources.read_fields(page)
        if fields.get("id"):
            ids[fields["id"]] = page
        if fields.get("arxiv"):
            arxiv[re.sub(r"v\d+$", "", fields["arxiv"])] = page
    return ids, arxiv


def obtain(source: str, into: Path, timeout: float) -> Path:
    """The PDF to read: a local file, or ``source`` downloaded into ``into``."""
    if not is_url(source):
        path = Path(source)
        if not path.is_file():
            raise Refused(f"{source}: no such file")
        return path
    if problem := check_url(source, "PDF_OR_URL"):
        raise Refused(problem.message)
    target = into / "download.pdf"
    try:
        with target.open("wb") as out:
            download(source, out, timeout, Clock(timeout * 4), lambda *_: None)
    except DownloadFailed as error:
        raise Refused(f"download failed: {error}") from None
    return target


def page_text(title: str, options: dict[str, str]) -> str:
    fields = "".join(f":{name}: {value}\n" for name, value in options.items() if value)
    heading = title.replace("<", r"\<")  # a literal "<", not raw HTML (see the README)
    return f"# {heading}\n\n:::{{paper}}\n{fields}\n{PLACEHOLDER}:::\n"


def plan(args: argparse.Namespace, project: Path, scratch: Path) -> tuple[str, str, Path, LockEntry]:
    """Check everything and read the PDF: (id, page text, PDF file, lock entry)."""
    arxiv = (args.arxiv or "").strip()
    if arxiv and not ARXIV_RE.match(arxiv):
        raise Refused(f"--arxiv {arxiv!r} is not an arXiv id (e.g. 2501.12948)")
    if args.id and (problem := check_id(args.id)):
        raise Refused(problem.message)
    if args.date and (problem := check_date(args.date)):
        raise Refused(problem.message)
    url = args.source if is_url(args.source) else (args.url or "")
    if not url:
        hint = f" (e.g. --url https://arxiv.org/pdf/{arxiv} if this file is arXiv's)" if arxiv else ""
        raise Refused("a local file needs --url, the address it was published at: the "
                      f"record's :pdf: and the lock's URL{hint}")
    if problem := check_url(url, "--url"):
        raise Refused(problem.message)
    ids, arxiv_ids = catalogue(project)
    if arxiv and (page := arxiv_ids.get(re.sub(r"v\d+$", "", arxiv))):
        raise Refused(f"arXiv {arxiv} is already in the catalogue: {page.relative_to(project)}")
    if args.id and args.id in ids:
        raise Refused(f"id {args.id!r} is already in the catalogue: "
                      f"{ids[args.id].relative_to(project)}")

    path = obtain(args.source, scratch, args.timeout)
    try:
        facts = verify.inspect(path)
    except verify.BadPdf as error:
        raise Refused(f"{args.source}: {error}") from None
    if not facts.title:
        raise Refused(f"{args.source}: no title can be read on its first page")
    first = read_first_page(path, facts.title)
    short = short_title(facts.title)
    paper_id = args.id or slug(short or facts.title)
    if problem := check_id(paper_id):
        raise Refused(f"{problem.message}: pass --id")
    if paper_id in ids:
        raise Refused(f"id {paper_id!r} is already in the catalogue: "
                      f"{ids[paper_id].relative_to(project)} (pass another --id)")
    page = project / "papers" / f"{paper_id}.md"
    if page.exists():
        raise Refused(f"{page.relative_to(project)} already exists")
    date = args.date or first.date or arxiv_month(arxiv)
    if not date:
        raise Refused("no date: the PDF has no creation date and no --arxiv id gives the "
                      "month; pass --date YYYY-MM-DD")
    options = {"id": paper_id, "date": date, "short-title": short,
               "authors": "; ".join(first.authors), "arxiv": arxiv, "pdf": url}
    return paper_id, page_text(facts.title, options), path, LockEntry(url=url, facts=facts)


def update_catalog(project: Path, paper_id: str, scratch: Path) -> str:
    """The page's catalog stubs (each language but the source), as ``make update-po``
    makes them; "" or what failed."""
    gettext = project / "_build" / "gettext"  # where make gettext writes it
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-d",
         str(project / "_build" / "doctrees" / "gettext"), str(project), str(gettext)],
        cwd=project, capture_output=True, text=True)
    pot = gettext / "papers" / f"{paper_id}.pot"
    if not pot.is_file():
        return f"the gettext build made no {pot.name}: {build.stderr.strip()[-2000:]}"
    only = scratch / "pot" / "papers"  # update this page's catalog, and no other
    only.mkdir(parents=True)
    shutil.copy2(pot, only / pot.name)
    each = [arg for code in translations(project / "conf.py") for arg in ("-l", code)]
    intl = subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", str(only.parent), *each,
         "-d", str(project / "locale")], cwd=project, capture_output=True, text=True)
    return "" if intl.returncode == 0 else f"sphinx-intl: {intl.stderr.strip()}"


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    lock_path = cache.resolve(project, args.lock)
    with tempfile.TemporaryDirectory(prefix="papercat-add-") as temp:
        scratch = Path(temp)
        try:
            entries = lock.read_lock(lock_path)
            paper_id, text, pdf, entry = plan(args, project, scratch)
        except (Refused, lock.LockError) as error:
            print(f"papercat add: refused: {error}; nothing was written", file=sys.stderr)
            return EXIT_REFUSED
        page = project / "papers" / f"{paper_id}.md"
        lock.write_atomically(page, text.encode("utf-8"))
        lock.write_lock(lock_path, {**entries, paper_id: entry})
        cached = cache.cached_pdf(cache.resolve(project, args.cache), paper_id)
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, cached)
        os.chmod(cached, 0o644)
        print(f"wrote {page.relative_to(project)} ({entry.facts.pages} pages), its entry in "
              f"{lock_path.name}, and the cached PDF")
        failed = "" if args.no_catalog else update_catalog(project, paper_id, scratch)
    if failed:
        print(f"papercat add: the catalog stub was not written: {failed}; run make update-po",
              file=sys.stderr)
        return EXIT_CATALOG_FAILED
    if not args.no_catalog:
        for code in translations(project / "conf.py"):
            print(f"wrote locale/{code}/LC_MESSAGES/papers/{paper_id}.po")
    print(f"next: write the summary in {page.relative_to(project)} (make html fails until "
          "then), check every field against the paper, add tags, code, builds-on and "
          "techniques, then make update-po and translate")
    return EXIT_OK


def add_command(commands) -> None:
    command = commands.add_parser(
        "add", help="add a paper: write its record, lock entry and catalog stub from its PDF",
        description="Write papers/<id>.md from the PDF (title, authors, date), its entry in "
        "the lock, the cached PDF and the Chinese catalog stub; the summary is left to write. "
        f"Exit status: {EXIT_OK} when written, {EXIT_REFUSED} when refused (nothing written), "
        f"{EXIT_CATALOG_FAILED} when only the catalog stub failed, 2 for a usage error.")
    command.add_argument("source", metavar="PDF_OR_URL",
                         help="the PDF: a URL (downloaded; it becomes the record's :pdf:) "
                         "or a local file (then --url is needed)")
    command.add_argument("--id", help="the record's id (default: a slug of the short title)")
    command.add_argument("--arxiv", metavar="ID", help="the paper's arXiv id, e.g. 2501.12948")
    command.add_argument("--url", help="for a local file: the URL it was published at")
    command.add_argument("--date", help="YYYY-MM-DD or YYYY-MM, when the PDF has none to read")
    command.add_argument("--no-catalog", action="store_true",
                         help="skip the catalog stub (run make update-po later)")
    command.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                         help="download timeout per connection and read (default 30)")
    cache.add_location_arguments(command)
    command.set_defaults(run=run)
