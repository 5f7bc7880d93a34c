"""Labels of aggregation keys: classification names, measure titles, area names."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from budget.classifications.services import code_labels
from budget.extensions import db
from budget.i18n import measure_title
from budget.labels import AREA
from budget.measures.models import Measure


def key_labels(group: str, keys, country: str, fiscal_year: int, english: bool = False) -> dict:
    keys = list(keys)
    if group in ("program", "activity", "function", "economic", "source"):
        labels = code_labels(country, group, fiscal_year, english)
        return {key: labels.get(key[0], "") for key in keys}
    if group == "measure":
        titles = {
            code: measure_title(title, title_en)
            for code, title, title_en in db.session.execute(
                select(Measure.code, Measure.title, Measure.title_en).where(
                    Measure.code.in_([k[0] for k in keys if k[0]])
                )
            )
        }
        return {
            key: titles.get(key[0], "") if key[0] else _("Not linked to a measure") for key in keys
        }
    if group == "unit":
        return {key: "" if key[0] else _("No budget user given") for key in keys}
    if group == "area":
        return {
            key: str(AREA.get(key[0], "")) if key[0] else _("Not linked to a measure")
            for key in keys
        }
    return {key: "" for key in keys}
