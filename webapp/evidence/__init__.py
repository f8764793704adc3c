"""Evidence for a promotion case: evidence on ratings, endorsements, the promotion pack and
Open Badges 3.0 credentials."""
