import pytest
from catalogue_helpers import sandbox  # noqa: F401


@pytest.fixture(autouse=True)
def _jobs_in_process(app, monkeypatch):
    """Digest jobs run in process here, also where the suite has ``REDIS_URL`` set."""
    monkeypatch.setitem(app.config, "REDIS_URL", "")
