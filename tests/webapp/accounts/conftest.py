"""Fixtures of the accounts tests: real OpenID Connect providers (tests/oidc_testing.py)."""

from oidc_testing import idps, oidc  # noqa: F401
