"""Fixtures shared by the catalogue reader tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def shared_data_dir() -> Path:
    """The shared source data folder (``../shared/data``; ``PATHFINDER_SHARED_DATA`` overrides)."""
    return Path(os.environ.get("PATHFINDER_SHARED_DATA", _DEFAULT_SHARED))


@pytest.fixture
def shared_data() -> Path:
    folder = shared_data_dir()
    if not folder.is_dir():
        pytest.skip(
            f"shared source data not found at {folder}; "
            "set PATHFINDER_SHARED_DATA to the folder holding direct/, tess/, bioschemas/"
        )
    return folder
