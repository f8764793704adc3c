"""Self-assessment: starting one against frameworks and role profiles, the paged rating form
with autosave and resume, review and submission.
"""
