"""Following the catalogue: saved searches with e-mail digests, private calendar feeds, the
sitemap.

``models``: saved searches and calendar feed tokens. ``searches``: what a saved search holds
and what is new for it (also "new training for my gaps"). ``digests``: the digest job (in
:mod:`webapp.harvest.jobs`' registry) and one-click unsubscribe. ``calendars``: a search's
events or a pathway's dated steps as RFC 5545. ``sitemap``: the public catalogue pages.
"""
