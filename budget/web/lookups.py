"""The objects an address names, or 404 (with a message the API shows)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from budget.analysis.summary import YearOverview, year_overview
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction


def jurisdiction_or_404(code: str) -> Jurisdiction:
    jurisdiction = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
    if jurisdiction is None:
        abort(404, description=f"Unknown jurisdiction {code!r}.")
    return jurisdiction


def year_or_404(jurisdiction: Jurisdiction, year: int) -> YearOverview:
    overview = year_overview(jurisdiction, year)
    if overview is None:
        abort(
            404, description=f"No budget documents of {jurisdiction.code} for fiscal year {year}."
        )
    return overview
