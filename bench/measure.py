"""One Sphinx build in its own process: wall time, peak memory of its process tree.

Memory is the proportional set size (PSS) summed over the build process and its
children (``-j`` workers are forked and share pages with their parent: adding
their RSS would count the shared pages twice), sampled from /proc.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

SAMPLE_EVERY = 0.2  # seconds


@dataclasses.dataclass
class Build:
    seconds: float
    cpu_seconds: float  # user + system, the build and its -j workers
    peak_mb: float
    load: float  # highest 1-minute load average seen (the build adds 1 to 2; more is others')
    read: int  # documents read (added or changed)
    written: int  # HTML pages written


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` still alive."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def memory_kb(pid: int) -> int:
    """PSS of one process in kB (RSS where smaps_rollup is missing)."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
        except OSError:
            continue
        if match := re.search(rf"^{field}\s+(\d+) kB", text, re.M):
            return int(match.group(1))
    return 0


class PeakMemory(threading.Thread):
    """Samples the memory of a process tree until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.load = pid, 0, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            total = sum(memory_kb(p) for p in [self.pid, *children(self.pid)])
            self.peak_kb = max(self.peak_kb, total)
            self.load = max(self.load, os.getloadavg()[0])
            self.done.wait(SAMPLE_EVERY)

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def documents_read(log: str) -> int:
    """From "updating environment: 3 added, 1 changed, 0 removed" (serial or ``-j``)."""
    match = re.search(r"^updating environment: .*?(\d+) added, (\d+) changed", log, re.M)
    return int(match.group(1)) + int(match.group(2)) if match else 0


def page_times(outdir: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


class BuildFailed(RuntimeError):
    pass


def sphinx_build(srcdir: Path, outdir: Path, doctrees: Path, options: list[str],
                 log: Path) -> Build:
    """Run ``python -m sphinx -b html`` once; the log keeps its output."""
    # --no-color: with CI=true Sphinx colours its output even into a file.
    command = [sys.executable, "-m", "sphinx", "--no-color", "-b", "html", *options,
               "-d", str(doctrees), str(srcdir), str(outdir)]
    before = page_times(outdir) if outdir.is_dir() else {}
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        sampler = PeakMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = status = os.waitstatus_to_exitcode(status)
        peak = sampler.stop()
    text = log.read_text(encoding="utf-8")
    if status:
        tail = "\n".join(text.splitlines()[-20:])
        raise BuildFailed(f"{' '.join(command)} exited {status}:\n{tail}")
    written = sum(before.get(p) != t for p, t in page_times(outdir).items())
    return Build(seconds, usage.ru_utime + usage.ru_stime, peak, sampler.load,
                 documents_read(text), written)


def size_mb(folder: Path) -> float:
    """Bytes of every file under ``folder`` (apparent size, not disk blocks)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
