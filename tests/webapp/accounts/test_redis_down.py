"""With the rate-limit storage (Redis) unreachable, people can still sign in, sign up and
ask for a reset: limits fall back to counting in memory, with a logged warning.

Run in a separate process: the limiter is one object per process, and this one must not
be left pointing at a dead Redis for the tests that follow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import json, logging, sys
    from webapp import create_app
    from webapp.accounts.models import User
    from webapp.core.extensions import db
    from webapp.core.orm import utcnow

    warnings = []

    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logging.getLogger().addHandler(Keep())
    app = create_app({
        "TESTING": True, "PATHFINDER_ENV": "testing", "SECRET_KEY": "t",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1], "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASHING": "fast", "LOGIN_FAILURE_LIMIT": "2 per hour",
    })
    with app.app_context():
        db.create_all()
        for email in ("ada@example.org", "cy@example.org"):
            user = User(email=email, name="A", email_verified_at=utcnow())
            user.set_password("correct horse battery")
            db.session.add(user)
        db.session.commit()
    client = app.test_client()

    def login(email, password):
        data = {"email": email, "password": password}
        return app.test_client().post("/auth/login", data=data).status_code

    codes = {
        "config": app.config["RATELIMIT_STORAGE_URI"],
        "wrong": [login("ada@example.org", "not the password!") for _ in range(3)],
        "right": login("cy@example.org", "correct horse battery"),
        "reset": client.post("/auth/reset", data={"email": "ada@example.org"}).status_code,
        "signup": client.post("/auth/signup", data={
            "name": "Bo", "email": "bo@example.org",
            "password": "correct horse battery", "confirm": "correct horse battery",
        }).status_code,
        "warnings": warnings,
    }
    print(json.dumps(codes))
    """
)


def test_sign_in_sign_up_and_reset_work_with_redis_unreachable(tmp_path):
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PATHFINDER_ENV": "testing",
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    env.pop("RATELIMIT_STORAGE_URI", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "db.sqlite")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    codes = json.loads(result.stdout.strip().splitlines()[-1])
    assert codes["config"] == "redis://127.0.0.1:1/0"
    # The per-account limit is still enforced, counted in memory.
    assert codes["wrong"] == [401, 401, 429]
    assert codes["right"] == 302
    assert codes["reset"] == 302
    assert codes["signup"] == 302
    assert any("unreachable" in w for w in codes["warnings"]), codes["warnings"]
