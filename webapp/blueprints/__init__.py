"""One blueprint per user job."""

from webapp.blueprints import (
    assess,
    auth,
    coverage,
    curate,
    frameworks,
    main,
    profile,
    teams,
)

BLUEPRINTS = [
    main.bp,
    auth.bp,
    frameworks.bp,
    assess.bp,
    profile.bp,
    teams.bp,
    curate.bp,
    coverage.bp,
]
