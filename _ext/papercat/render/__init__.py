"""What renders pages: the directives and their nodes, listings and cards, a paper's
neighbours, the lineage chart, citations, meta tags, the techniques' pages."""
