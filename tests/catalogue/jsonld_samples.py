"""Small JSON-LD samples and a record helper shared by the Bioschemas reader tests."""

from __future__ import annotations


def one(result):
    """The only record of a reader result."""
    (record,) = result.records
    return record


MATERIAL = {
    "@type": "LearningResource",
    "name": "Shell basics",
    "url": "https://acme.example/shell/",
    "description": "Navigate files.",
    "keywords": "shell, bash",
    "provider": {"@type": "Organization", "name": "ACME Training"},
}


def with_context(obj, context="https://schema.org"):
    return {"@context": context, **obj}
