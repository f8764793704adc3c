"""Fixtures for the frameworks package tests.

``shared_direct`` is DIRECT's published data in ``../shared/data/direct`` next to the
repository (or under the folder named by ``PATHFINDER_SHARED_DATA``); tests that need it are
skipped when it is absent. ``framework_text`` is a small, valid framework file whose lines
the error-message tests refer to.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from frameworks import DATA_DIR
from frameworks.yaml_io import load_framework
from recommender.model import Framework

SHARED_DATA = Path(
    os.environ.get("PATHFINDER_SHARED_DATA")
    or Path(__file__).resolve().parents[3] / "shared" / "data"
)
DIRECT_TABLES = (
    "competency_domain",
    "competency",
    "skill",
    "skill_level",
    "tool_language_methodology",
)

# Line numbers matter: tests assert that messages name them.
FRAMEWORK_TEXT = """\
id: tiny
name: Tiny framework
version: "1.0"
source_url: https://example.org/tiny
licence: CC-BY-4.0
retrieved: "2026-01-01"
attribution: Made up for tests.
levels:
  - id: "0"
    label: None
    common: 0
    description: Nothing.
  - id: "1"
    label: Some
    common: 2
    description: Something.
areas:
  - id: code
    name: Code
    skills:
      - id: programming
        name: Programming
        description: Writing programs.
        related: [testing]
        tools: [python]
      - id: testing
        name: Testing
        description: Checking programs.
        prerequisites: [programming]
tools:
  - id: python
    name: Python
    kind: language
    url: https://www.python.org/
"""


@pytest.fixture
def framework_text() -> str:
    return FRAMEWORK_TEXT


@pytest.fixture(scope="session")
def shared_direct() -> Path:
    folder = SHARED_DATA / "direct"
    if not (folder / "skill.json").is_file():
        pytest.skip(f"../shared/data not present: {folder} (set PATHFINDER_SHARED_DATA)")
    return folder


@pytest.fixture
def direct_copy(shared_direct: Path, tmp_path: Path):
    """Return a function copying DIRECT's tables of one format into a fresh folder."""

    def copy(fmt: str = "json") -> Path:
        target = tmp_path / f"direct-{fmt}"
        target.mkdir()
        for table in DIRECT_TABLES:
            shutil.copy(shared_direct / f"{table}.{fmt}", target)
        return target

    return copy


@pytest.fixture(scope="session")
def bundled_direct() -> Framework:
    return load_framework(DATA_DIR / "direct.yaml")
