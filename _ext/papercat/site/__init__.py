"""What concerns the whole site and its builds: the sidebar and assets (theme), the
language landing page, build speed (scale), pages that warned (problems)."""
