"""Read the Docs: the config validates against its schema; its build gives its URLs."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import SHARED
from helpers.site import PROJECT, built_site, copy_project, sphinx_build

SCHEMA = SHARED / "rtd" / "readthedocs-config-v2.schema.json"
HOST = "https://deepseek-papers.readthedocs.io"


def config() -> dict:
    return yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def test_config_validates_against_read_the_docs_schema():
    if not SCHEMA.is_file():
        pytest.skip(f"Read the Docs' schema is not here ({SCHEMA}): ../shared is absent")
    import jsonschema

    jsonschema.validate(config(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_config_installs_the_lock_then_the_project_and_fetches_pdfs():
    data = config()
    assert data["version"] == 2
    # The locked versions (with hashes), then the project alone: nothing resolved again.
    assert data["python"]["install"] == [{"requirements": "requirements/docs.txt"}]
    assert data["build"]["jobs"]["post_install"] == ["python -m pip install --no-deps ."]
    # The Python the lock is resolved for (`make lock`), and that CI runs.
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    lock_python = next(line.split(":=")[1].strip() for line in makefile.splitlines()
                       if line.startswith("LOCK_PYTHON"))
    assert lock_python.startswith(data["build"]["tools"]["python"] + ".")
    # A failed download is a notice; a wrong file still fails the build.
    assert any(job.startswith("python -m papercat fetch") and "--best-effort" in job
               for job in data["build"]["jobs"]["pre_build"])
    assert data["sphinx"]["configuration"] == "conf.py"
    # Read the Docs passes -D language=zh_CN itself: nothing here may fix the language.
    assert "language" not in json.dumps(data)


def test_search_ranks_paper_pages_above_tag_pages():
    ranking = config()["search"]["ranking"]
    assert ranking["papers/*.html"] > 0 > ranking["tags/*.html"]


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
    # Read the Docs Addons sends its data (readthedocs-addons-data-ready) to our switch.
    assert html.select_one('meta[name="readthedocs-addons-api-version"]')["content"] == "1"
    assert html.select_one('script[src*="papercat-languages.js"]') is not None

    # The 404 page: in Chinese, its links absolute under /zh-cn/latest/ (it is served
    # at any depth), and no lone relative link.
    notfound = BeautifulSoup((output / "html" / "404.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert next(notfound.h1.stripped_strings) == "页面未找到"
    assert "此地址没有页面" in notfound.get_text()
    stylesheets = [link["href"] for link in notfound.select('link[rel="stylesheet"]')]
    assert stylesheets and all(href.startswith("/zh-cn/latest/_static/") for href in stylesheets)
    assert notfound.select_one("a.sidebar-brand")["href"] == "/zh-cn/latest/index.html"

    # robots.txt names both sitemaps.
    robots = (output / "html" / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {HOST}/en/latest/sitemap.xml" in robots.splitlines()
    assert f"Sitemap: {HOST}/zh-cn/latest/sitemap.xml" in robots.splitlines()
    # The sitemap holds the papers, and not the 404 page.
    sitemap = (output / "html" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{HOST}/zh-cn/latest/papers/deepseek-r1.html</loc>" in sitemap
    assert "404.html" not in sitemap


def test_local_build_has_a_404_page_and_a_robots_txt_without_sitemaps(tmp_path_factory):
    """Off Read the Docs: links under /<language>/ (`make serve`), no Sitemap lines."""
    html = built_site(tmp_path_factory, "en")
    notfound = BeautifulSoup((html / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert next(notfound.h1.stripped_strings) == "Page not found"
    assert notfound.select_one("a.sidebar-brand")["href"] == "/en/index.html"
    robots = (html / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Sitemap:" not in robots
