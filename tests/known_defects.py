"""Known defects of open issues, as strict ``xfail`` marks: a marked test fails as soon as
the defect is fixed, and the mark must then go (import as ``known_defects``)."""

import pytest

#: Issue 14: the bundled group lead's mentoring and community track.
OPEN_TRACK_DEFECT = pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 14, open: with the grown catalogue a course about mentoring takes Mentoring and "
        "coaching 0→2 and no mentoring offer is tagged above Working, so the track has nothing "
        "left to add; RSE-GLN now needs US-RSE membership"
    ),
)

#: Issue 14: gaps split between a short page and a long lesson's side link.
OPEN_SPLIT_DEFECT = pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 14, open: with the grown catalogue (621 items) short pages split gaps "
        "(ttw-code-testing 0→1 + cr-reproducible-python 1→2 beat cr-testing 0→2); see "
        "docs/performance.md, pathway quality"
    ),
)
