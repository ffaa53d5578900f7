"""``make rtd-rehearsal``: the Read the Docs builds of both projects, on this machine.

Each project (the English parent, the Chinese translation) gets what Read the Docs
gives it: its own ``git clone`` of this repository, a fresh virtual environment, the
steps of ``.readthedocs.yaml`` (read from the file, run in Read the Docs' order) with
Read the Docs' environment variables, and Sphinx run exactly as Read the Docs runs it.
The PDFs come from a local server that serves ``../shared/pdfs`` with injected faults
(``fault_server.py``); ``fetch`` reaches it through ``PAPERCAT_PDF_MIRROR``. A third
checkout gets a wrong paper under a record's id: under ``--best-effort`` its fetch
refuses that file and succeeds, and the site is published with every other paper;
the refused id's page links its arXiv abstract, and no site hosts the file.

Then it checks the sites and prints each check, and its wall time against Read the
Docs' 900 s. Exit status 0 only when every check passes; without ``../shared`` it
skips (status 0) and says why.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fault_server import FaultServer, Plan  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
SHARED_PDFS = PROJECT.parent / "shared" / "pdfs"
BUDGET = 900.0  # seconds: Read the Docs stops a build at 15 minutes
HOST = "https://deepseek-papers.readthedocs.io"

#: Read the Docs' order of a build; ``build.jobs`` may add commands at each step, and
#: replace Read the Docs' own steps (create_environment, install, build).
ORDER = [
    "post_checkout", "pre_system_dependencies", "post_system_dependencies",
    "pre_create_environment", "create_environment", "post_create_environment",
    "pre_install", "install", "post_install", "pre_build", "build", "post_build",
]

#: Read the Docs' language code (URLs, READTHEDOCS_LANGUAGE) -> Sphinx's (-D language=).
SPHINX_LANGUAGE = {"en": "en", "zh-cn": "zh_CN"}

#: Which fault each id gets (all 8 are in ../shared/pdfs and in pdfs.lock.json).
FAULTS = {
    "deepseek-coder-v2": "forbidden",
    "deepseekmoe": "unavailable-once",
    "deepseek-math-v2": "html",
    "deepseek-prover-v1.5": "truncated",
    "deepseek-v3.2-exp": "slow",
}
FAILING = sorted(i for i, f in FAULTS.items() if f != "unavailable-once")
GOOD = ["deepseek-r1", "deepseek-v2", "deepseek-v3", "deepseekmoe"]
#: The wrong-file run: V3.2-Exp's report under the V3.2 record's id, and not under its own
#: (so that no site may host those bytes); every other file as is.
WRONG_ID, WRONG_SOURCE = "deepseek-v3.2", "deepseek-v3.2-exp"


@dataclasses.dataclass(frozen=True)
class Step:
    name: str  # e.g. "pre_build", "install", "build"
    command: str


@dataclasses.dataclass(frozen=True)
class Project:
    slug: str  # Read the Docs project
    language: str  # Read the Docs language code
    run: str  # the fault server's run for its PDFs

    @property
    def canonical(self) -> str:
        return f"{HOST}/{self.language}/latest/"


PROJECTS = [Project("deepseek-papers", "en", "en"),
            Project("deepseek-papers-zh", "zh-cn", "zh-cn")]
WRONG_PROJECT = Project("deepseek-papers-wrong-file", "en", "wrong")


# -- .readthedocs.yaml -> steps -----------------------------------------------------------------


def install_commands(config: dict) -> list[str]:
    """``python.install``, as Read the Docs runs each entry."""
    commands = []
    for entry in config.get("python", {}).get("install", []):
        if entry.get("method") == "uv":
            raise ValueError("python.install with method: uv is not rehearsed")
        if "requirements" in entry:
            commands.append("python -m pip install --exists-action=w --no-cache-dir -r "
                            + shlex.quote(entry["requirements"]))
        else:
            extras = entry.get("extra_requirements") or []
            target = entry["path"] + (f"[{','.join(extras)}]" if extras else "")
            commands.append("python -m pip install --upgrade --upgrade-strategy only-if-needed "
                            "--no-cache-dir " + shlex.quote(target))
    return commands


def sphinx_command(config: dict, language: str) -> str:
    """Read the Docs' Sphinx command (readthedocs.org, doc_builder/backends/sphinx.py)."""
    sphinx = config.get("sphinx", {})
    builder = sphinx.get("builder", "html")
    options = " -W --keep-going" if sphinx.get("fail_on_warning") else ""
    return (f"python -m sphinx -T{options} -b {builder} -d _build/doctrees "
            f"-D language={SPHINX_LANGUAGE[language]} . $READTHEDOCS_OUTPUT/html")


