"""One record of what each page shows of other records, and which pages to rewrite.

While a page is read, each thing it shows of another record is noted as (kind, id): a
paper's link, a listing's cards, the lineage chart, a technique's users, the thumbnails,
the reader, a text view. The notes are kept by docname, as in ``sphinx.ext.todo``, so a
re-read page forgets its old ones and ``-j`` merges them. The domain that owns a kind
(``shown_kinds``) says what the item looks like now (``shown_digest``). At
``env-get-updated`` one handler compares each noted item's digest with the one the page
was last written with, and rewrites the pages whose items changed. Digests are noted at
that moment: the pages returned, and those just read, are written in this build.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from .base import PerDocumentDomain

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: What a page shows of another record: (kind, id); the id is "" for the one of its kind.
Item = tuple[str, str]


def digest(value: Any) -> str:
    """A digest of what is shown, stable across processes (``repr``, not ``hash``)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


class ShownDomain(PerDocumentDomain):
    name = "shown"
    label = "What pages show"
    initial_data: ClassVar[dict[str, Any]] = {
        "pages": {},  # docname -> {(kind, id): digest as last written; None until then}
    }
    data_version = 1

    def note(self, docname: str, *items: Item) -> None:
        """While ``docname`` is read: it shows these items of other records."""
        shows = self.data["pages"].setdefault(docname, {})
        for item in items:
            shows.setdefault(item, None)

    def digests_now(self) -> Callable[[Item], str]:
        """Each item's digest now, asked of the domain that owns its kind, once per item."""
        owners = {kind: domain for domain in self.env.domains.values()
                  for kind in getattr(domain, "shown_kinds", ())}
        now: dict[Item, str] = {}

        def current(item: Item) -> str:
            if item not in now:
                owner = owners.get(item[0])
                now[item] = owner.shown_digest(*item) if owner else ""
            return now[item]

        return current

    def pages_to_rewrite(self) -> list[str]:
        """Pages written with an item that changed since; every page's digests become
        those it is written with in this build."""
        current = self.digests_now()
        pages = []
        for docname, shows in self.data["pages"].items():
            changed = False
            for item, noted in shows.items():
                if noted != (now := current(item)):
                    shows[item] = now
                    changed |= noted is not None  # None: just read, written anyway
            if changed:
                pages.append(docname)
        return sorted(pages)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []  # no roles: the base class would raise for the "any" role


def rewritten_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages that show something that changed."""
    return [doc for doc in env.domains[ShownDomain.name].pages_to_rewrite()
            if doc in env.found_docs]


def setup(app: Sphinx) -> None:
    app.add_domain(ShownDomain)
    app.connect("env-get-updated", rewritten_pages)
