from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.flags.models import Organisation
from budget.jurisdictions.models import Jurisdiction
from budget.time import utcnow

ROLES = ("admin", "finance", "reviewer", "monitor")


class User(db.Model):
    """A person who signs in: an administrator, a finance officer, a reviewer or a monitor."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'finance', 'reviewer', 'monitor')", name="role_known"),
        CheckConstraint(
            "(role = 'finance') = (jurisdiction_id IS NOT NULL)", name="finance_has_jurisdiction"
        ),
        CheckConstraint("show_as IN ('organisation', 'anonymous')", name="show_as_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session identity: changing it (password change, deactivation) ends every
    # session signed in before.
    session_version: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # A monitor's organisation, and whether their flags name it or say only its kind.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    show_as: Mapped[str] = mapped_column(
        String(12), default="organisation", server_default="organisation"
    )

    jurisdiction: Mapped[Jurisdiction | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", order_by="ApiToken.id")

    # Flask-Login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class ApiToken(db.Model):
    """A bearer token for the write API; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown to tell tokens apart
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
