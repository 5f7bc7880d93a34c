from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from budget.extensions import db

SCHEMES = ("program", "activity", "function", "economic", "source")


class ClassificationCode(db.Model):
    """One code of a country's budget classification (program, economic account, ...).

    Code lists change with rulebooks, so each code is valid for a range of fiscal years.
    """

    __tablename__ = "classification_codes"
    __table_args__ = (UniqueConstraint("country", "scheme", "code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    scheme: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[int] = mapped_column(default=2000)
    valid_to: Mapped[int | None]
