from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction

AREAS = (
    "education",
    "employment",
    "housing",
    "health",
    "social_protection",
    "civil_registration",
    "antidiscrimination",
    "other",
)
LEVELS = ("national", "local")


class Measure(db.Model):
    """A measure of the national Roma inclusion strategy or of a local action plan (LAP)."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(500))  # Serbian, Latin script
    title_en: Mapped[str | None] = mapped_column(String(500))
    area: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(10))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))

    jurisdiction: Mapped[Jurisdiction | None] = relationship()
    parent: Mapped[Measure | None] = relationship(remote_side=[id])
