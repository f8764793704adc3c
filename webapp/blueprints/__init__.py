"""One blueprint per user job."""

from webapp.blueprints import (
    api,
    assess,
    auth,
    catalogue,
    coverage,
    curate,
    frameworks,
    main,
    pathway,
    profile,
    teams,
)

BLUEPRINTS = [
    main.bp,
    auth.bp,
    frameworks.bp,
    catalogue.bp,
    api.bp,
    assess.bp,
    profile.bp,
    pathway.bp,
    teams.bp,
    curate.bp,
    coverage.bp,
]
