"""Configuration: safe defaults, secrets and the database from the environment."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


def database_url(instance_path: str) -> str:
    """`DATABASE_URL` if set, else an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Accept the common short forms and use the psycopg 3 driver for PostgreSQL.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    return "sqlite:///" + str(Path(instance_path) / "rrb.sqlite3")


class MissingSecretKey(RuntimeError):
    pass


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment. Without it: refused under gunicorn (production), where
    each worker would otherwise sign sessions with its own key; elsewhere (development, the CLI)
    a random key kept in the instance folder, shared by the processes of this machine and never
    committed."""
    secret = os.environ.get("SECRET_KEY", "").strip()
    if secret:
        return secret
    if os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        raise MissingSecretKey(
            "SECRET_KEY is not set: every server process must sign sessions with the same key "
            "(e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'))."
        )
    path = Path(instance_path) / "secret_key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    for _attempt in range(50):  # another process may be writing it this instant
        text = path.read_text().strip()
        if text:
            return text
        time.sleep(0.01)
    raise MissingSecretKey(f"{path} is empty: remove it, or set SECRET_KEY")


def load_config(instance_path: str) -> dict:
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", 50 * 1024 * 1024)),
        "BABEL_DEFAULT_LOCALE": "sr_Latn",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "JSON_SORT_KEYS": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "TRUST_PROXY": os.environ.get("TRUST_PROXY") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Notices by e-mail only where a mail server is configured (Flask-Mail's settings).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "rrb-tracker@localhost"),
    }
