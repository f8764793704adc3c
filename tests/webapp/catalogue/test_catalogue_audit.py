"""``flask catalogue audit`` on the stored catalogue: counts, offenders, exit status."""

from __future__ import annotations

import re

from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401

from recommender.model import Eligibility

LINE = re.compile(
    r"^catalogue-audit: resources=(\d+) missing_cost=(\d+) missing_hours=(\d+)"
    r" missing_eligibility=(\d+) suspicious=(\d+)$"
)


def _audit(runner, *args):
    result = runner.invoke(args=["catalogue", "audit", *args])
    lines = result.output.strip().splitlines()
    return result, lines, LINE.match(lines[-1])


def test_the_bundled_catalogue_passes_and_ends_with_the_summary_line(runner, sandbox):  # noqa: F811
    result, lines, summary = _audit(runner)
    assert result.exit_code == 0, result.output
    assert summary, lines[-1]
    resources, cost, hours, eligibility, suspicious = map(int, summary.groups())
    # the goals of issue 15 (ceilings as in tests/catalogue/test_audit.py)
    assert resources >= 600 and suspicious == 0 and eligibility == 0 and cost == 0
    assert hours <= 0.05 * resources
    assert any(line.startswith("missing hours: ") for line in lines)


def test_a_suspicious_resource_fails_the_audit_and_is_listed(app, runner, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource("test-free-book", "Wombat book", url="https://www.manning.com/books/w",
                      hours=10, eligibility=Eligibility(stated=True)),
        make_resource("test-open-fellowship", "Wombat Fellowship", hours=20,
                      eligibility=Eligibility(stated=True)),
    )  # fmt: skip
    result, lines, summary = _audit(runner, "--limit", "1")
    assert result.exit_code == 1
    assert int(summary.group(5)) == 2
    text = "\n".join(lines)
    assert "test-free-book: commercial provider or paid-book host (manning.com) marked free" in text
    assert "… and 1 more" in text  # the second offender is counted, not listed
