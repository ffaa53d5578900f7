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
