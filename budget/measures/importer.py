"""`import measures`: the strategy's and the local action plans' measures, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.tables import ROW, Columns, read_whole
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import AREAS, LEVELS, Measure

COLUMNS = Columns(
    required=("code", "title", "area", "level"),
    optional=("title_en", "jurisdiction", "parent", "country"),
)


@dataclass
class ImportResult:
    created: int
    updated: int

    def __str__(self) -> str:
        return (
            f"{self.created + self.updated} measures ({self.created} new, {self.updated} updated)"
        )


def import_measures(path) -> ImportResult:
    _file_name, frame, problems = read_whole(path, COLUMNS)
    check = FrameChecks(frame, problems)
    check.matches("code", r"[A-Za-z0-9._\-]{1,60}", "a code of letters, digits, '.', '-' and '_'")
    check.required("title")
    check.one_of("area", AREAS)
    check.one_of("level", LEVELS)
    for column in ("title", "title_en"):
        long = frame[column].str.len() > 500
        problems.add_rows(frame.loc[long, ROW], column, "longer than 500 characters")

    jurisdictions = dict(db.session.execute(select(Jurisdiction.code, Jurisdiction.id)).all())
    existing = {m.code: m for m in db.session.scalars(select(Measure))}
    levels = dict(zip(frame["code"], frame["level"], strict=False))
    levels.update({code: m.level for code, m in existing.items() if code not in levels})

    seen: dict[str, int] = {}
    for record in frame.to_dict("records"):
        row, code, level = int(record[ROW]), record["code"], record["level"]
        if code in seen:
            problems.add(row, "code", f"code {code!r} appears again (first on row {seen[code]})")
        seen.setdefault(code, row)
        if level == "local":
            if not record["jurisdiction"]:
                problems.add(row, "jurisdiction", "required for a local measure")
            elif record["jurisdiction"] not in jurisdictions:
                problems.add(
                    row, "jurisdiction", f"unknown jurisdiction {record['jurisdiction']!r}"
                )
        if record["country"] and level == "local":
            problems.add(row, "country", "must be empty for a local measure (its jurisdiction's)")
        elif record["country"] and not re.fullmatch(r"[A-Z]{2}", record["country"]):
            problems.add(row, "country", "an ISO 3166-1 alpha-2 country code (e.g. RS)")
        if level == "national":
            if record["jurisdiction"]:
                problems.add(row, "jurisdiction", "must be empty for a national measure")
            if record["parent"]:
                problems.add(row, "parent", "only a local measure has a parent national measure")
        parent = record["parent"]
        if parent and level == "local":
            if parent not in levels:
                problems.add(row, "parent", f"unknown measure {parent!r}")
            elif levels[parent] != "national":
                problems.add(row, "parent", f"{parent!r} is not a national measure")
    problems.raise_if_any()

    created = updated = 0
    records = dict(existing)
    for record in frame.to_dict("records"):
        measure = records.get(record["code"])
        if measure is None:
            measure = Measure(code=record["code"])
            db.session.add(measure)
            records[record["code"]] = measure
            created += 1
        else:
            updated += 1
        measure.title = record["title"]
        measure.title_en = record["title_en"] or None
        measure.area = record["area"]
        measure.level = record["level"]
        measure.jurisdiction_id = (
            jurisdictions.get(record["jurisdiction"]) if record["jurisdiction"] else None
        )
        measure.country = record["country"] or None
    for record in frame.to_dict("records"):
        parent = record["parent"]
        records[record["code"]].parent = records[parent] if parent else None
    db.session.flush()
    return ImportResult(created, updated)
