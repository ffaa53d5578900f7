"""The catalogue's files, one module per format (``papers.json``, feed, BibTeX, chart,
techniques, sitemap, ``robots.txt``), collected by ``registry.py`` and written after a
good build; ``downloads.py`` is the row of links to them."""
