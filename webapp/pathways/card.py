"""What a step's compact card says, each fact once.

The engine's explanation of a step repeats what the card already shows as facts (the gaps it
closes with their levels, its length and price) and ends with a claim about the whole plan
that the page's summary makes once. The card shows the rest: fit, "needed first by", why
mentoring suits a skill, trainers' recommendations, warnings.
"""

from __future__ import annotations

import re

from webapp.pathways.limits import PROVEN_CLAIM

__all__ = ["step_reasons"]

#: "Closes Skill 1→2 (about 1 h (estimated), free)." — the card lists the gaps and the
#: meta line gives length and price.
_CLOSES = re.compile(r"Closes .*?→.*?\)\.(?=\s|$)")
#: Claims about the plan as a whole; the summary states which one holds.
_PLAN_CLAIMS = (
    PROVEN_CLAIM,
    "Part of the most useful plan found within the time limit.",
    "Part of the cheapest combination that closes these gaps (proven).",
)


def step_reasons(why: str) -> str:
    """``why`` without the sentences the card and the page summary already say.

    >>> step_reasons("Closes Git 1→2 (about 1 h (estimated), free). Fit 0.8: main subject. "
    ...              "Part of the most useful plan within your limits (proven).")
    'Fit 0.8: main subject.'
    """
    text = _CLOSES.sub("", why, count=1)
    for claim in _PLAN_CLAIMS:
        text = text.replace(claim, "")
    return re.sub(r"\s{2,}", " ", text).strip()
