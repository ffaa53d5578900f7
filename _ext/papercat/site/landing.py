"""The root page of a multi-language build: sends readers to their language.

Browsers that run JavaScript go to the best match of ``navigator.languages``;
everyone else sees plain links.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ..i18n.catalog import html_lang
from ..i18n import conf_languages

_PAGE = """<!doctype html>
<html lang="{default_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DeepSeek Papers / 深度求索论文库</title>
<link rel="icon" href="data:,">
{alternates}
<script>
(function () {{
  var sites = {sites};
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {{
    var lang = wanted[i].toLowerCase();
    for (var j = 0; j < sites.length; j++) {{
      if (lang === sites[j].lang || lang.split("-")[0] === sites[j].lang.split("-")[0]) {{
        window.location.replace(sites[j].href);
        return;
      }}
    }}
  }}
  window.location.replace(sites[0].href);
}})();
</script>
</head>
<body>
<h1>DeepSeek Papers / 深度求索论文库</h1>
<ul>
{links}
</ul>
</body>
</html>
"""


def write_landing(root: Path, languages: list[str], conf: Path = Path("conf.py")) -> Path:
    """``root/index.html``; the languages' own names from ``conf.py``'s list."""
    names = dict(conf_languages.read(conf)) if conf.is_file() else {}
    sites = [{"lang": html_lang(code).lower(), "href": f"{code}/index.html"} for code in languages]
    links = "\n".join(
        f'<li><a href="{escape(code)}/index.html" hreflang="{html_lang(code)}" '
        f'lang="{html_lang(code)}">{escape(names.get(code, code))}</a></li>'
        for code in languages
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{html_lang(code)}" href="{escape(code)}/index.html">'
        for code in languages
    )
    page = _PAGE.format(default_lang=html_lang(languages[0]), sites=json.dumps(sites),
                        links=links, alternates=alternates)
    root.mkdir(parents=True, exist_ok=True)
    target = root / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def add_command(commands) -> None:
    command = commands.add_parser("landing", help="write the language-choosing root page")
    command.add_argument("root", type=Path, help="folder holding one build per language")
    command.add_argument("languages", nargs="+", help="language codes, the default first")
    command.set_defaults(run=lambda args: print(write_landing(args.root, args.languages)) or 0)
