"""Every reader and writer keeps an unstated length or price unknown (None), never 0 or free."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonld_samples import MATERIAL, one, with_context

from catalogue.bioschemas import read_jsonld, to_jsonld
from catalogue.csv_io import read_csv, to_csv
from catalogue.tess import read_tess_pages, to_tess
from catalogue.yaml_io import dump_provider_file, load_catalogue_dir, load_provider_text
from recommender.model import Provider, Resource

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"
ACME = Provider("acme", "ACME Training", "https://acme.example/")
META = {"source_url": "https://acme.example/", "retrieved": "2026-11-25", "licence": "CC0-1.0"}


def _resources():
    return [
        Resource("acme-unknown", "Unknown", "course", url="https://acme.example/u", provider=ACME),
        Resource("acme-free", "Free", "material", url="https://acme.example/f", provider=ACME,
                 hours=2, hours_estimated=True, cost=0),
        Resource("acme-paid", "Paid", "course", url="https://acme.example/p", provider=ACME,
                 hours=7.5, cost=120, currency="GBP"),
    ]  # fmt: skip


def test_bundled_files_read_unstated_price_as_unknown_and_keep_stated_free():
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.yaml"))]
    stated = {r["id"]: r for f in raw for r in f["resources"]}
    resources = {r.id: r for r in load_catalogue_dir(DATA)}
    assert resources.keys() == stated.keys()
    for rid, r in resources.items():
        # None where the file states nothing (or a price that is not one amount)
        assert (r.cost_kind or r.cost) == stated[rid].get("cost"), rid
        assert r.hours == stated[rid].get("hours"), rid
        assert r.hours_estimated == bool(stated[rid].get("hours_estimated")), rid
    assert not all(r.free for r in resources.values())
    assert any(r.cost is None for r in resources.values())
    assert any(r.free for r in resources.values())
    assert any(r.hours_estimated for r in resources.values())
    assert not any("# hours estimated" in p.read_text("utf-8") for p in DATA.glob("*.yaml"))


def test_yaml_round_trip_keeps_unknown_free_and_estimated():
    text = dump_provider_file(ACME, _resources(), META)
    assert "cost: 0" in text and "hours_estimated: true" in text
    assert load_provider_text(text)[1] == _resources()


def test_jsonld_omits_isaccessibleforfree_unless_known():
    docs = {d["identifier"]: d for d in to_jsonld(_resources())["hasPart"]}
    unknown, free, paid = docs["acme-unknown"], docs["acme-free"], docs["acme-paid"]
    assert "isAccessibleForFree" not in unknown and "offers" not in unknown
    assert "timeRequired" not in unknown
    assert free["isAccessibleForFree"] is True and free["pathfinder:hoursEstimated"] is True
    assert paid["isAccessibleForFree"] is False and paid["offers"]["price"] == 120
    assert read_jsonld(json.dumps(to_jsonld(_resources()))).resources == _resources()


def test_jsonld_reader_free_only_when_stated():
    bare = one(read_jsonld(with_context(MATERIAL))).resource
    assert (bare.cost, bare.hours) == (None, None)
    free = one(read_jsonld(with_context({**MATERIAL, "isAccessibleForFree": True}))).resource
    assert free.cost == 0
    paid = one(read_jsonld(with_context({**MATERIAL, "isAccessibleForFree": False}))).resource
    assert paid.cost is None


def _tess_event(**attributes):
    return {
        "type": "events",
        "id": "1",
        "attributes": {
            "title": "Workshop",
            "url": "https://tess.example/events/1",
            "start": "2027-02-01T09:00:00.000Z",
            "end": "2027-02-01T17:00:00.000Z",
            "online": True,
            **attributes,
        },
    }


def test_tess_cost_basis_free_is_free_and_missing_is_unknown():
    (free,) = read_tess_pages([{"data": [_tess_event(**{"cost-basis": "free"})]}]).resources
    (bare,) = read_tess_pages([{"data": [_tess_event()]}]).resources
    assert free.cost == 0 and bare.cost is None and bare.hours is None
    assert read_tess_pages([json.dumps(to_tess(_resources()))]).resources == _resources()


def test_csv_empty_is_unknown_free_is_zero_and_round_trip_keeps_both():
    text = to_csv(_resources())
    assert read_csv(text).resources == _resources()
    header = "Title,URL,kind,hours,cost\n"
    rows = read_csv(header + "A,https://a.example/,course,,\nB,https://b.example/,course,3,free\n")
    a, b = rows.resources
    assert (a.hours, a.cost) == (None, None)
    assert (b.hours, b.cost) == (3.0, 0.0)
