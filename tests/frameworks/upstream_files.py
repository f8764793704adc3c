"""Where the upstream files of HPC CF, de-RSE and FAIR4S are, for the reader tests.

Tests that read upstream files use ``../shared/data`` next to the repository (or the folder
named by ``PATHFINDER_SHARED_DATA``) and are skipped when it is absent (:func:`needs`). The
synthetic tests write their small files with :func:`write` and need nothing but
``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get(
        "PATHFINDER_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"
    )
)
HPCCF_DIR = SHARED / "frameworks/hpccf/skill-tree"
DERSE_MD = SHARED / "frameworks/de-rse-competencies/teachingRSE-competencies/competencies.md"
FAIR4S_YML = SHARED / "frameworks/eosc-fair4s/fair4s-framework/framework.yml"
FAIR4S_LEVELS = SHARED / "frameworks/eosc-fair4s/eosc-fair4s.github.io/_data/levels.yml"


def needs(path: Path):
    """Skip unless the upstream file or folder exists."""
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"shared data not found at {path} (set PATHFINDER_SHARED_DATA)",
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
