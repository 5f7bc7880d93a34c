from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from budget.extensions import db
from budget.time import utcnow


class AuditEntry(db.Model):
    """One change or security event: who, when, what, and each changed field's old and new value."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_object", "object_type", "object_id"),
        Index("ix_audit_entries_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254))  # email or "cli:user", kept if the user goes
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(60))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    fiscal_year: Mapped[int | None]
    # "program|activity|function|economic|source" for changes that concern one budget line
    line_key: Mapped[str | None] = mapped_column(String(220), index=True)
    # {field: [old, new]} for changes; free details for events
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client: Mapped[str | None] = mapped_column(String(64))  # IP address for security events
    subject: Mapped[str | None] = mapped_column(String(254), index=True)  # e.g. the email tried
    comment: Mapped[str | None] = mapped_column(Text)
