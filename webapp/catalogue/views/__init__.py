"""The training catalogue: search and browse (anyone), curate (trainers), report problems.

Also the whole-catalogue dumps ``/catalogue.jsonld`` and ``/catalogue.csv`` and the
``flask catalogue ...`` commands (see :mod:`webapp.catalogue.cli`). The routes are in
this package's modules: :mod:`.browse` (search, skill pages), :mod:`.resources` (resource
and provider pages), :mod:`.editing`, :mod:`.files` (import, dumps) and :mod:`.reports`.
"""

from __future__ import annotations

from flask import Blueprint

from webapp.catalogue.cli import catalogue_cli

bp = Blueprint("catalogue", __name__, cli_group=None)
bp.cli.add_command(catalogue_cli)

from webapp.catalogue.views import browse, editing, files, reports, resources  # noqa: E402,F401  (registers the routes)
