"""Every problem in a record is a located, typed warning; -W makes it fatal."""

import re

import pytest
from sphinx.errors import SphinxWarning

from helpers import warnings_of

PAGE = """# Delta: Broken Record

:::{{paper}}
{options}

Delta is a record with a problem.
:::
"""


def record(options: str) -> dict[str, str]:
    return {"papers/delta.md": PAGE.format(options=options)}


@pytest.mark.parametrize(
    ("options", "subtype", "text"),
    [
        (":date: 2024-01-01", "missing-id", "no id"),
        (":id: Delta!\n:date: 2024-01-01", "bad-id", "not a lowercase slug"),
        (":id: delta", "missing-date", "no date"),
        (":id: delta\n:date: 2024-1-1", "bad-date", "is not a date"),
        (":id: delta\n:date: 2024-01-01\n:colour: blue", "unknown-option", "unknown option 'colour'"),
        (":id: delta\n:date: 2024-01-01\n:pdf: javascript:alert(1)", "bad-url", "javascript: URLs are not allowed"),
        (":id: delta\n:date: 2024-01-01\n:pdf: data:text/html,hi", "bad-url", "data: URLs are not allowed"),
        (":id: delta\n:date: 2024-01-01\n:code: file:///etc/passwd", "bad-url", "file: URLs are not allowed"),
        (":id: alpha\n:date: 2024-01-01", "duplicate-id", "duplicate paper id 'alpha'"),
        (":id: delta\n:date: 2024-01-01\n:builds-on: nobody", "unknown-paper", "unknown paper id 'nobody'"),
        (":id: delta\n:date: 2024-01-01\n:tags: nonsense", "unknown-tag", "tag 'nonsense' has no tag page"),
    ],
)
def test_bad_record_warns_with_location_and_type(project, options, subtype, text):
    app = project(record(options))
    warnings = warnings_of(app)
    assert text in warnings
    line = next(w for w in warnings.splitlines() if text in w)
    # file:line, then the type/subtype Sphinx appends for filterable warnings.
    assert re.search(r"papers[/\\]delta\.md:3: WARNING: ", line), line
    assert line.endswith(f"[papercat.{subtype}]"), line
    assert "Traceback" not in warnings


def test_warnings_can_be_suppressed_by_subtype(project):
    app = project(record(":id: delta\n:date: 2024-01-01\n:colour: blue"),
                  confoverrides={"suppress_warnings": ["papercat.unknown-option"]})
    assert warnings_of(app) == ""


def test_unknown_role_target_is_located(project):
    app = project({"papers/delta.md": "# Delta\n\nSee {paper}`nobody`.\n"})
    line = next(w for w in warnings_of(app).splitlines() if "unknown paper id 'nobody'" in w)
    assert re.search(r"papers[/\\]delta\.md:3: WARNING: .*\[papercat\.unknown-paper\]$", line)


def test_bad_listing_options_warn(project):
    app = project({"extra.md": "# Extra\n\n:::{paper-list}\n:limit: -3\n:year: soon\n:colour: red\n:::\n"})
    warnings = warnings_of(app)
    assert "limit: '-3' is not a positive number" in warnings
    assert "year: 'soon' is not a list of years" in warnings
    assert "unknown option 'colour'" in warnings
    assert all("extra.md:3" in w for w in warnings.splitlines() if "papercat" in w)


def test_with_W_the_build_fails(project):
    app = project(record(":id: delta\n:date: 2024-01-01\n:colour: blue"), warningiserror=True)
    assert app.statuscode == 1


def test_exception_on_warning_stops_at_the_record(project):
    with pytest.raises(SphinxWarning, match="unknown option"):
        project(record(":id: delta\n:date: 2024-01-01\n:colour: blue"),
                exception_on_warning=True)


def test_record_without_title_is_reported(project):
    app = project({"papers/delta.md": ":::{paper}\n:id: delta\n:date: 2024-01-01\n\nText.\n:::\n"})
    assert "must follow the page's title" in warnings_of(app)
