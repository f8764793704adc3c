"""What every feature stands on: configuration, extensions, the ORM base and its checks,
security (route access, headers), error pages, templating, mail, charts, CSV safety, backups.

``core`` imports no feature (an import-linter contract in pyproject.toml keeps it so).
"""
