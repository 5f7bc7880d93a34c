"""The columns of the review workflow, shared by tags, plan costs and questionnaire answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from budget.review.statuses import DRAFT


class Reviewed:
    """Where an item stands in the review, and the reviewer's last word on it (the comment
    is shown to the author when the item is returned)."""

    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
