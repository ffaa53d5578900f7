"""The one boundary where papercat reaches into the internals of other projects.

Everything papercat does through Sphinx's, MyST-Parser's or furo's public
interfaces lives in the other modules; every reach past them lives here, as a
:class:`Patch` that names the project, the versions it was verified on and the
first version it is not trusted with. Outside that range, or under another
theme, a patch stays off and says so once: the build stays correct, slower at
most (furo's few hard-coded English labels stay English). To upgrade a project,
re-lock, run ``make test``, ``make test-browser`` and ``make bench`` on the new
version, then add it to ``verified`` (and move ``below``) of each patch here.

``versions`` (what a patch is) is the base: the modules of patches import it, and
this package imports them, so nothing here imports in a circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.version import Version
from sphinx.util import logging

from . import furo_internals, myst_internals, sphinx_internals, versions
from .versions import Patch

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def patches() -> list[Patch]:
    return [*sphinx_internals.PATCHES, *myst_internals.PATCHES, *furo_internals.PATCHES]


def setup(app: Sphinx) -> None:
    """Install every patch whose project is in range; one notice for each that is not."""
    for patch in patches():
        version = versions.installed_version(patch.project)
        if patch.trusts(version):
            if patch.install is not None:
                patch.install(app)
        else:
            logger.info("papercat: %s %s is not among the versions patch %r was verified on "
                        "(%s to below %s); it is off: %s", patch.project, version or "(missing)",
                        patch.name, min(patch.verified, key=Version), patch.below,
                        patch.when_off)
