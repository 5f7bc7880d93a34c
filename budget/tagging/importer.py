"""`import tags`: tags of budget line keys from a file, every rule checked, all or nothing.

The same service reads a filled tagging sheet uploaded on the web or through the API
(`only=(jurisdiction, year)`): there the rows must be of that jurisdiction and year, rows with
no tag columns filled are untagged lines, a row equal to its stored tag changes nothing, and
whatever is written becomes a draft (the sheet's status column is for reading only).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from budget.budgets.models import KEY_CODES
from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.tables import ROW, Columns, read_whole
from budget.jurisdictions.models import Jurisdiction
from budget.money import SHARE_SCALE
from budget.review.statuses import DRAFT, STATUSES
from budget.tagging.models import Tag
from budget.tagging.services import (
    FIELDS,
    TagInput,
    key_filter,
    lock_tags_of,
    parse_tag,
    save_tag,
    tag_values,
    typed_share,
)

TAG_COLUMNS = (
    "measure",
    "relevance",
    "share",
    "beneficiaries_total",
    "beneficiaries_roma",
    "beneficiaries_roma_women",
    "justification",
)
COLUMNS = Columns(
    required=("jurisdiction", "fiscal_year", "economic", "relevance"),
    optional=(
        "program",
        "activity",
        "function",
        "source",
        "unit",
        "measure",
        "share",
        "beneficiaries_total",
        "beneficiaries_roma",
        "beneficiaries_roma_women",
        "justification",
        "status",
    ),
)
# The tagging sheet: the tags format and, for reading only, the line's description and amount.
SHEET_INFO = ("description", "in_force")
SHEET_COLUMNS = Columns(
    required=("jurisdiction", "fiscal_year", "economic"),
    optional=tuple(c for c in COLUMNS.all if c not in ("jurisdiction", "fiscal_year", "economic"))
    + SHEET_INFO,
)


@dataclass
class TagImportResult:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated
        return f"{self.file}: {total} tags ({self.created} new, {self.updated} updated)"


@dataclass
class TagRow:
    row: int
    jurisdiction: Jurisdiction
    fiscal_year: int
    input: TagInput
    status: str
    stored: Tag | None = None
    changes: dict[str, list] = field(default_factory=dict)  # stored tag's field -> [old, new]


@dataclass
class CheckedTags:
    file: str
    rows: list[TagRow]

    @property
    def created(self) -> list[TagRow]:
        return [r for r in self.rows if r.stored is None]

    @property
    def updated(self) -> list[TagRow]:
        return [r for r in self.rows if r.stored is not None and r.changes]

    @property
    def unchanged(self) -> list[TagRow]:
        return [r for r in self.rows if r.stored is not None and not r.changes]


def import_tags(path, imported_by: str) -> TagImportResult:
    """`import tags`: the file's rows as they are, status column included."""
    return write_tags(check_tags(path), imported_by)


