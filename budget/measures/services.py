"""Managing measures on the admin pages, with their audit entries."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from budget.audit.services import diff, record
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import AREAS, LEVELS, Measure

CODE = re.compile(r"^[A-Za-z0-9._\-]{1,60}$")


def save_measure(
    measure: Measure | None, data: dict[str, str], actor
) -> tuple[Measure | None, dict[str, str]]:
    """Create (measure None) or change a measure; returns it, or the errors per field."""
    errors: dict[str, str] = {}
    code = (data.get("code") or "").strip()
    title = (data.get("title") or "").strip()
    title_en = (data.get("title_en") or "").strip()
    area, level = data.get("area", ""), data.get("level", "")
    jurisdiction_code, parent_code = data.get("jurisdiction") or "", data.get("parent") or ""
    if not CODE.match(code):
        errors["code"] = _("Use 1 to 60 letters, digits, '.', '-' or '_'.")
    elif db.session.scalar(
        select(Measure.id).where(
            Measure.code == code, Measure.id != (measure.id if measure else -1)
        )
    ):
        errors["code"] = _("Another measure has this code.")
    if not title or len(title) > 500:
        errors["title"] = _("A title of at most 500 characters is required.")
    if len(title_en) > 500:
        errors["title_en"] = _("At most 500 characters.")
    if area not in AREAS:
        errors["area"] = _("Choose an area.")
    if level not in LEVELS:
        errors["level"] = _("Choose national or local.")
    jurisdiction = parent = None
    if level == "local":
        jurisdiction = db.session.scalar(
            select(Jurisdiction).where(Jurisdiction.code == jurisdiction_code)
        )
        if jurisdiction is None:
            errors["jurisdiction"] = _("A local measure belongs to a jurisdiction.")
        if parent_code:
            parent = db.session.scalar(select(Measure).where(Measure.code == parent_code))
            if parent is None or parent.level != "national":
                errors["parent"] = _("The parent must be a national measure.")
    elif level == "national" and (jurisdiction_code or parent_code):
        errors["jurisdiction" if jurisdiction_code else "parent"] = _(
            "A national measure has no jurisdiction and no parent."
        )
    if errors:
        return None, errors
    values = {
        "code": code,
        "title": title,
        "title_en": title_en or None,
        "area": area,
        "level": level,
        "jurisdiction_id": jurisdiction.id if jurisdiction else None,
        "parent_id": parent.id if parent else None,
    }
    if measure is None:
        measure = Measure(**values)
        db.session.add(measure)
        db.session.flush()
        record(
            "measure.created",
            "measure",
            measure.id,
            actor=actor,
            changes={k: [None, v] for k, v in values.items() if v is not None},
        )
    else:
        changes = diff(measure, values)
        if changes:
            record("measure.updated", "measure", measure.id, actor=actor, changes=changes)
    db.session.flush()
    return measure, {}


def measures_page(level: str, jurisdiction_code: str, page: int, size: int = 50):
    query = select(Measure)
    if level in LEVELS:
        query = query.where(Measure.level == level)
    if jurisdiction_code:
        query = query.join(Jurisdiction, Measure.jurisdiction_id == Jurisdiction.id).where(
            Jurisdiction.code == jurisdiction_code
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    rows = db.session.scalars(
        query.order_by(Measure.level.desc(), Measure.code).offset((page - 1) * size).limit(size)
    ).all()
    return rows, total, page, pages
