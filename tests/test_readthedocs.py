"""Read the Docs: the config validates against its schema; its build gives its URLs."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import SHARED
from site_build import PROJECT, copy_project, sphinx_build

SCHEMA = SHARED / "rtd" / "readthedocs-config-v2.schema.json"
HOST = "https://deepseek-papers.readthedocs.io"


def config() -> dict:
    return yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def test_config_validates_against_read_the_docs_schema():
    if not SCHEMA.is_file():
        pytest.skip(f"Read the Docs' schema is not here ({SCHEMA}): ../shared is absent")
    import jsonschema

    jsonschema.validate(config(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_config_installs_the_project_and_fetches_pdfs():
    data = config()
    assert data["version"] == 2
    assert {"method": "pip", "path": "."} in data["python"]["install"]
    assert float(data["build"]["tools"]["python"]) >= 3.12
    assert any(job.startswith("python -m papercat fetch")
               for jobs in data["build"]["jobs"].values() for job in jobs)
    assert data["sphinx"]["configuration"] == "conf.py"
    # Read the Docs passes -D language=zh_CN itself: nothing here may fix the language.
    assert "language" not in json.dumps(data)


def test_translation_build_as_read_the_docs_runs_it(tmp_path):
    """The command and environment of the Chinese project's build on Read the Docs."""
    srcdir = copy_project(tmp_path / "checkout")
    output = tmp_path / "output"
    env = {"READTHEDOCS": "True", "READTHEDOCS_LANGUAGE": "zh-cn",
           "READTHEDOCS_VERSION": "latest", "READTHEDOCS_PROJECT": "deepseek-papers-zh",
           "READTHEDOCS_CANONICAL_URL": f"{HOST}/zh-cn/latest/",
           "READTHEDOCS_OUTPUT": f"{output}/"}
    sphinx_build(srcdir, output / "html", srcdir / "_build" / "doctrees", "zh_CN", env=env)

    html = BeautifulSoup((output / "html" / "papers" / "deepseek-r1.html").read_text(
        encoding="utf-8"), "html.parser")
    assert html.html["lang"] == "zh-CN"
    assert html.select_one('link[rel="canonical"]')["href"] == \
        f"{HOST}/zh-cn/latest/papers/deepseek-r1.html"
    alternates = {link["hreflang"]: link["href"]
                  for link in html.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"en": f"{HOST}/en/latest/papers/deepseek-r1.html",
                          "zh-CN": f"{HOST}/zh-cn/latest/papers/deepseek-r1.html",
                          "x-default": f"{HOST}/en/latest/papers/deepseek-r1.html"}
    switch = html.select_one('nav.papercat-languages a[hreflang="en"]')
    assert switch["href"] == f"{HOST}/en/latest/papers/deepseek-r1.html"
