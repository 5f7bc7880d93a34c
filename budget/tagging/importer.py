"""`import tags`: tags of budget line keys from a file, every rule checked, all or nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import select

from budget.budgets.models import KEY_CODES
from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.tables import ROW, Columns, read_whole
from budget.jurisdictions.models import Jurisdiction
from budget.money import SHARE_SCALE
from budget.review.statuses import DRAFT, STATUSES
from budget.tagging.models import Tag
from budget.tagging.services import FIELDS, lock_tags_of, parse_tag, save_tag

COLUMNS = Columns(
    required=("jurisdiction", "fiscal_year", "economic", "relevance"),
    optional=(
        "program",
        "activity",
        "function",
        "source",
        "measure",
        "share",
        "beneficiaries_total",
        "beneficiaries_roma",
        "beneficiaries_roma_women",
        "justification",
        "status",
    ),
)


@dataclass
class TagImportResult:
    file: str
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated
        return f"{self.file}: {total} tags ({self.created} new, {self.updated} updated)"


def import_tags(path, imported_by: str) -> TagImportResult:
    file_name, frame, problems = read_whole(path, COLUMNS)
    check = FrameChecks(frame, problems)
    years = check.integer("fiscal_year", minimum=1900, maximum=2200)
    check.one_of("status", STATUSES, required=False)
    jurisdictions = {j.code: j for j in db.session.scalars(select(Jurisdiction))}

    parsed = []  # (row, jurisdiction, year, input, status)
    seen: dict[tuple, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        row = int(record[ROW])
        jurisdiction = jurisdictions.get(record["jurisdiction"])
        if not record["jurisdiction"]:
            problems.add(row, "jurisdiction", "a value is required")
            continue
        if jurisdiction is None:
            problems.add(row, "jurisdiction", f"unknown jurisdiction {record['jurisdiction']!r}")
            continue
        year = years.iloc[position]
        if pd.isna(year):
            continue
        tag_input, errors = parse_tag(
            {name: record[name] for name in FIELDS if name != "status"}, jurisdiction
        )
        for field, message in errors.items():
            problems.add(row, field, message)
        if errors:
            continue
        identity = (
            jurisdiction.id,
            int(year),
            *tag_input.key.values(),
            tag_input.measure.id if tag_input.measure else None,
        )
        if identity in seen:
            problems.add(
                row,
                "measure",
                f"the same line key and measure already stand on row {seen[identity]}",
            )
            continue
        seen[identity] = row
        parsed.append((row, jurisdiction, int(year), tag_input, record["status"] or DRAFT))

    for jurisdiction_id in sorted({entry[1].id for entry in parsed}):
        lock_tags_of(jurisdiction_id)  # nobody changes these shares until this import commits
    _check_share_sums(parsed, problems)
    problems.raise_if_any()

    result = TagImportResult(file_name)
    for _row, jurisdiction, year, tag_input, status in parsed:
        _tag, created, _ = save_tag(
            jurisdiction,
            year,
            tag_input,
            actor=None,
            status=status,
            actor_label=imported_by,
            check_shares=False,
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def _check_share_sums(parsed, problems) -> None:
    """Per line key: tags in the file plus stored tags the file does not replace, at most 1."""
    by_key: dict[tuple, list] = defaultdict(list)
    for entry in parsed:
        _row, jurisdiction, year, tag_input, _status = entry
        by_key[(jurisdiction.id, year, *tag_input.key.values())].append(entry)
    for (jurisdiction_id, year, *codes), entries in by_key.items():
        stored = db.session.execute(
            select(Tag.measure_id, Tag.share_units).where(
                Tag.jurisdiction_id == jurisdiction_id,
                Tag.fiscal_year == year,
                *(
                    getattr(Tag, code) == value
                    for code, value in zip(KEY_CODES, codes, strict=False)
                ),
            )
        ).all()
        replaced = {e[3].measure.id if e[3].measure else None for e in entries}
        total = sum(units for measure_id, units in stored if measure_id not in replaced)
        total += sum(e[3].share_units for e in entries)
        if total > SHARE_SCALE:
            last_row = max(e[0] for e in entries)
            problems.add(
                last_row,
                "share",
                f"the shares of this line key's tags sum to {Decimal(total) / SHARE_SCALE}, "
                "above 1",
            )
