"""One blueprint per user job."""

from webapp.blueprints import assess, auth, frameworks, main, profile, teams

BLUEPRINTS = [main.bp, auth.bp, frameworks.bp, assess.bp, profile.bp, teams.bp]
