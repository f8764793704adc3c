"""Pooled connections are pinged before use only after lying idle (webapp.core.orm.ping_after_idle).

A ping on every checkout (SQLAlchemy's ``pool_pre_ping``) is one more round trip to the
database per request. A connection given back a moment ago is used as it is; one idle for
longer than the window is pinged, and a dead one is replaced before the caller sees it.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, exc, text

from webapp.core.config import ConfigError, load_config
from webapp.core.orm import ping_after_idle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pinged(tmp_path):
    """An engine with the idle ping (5 s), its clock, and the connections it pinged."""
    engine = create_engine(f"sqlite:///{tmp_path / 'ping.sqlite'}")
    clock = Clock()
    ping_after_idle(engine, 5, clock=clock)
    pings = []
    real = engine.dialect.do_ping

    def counting(dbapi_connection):
        pings.append(dbapi_connection)
        return real(dbapi_connection)

    engine.dialect.do_ping = counting
    yield engine, clock, pings
    engine.dispose()


def _use(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1")).scalar_one()


def test_a_connection_used_a_moment_ago_is_not_pinged_an_idle_one_is(pinged):
    engine, clock, pings = pinged
    assert _use(engine) == 1
    assert pings == []  # a new connection needs no ping
    for _ in range(3):  # back and out again within the window: no round trip
        clock.now += 4.9
        _use(engine)
    assert pings == []
    clock.now += 5.1
    _use(engine)
    assert len(pings) == 1
    _use(engine)  # given back just now
    assert len(pings) == 1


def test_a_dead_idle_connection_is_replaced_before_use(pinged, monkeypatch):
    engine, clock, pings = pinged
    with engine.connect() as conn:
        first = conn.connection.dbapi_connection
    clock.now += 60

    def dead(dbapi_connection):
        pings.append(dbapi_connection)
        raise sqlite3.OperationalError("server closed the connection unexpectedly")

    engine.dialect.do_ping = dead
    monkeypatch.setattr(engine.dialect, "is_disconnect", lambda *args: True)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 2")).scalar_one() == 2
        assert conn.connection.dbapi_connection is not first
    assert pings == [first]


def test_an_error_that_is_not_a_disconnect_is_raised(pinged, monkeypatch):
    engine, clock, pings = pinged
    _use(engine)
    clock.now += 60

    def broken(dbapi_connection):
        raise sqlite3.OperationalError("something else went wrong")

    engine.dialect.do_ping = broken
    monkeypatch.setattr(engine.dialect, "is_disconnect", lambda *args: False)
    with pytest.raises(exc.OperationalError, match="something else"):
        _use(engine)


def test_the_window_is_configured_in_whole_seconds(app, monkeypatch):
    assert load_config(app.instance_path)["DATABASE_PING_AFTER_IDLE_SECONDS"] == 5
    monkeypatch.setenv("DATABASE_PING_AFTER_IDLE_SECONDS", "0")
    assert load_config(app.instance_path)["DATABASE_PING_AFTER_IDLE_SECONDS"] == 0
    for bad in ("soon", "-1", "1.5", "86400"):
        monkeypatch.setenv("DATABASE_PING_AFTER_IDLE_SECONDS", bad)
        with pytest.raises(ConfigError, match="DATABASE_PING_AFTER_IDLE_SECONDS must be"):
            load_config(app.instance_path)
