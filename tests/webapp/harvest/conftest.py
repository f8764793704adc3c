import pytest
from catalogue_helpers import sandbox  # noqa: F401
from harvest_helpers import harvesting  # noqa: F401


@pytest.fixture(autouse=True)
def _jobs_in_process(app, monkeypatch):
    """Harvest jobs run in process here, as in the embedded default, also where the suite
    runs with ``REDIS_URL`` set (CI's PostgreSQL run); the worker test sets its own queue."""
    monkeypatch.setitem(app.config, "REDIS_URL", "")
