"""First-page thumbnails: rendered with pypdfium2 in a subprocess, cached by sha256.

PDFium is not thread-safe and a hostile page can take very long to render, so
the build never renders in its own process: it runs this file as a script,
with a time limit. This file imports nothing of the package for that reason.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTH = 300  # CSS pixels; the 2x image is twice as wide
TIME_LIMIT = 30.0  # seconds for both images


def available() -> bool:
    return importlib.util.find_spec("pypdfium2") is not None and \
        importlib.util.find_spec("PIL") is not None


def make_thumbnails(pdf: Path, targets: tuple[Path, Path],
                    time_limit: float = TIME_LIMIT) -> str:
    """Render page 1 into ``targets`` (1x, 2x) unless they exist; return "" or why not."""
    if all(target.is_file() for target in targets):
        return ""
    targets[0].parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, str(pdf), *map(str, targets)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True,
                                   timeout=time_limit, check=False)
    except subprocess.TimeoutExpired:
        return f"rendering took longer than {time_limit:g} s"
    if completed.returncode != 0:
        lines = (completed.stderr or "").strip().splitlines()
        return lines[-1] if lines else f"the renderer exited with {completed.returncode}"
    return ""


def render(pdf: str, target_1x: str, target_2x: str) -> None:
    """In the subprocess: page 1 at WIDTH and 2 x WIDTH pixels, as WebP, written atomically."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        for target, width in ((target_1x, WIDTH), (target_2x, 2 * WIDTH)):
            image = page.render(scale=width / page.get_width()).to_pil()
            handle, temp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
            os.close(handle)
            try:
                image.save(temp, format="WEBP", quality=80, method=4)
                os.chmod(temp, 0o644)  # published as is
                os.replace(temp, target)
            finally:
                if os.path.exists(temp):
                    os.unlink(temp)
    finally:
        document.close()


if __name__ == "__main__":
    try:
        render(*sys.argv[1:4])
    except Exception as error:  # reported to the build as one line, not a traceback
        sys.exit(f"cannot render the first page: {type(error).__name__}: {error}")
