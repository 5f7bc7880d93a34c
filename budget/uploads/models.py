"""Files that finance officers upload (budget documents, filled tagging sheets), kept as sent.

A file is staged when its preview is shown (`confirmed_at` empty: nothing of it is in the
budget yet) and confirmed when the officer writes it; the documents it wrote point at it, so
the figures of a document can be traced to the bytes they came from.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.time import utcnow

KINDS = ("budget", "tags")


class UploadedFile(db.Model):
    __tablename__ = "uploaded_files"
    __table_args__ = (
        CheckConstraint("kind IN ('budget', 'tags')", name="kind_known"),
        Index("ix_uploaded_files_pending", "confirmed_at", "uploaded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    fiscal_year: Mapped[int | None]  # a tagging sheet's year; budget files may hold several
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_by: Mapped[str] = mapped_column(String(254))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    jurisdiction: Mapped[Jurisdiction] = relationship()

    @property
    def suffix(self) -> str:
        return ".xlsx" if self.name.lower().endswith(".xlsx") else ".csv"