def check_tags(
    path,
    *,
    only: tuple[Jurisdiction, int] | None = None,
    lenient_shares: bool = False,
) -> CheckedTags:
    """Every rule of the tags format (and of the shares of each line key); writes nothing.

    With `only` the file is a tagging sheet of that jurisdiction and year (see the module)."""
    sheet = only is not None
    file_name, frame, problems = read_whole(path, SHEET_COLUMNS if sheet else COLUMNS)
    if sheet:
        filled = (frame[list(TAG_COLUMNS)] != "").any(axis=1)
        frame = frame.loc[filled].reset_index(drop=True)
    check = FrameChecks(frame, problems)
    years = check.integer("fiscal_year", minimum=1900, maximum=2200)
    if not sheet:
        check.one_of("status", STATUSES, required=False)
    jurisdictions = {j.code: j for j in db.session.scalars(select(Jurisdiction))}

    parsed: list[TagRow] = []
    seen: dict[tuple, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        row = int(record[ROW])
        jurisdiction = jurisdictions.get(record["jurisdiction"])
        if not record["jurisdiction"]:
            problems.add(row, "jurisdiction", _("a value is required"))
            continue
        if sheet and record["jurisdiction"] != only[0].code:
            problems.add(
                row,
                "jurisdiction",
                _(
                    "the row names %(given)s: this upload takes rows of %(code)s only",
                    given=repr(record["jurisdiction"]),
                    code=only[0].code,
                ),
            )
            continue
        if jurisdiction is None:
            problems.add(
                row,
                "jurisdiction",
                _("unknown jurisdiction %(code)s", code=repr(record["jurisdiction"])),
            )
            continue
        year = years.iloc[position]
        if pd.isna(year):
            continue
        if sheet and int(year) != only[1]:
            problems.add(
                row,
                "fiscal_year",
                _("the row is of %(given)s: this sheet is of %(year)s", given=year, year=only[1]),
            )
            continue
        values = {name: record[name] for name in FIELDS if name != "status"}
        if lenient_shares:
            values["share"] = typed_share(values["share"])
        tag_input, errors = parse_tag(values, jurisdiction)
        for name, message in errors.items():
            problems.add(row, name, message)
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
                _(
                    "the same line key and measure already stand on row %(row)s",
                    row=seen[identity],
                ),
            )
            continue
        seen[identity] = row
        status = DRAFT if sheet else (record["status"] or DRAFT)
        parsed.append(TagRow(row, jurisdiction, int(year), tag_input, status))

    for jurisdiction_id in sorted({entry.jurisdiction.id for entry in parsed}):
        lock_tags_of(jurisdiction_id)  # nobody changes these shares until this import commits
    _compare_with_stored(parsed, compare_status=not sheet)
    _check_share_sums(parsed, problems)
    problems.raise_if_any()
    return CheckedTags(file_name, parsed)


def _compare_with_stored(parsed: list[TagRow], *, compare_status: bool) -> None:
    """Find each row's stored tag (same line key and measure) and what the row would change."""
    by_year: dict[tuple[int, int], list[TagRow]] = defaultdict(list)
    for entry in parsed:
        by_year[(entry.jurisdiction.id, entry.fiscal_year)].append(entry)
    for (jurisdiction_id, year), entries in by_year.items():
        stored = {
            (*t.key.values(), t.measure_id): t
            for t in db.session.scalars(
                select(Tag).where(Tag.jurisdiction_id == jurisdiction_id, Tag.fiscal_year == year)
            )
        }
        for entry in entries:
            measure_id = entry.input.measure.id if entry.input.measure else None
            entry.stored = stored.get((*entry.input.key.values(), measure_id))
            if entry.stored is None:
                continue
            new = tag_values(entry.input)
            if compare_status:
                new["status"] = entry.status
            entry.changes = {
                name: [getattr(entry.stored, name), value]
                for name, value in new.items()
                if getattr(entry.stored, name) != value
            }


def write_tags(checked: CheckedTags, imported_by: str) -> TagImportResult:
    """Save every new or changed row (a row equal to its stored tag is left alone)."""
    result = TagImportResult(checked.file, unchanged=len(checked.unchanged))
    for entry in checked.rows:
        if entry.stored is not None and not entry.changes:
            continue
        _tag, created, _ = save_tag(
            entry.jurisdiction,
            entry.fiscal_year,
            entry.input,
            actor=None,
            status=entry.status,
            actor_label=imported_by,
            check_shares=False,
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def _check_share_sums(parsed: list[TagRow], problems) -> None:
    """Per line key: tags in the file plus stored tags the file does not replace, at most 1."""
    by_key: dict[tuple, list[TagRow]] = defaultdict(list)
    for entry in parsed:
        by_key[(entry.jurisdiction.id, entry.fiscal_year, *entry.input.key.values())].append(entry)
    for (jurisdiction_id, year, *codes), entries in by_key.items():
        stored = db.session.execute(
            select(Tag.measure_id, Tag.share_units).where(
                *key_filter(jurisdiction_id, year, dict(zip(KEY_CODES, codes, strict=True)))
            )
        ).all()
        replaced = {e.input.measure.id if e.input.measure else None for e in entries}
        total = sum(units for measure_id, units in stored if measure_id not in replaced)
        total += sum(e.input.share_units for e in entries)
        if total > SHARE_SCALE:
            problems.add(
                max(e.row for e in entries),
                "share",
                _(
                    "the shares of this line key's tags sum to %(total)s, above 1",
                    total=Decimal(total) / SHARE_SCALE,
                ),
            )
