"""My profile: current levels per skill, the skill wheel, history and what changed, and the
account settings page.
"""
