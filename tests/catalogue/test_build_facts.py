"""The bundled-catalogue builder's cost and eligibility keys (catalogue/tools/facts.py)."""

import importlib.util
from pathlib import Path

import pytest
import yaml

from catalogue.yaml_io import load_provider_text

_PATH = Path(__file__).resolve().parents[2] / "catalogue" / "tools" / "facts.py"
_SPEC = importlib.util.spec_from_file_location("build_facts", _PATH)
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)


def cost(**entry):
    problems = []
    return facts.cost_fields(entry, "x", problems), problems


def elig(value):
    problems = []
    return facts.eligibility_field(value, "x", problems), problems


def test_costs_free_priced_varies_membership_and_not_stated():
    assert cost(cost=0) == ({"cost": 0}, [])
    assert cost(cost=49, cur="GBP") == ({"cost": 49, "currency": "GBP"}, [])
    assert cost(cost="varies") == ({"cost": "varies"}, [])
    member = {"membership": "ELIXIR membership"}
    assert cost(cost="membership", elig=member) == ({"cost": "membership"}, [])
    assert cost() == ({}, [])


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"cost": 49}, "needs cur"),
        ({"cost": 49, "cur": "pounds"}, "needs cur"),
        ({"cost": -1}, "non-negative"),
        ({"cost": "free"}, "not a number, varies or membership"),
        ({"cost": "membership"}, "needs elig.membership"),
        ({"cur": "GBP"}, "cur without cost"),
    ],
)
def test_bad_costs_are_problems(entry, reason):
    _, problems = cost(**entry)
    assert problems and reason in problems[0]


def test_eligibility_keys_are_checked_and_open_is_explicit():
    assert elig(None) == (None, [])
    assert elig({"open": True}) == ({"open": True}, [])
    out, problems = elig(
        {"selection": "competitive", "career_stages": ["early-career"], "note": "Paid  stipend."}
    )
    assert problems == []
    assert out == {
        "career_stages": ["early-career"],
        "selection": "competitive",
        "note": "Paid stipend.",
    }
    assert "selection must be one of" in elig({"selection": "lottery"})[1][0]
    assert "unknown career stages" in elig({"career_stages": ["retired"]})[1][0]
    assert "unknown elig keys" in elig({"open": True, "who": "x"})[1][0]
    assert "cannot go with" in elig({"open": True, "regions": ["UK"]})[1][0]
    assert "states nothing" in elig({"regions": []})[1][-1]


def test_facts_file_fills_an_entry_and_disagreement_is_a_problem():
    problems = []
    entry = {"id": "a", "h": 2}
    merged = facts.merge_facts(entry, {"h": 2, "cost": 0}, "a", problems)
    assert merged == {"id": "a", "h": 2, "cost": 0} and problems == []
    facts.merge_facts(entry, {"h": 3}, "a", problems)
    assert problems == ["a: h is 2 here but 3 in facts"]


def test_notes_of_a_facts_file_follow_the_entrys_own_notes():
    problems = []
    entry = {"id": "a", "notes": "Stipend paid."}
    given = {"h": 40, "notes": "Hours estimated: 4 weeks."}
    merged = facts.merge_facts(entry, given, "a", problems)
    assert merged["notes"] == "Stipend paid. Hours estimated: 4 weeks." and problems == []
    assert facts.merge_facts(entry, {"notes": "Stipend paid."}, "a", problems)["notes"] == (
        "Stipend paid."
    )


def test_facts_files_are_read_and_unknown_keys_reported(tmp_path):
    (tmp_path / "a.yaml").write_text(
        yaml.safe_dump({"facts": {"x": {"cost": 0, "colour": "red"}}}), encoding="utf-8"
    )
    found, problems = facts.load_facts(tmp_path)
    assert found == {"x": {"cost": 0, "colour": "red"}}
    assert problems == ["a.yaml:x: unknown fact keys ['colour']"]


def test_a_facts_file_may_state_the_basis_of_an_estimate_in_notes(tmp_path):
    fact = {"h": 400, "h_est": True, "notes": "Hours estimated: 10 weeks at 40 hours a week."}
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"facts": {"y": fact}}), encoding="utf-8")
    found, problems = facts.load_facts(tmp_path)
    assert found == {"y": fact} and problems == []
    merged = facts.merge_facts({"id": "y"}, found["y"], "y", problems)
    assert merged["notes"] == fact["notes"] and problems == []


PROVIDER_FILE = """
provider: {id: acme, name: ACME}
source_url: https://acme.example/
retrieved: 2026-11-25
licence: CC0-1.0
resources:
  - id: acme-a
    title: A
    kind: course
    url: https://acme.example/a
    cost: COST
    eligibility: ELIG
"""


def provider_file(cost, elig):
    return PROVIDER_FILE.replace("COST", cost).replace("ELIG", elig)


def test_provider_files_state_prices_that_are_not_one_amount_and_open_eligibility():
    text = provider_file("varies", "{open: true}")
    (r,) = load_provider_text(text)[1]
    assert (r.cost, r.cost_kind, r.price_status) == (None, "varies", "varies")
    assert r.eligibility.stated and r.eligibility.open_to_all
    text = provider_file("membership", "{membership: ACME membership}")
    (r,) = load_provider_text(text)[1]
    assert r.price_status == "membership" and r.eligibility.membership == "ACME membership"
    assert not r.eligibility.open_to_all


@pytest.mark.parametrize(
    ("cost", "elig", "reason"),
    [
        ("membership", "{note: members}", "needs eligibility.membership"),
        ("0", "{open: true, note: x}", "cannot go with"),
        ("0", "{selection: lottery}", "selection"),
        ("sometimes", "{open: true}", "cost"),
    ],
)
def test_provider_files_reject_inconsistent_facts(cost, elig, reason):
    from catalogue.errors import CatalogueValidationError

    with pytest.raises(CatalogueValidationError) as caught:
        load_provider_text(provider_file(cost, elig))
    assert reason in str(caught.value)
