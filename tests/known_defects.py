"""Known defects of open issues, as strict ``xfail`` marks: a marked test fails as soon as
the defect is fixed, and the mark must then go (import as ``known_defects``).

Issue 14's mentoring and community track for the group lead was closed by
``catalogue/tools/curation/83-senior-mentoring.yaml`` (its mark went).
"""

import pytest

#: Issue 14 §5: a step that assumes a level another step provides comes after it.
LEVEL_CHAIN_DEFECT = pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 14 §5, open (recommender/ordering.py): the grant-funded data steward gets "
        "'ENCCS Best Practices in HPC Training' (Teaching and training others 1→2) at "
        "stage 1 and 'Training techniques to enhance learner participation' (0→1) at "
        "stage 3: a step from Awareness is placed before the step that brings Awareness"
    ),
)