def steps(config: dict, language: str, python: str = "python3") -> list[Step]:
    """Every step of one project's build, in Read the Docs' order."""
    build = config.get("build", {})
    if "commands" in build:
        raise ValueError("build.commands replaces Read the Docs' steps: not rehearsed")
    jobs = build.get("jobs", {})
    own = {
        "create_environment": [f"{python} -m venv $READTHEDOCS_VIRTUALENV_PATH",
                               "python -m pip install --upgrade --no-cache-dir pip setuptools"],
        "install": install_commands(config),
        "build": [sphinx_command(config, language)],
    }
    result = []
    for name in ORDER:
        commands = jobs.get(name)
        if isinstance(commands, dict):  # build.jobs.build.<builder>
            commands = commands.get(config.get("sphinx", {}).get("builder", "html"))
        result += [Step(name, command) for command in commands or own.get(name, [])]
    return result


def read_config(project: Path = PROJECT) -> dict:
    return yaml.safe_load((project / ".readthedocs.yaml").read_text(encoding="utf-8"))


# -- running one project's build -----------------------------------------------------------------


#: What a build keeps of this machine's environment: the basics, and its network settings
#: (proxies, certificate bundles, pip's and npm's own settings), without which ``pip
#: install`` or ``npm ci`` fail behind a proxy or with a CA of its own
#: (SELF_SIGNED_CERT_IN_CHAIN). Proxies are read in both cases, as curl, pip and npm do.
KEPT_NAMES = {"HOME", "LANG", "LC_ALL", "TMPDIR",
              "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
              "CURL_CA_BUNDLE",
              *(name for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY")
                for name in (proxy, proxy.lower()))}
KEPT_PREFIXES = ("PIP_", "npm_config_", "NPM_CONFIG_")


def kept_from_machine(environ: dict[str, str]) -> dict[str, str]:
    """The variables of ``environ`` a build keeps (see ``KEPT_NAMES``)."""
    return {name: value for name, value in environ.items()
            if name in KEPT_NAMES or name.startswith(KEPT_PREFIXES)}


def environment(project: Project, checkout: Path, venv: Path, mirror: str) -> dict[str, str]:
    """Read the Docs' variables, and only what a build machine has besides."""
    keep = kept_from_machine(dict(os.environ))
    path = os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
    path = [p for p in path if Path(p).resolve() != (PROJECT / ".venv" / "bin").resolve()]
    return {
        **keep,
        "PATH": os.pathsep.join([str(venv / "bin"), *path]),
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": project.slug,
        "READTHEDOCS_LANGUAGE": project.language,
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_CANONICAL_URL": project.canonical,
        "READTHEDOCS_OUTPUT": f"{checkout / '_readthedocs'}/",
        "READTHEDOCS_VIRTUALENV_PATH": str(venv),
        "READTHEDOCS_REPOSITORY_PATH": str(checkout),
        "PAPERCAT_PDF_MIRROR": mirror,
    }


@dataclasses.dataclass
class Outcome:
    project: Project
    checkout: Path
    failed_step: Step | None = None
    fetch_status: int | None = None
    seconds: float = 0.0


