"""My profile: levels per skill, the skill wheel, history and what changed (computed by
``webapp.assess.levels``), and the account settings page.
"""
