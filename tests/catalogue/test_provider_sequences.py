"""Provider-published lesson sequences: curated with a source, carried by every format."""

from __future__ import annotations

import sys
from pathlib import Path

from catalogue.yaml_io import load_catalogue_dir
from catalogue.yaml_io.file_data import resource_data, resource_from_data
from recommender.model import Provider, Resource

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "catalogue" / "tools"))
from sequences import load_sequences, merge_sequences  # noqa: E402

PROVIDER = Provider("p", "P")


def test_bundled_sequences_have_sources_and_reach_the_bundled_entries():
    places, problems = load_sequences()
    assert problems == []
    assert all(src.startswith("https://github.com/") for _, _, src in places.values())
    bundled = {r.id: r for r in load_catalogue_dir(ROOT / "catalogue" / "data")}
    for rid, (sid, position, _) in places.items():
        assert (bundled[rid].part_of, bundled[rid].position) == (sid, position)
    genomics = sorted(
        (r.position, r.id) for r in bundled.values() if r.part_of == "dc-genomics-curriculum"
    )
    assert [rid for _, rid in genomics][0] == "dc-organization-genomics"
    assert [rid for _, rid in genomics][-1] == "dc-cloud-genomics"


def test_bad_sequences_are_problems(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "sequences:\n"
        "  one:\n    src: https://example.org/one\n    items: {a: 1, b: 0, c: two}\n"
        "  two:\n    items: {a: 2}\n",
        encoding="utf-8",
    )
    places, problems = load_sequences(tmp_path)
    assert places == {"a": ("one", 1, "https://example.org/one")}
    assert any("b position 0" in p for p in problems)
    assert any("c position 'two'" in p for p in problems)
    assert any("two: no source page" in p for p in problems)
    assert any("a is already in one" in p for p in problems)
    entries = {"p": [{"id": "x", "notes": "Hours estimated."}]}
    assert merge_sequences(entries, places) == ["sequences: unknown resource id a"]
    entries = {"p": [{"id": "a", "notes": "Hours estimated."}]}
    assert merge_sequences(entries, places) == []
    (entry,) = entries["p"]
    assert (entry["part_of"], entry["position"]) == ("one", 1)
    assert entry["notes"].startswith("Hours estimated. Position 1")


def test_yaml_writes_and_reads_the_place_and_leaves_it_out_when_not_stated():
    placed = Resource("a", "A", "material", provider=PROVIDER, part_of="one", position=2)
    data = resource_data(placed, PROVIDER)
    assert (data["part_of"], data["position"]) == ("one", 2)
    assert resource_from_data(data, PROVIDER) == placed
    plain = resource_data(Resource("b", "B", "material"), PROVIDER)
    assert "part_of" not in plain and "position" not in plain
    assert resource_from_data(plain, PROVIDER).position is None
