"""Accounts: users CLI, sign-in, sessions, passwords, tokens, hardening and the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.auth.models import ApiToken, User
from budget.extensions import db
from tests.conftest import PASSWORD, csrf_token, sign_in


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_users_create_and_token_cli(runner, jurisdictions):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Fin@Example.org",
            "--role",
            "finance",
            "--jurisdiction",
            "RS-X",
            "--password",
            "long enough pw",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "fin@example.org"))
    assert user.role == "finance" and user.jurisdiction.code == "RS-X"
    assert user.password_hash.startswith("$argon2") and "long enough pw" not in user.password_hash
    token = (
        runner.invoke(args=["users", "token", "fin@example.org"]).output.strip().splitlines()[-1]
    )
    assert re.fullmatch(r"rrb_[A-Za-z0-9_\-]{40,}", token)
    stored = db.session.scalar(select(ApiToken))
    assert (
        stored.token_hash != token
        and token not in stored.token_hash
        and stored.prefix == token[:10]
    )
    assert audit_actions() == ["user.created", "token.created"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["x@example.org", "--role", "finance"], "belongs to one jurisdiction"),
        (
            ["x@example.org", "--role", "finance", "--jurisdiction", "NOPE"],
            "Unknown jurisdiction 'NOPE'",
        ),
        (
            ["x@example.org", "--role", "reviewer", "--jurisdiction", "RS-X"],
            "Only finance officers",
        ),
        (["not-an-email", "--role", "monitor"], "is not an email address"),
        (["x@example.org", "--role", "monitor", "--password", "short"], "at least 8 characters"),
    ],
)
def test_users_create_refuses_bad_input(runner, jurisdictions, args, message):
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 1 and message in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_generates_a_password_and_refuses_duplicates(runner, jurisdictions):
    result = runner.invoke(args=["users", "create", "m@example.org", "--role", "monitor"])
    assert result.exit_code == 0 and "Password: " in result.output
    again = runner.invoke(args=["users", "create", "M@example.org", "--role", "monitor"])
    assert again.exit_code == 1 and "exists already" in again.output
    assert runner.invoke(args=["users", "token", "nobody@example.org"]).exit_code == 1


def test_sign_in_starts_a_new_session_and_sign_out_ends_it(client, make_user):
    make_user("monitor")
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(client, "monitor-all@test.example")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")
    page = client.get("/account").get_data(as_text=True)
    assert "monitor-all@test.example" in page
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    assert client.get("/account").status_code == 302
    assert audit_actions()[-2:] == ["auth.sign_in", "auth.signed_out"]


def test_same_error_for_unknown_email_and_wrong_password(client, make_user):
    make_user("monitor")
    wrong = sign_in(client, "monitor-all@test.example", "wrong password")
    unknown = sign_in(client, "nobody@test.example", "wrong password")
    assert wrong.status_code == unknown.status_code == 401
    text = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))
    assert text(wrong).replace("monitor-all@test.example", "X") == text(unknown).replace(
        "nobody@test.example", "X"
    )
    assert "The email or the password is not correct." in wrong.get_data(as_text=True)
    failures = db.session.scalars(
        select(AuditEntry.subject).where(AuditEntry.action == "auth.sign_in_failed")
    ).all()
    assert failures == ["monitor-all@test.example", "nobody@test.example"]


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_the_eleventh_wrong_password_from_one_address_is_refused(client, app, make_user):
    make_user("monitor")
    for attempt in range(10):
        assert sign_in(client, "monitor-all@test.example", f"wrong {attempt}").status_code == 401
    assert sign_in(client, "monitor-all@test.example", "wrong again").status_code == 429
    assert sign_in(client, "monitor-all@test.example", PASSWORD).status_code == 429  # still blocked
    # ten tries by someone else do not lock the owner out everywhere
    assert (
        sign_in(client_at(app, "10.1.2.3"), "monitor-all@test.example", PASSWORD).status_code == 302
    )


def test_guessing_one_account_from_many_addresses_is_refused(app, make_user):
    make_user("monitor")
    for attempt in range(50):
        sign_in(
            client_at(app, f"10.0.{attempt // 200}.{attempt % 200 + 1}"),
            "monitor-all@test.example",
            "x",
        )
    response = sign_in(client_at(app, "10.9.9.9"), "monitor-all@test.example", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_one_address_is_refused_after_a_hundred_failures_not_ten(client, make_user):
    make_user("monitor")
    for attempt in range(10):
        sign_in(client, f"user{attempt}@test.example", "wrong")
    assert (
        sign_in(client, "monitor-all@test.example", PASSWORD).status_code == 302
    )  # a shared proxy
    client.post(
        "/auth/logout",
        data={"csrf_token": csrf_token(client.get("/account").get_data(as_text=True))},
    )
    for attempt in range(90):
        sign_in(client, f"other{attempt}@test.example", "wrong")
    assert sign_in(client, "monitor-all@test.example", PASSWORD).status_code == 429


def test_sign_in_redirects_only_within_the_site(client, make_user):
    make_user("monitor")
    page = client.get("/auth/login?next=https://evil.example/").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={
            "email": "monitor-all@test.example",
            "password": PASSWORD,
            "csrf_token": csrf_token(page),
            "next": "//evil.example/",
        },
    )
    assert response.headers["Location"] == "/account"


def test_deactivated_users_cannot_sign_in_and_lose_their_sessions(client, app, make_user):
    user = make_user("monitor")
    assert sign_in(client, user.email).status_code == 302
    user.active = False
    db.session.commit()
    assert client.get("/account").status_code == 302
    assert sign_in(app.test_client(), user.email).status_code == 401


def test_password_change_ends_other_sessions(client, app, make_user):
    user = make_user("monitor")
    other = app.test_client()
    sign_in(other, user.email)
    sign_in(client, user.email)
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": PASSWORD,
            "new_password": "a new passphrase",
            "confirm": "a new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this session goes on
    assert other.get("/account").status_code == 302  # the other one ended
    assert sign_in(app.test_client(), user.email, "a new passphrase").status_code == 302
    assert "auth.password_changed" in audit_actions()


def test_password_change_checks_the_current_password(client, make_user):
    user = make_user("monitor")
    sign_in(client, user.email)
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": "wrong",
            "new_password": "a new passphrase",
            "confirm": "a new passphrase",
        },
    )
    assert response.status_code == 400
    assert "The current password is not correct." in response.get_data(as_text=True)


def test_tokens_from_the_account_page_are_shown_once_and_revocable(client, make_user):
    user = make_user("finance", "RS-X")
    sign_in(client, user.email)
    page = client.get("/account").get_data(as_text=True)
    created = client.post("/account/tokens", data={"csrf_token": csrf_token(page)})
    assert created.status_code == 201
    token = re.search(r"(rrb_[A-Za-z0-9_\-]+)", created.get_data(as_text=True)).group(1)
    assert token not in client.get("/account").get_data(as_text=True)
    with client.session_transaction() as session:
        assert token not in str(dict(session))
    stored = db.session.scalar(select(ApiToken))
    response = client.post(
        f"/account/tokens/{stored.id}/revoke", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    db.session.refresh(stored)
    assert stored.revoked_at is not None
    assert audit_actions()[-2:] == ["token.created", "token.revoked"]


def test_every_form_post_without_csrf_token_is_refused(client, make_user):
    user = make_user("admin")
    assert (
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code
        == 400
    )
    sign_in(client, user.email)
    for url in (
        "/auth/logout",
        "/account/password",
        "/account/tokens",
        "/admin/users/new",
        f"/admin/users/{user.id}",
    ):
        assert client.post(url, data={}).status_code == 400, url


def test_security_headers(client, app):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "<script" not in response.get_data(as_text=True)
    assert client.get("/api/v1/jurisdictions").headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_flags(client, make_user):
    make_user("monitor")
    plain = sign_in(client, "monitor-all@test.example")
    cookie = plain.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure_client = client.application.test_client()
    page = secure_client.get("/auth/login", base_url="https://localhost").get_data(as_text=True)
    response = secure_client.post(
        "/auth/login",
        base_url="https://localhost",
        data={
            "email": "monitor-all@test.example",
            "password": PASSWORD,
            "csrf_token": csrf_token(page),
        },
        headers={"Referer": "https://localhost/auth/login"},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_anonymous_pages_set_no_session_cookie(client, jurisdictions):
    assert "Set-Cookie" not in client.get("/jurisdictions/RS-X").headers


def test_upload_size_limit_gives_a_clear_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/auth/login?lang=en", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    api = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        data="x" * 5000,
        headers={"Authorization": "Bearer rrb_x", "Content-Type": "application/json"},
    )
    assert api.status_code in (401, 413)


def test_admin_manages_users(client, make_user):
    admin = make_user("admin")
    target = make_user("monitor")
    sign_in(client, admin.email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert target.email in page
    form = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "csrf_token": csrf_token(form),
            "role": "finance",
            "jurisdiction": "RS-X",
            "active": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == "finance" and target.jurisdiction.code == "RS-X"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.role_changed"))
    assert entry.changes == {"role": ["monitor", "finance"], "jurisdiction": [None, "RS-X"]}
    assert entry.actor == admin.email

    response = client.post(
        f"/admin/users/{target.id}",
        data={"csrf_token": csrf_token(form), "role": "finance", "jurisdiction": "RS-X"},
    )  # unchecked: inactive
    db.session.refresh(target)
    assert target.active is False

    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(form),
            "email": "New@Example.org",
            "role": "reviewer",
            "jurisdiction": "",
            "active": "y",
            "password": "initial password",
        },
    )
    assert created.status_code == 302
    assert db.session.scalar(select(User).where(User.email == "new@example.org")).role == "reviewer"
    bad = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(form),
            "email": "x@example.org",
            "role": "finance",
            "jurisdiction": "",
            "active": "y",
            "password": "initial password",
        },
    )
    assert bad.status_code == 400 and "belongs to one jurisdiction" in bad.get_data(as_text=True)


def test_admin_cannot_lock_themselves_out(client, make_user):
    admin = make_user("admin")
    sign_in(client, admin.email)
    form = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    response = client.post(
        f"/admin/users/{admin.id}",
        data={"csrf_token": csrf_token(form), "role": "monitor", "jurisdiction": "", "active": "y"},
    )
    assert response.status_code == 400
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_admin_revokes_a_users_token(client, make_user, token_for):
    admin = make_user("admin")
    finance = make_user("finance", "RS-X")
    token = token_for(finance.email)
    sign_in(client, admin.email)
    form = client.get(f"/admin/users/{finance.id}").get_data(as_text=True)
    stored = db.session.scalar(select(ApiToken))
    assert (
        client.post(
            f"/admin/users/{finance.id}/tokens/{stored.id}/revoke",
            data={"csrf_token": csrf_token(form)},
        ).status_code
        == 302
    )
    response = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        json={},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401


def test_seed_demo_creates_one_user_per_role_and_two_monitors(runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    roles = sorted(db.session.scalars(select(User.role)))
    # a monitor of a civil-society organisation and one of a council for interethnic relations
    assert roles == ["admin", "finance", "monitor", "monitor", "reviewer"]
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 5


def test_signed_in_pages_are_not_stored_by_browsers(client, make_user):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    sign_in(client, make_user("admin").email)
    for url in ("/", "/account", "/admin/users"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    token_page = client.post(
        "/account/tokens",
        data={"csrf_token": csrf_token(client.get("/account").get_data(as_text=True))},
    )
    assert token_page.status_code == 201 and token_page.headers["Cache-Control"] == "no-store"


def test_signing_out_ends_a_copied_session_cookie(app, client, make_user):
    user = make_user("admin")
    sign_in(client, user.email)
    copied = client.get_cookie("session").value
    page = client.get("/account").get_data(as_text=True)
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/account").status_code == 302  # sent to sign in: the session has ended


def test_tokens_end_with_a_new_password_and_stay_ended_after_reactivation(
    app, client, make_user, token_for
):
    from budget.auth.models import User
    from budget.auth.services import update_user

    finance = make_user("finance", "RS-X")
    admin = make_user("admin")
    tag = {"economic": "472", "relevance": "targeted"}
    url = "/api/v1/jurisdictions/RS-X/years/2024/tags"

    token = token_for(finance.email)
    sign_in(client, finance.email)
    page = client.get("/account").get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": PASSWORD,
            "new_password": "another long password",
            "confirm": "another long password",
        },
    )
    assert changed.status_code == 302
    assert (
        app.test_client()
        .post(url, json=tag, headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 401
    )

    second = token_for(finance.email)
    user = db.session.get(User, finance.id)
    update_user(
        user,
        role="finance",
        jurisdiction_code="RS-X",
        active=False,
        actor=db.session.get(User, admin.id),
    )
    db.session.commit()
    update_user(
        user,
        role="finance",
        jurisdiction_code="RS-X",
        active=True,
        actor=db.session.get(User, admin.id),
    )
    db.session.commit()
    assert (
        app.test_client()
        .post(url, json=tag, headers={"Authorization": f"Bearer {second}"})
        .status_code
        == 401
    )


def test_a_server_without_secret_key_refuses_to_start(monkeypatch, tmp_path):
    from budget.config import MissingSecretKey, secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    with pytest.raises(MissingSecretKey):
        secret_key(str(tmp_path))
    monkeypatch.delenv("SERVER_SOFTWARE")
    first = secret_key(str(tmp_path))  # development: one key for every process of the machine
    assert len(first) == 64 and secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
