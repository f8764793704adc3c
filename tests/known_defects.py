"""Known defects of open issues, as strict ``xfail`` marks: a marked test fails as soon as
the defect is fixed, and the mark must then go (import as ``known_defects``).

None is open: issue 14's mentoring and community track for the group lead was closed by
``catalogue/tools/curation/83-senior-mentoring.yaml``. A new mark is written as
``NAME = pytest.mark.xfail(strict=True, reason="issue N, open: ...")``.
"""
