"""The events table's order is the build's: Sphinx emits the events in ``BUILD_ORDER`` and
calls one event's handlers as ``compat.sphinx_internals.handlers_in_calling_order`` says."""

from __future__ import annotations

from helpers import PROJECT

from papercat.compat.sphinx_internals import handlers_in_calling_order
from papercat.site import events

#: Emitted while the application is made (``Sphinx.__init__``).
SETUP = ("config-inited", "builder-inited")
#: What each event's recorder returns: a list where Sphinx reads one, else nothing.
RETURNS_A_LIST = {"env-get-outdated", "env-get-updated", "html-collect-pages"}


def test_a_build_emits_the_events_in_the_tables_order(project):
    app = project(build=False)
    emitted: list[str] = []

    def recorder(event: str):
        def record(app, *args):
            if event not in emitted:
                emitted.append(event)
            return [] if event in RETURNS_A_LIST else None
        return record

    # The first two are emitted while the application is made, before anything else.
    assert events.BUILD_ORDER[:2] == SETUP
    for event in events.BUILD_ORDER[2:]:
        app.connect(event, recorder(event))
    app.build()
    assert emitted == [event for event in events.BUILD_ORDER if event in emitted]
    # Every event the extension listens to was in the record.
    listened = {row.event for row in events.connected_rows(PROJECT)}
    assert listened - set(SETUP) <= set(emitted)


def names(app, event: str) -> list[str]:
    return [getattr(handler, "__qualname__", "") for handler, _priority in
            handlers_in_calling_order(app)[event]]


def test_handlers_of_one_event_run_by_priority_then_as_connected(project):
    app = project(build=False)
    page = names(app, "html-page-context")
    # The sidebar's toctree is made visible before furo renders it (500), and furo's
    # labels are translated after (600).
    assert page.index("sidebar_without_hidden") < page.index("_html_page_context") \
        < page.index("translate_navigation_labels") < page.index("navigation_caption_levels")
    # Translated nodes are given back to their page after every other reader.
    assert names(app, "doctree-read")[-1] == "adopt_translated_nodes"
    calls: list[str] = []
    for name, priority in (("late", 700), ("first-500", 500), ("early", 300),
                           ("second-500", 500)):
        app.connect("builder-inited", lambda app, name=name: calls.append(name),
                    priority=priority)
    app.events.emit("builder-inited")
    assert calls == ["early", "first-500", "second-500", "late"]
