"""What a format of the catalogue's files declares (``Export``), and what it is made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domains.papers import PaperDomain
    from ..records.papers import Paper


@dataclass(frozen=True)
class Catalogue:
    """What a format is made from: the build, and every record, newest first."""

    app: Sphinx
    domain: PaperDomain
    papers: list[Paper]


@dataclass(frozen=True)
class Export:
    """One of the catalogue's files."""

    #: The file's name in each language's output root.
    name: str
    #: Its link in the downloads row, in the build's language (``_("...")`` of the
    #: extension's catalog), or None: not offered there (the sitemap, robots.txt).
    label: Callable[[], str] | None
    #: Everything the file is made from, as a value whose ``repr`` is stable: cheap, unlike
    #: the file itself. The file is rewritten only when it changes.
    inputs: Callable[[Catalogue], Any]
    #: The file's bytes.
    maker: Callable[[Catalogue], bytes]
    #: Its link's class in the downloads row, ``paper-download-<kind>``: by default the
    #: name's suffix (``csv`` for ``papers.csv``).
    kind: str = ""
    #: Its place among the built-in formats (the downloads row's order), lowest first; the
    #: formats a site adds come after them, in the order it adds them.
    position: int = 100