def clone(source: Path, target: Path) -> None:
    """A clone of what is committed in ``source``, as Read the Docs checks it out."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "-c", "advice.detachedHead=false", "clone", "--quiet",
                    "--no-hardlinks", str(source), str(target)], check=True)


def run_build(project: Project, config: dict, workdir: Path, mirror: str,
              fetch_must_fail: bool = False) -> Outcome:
    """One project's build: every step until one fails.

    With ``fetch_must_fail``, a failing fetch does not stop it: the rest runs as a
    second try would, to show that the refused file is still hosted nowhere.
    """
    started = time.monotonic()
    checkout, venv = workdir / project.run / "checkout", workdir / project.run / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    clone(PROJECT, checkout)
    env = environment(project, checkout, venv, mirror)
    log = (workdir / f"{project.run}.log").open("w", encoding="utf-8")
    outcome = Outcome(project, checkout)
    with log:
        for step in steps(config, project.language, sys.executable):
            command = step.command
            log.write(f"\n$ [{step.name}] {command}\n")
            log.flush()
            done = subprocess.run(["/bin/bash", "-c", command], cwd=checkout, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
            if "papercat fetch" in command:
                outcome.fetch_status = done.returncode
                if fetch_must_fail:
                    continue
            if done.returncode != 0:
                log.write(f"exit status {done.returncode}\n")
                outcome.failed_step = step
                break
    outcome.seconds = time.monotonic() - started
    return outcome


# -- checks --------------------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.failed = 0

    def __call__(self, ok: bool, what: str, detail: str = "") -> bool:
        self.failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""),
              flush=True)
        return ok


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def files_with_sha256(folder: Path, sha256: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and sha256_of(p) == sha256]


def attribute(html: str, tag_start: str, name: str) -> str:
    """``name="..."`` of the first tag that begins with ``tag_start``, or ""."""
    at = html.find(tag_start)
    if at < 0:
        return ""
    tag = html[at:html.find(">", at)]
    key = f'{name}="'
    return tag[tag.find(key) + len(key):].split('"', 1)[0] if key in tag else ""


def check_site(check: Checks, outcome: Outcome, lock: dict) -> None:
    project, html = outcome.project, outcome.checkout / "_readthedocs" / "html"
    name = f"[{project.language}]"
    for pdf_id in GOOD:
        hosted = html / "pdf" / f"{pdf_id}.pdf"
        sha = sha256_of(hosted) if hosted.is_file() else "not hosted"
        check(sha == lock[pdf_id]["sha256"], f"{name} pdf/{pdf_id}.pdf hosted, the lock's sha256",
              sha[:12])
    for pdf_id in FAILING:
        page = (html / "papers" / f"{pdf_id}.html").read_text(encoding="utf-8")
        url = lock[pdf_id]["url"]
        check(not (html / "pdf" / f"{pdf_id}.pdf").exists() and f'href="{url}"' in page,
              f"{name} {pdf_id} ({FAULTS[pdf_id]}): not hosted, links {url}")
    page = (html / "papers" / "deepseek-r1.html").read_text(encoding="utf-8")
    own = f"{project.canonical}papers/deepseek-r1.html"
    other = next(p for p in PROJECTS if p != project)
    theirs = f"{other.canonical}papers/deepseek-r1.html"
    check(attribute(page, '<link rel="canonical"', "href") == own, f"{name} canonical", own)
    check(f'hreflang="{"zh-CN" if other.language == "zh-cn" else "en"}" href="{theirs}"' in page,
          f"{name} hreflang of the other language", theirs)
    check(attribute(page, '<a class="papercat-language papercat-language-link"', "href")
          == theirs, f"{name} language switch", theirs)
    reader = html / "read" / "deepseek-r1.html"
    check(reader.is_file() and 'href="../read/deepseek-r1.html' in page
          and (html / "_static" / "pdfjs" / "pdf.min.mjs").is_file(),
          f"{name} the online reader of a hosted PDF, with PDF.js from npm ci")
    check('name="readthedocs-addons-api-version"' in page and "papercat-languages.js" in page,
          f"{name} Addons API meta tag and papercat-languages.js")
    notfound = html / "404.html"
    check(notfound.is_file() and f'href="/{project.language}/latest/_static/' in
          notfound.read_text(encoding="utf-8"),
          f"{name} 404.html, its links under /{project.language}/latest/")
    pagefind = html / "pagefind"
    search = (html / "search.html").read_text(encoding="utf-8")
    served = pagefind / "papercat-recent.json"
    # A fresh build writes the whole index: one bundle, no overlay of recent changes.
    check((pagefind / "pagefind.js").is_file() and any(pagefind.glob("fragment/*"))
          and served.is_file() and json.loads(served.read_text(encoding="utf-8"))
          == {"recent": None, "replaced": []} and "papercat-search.js" in search,
          f"{name} the Pagefind search bundle (pagefind/, no overlay), and the search page "
          "on it")
    robots = html / "robots.txt"
    text = robots.read_text(encoding="utf-8") if robots.is_file() else ""
    check(all(f"Sitemap: {p.canonical}sitemap.xml" in text for p in PROJECTS),
          f"{name} robots.txt names both sitemaps")


def record_arxiv(checkout: Path, pdf_id: str) -> str:
    """The record's ``:arxiv:`` id, read from its page."""
    page = (checkout / "papers" / f"{pdf_id}.md").read_text(encoding="utf-8")
    return next((line.split(":", 2)[2].strip() for line in page.splitlines()
                 if line.startswith(":arxiv:")), "")


def check_refused(check: Checks, outcome: Outcome, lock: dict, log: Path) -> None:
    """The wrong-file site: the refusal is a notice, the site is whole but for that PDF."""
    name = f"wrong file ({WRONG_SOURCE}.pdf as {WRONG_ID})"
    output = log.read_text(encoding="utf-8") if log.is_file() else ""
    check(outcome.fetch_status == 0 and f"refused: {WRONG_ID}: " in output,
          f"{name}: fetch --best-effort refuses it, names it, and succeeds",
          f"exit status {outcome.fetch_status}")
    cached = outcome.checkout / ".cache" / "pdfs" / f"{WRONG_ID}.pdf"
    check(not cached.exists(), f"{name}: nothing cached for {WRONG_ID}")
    step = outcome.failed_step
    check(step is None, f"{name}: the site builds ({outcome.seconds:.0f} s)",
          f"failed at {step.name} (see {log.name})" if step else "")
    if step is not None:
        return
    html = outcome.checkout / "_readthedocs" / "html"
    missing = [pdf_id for pdf_id in sorted(lock) if (SHARED_PDFS / f"{pdf_id}.pdf").is_file()
               and pdf_id != WRONG_SOURCE and not (html / "pdf" / f"{pdf_id}.pdf").is_file()]
    check(not missing, f"{name}: every other mirrored paper's PDF is hosted", ", ".join(missing))
    page_file = html / "papers" / f"{WRONG_ID}.html"
    page = page_file.read_text(encoding="utf-8") if page_file.is_file() else ""
    abstract = f"https://arxiv.org/abs/{record_arxiv(outcome.checkout, WRONG_ID)}"
    url = record_url(outcome.checkout, WRONG_ID)
    check(f'href="{abstract}"' in page and "paper-pdf-refused" in page
          and f'href="{url}"' not in page and not (html / "pdf" / f"{WRONG_ID}.pdf").exists(),
          f"{name}: its page says so and links {abstract}, never the refused URL")


