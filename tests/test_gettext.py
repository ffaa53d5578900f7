"""What translators get: summaries and titles in the .pot, never labels, URLs, ids, names."""

import pytest


@pytest.mark.sphinx("gettext", testroot="basic", srcdir="basic-gettext")
def test_pot_holds_content_and_nothing_generated(app):
    app.build()
    pot = (app.outdir / "papers" / "alpha.pot").read_text(encoding="utf-8")
    msgids = [line for line in pot.splitlines() if line.startswith("msgid")]
    assert msgids[1:] == [
        'msgid "Alpha: The First Paper"',
        'msgid "Alpha introduces **the first** model of the series. It is small."',
    ]
    for leaked in ("Download PDF", "Published", "Authors", "Cite", "https://", "2401.00001",
                   "Ada Lovelace", "alpha", "@misc", "January"):
        assert leaked not in "\n".join(msgids[1:]), leaked
    index = (app.outdir / "index.pot").read_text(encoding="utf-8")
    # The role keeps its markup in the message, the listing adds nothing.
    assert "{paper}`alpha`" in index
    assert "Gamma" not in index and "No papers" not in index
