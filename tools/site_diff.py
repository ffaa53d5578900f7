"""Compare two built sites (``_build/html`` of two commits), as a restructuring must leave them.

``python tools/site_diff.py BEFORE AFTER [--show]`` lists the files only one side has and
the files that differ, ignoring what differs without a reader seeing it: the Pagefind
bundles (content-hashed names), the doctrees and ``.buildinfo``, the ``?v=`` checksums
of static files in the pages, a script tag named with ``--ignore-script``, and
whitespace between lines. ``--show`` prints the first changed lines of each file.
Exit status 0 when nothing differs, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

SKIPPED = {"pagefind", "pagefind-recent", ".doctrees", ".buildinfo", ".buildinfo.bak"}
TEXT = {".html", ".js", ".css", ".json", ".xml", ".atom", ".svg", ".txt", ".bib"}


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and not SKIPPED & set(p.relative_to(root).parts)}


def normalised(path: Path, scripts: list[str]) -> bytes:
    data = path.read_bytes()
    if path.suffix not in TEXT:
        return data
    data = re.sub(rb"\?v=[0-9a-f]{8}", b"?v=X", data)
    for name in scripts:
        data = re.sub(rb'<script[^>]*src="[^"]*' + re.escape(name.encode()) + rb'[^"]*"></script>',
                      b"", data)
    return re.sub(rb"\n+", b"\n", re.sub(rb"[ \t]*\n[ \t]*", b"\n", data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-script", action="append", default=[], metavar="NAME",
                        help="a script tag to leave out (a script removed on purpose)")
    parser.add_argument("--show", action="store_true", help="the first changed lines")
    args = parser.parse_args(argv)
    before, after = files(args.before), files(args.after)
    differing = [name for name in sorted(before & after)
                 if normalised(args.before / name, args.ignore_script)
                 != normalised(args.after / name, args.ignore_script)]
    for name in sorted(before - after):
        print(f"only before: {name}")
    for name in sorted(after - before):
        print(f"only after: {name}")
    for name in differing:
        print(f"differs: {name}")
        if args.show:
            old = normalised(args.before / name, args.ignore_script).decode(errors="replace")
            new = normalised(args.after / name, args.ignore_script).decode(errors="replace")
            for line in list(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                                  lineterm="", n=0))[2:12]:
                print("    " + line[:200])
    print(f"{len(before ^ after)} files on one side only, {len(differing)} differ")
    return 1 if differing or before ^ after else 0


if __name__ == "__main__":
    sys.exit(main())
