"""A patch and the versions it is trusted with (the base of ``compat``: imports no patch)."""

from __future__ import annotations

import dataclasses
import functools
from importlib import metadata
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


@dataclasses.dataclass(frozen=True)
class Patch:
    name: str
    #: The distribution it reaches into, as pip names it.
    project: str
    #: Versions the tests and the benchmark passed on; the lowest is the range's start.
    verified: tuple[str, ...]
    #: The first version it is not trusted with.
    below: str
    #: What a build does without it.
    when_off: str
    #: Connects the patch to the application, within the range only; patches that
    #: are asked (``is_on``) rather than connected have none.
    install: Callable[[Sphinx], None] | None = None

    def trusts(self, version: str | None) -> bool:
        try:
            installed = Version(version or "")
        except InvalidVersion:
            return False
        return min(map(Version, self.verified)) <= installed < Version(self.below)

    def is_on(self) -> bool:
        """Whether the installed version of its project is one it trusts."""
        return self.trusts(installed_version(self.project))


@functools.cache  # asked on every page (the sidebar, a PDF's links): metadata reads files
def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
