"""One blueprint per user job."""

from webapp.blueprints import assess, auth, frameworks, main, profile

BLUEPRINTS = [main.bp, auth.bp, frameworks.bp, assess.bp, profile.bp]
