"""Labels of classification codes, as valid in a fiscal year, as the page shows them (English
where asked and given, else the economy's own label in the page's script or marked with its
language)."""

from __future__ import annotations

from sqlalchemy import or_, select

from budget.classifications.models import ClassificationCode
from budget.extensions import db


def code_labels(
    country: str, scheme: str, fiscal_year: int, english: bool = False
) -> dict[str, str]:
    rows = db.session.execute(
        select(ClassificationCode.code, ClassificationCode.label, ClassificationCode.label_en)
        .where(
            ClassificationCode.country == country,
            ClassificationCode.scheme == scheme,
            ClassificationCode.valid_from <= fiscal_year,
            or_(ClassificationCode.valid_to.is_(None), ClassificationCode.valid_to >= fiscal_year),
        )
        .order_by(ClassificationCode.valid_from)
    )
    from budget.i18n import data_text

    return {
        code: label_en if english and label_en else data_text(label, country)
        for code, label, label_en in rows
    }
