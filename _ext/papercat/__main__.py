"""Command line of the extension: ``python -m papercat <command>``."""

from __future__ import annotations

import argparse
import sys

from .i18n import translations
from .pdfs import add, fetch
from .records import schema
from .site import events, landing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m papercat")
    commands = parser.add_subparsers(dest="command", required=True)
    landing.add_command(commands)
    events.add_command(commands)
    translations.add_command(commands)
    fetch.add_command(commands)
    add.add_command(commands)
    schema.add_command(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
