"""Rate limits with Flask-Limiter, their counters in the project's database.

Flask-Limiter's storages (memory, Redis, Memcached, MongoDB, ...) are not the database every
server process already shares; this `limits` storage is. It counts in the request's own
transaction: the increment and the work it limits commit together, a request that fails (a 422,
an error, the 429 itself) keeps no count, and two processes counting the same key queue on its
row (PostgreSQL's row lock, SQLite's write lock), so a limit is never overrun.
"""

from __future__ import annotations

import time
from typing import ClassVar

from flask import Flask
from flask_limiter import Limiter
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from budget.extensions import db
from budget.flags.models import RateLimit

SCHEME = "rrb-database"


class DatabaseStorage(Storage):
    """A `limits` storage for the fixed-window strategy in the `rate_limits` table."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateLimit.__table__
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).values(key=key, count=amount, expires_at=now + expiry)
        expired = table.c.expires_at <= now
        statement = statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "count": case((expired, amount), else_=table.c.count + amount),
                "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        return int(db.session.execute(statement).scalar_one())

    def get(self, key: str) -> int:
        row = db.session.execute(
            select(RateLimit.count, RateLimit.expires_at).where(RateLimit.key == key)
        ).first()
        return int(row.count) if row and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        expires_at = db.session.scalar(select(RateLimit.expires_at).where(RateLimit.key == key))
        return float(expires_at) if expires_at and expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            db.session.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        return db.session.execute(delete(RateLimit)).rowcount

    def clear(self, key: str) -> None:
        db.session.execute(delete(RateLimit).where(RateLimit.key == key))


def user_key() -> str:
    """Limits count per signed-in person (the API's token user, or the session's user)."""
    from flask import g
    from flask_login import current_user

    user = getattr(g, "api_user", None) or current_user
    return f"user:{getattr(user, 'id', 'anonymous')}"


limiter = Limiter(
    key_func=user_key,
    storage_uri=f"{SCHEME}://",
    strategy="fixed-window",
    headers_enabled=True,
)


# A monitor opens at most 20 flags an hour, on the pages and through the API together.
FLAG_LIMIT = "20 per hour"
flag_limit = limiter.shared_limit(FLAG_LIMIT, scope="flags")


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", f"{SCHEME}://")
    limiter.init_app(app)
