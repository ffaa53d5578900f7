import sys
from pathlib import Path

# The extension under test, from this repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

extensions = ["myst_parser", "papercat"]
myst_enable_extensions = ["colon_fence"]
project = "Test papers"
exclude_patterns = ["_build"]
locale_dirs = ["locale/"]
gettext_compact = False
html_theme = "furo"
html_sidebars = {"**": ["sidebar/brand.html", "papercat/language-switch.html",
                        "sidebar/navigation.html"]}
# Explicit, so that furo does not change their defaults between two builds in one process.
pygments_style = "sphinx"
pygments_dark_style = "monokai"
# Pagefind (about half a second a build) only where a test asks for it.
papercat_search = "sphinx"
