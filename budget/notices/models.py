"""Notices: what a person should see on their start page (a reviewer's decision on their work)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.time import utcnow

KINDS = ("approved", "returned", "flag_answered")
TOPICS = ("work", "indicators")  # what the decided items were: a year's work or indicators


class Notice(db.Model):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int | None]  # None: about indicators, which have no year
    topic: Mapped[str] = mapped_column(String(20), default="work", server_default="work")
    count: Mapped[int] = mapped_column(default=1)
    comment: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"))

    jurisdiction: Mapped[Jurisdiction] = relationship()
