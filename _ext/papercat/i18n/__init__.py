"""The language layer: the extension's catalog, the language switch and hreflang links,
the theme's labels, Chinese search, and the translators' checks."""
