"""Configuration: safe defaults, secrets and the database from the environment."""

from __future__ import annotations

import os
import secrets
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


def load_config(instance_path: str) -> dict:
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        # A random key per process: sessions do not survive a restart, but no secret is ever
        # committed. Production sets SECRET_KEY.
        secret = secrets.token_hex(32)
    return {
        "SECRET_KEY": secret,
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
    }
