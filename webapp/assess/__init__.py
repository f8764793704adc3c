"""Self-assessment: starting one against frameworks and role profiles, the paged rating form
with autosave and resume, review and submission; and the levels a person's ratings add up to
(``levels``), which profiles, teams and pathways read.
"""
