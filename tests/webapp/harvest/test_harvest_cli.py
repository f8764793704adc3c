"""``flask sources add|list`` and ``flask harvest run``."""

from __future__ import annotations

from harvest_helpers import PROVIDER_KEY, course_page
from local_http import serve


def test_sources_add_list_and_harvest_run_from_the_command_line(harvesting, runner):
    with serve({}) as server:
        server.answers["/c"] = course_page("CLI course", url=server.url + "/c")
        server.answers["/d"] = course_page("CLI course", url=server.url + "/c")
        url = server.url + "/c"
        added = runner.invoke(
            args=["sources", "add", url, "--method", "page", "--provider", PROVIDER_KEY]
        )
        assert added.exit_code == 0, added.output
        assert "(pending)" in added.output
        refused = runner.invoke(args=["harvest", "run", url])
        assert refused.exit_code != 0 and "approve it first" in refused.output
        again = runner.invoke(
            args=["sources", "add", url, "--method", "page", "--provider", PROVIDER_KEY]
        )
        assert again.exit_code != 0 and "registered already" in again.output
        approved = runner.invoke(
            args=["sources", "add", url, "--method", "rss", "--provider", "no-such", "--approve"]
        )
        assert approved.exit_code != 0 and "no provider 'no-such'" in approved.output
        ok = runner.invoke(
            args=[
                "sources",
                "add",
                server.url + "/d",
                "--method",
                "page",
                "--provider",
                PROVIDER_KEY,
                "--approve",
            ]
        )
        assert "(approved)" in ok.output
        listed = runner.invoke(args=["sources", "list"])
        assert "pending" in listed.output and "approved" in listed.output
        run = runner.invoke(args=["harvest", "run"])
        assert run.exit_code == 0, run.output
        assert ": ok: " in run.output and "1 added" in run.output
