"""The currency switch of the pages: amounts in the local currency, or (?currency=EUR) in euro.

A converted table holds each published local figure divided by the year's rate, rounded
half-up to cents only where it is shown or downloaded; ratios stay as they are. The page
prints the rate and its source beside the tables, and a year without a rate says so and stays
in the local currency.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from flask import request

from budget.currencies.services import EURO, MissingRate, Rate, rate
from budget.web.tables import DataTable


@dataclass(frozen=True)
class CurrencyChoice:
    local: str
    year: int
    shown: str  # the currency the tables are in
    rate: Rate | None = None
    missing: bool = False  # EUR was asked for, and the year has no rate

    @property
    def converted(self) -> bool:
        return self.rate is not None and self.shown == EURO and self.local != EURO

    def amount(self, value: Decimal | None) -> Decimal | None:
        """A local amount in the currency shown (exact: round only when showing it)."""
        return self.rate.to_eur(value) if self.converted else value

    @property
    def offered(self) -> bool:
        """Whether the page offers a switch at all (not for amounts already in euro)."""
        return self.local != EURO


def choose(local: str, year: int) -> CurrencyChoice:
    """What ?currency= asks for on a page: EUR where the year has a rate, else local."""
    wanted = (request.args.get("currency") or "").strip().upper()
    if wanted != EURO or local == EURO:
        return CurrencyChoice(local, year, local)
    try:
        found = rate(local, year)
    except MissingRate:
        return CurrencyChoice(local, year, local, missing=True)
    return CurrencyChoice(local, year, EURO, found)


def convert(table: DataTable, choice: CurrencyChoice) -> DataTable:
    """The table in the chosen currency: its money cells divided by the rate (exactly)."""
    if not choice.converted:
        return table
    money = [c.key for c in table.columns if c.kind == "money"]
    rows = []
    for row in table.rows:
        changed = dict(row)
        for key in money:
            value = row.get(key)
            if value is not None:
                changed[key] = choice.rate.to_eur(value)
        rows.append(changed)
    return replace(table, rows=rows, currency=EURO, name=f"{table.name}-EUR")


def convert_all(tables: dict[str, DataTable], choice: CurrencyChoice) -> dict[str, DataTable]:
    """Every table of a page, named as its downloads are (?table=NAME)."""
    converted = [convert(t, choice) for t in tables.values()]
    return {t.name: t for t in converted}


def switch_links(choice: CurrencyChoice) -> list[tuple[str, str, bool]]:
    """(currency, address of this page in it, shown now) for the local currency and EUR."""
    from flask import url_for

    args = {k: v for k, v in request.args.items() if k not in ("currency", "format", "table")}
    values = {**(request.view_args or {}), **args}
    return [
        (choice.local, url_for(request.endpoint, **values), choice.shown == choice.local),
        (EURO, url_for(request.endpoint, **values, currency=EURO), choice.shown == EURO),
    ]
