"""`import indicators` and `import indicator-values`: every rule, all or nothing.

Imported from official sources, indicators and values are approved; entered on the web they go
through the review like tags. Importing an indicator code again updates it; a value of the same
(indicator, year, sex) again replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from budget.audit.services import diff, record
from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.tables import ROW, Columns, read_whole
from budget.indicators.models import SEXES, UNITS, Indicator, IndicatorValue
from budget.measures.models import Measure
from budget.review.statuses import APPROVED

DECIMAL = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,4})?")
INDICATOR_COLUMNS = Columns(
    required=(
        "code",
        "measure",
        "name",
        "unit",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
    ),
    optional=("name_en", "source"),
)
VALUE_COLUMNS = Columns(required=("indicator", "year", "value"), optional=("sex", "source"))
CODE = re.compile(r"[A-Za-z0-9._\-]{1,60}")


@dataclass
class IndicatorImportResult:
    file: str
    what: str
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.created + self.updated} {self.what} "
            f"({self.created} new, {self.updated} updated)"
        )


def _decimal(frame, column: str, problems, *, signed: bool = True) -> None:
    for row, text in zip(frame[ROW], frame[column], strict=True):
        if not text:
            problems.add(int(row), column, _("a value is required"))
        elif not DECIMAL.fullmatch(text) or (not signed and text.startswith("-")):
            problems.add(
                int(row),
                column,
                _(
                    "%(value)s is not a decimal number with at most 4 decimals",
                    value=repr(text[:40]),
                ),
            )


def _repeated(frame, columns: list[str], problems, column: str) -> None:
    repeated = frame.duplicated(subset=columns, keep="first")
    first = frame.groupby(columns, sort=False)[ROW].transform("min")
    for row, first_row in zip(frame.loc[repeated, ROW], first[repeated], strict=True):
        problems.add(
            int(row), column, _("appears again (first on row %(row)s)", row=int(first_row))
        )


def import_indicators(path, imported_by: str) -> IndicatorImportResult:
    name, frame, problems = read_whole(path, INDICATOR_COLUMNS)
    check = FrameChecks(frame, problems)
    check.matches("code", CODE.pattern, _("a code (letters, digits, '.', '-', '_')"))
    check.required("name")
    check.one_of("unit", UNITS)
    baseline_years = check.integer("baseline_year", minimum=1900, maximum=2200)
    target_years = check.integer("target_year", minimum=1900, maximum=2200)
    _decimal(frame, "baseline_value", problems)
    _decimal(frame, "target_value", problems)
    measures = {m.code: m for m in db.session.scalars(select(Measure))}
    for position, entry in enumerate(frame.to_dict("records")):
        row = int(entry[ROW])
        if len(entry["name"]) > 500:
            problems.add(row, "name", _("longer than %(count)s characters", count=500))
        if len(entry["name_en"]) > 500:
            problems.add(row, "name_en", _("longer than %(count)s characters", count=500))
        if len(entry["source"]) > 500:
            problems.add(row, "source", _("longer than %(count)s characters", count=500))
        if not entry["measure"]:
            problems.add(row, "measure", _("a value is required"))
        elif entry["measure"] not in measures:
            problems.add(
                row, "measure", _("unknown measure %(code)s", code=repr(entry["measure"][:60]))
            )
        baseline, target = baseline_years.iloc[position], target_years.iloc[position]
        if not pd.isna(baseline) and not pd.isna(target) and int(target) <= int(baseline):
            problems.add(row, "target_year", _("must be after the baseline year"))
        both = (entry["baseline_value"], entry["target_value"])
        if all(DECIMAL.fullmatch(v or "") for v in both) and Decimal(both[0]) == Decimal(both[1]):
            problems.add(row, "target_value", _("must differ from the baseline value"))
    _repeated(frame, ["code"], problems, "code")
    problems.raise_if_any()

    result = IndicatorImportResult(name, "indicators")
    stored = {i.code: i for i in db.session.scalars(select(Indicator))}
    for position, entry in enumerate(frame.to_dict("records")):
        values = {
            "measure_id": measures[entry["measure"]].id,
            "name": entry["name"],
            "name_en": entry["name_en"] or None,
            "unit": entry["unit"],
            "baseline_year": int(baseline_years.iloc[position]),
            "baseline_value": entry["baseline_value"],
            "target_year": int(target_years.iloc[position]),
            "target_value": entry["target_value"],
            "source": entry["source"] or None,
            "status": APPROVED,
        }
        indicator = stored.get(entry["code"])
        if indicator is None:
            indicator = Indicator(code=entry["code"], **values)
            db.session.add(indicator)
            db.session.flush()
            changes = {k: [None, v] for k, v in values.items() if v is not None}
            result.created += 1
        else:
            changes = diff(indicator, values)
            result.updated += 1
        if changes:
            record(
                "indicator.imported",
                "indicator",
                indicator.id,
                actor_label=imported_by,
                changes=changes,
                jurisdiction_id=measures[entry["measure"]].jurisdiction_id,
                comment=entry["code"],
            )
    db.session.flush()
    return result


def import_indicator_values(path, imported_by: str) -> IndicatorImportResult:
    name, frame, problems = read_whole(path, VALUE_COLUMNS)
    check = FrameChecks(frame, problems)
    years = check.integer("year", minimum=1900, maximum=2200)
    _decimal(frame, "value", problems)
    check.one_of("sex", tuple(s for s in SEXES if s), required=False)
    indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
    for row, code in zip(frame[ROW], frame["indicator"], strict=True):
        if not code:
            problems.add(int(row), "indicator", _("a value is required"))
        elif code not in indicators:
            problems.add(
                int(row), "indicator", _("unknown indicator %(code)s", code=repr(code[:60]))
            )
    _repeated(frame, ["indicator", "year", "sex"], problems, "year")
    problems.raise_if_any()

    result = IndicatorImportResult(name, "indicator values")
    wanted = {indicators[c].id for c in set(frame["indicator"])}
    stored = {
        (v.indicator_id, v.year, v.sex): v
        for v in db.session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id.in_(wanted))
        )
    }
    for position, entry in enumerate(frame.to_dict("records")):
        indicator = indicators[entry["indicator"]]
        key = (indicator.id, int(years.iloc[position]), entry["sex"])
        values = {"value": entry["value"], "source": entry["source"] or None, "status": APPROVED}
        found = stored.get(key)
        if found is None:
            found = IndicatorValue(indicator_id=key[0], year=key[1], sex=key[2], **values)
            db.session.add(found)
            db.session.flush()
            changes = {
                "year": [None, key[1]],
                "sex": [None, key[2]],
                "value": [None, values["value"]],
            }
            result.created += 1
        else:
            changes = diff(found, values)
            result.updated += 1
        if changes:
            record(
                "indicator_value.imported",
                "indicator_value",
                found.id,
                actor_label=imported_by,
                changes=changes,
                jurisdiction_id=indicator.measure.jurisdiction_id,
                fiscal_year=key[1],
                comment=indicator.code,
            )
    db.session.flush()
    return result