def record_url(checkout: Path, pdf_id: str) -> str:
    """The record's ``:pdf:`` URL, read from its page."""
    page = (checkout / "papers" / f"{pdf_id}.md").read_text(encoding="utf-8")
    return next((line.split(":", 2)[2].strip() for line in page.splitlines()
                 if line.startswith(":pdf:")), "")


# -- the rehearsal -------------------------------------------------------------------------------


def rehearse(workdir: Path, stall: float) -> int:
    started = time.monotonic()
    config = read_config()
    check = Checks()
    tools = config["build"]["tools"]["python"]
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    check(tools == here, "build.tools.python is the Python of this machine and the lock",
          f"{tools} vs {here}")
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           cwd=PROJECT, capture_output=True, text=True).stdout
    if dirty:
        print("notice: uncommitted changes are not rehearsed (it clones what is committed)")
    lock = json.loads((PROJECT / "pdfs.lock.json").read_text(encoding="utf-8"))["pdfs"]
    plans = {p.run: Plan(FAULTS) for p in PROJECTS}
    plans[WRONG_PROJECT.run] = Plan({WRONG_ID: f"as:{WRONG_SOURCE}", WRONG_SOURCE: "forbidden"})
    workdir.mkdir(parents=True, exist_ok=True)
    # Names only: a proxy URL or a setting may hold a password.
    print("kept from this machine's environment: "
          + (", ".join(sorted(kept_from_machine(dict(os.environ)))) or "nothing"))
    print(f"Read the Docs rehearsal in {workdir} (logs: <run>.log); PDFs from {SHARED_PDFS} "
          f"with faults: " + ", ".join(f"{i} {f}" for i, f in FAULTS.items()), flush=True)
    with FaultServer(SHARED_PDFS, plans, stall=stall) as server, \
            ThreadPoolExecutor(max_workers=3) as pool:
        builds = [pool.submit(run_build, p, config, workdir, server.url(p.run)) for p in PROJECTS]
        wrong = pool.submit(run_build, WRONG_PROJECT, config, workdir,
                            server.url(WRONG_PROJECT.run))
        outcomes = [b.result() for b in builds]
        wrong_outcome = wrong.result()

    for outcome in outcomes:
        step = outcome.failed_step
        check(step is None, f"[{outcome.project.language}] {outcome.project.slug} builds "
              f"({outcome.seconds:.0f} s)",
              f"failed at {step.name}: {step.command} (see {outcome.project.run}.log)"
              if step else "")
    for outcome in outcomes:
        if outcome.failed_step is None:
            check_site(check, outcome, lock)

    wrong_sha = sha256_of(SHARED_PDFS / f"{WRONG_SOURCE}.pdf")
    check_refused(check, wrong_outcome, lock, workdir / f"{WRONG_PROJECT.run}.log")
    hosting = [path for outcome in [*outcomes, wrong_outcome]
               for path in files_with_sha256(outcome.checkout / "_readthedocs", wrong_sha)]
    check(not hosting, "wrong file: hosted nowhere, in any of the 3 sites (no output file has "
          "its sha256)", ", ".join(str(p) for p in hosting))

    elapsed = time.monotonic() - started
    check(elapsed <= BUDGET, f"wall time {elapsed:.0f} s of Read the Docs' {BUDGET:.0f} s")
    print(f"{check.failed} check(s) failed" if check.failed else "every check passed")
    return 1 if check.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=PROJECT / "_build" / "rehearsal")
    parser.add_argument("--stall", type=float, default=120.0,
                        help="seconds the slow file stalls (longer than fetch's timeout)")
    args = parser.parse_args(argv)
    if not SHARED_PDFS.is_dir():
        print(f"rtd-rehearsal: skipped: its PDF mirror {SHARED_PDFS} is absent (../shared)")
        return 0
    return rehearse(args.workdir.resolve(), args.stall)


if __name__ == "__main__":
    sys.exit(main())
