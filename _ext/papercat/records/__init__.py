"""Records and their parsing: a paper's and a technique's options, validated without
Sphinx, and the form the domains store."""
