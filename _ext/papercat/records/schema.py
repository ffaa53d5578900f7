"""``python -m papercat schema``: write (or check) ``schemas/papers.schema.json``, the
committed schema of ``papers.json``, from the record's fields (``fields.papers_schema``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .fields import papers_schema

SCHEMA_FILE = Path(__file__).parent.parent / "schemas" / "papers.schema.json"


def schema_text() -> str:
    return json.dumps(papers_schema(), indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.check:
        if SCHEMA_FILE.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA_FILE} is not the schema of the record's fields: run "
                  "'python -m papercat schema'", file=sys.stderr)
            return 1
        return 0
    SCHEMA_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
    return 0


def add_command(commands) -> None:
    command = commands.add_parser(
        "schema", help="write schemas/papers.schema.json from the record's fields",
        description="Write the schema of papers.json from the record's fields "
        "(records/fields.py); --check: exit status 1 when the committed file differs.")
    command.add_argument("--check", action="store_true",
                         help="write nothing; fail if the committed schema is not up to date")
    command.set_defaults(run=run)
