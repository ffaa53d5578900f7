"""The one boundary where papercat reaches into the internals of other projects.

Everything papercat does through Sphinx's, MyST-Parser's or furo's public
interfaces lives in the other modules; every reach past them lives here, as a
:class:`Patch` that names the project, the versions it was verified on and the
first version it is not trusted with. Outside that range, or under another
theme, a patch stays off and says so once: the build stays correct, slower at
most (furo's few hard-coded English labels stay English). To upgrade a project,
re-lock, run ``make test``, ``make test-browser`` and ``make bench`` on the new
version, then add it to ``verified`` (and move ``below``) of each patch here.
"""

from __future__ import annotations

import dataclasses
import weakref
from importlib import metadata
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
#: Per application: the names of the patches that are on.
_ON: weakref.WeakKeyDictionary[Sphinx, set[str]] = weakref.WeakKeyDictionary()


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


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def patches() -> list[Patch]:
    from . import furo_internals, myst_internals, sphinx_internals  # noqa: PLC0415

    return [*sphinx_internals.PATCHES, *myst_internals.PATCHES, *furo_internals.PATCHES]


def is_on(app: Sphinx, name: str) -> bool:
    return name in _ON.get(app, ())


def setup(app: Sphinx) -> None:
    """Install every patch whose project is in range; one notice for each that is not."""
    _ON[app] = set()
    for patch in patches():
        version = installed_version(patch.project)
        if patch.trusts(version):
            _ON[app].add(patch.name)
            if patch.install is not None:
                patch.install(app)
        else:
            logger.info("papercat: %s %s is not among the versions patch %r was verified on "
                        "(%s to below %s); it is off: %s", patch.project, version or "(missing)",
                        patch.name, min(patch.verified, key=Version), patch.below,
                        patch.when_off)
