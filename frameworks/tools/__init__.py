"""Maintenance scripts that (re)generate the bundled framework and profile files."""
