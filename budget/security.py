"""Security headers, cookies and sign-in sessions."""

from __future__ import annotations

from flask import Flask, Response, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from budget.extensions import login_manager

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if current_user and current_user.is_authenticated:
        # A signed-in page (drafts, a new API token) must not stay in a browser's or proxy's cache.
        headers["Cache-Control"] = "no-store"
    return response


def reject_nul_bytes() -> None:
    """PostgreSQL text cannot hold NUL: refuse it at the door rather than fail deep inside."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400, description="The request contains a NUL character.")


def init_app(app: Flask) -> None:
    if app.config.get("TRUST_PROXY"):
        # Behind a TLS-terminating proxy: trust one hop of X-Forwarded-Proto/For/Host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.session_interface = SessionCookies()
    app.before_request(reject_nul_bytes)
    app.after_request(security_headers)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @app.context_processor
    def account_context():
        from budget.auth.forms import role_choices
        from budget.web.forms import ActionForm

        labels = dict(role_choices())
        # A callable: a CSRF token (and so a session cookie) only where a form is rendered.
        return {"sign_out_form": ActionForm, "role_label": lambda role: labels.get(role, role)}

    @login_manager.user_loader
    def load_user(session_id: str):
        from budget.auth.services import load_session_user

        return load_session_user(session_id)
