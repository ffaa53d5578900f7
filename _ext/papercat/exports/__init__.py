"""The catalogue's files (``papers.json``, feed, sitemap, BibTeX, chart, techniques),
written after a good build."""
