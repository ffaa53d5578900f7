"""The domains: records kept per document, what other pages show of them, and which pages
to rewrite when that changes."""
