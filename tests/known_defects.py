"""Known defects of open issues, as strict ``xfail`` marks: a marked test fails as soon as
the defect is fixed, and the mark must then go (import as ``known_defects``)."""

import pytest

#: Issue 14: the bundled group lead's mentoring and community track (catalogue data).
OPEN_TRACK_DEFECT = pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 14, open (catalogue data; the engine now keeps a share of the budget for the "
        "track): no mentoring offer teaching Mentoring and coaching is open to a senior "
        "learner who states no region or institution (itss is GB-only, connect-ci US-only, "
        "York and Manchester institution-only, SocRSE and WHPC list early- and mid-career "
        "mentees), and the only community for team management (RSE-GLN) needs US-RSE "
        "membership"
    ),
)
