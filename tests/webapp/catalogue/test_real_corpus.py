"""The corpus of real public files (``tests/fixtures/real``): each meets its written expectation.

Every file is given to the import as a user would give it (the format guessed from its name
and content) and planned against the stored catalogue, on whichever database the suite runs
on (SQLite, or PostgreSQL with ``DATABASE_URL``); the CLI's dry run must agree and write
nothing. A CASE package or a Moodle competency CSV is read by the framework import (and the
catalogue import refuses the Moodle file, saying what it is). ``expectations.yaml`` says what each
file must give; ``SOURCES.md`` where it comes from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from webapp.catalogue.cli import read_source
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import SkillIndex, plan_against_catalogue
from webapp.core.extensions import db
from webapp.frameworks.exchange import parse_framework

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "real"
EXPECTATIONS: dict = yaml.safe_load((CORPUS / "expectations.yaml").read_text(encoding="utf-8"))
_COUNTS = re.compile(r"(\d+) added, (\d+) updated, (\d+) unchanged, (\d+) rejected")
_NOT_DATA = {"LICENSE", "SOURCES.md", "expectations.yaml"}


def corpus_files() -> list[str]:
    return sorted(
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in _NOT_DATA
    )


def test_the_corpus_is_complete_and_attributed():
    files = corpus_files()
    assert len(files) >= 60
    assert sorted(EXPECTATIONS) == files, "every file needs a written expectation"
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    missing = [name for name in files if f"`{name}`" not in sources]
    assert not missing, f"not in SOURCES.md: {missing}"
    for folder in {Path(name).parts[0] for name in files}:
        assert (CORPUS / folder / "LICENSE").is_file()


def _resource_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ResourceRow))


def _check_fields(resource, expected: dict, name: str) -> None:
    for key, value in expected.items():
        if key == "provider":
            actual = resource.provider.name
        elif key == "instances":
            actual = len(resource.instances)
        elif key == "eligibility":
            e = resource.eligibility
            assert e.stated, name
            actual = {
                k: v
                for k, v in (("selection", e.selection), ("institutions", list(e.institutions)))
                if v
            }
        elif key == "hours":
            actual = None if resource.hours is None else round(resource.hours, 2)
        else:
            actual = getattr(resource, key)
        assert actual == value, f"{name}: {key} is {actual!r}, expected {value!r}"


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_real_file_meets_its_expectation(app, runner, name):
    expected = EXPECTATIONS[name]
    path = CORPUS / name
    if expected["read_as"] == "case":
        _check_case(path, expected)
        return
    if expected["read_as"] == "moodle":
        _check_moodle(app, path, expected)
        return
    with app.app_context():
        before = _resource_count()
        skills = SkillIndex()
        if expected["outcome"] == "refused":
            with pytest.raises(Exception) as caught:
                records = read_source(str(path), None, skills)
                plan = plan_against_catalogue(records, skip_invalid=True, skills=skills)
                assert not plan.added and not plan.updated and not plan.unchanged
                raise ValueError("\n".join(str(p) for p in plan.rejected))
            assert expected["reason"] in str(caught.value)
        else:
            records = read_source(str(path), None, skills)
            plan = plan_against_catalogue(records, skip_invalid=True, skills=skills)
            planned = [*plan.added, *plan.updated, *plan.unchanged]
            assert len(planned) == expected["taken"]
            assert len(plan.rejected) == expected["rejected"]
            if plan.rejected:
                assert plan.rejected[0].reason.startswith(expected["rejected_reason"])
            _check_fields(planned[0].resource, expected["first"], name)
            by_title = {c.resource.title: c.resource for c in planned}
            for more in expected.get("also", []):
                more = dict(more)
                _check_fields(by_title[more.pop("title")], more, name)
        db.session.rollback()
    result = runner.invoke(args=["catalogue", "import", str(path), "--dry-run", "--skip-invalid"])
    if expected["outcome"] == "refused":
        assert result.exit_code != 0
        assert expected["reason"] in " ".join(result.output.split())
        assert "Traceback" not in result.output
    else:
        assert result.exit_code == 0, result.output
        counts = re.match(
            r"(\d+) added, (\d+) updated, (\d+) unchanged, (\d+) rejected", result.output
        )
        assert counts, result.output
        added, updated, unchanged, rejected = map(int, counts.groups())
        assert added + updated + unchanged == expected["taken"]
        assert rejected == expected["rejected"]
    with app.app_context():
        assert _resource_count() == before, "a dry run writes nothing"


def _check_moodle(app, path: Path, expected: dict) -> None:
    framework = parse_framework(path.read_bytes(), "moodle")
    want = expected["framework"]
    assert framework.id == want["id"] and framework.version == want["version"]
    skills = list(framework.iter_skills())
    assert len(skills) == want["skills"]
    assert [level.common for level in framework.levels] == want["levels"]
    assert sum(len(s.related) for s in skills) == want["related"]
    ids = {s.id for s in skills}
    assert all(set(s.related) <= ids for s in skills)
    with app.app_context(), pytest.raises(Exception) as caught:
        read_source(str(path), None, SkillIndex())
    assert expected["catalogue_reason"] in str(caught.value)


def _check_case(path: Path, expected: dict) -> None:
    from frameworks.case import load_case
    from frameworks.errors import FrameworkError

    if expected["outcome"] == "refused":
        with pytest.raises(FrameworkError) as caught:
            parse_framework(path.read_bytes(), "case")
        assert expected["reason"] in str(caught.value)
        return
    parse_framework(path.read_bytes(), "case")  # the web import's reader
    warnings: list[str] = []
    framework = load_case(path.read_bytes(), warnings=warnings)
    want = expected["framework"]
    assert framework.id == want["id"] and framework.version == want["version"]
    assert sum(1 for _ in framework.iter_skills()) == want["skills"]
    assert [level.common for level in framework.levels] == want["levels"]
    if "warning" in expected:
        assert warnings and warnings[0].startswith(expected["warning"])
    else:
        assert not warnings
