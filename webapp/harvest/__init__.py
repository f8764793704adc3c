"""The living catalogue: sources that providers publish, harvested on a schedule as jobs.

``models``: sources, runs with a record per harvested item, listings (which source lists
which resource), alerts, near-duplicate pairs, scheduled jobs. ``reading``: a source's
method → reader records (every fetch through :class:`webapp.core.polite_fetch.PoliteFetcher`).
``merging``: records into resources without overwriting what curators locked. ``runs``: one
run, recorded. ``health``: alerts, link checks, review flags. ``jobs``/``schedule``: the job
queue (RQ on Redis, in process without it) and the enqueuer of due work.
"""
