"""The resource edit form keeps a teaches link's curated range facts (from, strength, note)."""

import pytest

from recommender.model import SkillLink
from webapp.catalogue.forms import links_text, parse_links


def test_range_facts_survive_the_edit_forms_text():
    links = [
        SkillLink("direct:software-testing", 2, from_level=0, strength=0.8, note="hands-on lesson"),
        SkillLink("direct:git", 2),
    ]
    text = links_text(links)
    assert text == "direct:software-testing 2 from 0 strength 0.8 # hands-on lesson\ndirect:git 2"
    assert parse_links(text, minimum=1) == links


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("direct:git 2 from 2", "'from' must be below"),
        ("direct:git 2 strength 1.5", "strength must be 0 to 1"),
        ("direct:git 2 # " + "x" * 501, "at most 500"),
    ],
)
def test_bad_range_facts_are_refused_with_a_reason(line, words):
    with pytest.raises(ValueError, match=words):
        parse_links(line, minimum=1)
