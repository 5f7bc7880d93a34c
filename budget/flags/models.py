"""Civil-society flags: what a monitor sees as wrong in a jurisdiction's year, and its answer.

A flag points at a budget line, a measure, a score dimension or the whole year; the
jurisdiction's finance officer or a reviewer answers it, possibly linking the change it led to
(a tag, a corrected document). Flags are public with their answers unless an admin hid one
(with a reason, in the audit log).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.time import utcnow

ORGANISATION_KINDS = ("cso", "council")
TARGETS = ("line", "measure", "dimension", "year")
CATEGORIES = ("not_executed", "cut", "mistagged", "missing_tag", "data_error", "other")
OPEN, ANSWERED = "open", "answered"
LINKS = ("tag", "document")


class Organisation(db.Model):
    """A civil-society organisation, or a local council for interethnic relations, whose
    members sign in as monitors."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("kind IN ('cso', 'council')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="cso")
    # A council is the council of one municipality.
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    jurisdiction: Mapped[Jurisdiction | None] = relationship()


class Flag(db.Model):
    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(
            "target_type IN ('line', 'measure', 'dimension', 'year')", name="target_known"
        ),
        CheckConstraint(
            "category IN ('not_executed', 'cut', 'mistagged', 'missing_tag', 'data_error', "
            "'other')",
            name="category_known",
        ),
        CheckConstraint("status IN ('open', 'answered')", name="status_known"),
        CheckConstraint("author_kind IN ('cso', 'council', 'admin')", name="author_kind_known"),
        Index("ix_flags_year", "jurisdiction_id", "fiscal_year", "status"),
        Index("ix_flags_author", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    target_type: Mapped[str] = mapped_column(String(10))
    # the line key text, the measure code, the dimension id; '' for the whole year
    target_key: Mapped[str] = mapped_column(String(220), default="")
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # the language the text (and the answer) was written in: the page's when it was written
    language: Mapped[str] = mapped_column(String(10), default="sr-Latn", server_default="sr-Latn")
    answer_language: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # how the author is shown, as they chose when flagging (kept if the account goes)
    author_name: Mapped[str] = mapped_column(String(200))
    author_kind: Mapped[str] = mapped_column(String(10), default="cso")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answer_link_type: Mapped[str | None] = mapped_column(String(10))
    answer_link_id: Mapped[int | None]
    hidden_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class RateLimit(db.Model):
    """The counters of the rate limits (Flask-Limiter's fixed windows), shared by every server
    process because they live in the database."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
