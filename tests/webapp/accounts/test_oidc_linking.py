"""Linking identities: automatically only when the address is verified on both sides, or by
the signed-in person from their account page; unlinking, but never the last way in; either
of two providers signs in once both are linked."""

from __future__ import annotations

from oidc_testing import link, sign_in_with
from pathfinder_testing import csrf_from
from sqlalchemy import select

from webapp.accounts.models import Identity, User
from webapp.core.extensions import db


def _identities(app, email="ada@uni.example.org"):
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        rows = db.session.execute(select(Identity).where(Identity.user_id == user.id))
        return sorted((r.issuer, r.subject) for r in rows.scalars())


def _logout(client):
    client.post("/auth/logout", data={"csrf_token": csrf_from(client.get("/").text)})


def _unlink(client, app, issuer):
    with app.app_context():
        row = db.session.execute(select(Identity).where(Identity.issuer == issuer)).scalar_one()
        identity_id = row.id
    token = csrf_from(client.get("/me/account").text)
    return client.post(
        f"/auth/identities/{identity_id}/unlink",
        data={"csrf_token": token},
        follow_redirects=True,
    )


def test_a_verified_address_links_to_the_account_with_that_confirmed_address(
    app, client, auth, oidc
):
    auth.create_user("ada@uni.example.org", name="Ada")
    page = sign_in_with(client, "alpha")
    assert "Alpha University is now linked to your account" in page.text
    assert _identities(app) == [(oidc["alpha"].issuer, "alpha-ada")]
    with app.app_context():
        assert db.session.execute(select(User)).scalars().one().has_password


def test_an_unconfirmed_account_address_is_not_linked_automatically(app, client, auth, oidc):
    auth.create_user("ada@uni.example.org", name="Ada")
    with app.app_context():
        db.session.execute(db.update(User).values(email_verified_at=None))
        db.session.commit()
    page = sign_in_with(client, "alpha")
    assert "its address is not confirmed" in page.text
    assert _identities(app) == []


def test_the_signed_in_person_links_a_second_provider_and_signs_in_with_either(app, client, oidc):
    sign_in_with(client, "alpha")
    # The second provider knows Ada under another address: linking does not need it to match.
    oidc["beta"].user.update(email="a.lovelace@infra.example.org", email_verified=False)
    page = link(client, "beta")
    assert "Beta Research Infrastructure is linked" in page.text
    assert _identities(app) == sorted(
        [(oidc["alpha"].issuer, "alpha-ada"), (oidc["beta"].issuer, "beta-ada")]
    )
    account = client.get("/me/account").text
    assert "Unlink Alpha University" in account and "Unlink Beta Research Infrastructure" in account
    assert "Link Beta Research Infrastructure" not in account  # linked ones are not offered
    for name in ("beta", "alpha"):
        _logout(client)
        page = sign_in_with(client, name)
        assert "Signed in as Ada Lovelace" in page.text
    with app.app_context():
        assert len(db.session.execute(select(User)).scalars().all()) == 1


def test_an_identity_of_another_account_is_not_linked(app, client, auth, oidc):
    other = app.test_client()
    sign_in_with(other, "beta")  # makes ada@uni.example.org's account, with beta
    auth.create_user("grace@example.org", name="Grace")
    auth.login("grace@example.org")
    page = link(client, "beta")
    assert "linked to another account, so it was not linked" in page.text
    assert _identities(app) == [(oidc["beta"].issuer, "beta-ada")]


def test_a_link_answer_cannot_be_used_by_someone_else(app, client, auth, oidc):
    auth.create_user("grace@example.org", name="Grace")
    auth.login("grace@example.org")
    token = csrf_from(client.get("/me/account").text)
    started = client.post("/auth/oidc/alpha/link", data={"csrf_token": token})
    assert started.status_code == 302
    # Grace signs out before the answer comes back (signing out forgets the state): it
    # links to nobody.
    from oidc_testing import provider_answer

    callback = provider_answer(started.headers["Location"])
    _logout(client)
    page = client.get(callback, follow_redirects=True)
    assert "this sign-in was not started here, or was already used" in page.text
    with app.app_context():
        assert db.session.execute(select(Identity)).scalars().all() == []


def test_unlinking_keeps_the_last_way_in(app, client, oidc):
    sign_in_with(client, "alpha")
    page = _unlink(client, app, oidc["alpha"].issuer)
    assert "That is the only way left to sign in to your account" in page.text
    assert len(_identities(app)) == 1
    link(client, "beta")
    page = _unlink(client, app, oidc["alpha"].issuer)
    assert "That identity is unlinked" in page.text
    assert _identities(app) == [(oidc["beta"].issuer, "beta-ada")]
    page = _unlink(client, app, oidc["beta"].issuer)
    assert "only way left" in page.text and len(_identities(app)) == 1


def test_with_a_password_the_last_identity_can_go(app, client, auth, oidc):
    auth.create_user("ada@uni.example.org", name="Ada")
    sign_in_with(client, "alpha")
    page = _unlink(client, app, oidc["alpha"].issuer)
    assert "That identity is unlinked" in page.text and _identities(app) == []


def test_another_persons_identity_cannot_be_unlinked(app, client, auth, oidc):
    sign_in_with(app.test_client(), "alpha")
    link_owner = _identities(app)
    auth.create_user("grace@example.org", name="Grace")
    auth.login("grace@example.org")
    with app.app_context():
        identity_id = db.session.execute(select(Identity.id)).scalar_one()
    token = csrf_from(client.get("/me/account").text)
    response = client.post(f"/auth/identities/{identity_id}/unlink", data={"csrf_token": token})
    assert response.status_code == 404 and _identities(app) == link_owner
