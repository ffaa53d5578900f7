"""The one record of what each page shows (``domains/shown.py``): the decision alone.

The builds that prove what an edit rewrites are in test_scale.py, test_incremental.py,
test_techniques.py, test_reader.py and test_text_view.py.
"""

from __future__ import annotations

from types import SimpleNamespace

from papercat.domains.shown import ShownDomain


class Owner:
    """A domain that owns one kind: what it shows of each id now."""

    shown_kinds = ("card",)

    def __init__(self) -> None:
        self.now = {"a": "1", "b": "1"}

    def shown_digest(self, kind: str, target: str) -> str:
        return self.now.get(target, "")


def record(owner: Owner) -> ShownDomain:
    env = SimpleNamespace(domaindata={}, domains={"owner": owner})
    domain = ShownDomain(env)
    env.domains["shown"] = domain
    return domain


def test_a_page_is_rewritten_only_when_something_it_shows_changed():
    owner = Owner()
    shown = record(owner)
    shown.note("index", ("card", "a"), ("card", "b"))
    shown.note("tags/x", ("card", "b"))
    shown.note("about")
    assert shown.pages_to_rewrite() == []  # just read: written in this build anyway
    assert shown.pages_to_rewrite() == []  # a no-op
    owner.now["a"] = "2"
    assert shown.pages_to_rewrite() == ["index"]
    assert shown.pages_to_rewrite() == []  # written with the new digest


def test_a_reread_page_forgets_what_it_showed_and_parallel_reads_merge():
    owner = Owner()
    shown = record(owner)
    shown.note("index", ("card", "a"))
    shown.pages_to_rewrite()
    shown.clear_doc("index")
    shown.note("index", ("card", "b"))  # read again: it shows b now
    worker = record(owner)  # a -j worker read tags/x
    worker.note("tags/x", ("card", "a"))
    shown.merge_domaindata({"tags/x"}, worker.data)
    shown.pages_to_rewrite()
    owner.now["a"] = "2"
    assert shown.pages_to_rewrite() == ["tags/x"]


def test_an_item_without_an_owner_never_changes():
    shown = record(Owner())
    shown.note("index", ("unknown", "a"))
    shown.pages_to_rewrite()
    assert shown.pages_to_rewrite() == []
