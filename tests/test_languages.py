"""Language editions: the switch, hreflang alternates, <html lang>, per-language settings."""

import posixpath

import pytest
from bs4 import BeautifulSoup
from helpers.site import built_site

from papercat.i18n.catalog import html_lang
from papercat.i18n.languages import readthedocs_language_url, url_slug


def page(app, name):
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def alternates(html):
    return {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}


def switch(html):
    nav = html.select_one("nav.papercat-languages")
    return nav, {a.get_text(): a["href"] for a in nav.select("a")}


@pytest.mark.sphinx("html", testroot="basic")
def test_english_pages_link_to_the_same_page_in_chinese(app):
    app.build()
    for name, up in (("papers/alpha", "../../"), ("index", "../"), ("genindex", "../"),
                     ("search", "../")):
        html = page(app, name)
        assert html.html["lang"] == "en"
        assert alternates(html) == {"en": f"{up}en/{name}.html",
                                    "zh-CN": f"{up}zh_CN/{name}.html",
                                    "x-default": f"{up}en/{name}.html"}
        nav, links = switch(html)
        assert links == {"简体中文": f"{up}zh_CN/{name}.html"}, name
        chinese = nav.select_one("a")
        assert chinese["hreflang"] == chinese["lang"] == "zh-CN"
        current = nav.select_one('[aria-current="true"]')
        assert current.get_text() == "English" and current.name == "span"
        assert nav["aria-labelledby"] == nav.select_one(".papercat-languages-label")["id"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="languages-zh",
                    confoverrides={"language": "zh_CN"})
def test_chinese_pages_say_zh_cn_and_link_back(app):
    app.build()
    html = page(app, "papers/beta")
    assert html.html["lang"] == "zh-CN"
    assert alternates(html)["en"] == "../../en/papers/beta.html"
    nav, links = switch(html)
    assert links == {"English": "../../en/papers/beta.html"}
    assert nav.select_one(".papercat-languages-label").get_text() == "语言"


@pytest.mark.sphinx("html", testroot="basic", srcdir="languages-config",
                    confoverrides={"language": "zh_CN", "papercat_config_by_language": {
                        "zh_CN": {"html_title": "测试论文库", "copyright": "2026，测试者"}}})
def test_settings_per_language_apply_after_language_is_known(app):
    app.build()
    html = page(app, "index")
    assert html.title.get_text() == "测试论文库"
    assert "© 2026，测试者" in html.select_one(".copyright").get_text(" ", strip=True)


@pytest.mark.sphinx("html", testroot="basic", srcdir="languages-bad-config",
                    confoverrides={"papercat_config_by_language": {"en": {"no_such": 1}}})
def test_unknown_setting_per_language_is_a_located_warning(app):
    app.build()
    warnings = app.warning.getvalue()
    assert f"{app.srcdir / 'conf.py'}:1: WARNING: papercat_config_by_language: 'no_such' is " \
           "not a configuration value [papercat.config]" in warnings


@pytest.mark.sphinx("html", testroot="basic", srcdir="languages-rtd")
def test_read_the_docs_urls(make_app, app_params, monkeypatch):
    monkeypatch.setenv("READTHEDOCS", "True")
    monkeypatch.setenv("READTHEDOCS_LANGUAGE", "zh-cn")
    monkeypatch.setenv("READTHEDOCS_VERSION", "stable")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://example.org/docs/zh-cn/stable/")
    args, kwargs = app_params
    app = make_app(*args, confoverrides={"language": "zh_CN"}, **kwargs)
    app.build()
    html = page(app, "papers/alpha")
    assert html.select_one('link[rel="canonical"]')["href"] == \
        "https://example.org/docs/zh-cn/stable/papers/alpha.html"
    assert alternates(html) == {
        "en": "https://example.org/docs/en/stable/papers/alpha.html",
        "zh-CN": "https://example.org/docs/zh-cn/stable/papers/alpha.html",
        "x-default": "https://example.org/docs/en/stable/papers/alpha.html",
    }


def test_read_the_docs_url_template():
    environ = {"READTHEDOCS_CANONICAL_URL": "https://p.readthedocs.io/en/latest/",
               "READTHEDOCS_LANGUAGE": "en", "READTHEDOCS_VERSION": "latest"}
    template = readthedocs_language_url(environ)
    assert template.format(slug=url_slug("zh_CN"), page="a/b.html", lang="zh_CN", root="") == \
        "https://p.readthedocs.io/zh-cn/latest/a/b.html"
    # A canonical URL without /<language>/<version>/ (single-version project): no template.
    assert readthedocs_language_url({**environ, "READTHEDOCS_CANONICAL_URL":
                                     "https://p.readthedocs.io/"}) is None


@pytest.mark.parametrize("paper", ["papers/deepseek-r1", "papers/deepseek-v3"])
def test_real_papers_link_to_each_other_in_both_languages(tmp_path_factory, paper):
    sites = {language: built_site(tmp_path_factory, language) for language in ("en", "zh_CN")}
    for language, other in (("en", "zh_CN"), ("zh_CN", "en")):
        html = BeautifulSoup((sites[language] / f"{paper}.html").read_text(encoding="utf-8"),
                             "html.parser")
        links = alternates(html)
        assert set(links) == {"en", "zh-CN", "x-default"}
        _, switch_links = switch(html)
        (href,) = switch_links.values()
        # Both editions sit side by side: _build/html/en/..., _build/html/zh_CN/...
        target = posixpath.normpath(posixpath.join(language, posixpath.dirname(paper), href))
        assert target == f"{other}/{paper}.html"
        assert (sites[other] / f"{paper}.html").is_file()
        assert links[html_lang(other)] == href


def test_the_sites_languages_are_one_list_in_conf_py(tmp_path):
    """conf.py's papercat_languages, read without running it: what `make html` builds,
    what `make update-po` and `papercat add` translate into, the landing page's names."""
    import subprocess
    from pathlib import Path

    from papercat.i18n import conf_languages
    from papercat.site.landing import write_landing

    project = Path(__file__).parent.parent
    conf = project / "conf.py"
    assert conf_languages.read(conf) == [("en", "English"), ("zh_CN", "简体中文")]
    assert conf_languages.translations(conf) == ["zh_CN"]
    # A third language is one more entry.
    third = tmp_path / "conf.py"
    third.write_text(conf.read_text(encoding="utf-8").replace(
        '("zh_CN", "简体中文")]', '("zh_CN", "简体中文"), ("ja", "日本語")]'), encoding="utf-8")
    script = project / "_ext" / "papercat" / "i18n" / "conf_languages.py"
    run = subprocess.run(["python3", str(script), str(third)], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["en", "zh_CN", "ja"]
    make = subprocess.run(["make", "-n", "-C", str(project), "update-po", "html",
                           f"LANGUAGES={run.stdout.strip()}"], capture_output=True, text=True)
    assert "-l zh_CN -l ja" in make.stdout and "language=ja" in make.stdout
    page = write_landing(tmp_path / "html", conf_languages.languages(third), third)
    assert "日本語" in page.read_text(encoding="utf-8")
    # Without the setting: the build's default.
    (tmp_path / "bare.py").write_text("project = 'x'\n", encoding="utf-8")
    assert conf_languages.languages(tmp_path / "bare.py") == ["en", "zh_CN"]
