"""JSON-LD found in HTML pages."""

from __future__ import annotations

import json

import pytest

from catalogue.bioschemas import resource_jsonld
from catalogue.errors import CatalogueFormatError
from catalogue.html import extract_jsonld_blocks, read_html, script_tag
from recommender.model import Provider, Resource, SkillLink

COURSE = {
    "@context": "https://schema.org",
    "@type": "Course",
    "name": "Git for researchers",
    "url": "https://acme.example/git",
    "provider": {"@type": "Organization", "name": "ACME"},
}
MATERIAL = {
    "@context": "http://schema.org/",
    "@type": "LearningResource",
    "name": "Shell notes",
    "url": "https://acme.example/shell",
    "author": {"@type": "Organization", "name": "ACME"},
}


def page(*scripts: str) -> str:
    return (
        "<!DOCTYPE html>\n<html><head><title>ACME</title>\n"
        + "\n".join(scripts)
        + "\n</head><body><p>Courses &amp; materials</p></body></html>\n"
    )


def test_page_with_two_blocks():
    html = page(
        f'<script type="application/ld+json">{json.dumps(COURSE)}</script>',
        f"<SCRIPT TYPE='Application/LD+JSON'>\n{json.dumps(MATERIAL, indent=2)}\n</SCRIPT>",
    )
    result = read_html(html, source="acme.html")
    assert [r.title for r in result.resources] == ["Git for researchers", "Shell notes"]
    assert [r.kind for r in result.resources] == ["course", "material"]
    assert [r.position for r in result] == [
        "block 1 (line 3) record 1",
        "block 2 (line 4) record 1",
    ]


@pytest.mark.parametrize(
    "opening",
    [
        '<script type="application/ld+json; charset=utf-8">',
        '<script type=" application/ld+json ">',
        '<script id="ld" type="APPLICATION/LD+JSON" nonce="abc">',
    ],
)
def test_type_attribute_variants(opening):
    assert len(extract_jsonld_blocks(page(f"{opening}{json.dumps(COURSE)}</script>"))) == 1


def test_other_scripts_and_commented_out_blocks_are_skipped():
    html = page(
        '<script>var x = "<script type=\\"application/ld+json\\">";</script>',
        '<script type="application/json">{"not": "json-ld"}</script>',
        f'<!-- <script type="application/ld+json">{json.dumps(MATERIAL)}</script> -->',
        f'<script type="application/ld+json">{json.dumps(COURSE)}</script>',
    )
    assert [r.title for r in read_html(html).resources] == ["Git for researchers"]


@pytest.mark.parametrize(
    ("before", "after"),
    [("<![CDATA[", "]]>"), ("//<![CDATA[\n", "\n//]]>"), ("<!--", "-->")],
)
def test_wrappers_inside_the_script(before, after):
    html = page(f'<script type="application/ld+json">{before}{json.dumps(COURSE)}{after}</script>')
    assert [r.title for r in read_html(html).resources] == ["Git for researchers"]


def test_invalid_block_is_a_rejected_record_with_the_page_line():
    broken = '{\n "@type": "Course",\n "name": "Broken"\n "url": "https://x.example/"\n}'
    html = page(
        f'<script type="application/ld+json">{broken}</script>',
        f'<script type="application/ld+json">{json.dumps(MATERIAL)}</script>',
    )
    result = read_html(html, source="acme.html")
    first, second = result.records
    assert first.resource is None and "line 6, column 2" in first.reason
    assert second.resource.title == "Shell notes"


def test_page_without_json_ld():
    with pytest.raises(CatalogueFormatError, match="no <script"):
        read_html("<html><body>nothing</body></html>", source="empty.html")


def test_resource_page_round_trip():
    resource = Resource(
        "acme-git",
        "Git <basics> & more",
        "course",
        url="https://acme.example/git?a=1&b=2",
        provider=Provider("acme", "ACME"),
        teaches=(SkillLink("direct:version-control", 2),),
    )
    script = json.dumps(resource_jsonld(resource)).replace("</", "<\\/")
    html = page(f'<script type="application/ld+json">{script}</script>')
    assert read_html(html.encode()).resources == [resource]


def test_script_tag_is_safe_and_reads_back():
    resource = Resource(
        "acme-x",
        "Ending </script><script>alert(1)</script> & more",
        "material",
        url="https://acme.example/x?a=1&b=2",
        provider=Provider("acme", "ACME"),
        description="<!-- not a comment -->",
    )
    tag = script_tag(resource_jsonld(resource))
    assert tag.count("<") == 2 and tag.count(">") == 2  # only the element's own tags
    assert read_html(page(tag)).resources == [resource]


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [
        ("utf-8", '<meta charset="utf-8">'),
        ("cp1252", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'),
        ("cp1252", ""),  # no declaration: older pages are Windows-1252
        ("iso-8859-15", '<meta charset="iso-8859-15">'),
    ],
)
def test_pages_in_legacy_encodings_keep_their_accents(encoding, meta):
    doc = (
        '{"@context": "https://schema.org", "@type": "Course", "name": "Données et café",'
        ' "url": "https://uni.example/c", "provider": "Université"}'
    )
    page = f'<html><head>{meta}<script type="application/ld+json">{doc}</script></head></html>'
    (resource,) = read_html(page.encode(encoding)).resources
    assert resource.title == "Données et café"
    assert resource.provider.name == "Université"
