"""Institutional sign-in settings from the environment (webapp.core.oidc_settings), including
the ready-made settings docs/security.md gives for ORCID, LS Login and a generic proxy."""

from __future__ import annotations

import pytest

from webapp.core.oidc_settings import OidcSettingsError, oidc_settings

READY_MADE = {
    "OIDC_PROVIDERS": "orcid,lslogin,uni",
    "OIDC_ORCID_ISSUER": "https://orcid.org",
    "OIDC_ORCID_CLIENT_ID": "APP-XXXXXXXXXXXXXXXX",
    "OIDC_ORCID_CLIENT_SECRET": "s",
    "OIDC_ORCID_DISPLAY_NAME": "ORCID",
    "OIDC_ORCID_SCOPES": "openid",
    "OIDC_LSLOGIN_ISSUER": "https://login.aai.lifescience-ri.eu/oidc/",
    "OIDC_LSLOGIN_CLIENT_ID": "c",
    "OIDC_LSLOGIN_CLIENT_SECRET": "s",
    "OIDC_LSLOGIN_DISPLAY_NAME": "LS Login",
    "OIDC_LSLOGIN_SCOPES": "openid email profile eduperson_entitlement",
    "OIDC_LSLOGIN_ROLE_CLAIM": "eduperson_entitlement",
    "OIDC_LSLOGIN_ROLE_MAP": "urn:geant:lifescience-ri.eu:group:trainers#aai.lifescience-ri.eu"
    "=trainer",
    "OIDC_UNI_ISSUER": "https://proxy.example.ac.uk",
    "OIDC_UNI_CLIENT_ID": "c",
    "OIDC_UNI_CLIENT_SECRET": "s",
    "OIDC_UNI_DISPLAY_NAME": "your university (eduGAIN)",
}


def test_no_providers_means_passwords_only():
    assert oidc_settings({}) == {
        "AUTH_MODE": "local",
        "OIDC_PROVIDERS": (),
        "OIDC_ALLOWED_NETWORKS": (),
    }


def test_the_ready_made_settings_read_as_documented():
    settings = oidc_settings(READY_MADE)
    orcid, lslogin, uni = settings["OIDC_PROVIDERS"]
    assert settings["AUTH_MODE"] == "both"
    assert orcid.metadata_url == "https://orcid.org/.well-known/openid-configuration"
    assert (
        lslogin.metadata_url
        == "https://login.aai.lifescience-ri.eu/oidc/.well-known/openid-configuration"
    )
    assert lslogin.issuer == "https://login.aai.lifescience-ri.eu/oidc/"  # kept as given
    assert lslogin.role_map == (
        ("urn:geant:lifescience-ri.eu:group:trainers#aai.lifescience-ri.eu", "trainer"),
    )
    assert (orcid.scopes, uni.scopes) == ("openid", "openid email profile")
    assert uni.display_name == "your university (eduGAIN)" and not uni.role_claim


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"OIDC_UNI_ISSUER": "http://proxy.example.ac.uk"}, "must be an https address"),
        ({"OIDC_UNI_CLIENT_SECRET": ""}, "OIDC_UNI_CLIENT_SECRET unset"),
        ({"OIDC_UNI_SCOPES": "email"}, "must include openid"),
        ({"OIDC_LSLOGIN_ROLE_MAP": "x=admin"}, "role manager or trainer"),
        ({"OIDC_LSLOGIN_ROLE_MAP": ""}, "go together"),
        ({"OIDC_PROVIDERS": "orcid,orcid"}, "names a provider twice"),
        ({"OIDC_PROVIDERS": "Bad-Name"}, "lower-case letters"),
        ({"AUTH_MODE": "saml"}, "AUTH_MODE must be local, oidc or both"),
        ({"OIDC_ALLOWED_NETWORKS": "intranet"}, "is not a network"),
    ],
)
def test_bad_settings_say_what_is_wrong(changes, message):
    with pytest.raises(OidcSettingsError, match=message):
        oidc_settings({**READY_MADE, **changes})


def test_oidc_only_needs_a_provider():
    with pytest.raises(OidcSettingsError, match="needs at least one provider"):
        oidc_settings({"AUTH_MODE": "oidc"})


def test_a_provider_on_this_machine_may_use_http():
    env = {
        "OIDC_PROVIDERS": "dev",
        "OIDC_DEV_ISSUER": "http://127.0.0.1:8080/realms/dev",
        "OIDC_DEV_CLIENT_ID": "c",
        "OIDC_DEV_CLIENT_SECRET": "s",
        "AUTH_MODE": "oidc",
        "OIDC_ALLOWED_NETWORKS": "127.0.0.0/8, ::1/128",
    }
    settings = oidc_settings(env)
    assert settings["AUTH_MODE"] == "oidc"
    assert settings["OIDC_ALLOWED_NETWORKS"] == ("127.0.0.0/8", "::1/128")


def test_the_app_refuses_to_start_with_bad_settings(monkeypatch):
    from webapp.core.config import ConfigError, load_config

    monkeypatch.setenv("OIDC_PROVIDERS", "orcid")
    with pytest.raises(ConfigError, match="OIDC_ORCID_ISSUER"):
        load_config("/tmp")


def test_the_app_reads_two_providers_from_the_environment(monkeypatch, tmp_path):
    from webapp.core.config import load_config

    for name, value in READY_MADE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OIDC_PROVIDERS", "lslogin,uni")
    config = load_config(str(tmp_path))
    assert [p.name for p in config["OIDC_PROVIDERS"]] == ["lslogin", "uni"]
    assert config["AUTH_MODE"] == "both"
