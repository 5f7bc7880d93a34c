"""`import exchange-rates`: annual average rates per euro; all or nothing.

A rate of the same (currency, year) again replaces the stored one. The euro is 1 and the
convertible mark 1.95583 without a row; a row may repeat them but not change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from budget.audit.services import record
from budget.currencies.models import ExchangeRate
from budget.currencies.services import FIXED_RATES, micro
from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.tables import ROW, Columns, read_whole

COLUMNS = Columns(required=("currency", "year", "per_eur"), optional=("source",))
CURRENCY = r"[A-Z]{3}"
RATE = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?")


@dataclass
class RateImportResult:
    file: str
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.created + self.updated} exchange rates "
            f"({self.created} new, {self.updated} updated)"
        )


def _rate_problem(text: str) -> str | None:
    if not text:
        return _("a value is required")
    if text.startswith("-"):
        return _("must be greater than 0")
    if "," in text:
        return _("use a dot as the decimal separator and no thousands separator")
    if not RATE.fullmatch(text):
        if re.fullmatch(r"[0-9]+\.[0-9]{7,}", text):
            return _("at most 6 decimals are allowed")
        return _("%(value)s is not a decimal number", value=repr(text[:40]))
    if Decimal(text) == 0:
        return _("must be greater than 0")
    return None


def import_exchange_rates(path, imported_by: str) -> RateImportResult:
    name, frame, problems = read_whole(path, COLUMNS)
    check = FrameChecks(frame, problems)
    currencies = check.matches(
        "currency", CURRENCY, _("an ISO 4217 currency code in capitals (e.g. RSD)")
    )
    years = check.integer("year", minimum=1900, maximum=2200)
    for position, entry in enumerate(frame.to_dict("records")):
        row = int(entry[ROW])
        problem = _rate_problem(entry["per_eur"])
        if problem:
            problems.add(row, "per_eur", problem)
        elif currencies.iloc[position] and entry["currency"] in FIXED_RATES:
            fixed = FIXED_RATES[entry["currency"]]
            if Decimal(entry["per_eur"]) != fixed:
                problems.add(
                    row,
                    "per_eur",
                    _(
                        "%(currency)s is fixed at %(rate)s per EUR",
                        currency=entry["currency"],
                        rate=str(fixed),
                    ),
                )
        if len(entry["source"]) > 500:
            problems.add(row, "source", _("longer than %(count)s characters", count=500))
    repeated = frame.duplicated(subset=["currency", "year"], keep="first")
    first = frame.groupby(["currency", "year"], sort=False)[ROW].transform("min")
    for row, first_row in zip(frame.loc[repeated, ROW], first[repeated], strict=True):
        problems.add(
            int(row), "year", _("appears again (first on row %(row)s)", row=int(first_row))
        )
    problems.raise_if_any()

    result = RateImportResult(name)
    stored = {(r.currency, r.year): r for r in db.session.scalars(select(ExchangeRate))}
    for position, entry in enumerate(frame.to_dict("records")):
        key = (entry["currency"], int(years.iloc[position]))
        value = micro(Decimal(entry["per_eur"]))
        source = entry["source"] or None
        found = stored.get(key)
        if found is None:
            found = ExchangeRate(
                currency=key[0],
                year=key[1],
                per_eur_micro=value,
                source=source,
                imported_by=imported_by,
            )
            db.session.add(found)
            db.session.flush()
            changes = {"per_eur": [None, entry["per_eur"]], "source": [None, source]}
            result.created += 1
        else:
            changes = {}
            if found.per_eur_micro != value:
                changes["per_eur"] = [str(found.per_eur), entry["per_eur"]]
            if found.source != source:
                changes["source"] = [found.source, source]
            found.per_eur_micro, found.source, found.imported_by = value, source, imported_by
            result.updated += 1
        if changes:
            record(
                "exchange_rate.imported",
                "exchange_rate",
                found.id,
                actor_label=imported_by,
                changes=changes,
                fiscal_year=key[1],
                comment=key[0],
            )
    db.session.flush()
    return result
