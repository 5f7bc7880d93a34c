"""`import jurisdictions`: create or update jurisdictions from a file, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from budget.budgets.models import BudgetDocument
from budget.classifications.profiles import profile
from budget.extensions import db
from budget.importing.checks import JURISDICTION_CODE_PATTERN, FrameChecks
from budget.importing.tables import ROW, Columns, read_whole
from budget.jurisdictions.models import KINDS, Jurisdiction

COLUMNS = Columns(
    required=("code", "name", "kind", "country", "currency"),
    optional=("name_en", "region", "population", "roma_population", "parent"),
)

MAX_POPULATION = 2_000_000_000


@dataclass
class ImportResult:
    created: int
    updated: int

    def __str__(self) -> str:
        total = self.created + self.updated
        return f"{total} jurisdictions ({self.created} new, {self.updated} updated)"


def import_jurisdictions(path) -> ImportResult:
    _file_name, frame, problems = read_whole(path, COLUMNS)
    check = FrameChecks(frame, problems)
    check.matches("code", JURISDICTION_CODE_PATTERN, "a code of letters, digits, '-' and '_'")
    check.required("name")
    check.one_of("kind", KINDS)
    check.matches("country", r"[A-Z]{2}", "an ISO 3166-1 alpha-2 country code (e.g. RS)")
    check.matches("currency", r"[A-Z]{3}", "an ISO 4217 currency code (e.g. RSD)")
    # Populations are stored as 32-bit integers on every engine: far above any real one.
    population = check.integer("population", required=False, maximum=MAX_POPULATION)
    roma = check.integer("roma_population", required=False, maximum=MAX_POPULATION)
    above = population.notna() & roma.notna() & (roma > population)
    problems.add_rows(
        frame.loc[above.fillna(False), ROW], "roma_population", "must not be larger than population"
    )
    for column, limit in (("name", 200), ("name_en", 200), ("region", 200)):
        long = frame[column].str.len() > limit
        problems.add_rows(frame.loc[long, ROW], column, f"longer than {limit} characters")

    duplicated = frame["code"].duplicated(keep="first") & (frame["code"] != "")
    for row, code in zip(frame.loc[duplicated, ROW], frame.loc[duplicated, "code"], strict=False):
        first = int(frame.loc[frame["code"] == code, ROW].iloc[0])
        problems.add(int(row), "code", f"code {code!r} appears again (first on row {first})")

    existing = {j.code: j for j in db.session.scalars(select(Jurisdiction))}
    with_budgets = set(
        db.session.scalars(
            select(Jurisdiction.code).join(
                BudgetDocument, BudgetDocument.jurisdiction_id == Jurisdiction.id
            )
        )
    )
    for row, code, currency in zip(frame[ROW], frame["code"], frame["currency"], strict=False):
        if code in with_budgets and currency and currency != existing[code].currency:
            problems.add(
                int(row),
                "currency",
                f"{code} has budgets in {existing[code].currency}; its currency cannot change",
            )
    # One currency per economy: amounts of an economy's jurisdictions are added up on its pages.
    for row, country, currency in zip(
        frame[ROW], frame["country"], frame["currency"], strict=False
    ):
        known = profile(country)
        if known is not None and currency and currency != known.currency:
            problems.add(
                int(row),
                "currency",
                f"{currency!r} is not the currency of {known.name} ({known.currency})",
            )
    in_file = dict(zip(frame["code"], frame[ROW], strict=False))
    parents = dict(zip(frame["code"], frame["parent"], strict=False))
    for row, code, parent in zip(frame[ROW], frame["code"], frame["parent"], strict=False):
        if not parent:
            continue
        if parent == code:
            problems.add(int(row), "parent", "a jurisdiction cannot be its own parent")
        elif parent not in in_file and parent not in existing:
            problems.add(int(row), "parent", f"unknown jurisdiction {parent!r}")
        elif _has_cycle(code, parents, existing):
            problems.add(int(row), "parent", "the parents form a cycle")
    problems.raise_if_any()

    created = updated = 0
    records: dict[str, Jurisdiction] = dict(existing)
    for record in frame.to_dict("records"):
        jurisdiction = records.get(record["code"])
        if jurisdiction is None:
            jurisdiction = Jurisdiction(code=record["code"])
            db.session.add(jurisdiction)
            records[record["code"]] = jurisdiction
            created += 1
        else:
            updated += 1
        jurisdiction.name = record["name"]
        jurisdiction.name_en = record["name_en"] or None
        jurisdiction.kind = record["kind"]
        jurisdiction.country = record["country"]
        jurisdiction.region = record["region"] or None
        jurisdiction.currency = record["currency"]
        jurisdiction.population = _optional_int(record["population"])
        jurisdiction.roma_population = _optional_int(record["roma_population"])
    for code, parent in parents.items():
        records[code].parent = records[parent] if parent else None
    db.session.flush()
    return ImportResult(created, updated)


def _optional_int(text: str) -> int | None:
    return int(text) if text else None


def _has_cycle(code: str, parents: dict[str, str], existing: dict[str, Jurisdiction]) -> bool:
    seen = {code}
    current = code
    while True:
        if current in parents:
            current = parents[current]
        elif current in existing and existing[current].parent is not None:
            current = existing[current].parent.code
        else:
            return False
        if not current:
            return False
        if current in seen:
            return True
        seen.add(current)
