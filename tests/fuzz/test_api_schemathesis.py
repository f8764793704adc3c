"""schemathesis against the JSON API's own OpenAPI document, in process (WSGI, no network).

Every operation in ``/api/v1/openapi.json`` gets ``PATHFINDER_FUZZ_EXAMPLES`` generated
requests (25 in ``make test``, 1000 in ``make fuzz``): no server error, and status code,
content type and body conform to the document. The API is read-only, so the database must
be unchanged afterwards. A small self-test proves the harness catches a 500 and a body that
does not match its schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask, jsonify, request
from fuzz_support import EXAMPLES, db_fingerprint, fingerprint_diff
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

OPENAPI = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def run_operations(schema, examples: int) -> list[str]:
    """Fuzz every operation; return the labels of those tested (failures raise)."""
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=examples <= 50,  # repeatable short runs, wider long ones
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.call_and_validate(checks=CHECKS)

        fuzz()
        tested.append(operation.label)
    return tested


def test_api_conforms_to_its_openapi_document(app, client):
    if client.get(OPENAPI).status_code != 200:
        pytest.skip(f"{OPENAPI} is not served yet")
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    with app.app_context():
        before = db_fingerprint()
    tested = run_operations(schema, EXAMPLES)
    with app.app_context():
        assert fingerprint_diff(before, db_fingerprint()) == []
    assert any("/resources" in label for label in tested), tested


# --------------------------------------------------------------------------- self-test


def tiny_app(bug: str) -> Flask:
    app = Flask("tiny")
    document = {
        "openapi": "3.0.3",
        "info": {"title": "tiny", "version": "1"},
        "paths": {
            "/items": {
                "get": {
                    "parameters": [
                        {
                            "name": "n",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0, "maximum": 100},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "items",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["n"],
                                        "properties": {"n": {"type": "integer"}},
                                        "additionalProperties": False,
                                    }
                                }
                            },
                        },
                        "400": {"description": "bad"},
                    },
                }
            }
        },
    }

    @app.get("/openapi.json")
    def openapi():
        return jsonify(document)

    @app.get("/items")
    def items():
        n = request.args.get("n", type=int)
        if n is None:
            return jsonify({"error": "n"}), 400
        if bug == "500" and n > 3:
            raise RuntimeError("boom")
        if bug == "schema" and n > 3:
            return jsonify({"n": str(n)})
        return jsonify({"n": n})

    return app


def test_harness_passes_a_correct_api():
    assert run_operations(schemathesis.openapi.from_wsgi("/openapi.json", tiny_app("")), 30)


@pytest.mark.parametrize("bug", ["500", "schema"])
def test_harness_catches_server_errors_and_schema_violations(bug):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", tiny_app(bug))
    # schemathesis raises a FailureGroup (a BaseExceptionGroup) or the app's own error.
    with pytest.raises(BaseException) as caught:
        run_operations(schema, 100)
    text = f"{caught.value!r} {caught.value}"
    assert ("boom" in text or "500" in text) if bug == "500" else "violates schema" in text
