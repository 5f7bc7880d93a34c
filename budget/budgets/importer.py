"""`import budget`: budget documents (adopted, rebalances, execution reports), all or nothing.

The whole file is validated first, chunk by chunk with vectorised checks; only a file without a
single problem is written, each of its documents replacing the stored one with the same identity
inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import delete, select, tuple_

from budget.audit.services import record
from budget.budgets.models import KEY_CODES, STAGES, BudgetDocument, BudgetLine
from budget.classifications.profiles import profile
from budget.extensions import db
from budget.importing.bulk import bulk_insert
from budget.importing.checks import CODE_PATTERN, UNIT_PATTERN, FrameChecks
from budget.importing.problems import Problems
from budget.importing.tables import ROW, Columns, TableFile
from budget.jurisdictions.models import Jurisdiction
from budget.money import combine, exact_sum, from_minor
from budget.text import fold_many

COLUMNS = Columns(
    required=("jurisdiction", "fiscal_year", "stage", "economic", "amount"),
    optional=(
        "revision",
        "as_of",
        "program",
        "activity",
        "function",
        "source",
        "unit",
        "description",
        "currency",
    ),
)
# The order in which budget files are written (exports, generators; any order is read).
FILE_ORDER = (
    "jurisdiction",
    "fiscal_year",
    "stage",
    "revision",
    "as_of",
    *(code for code in KEY_CODES if code != "unit"),  # `unit` is optional: written only when used
    "description",
    "amount",
)
IDENTITY = ("jurisdiction_id", "fiscal_year", "stage", "revision", "as_of")
LINE_COLUMNS = (
    "document_id",
    *KEY_CODES,
    "description",
    "search_text",
    "amount_minor",
    "source_row",
)
DESCRIPTION_LIMIT = 1000

Progress = Callable[[str, int, int], None]


@dataclass
class BudgetImportResult:
    file: str
    rows: int = 0
    documents: list[str] = field(default_factory=list)
    replaced: int = 0
    years: set[tuple[int, int]] = field(default_factory=set)  # (jurisdiction id, fiscal year)
    document_ids: set[int] = field(default_factory=set)
    # {(jurisdiction id, year): {line key: folded description}} of the lines written, for what
    # follows an import (tag suggestions) without reading a million lines back
    line_texts: dict[tuple[int, int], dict[tuple, str]] = field(default_factory=dict)

    def __str__(self) -> str:
        replaced = f", {self.replaced} replaced" if self.replaced else ""
        return f"{self.file}: {len(self.documents)} documents{replaced}, {self.rows} rows imported"


@dataclass
class CheckedBudget:
    """A budget file that passed every check: its rows, ready to compare or to write."""

    file: str
    frame: pd.DataFrame


def import_budget(
    path,
    imported_by: str,
    progress: Progress | None = None,
    *,
    jurisdiction: Jurisdiction | None = None,
    file_id: int | None = None,
) -> BudgetImportResult:
    """Check the whole file, then write it (see `check_budget` and `write_budget`)."""
    return write_budget(
        check_budget(path, progress, jurisdiction=jurisdiction),
        imported_by,
        progress,
        file_id=file_id,
    )


def check_budget(
    path, progress: Progress | None = None, *, jurisdiction: Jurisdiction | None = None
) -> CheckedBudget:
    """Every rule of the budget format; raises ImportFailed naming each row and column.

    With `jurisdiction`, every row must name it (an upload by one jurisdiction's officer).
    Reads the database but writes nothing.
    """
    table = TableFile(path, COLUMNS)
    problems = Problems(table.name)
    jurisdictions = {
        code: (id_, currency, country)
        for code, id_, currency, country in db.session.execute(
            select(Jurisdiction.code, Jurisdiction.id, Jurisdiction.currency, Jurisdiction.country)
        )
    }
    valid: list[pd.DataFrame] = []
    done = 0
    for chunk in table.chunks():
        valid.append(_validate(chunk, problems, jurisdictions, jurisdiction))
        done += len(chunk)
        if progress:
            progress("Checking", done, max(table.estimated_rows, done))
    frame = pd.concat(valid, ignore_index=True) if valid else pd.DataFrame()
    if frame.empty and not problems:
        problems.add(0, "", _("the file has no data rows"))
    problems.raise_if_any()
    _check_duplicate_keys(frame, problems)
    problems.raise_if_any()
    return CheckedBudget(table.name, frame)


def _validate(
    chunk: pd.DataFrame, problems: Problems, jurisdictions: dict, only: Jurisdiction | None
) -> pd.DataFrame:
    check = FrameChecks(chunk, problems)
    present = check.required("jurisdiction")
    if only is not None:
        other = present & (chunk["jurisdiction"] != only.code)
        problems.add_rows(
            chunk.loc[other, ROW],
            "jurisdiction",
            _each(
                chunk.loc[other, "jurisdiction"],
                lambda given: _(
                    "the row names %(given)s: this upload takes rows of %(code)s only",
                    given=repr(given),
                    code=only.code,
                ),
            ),
        )
        present = present & ~other
    known = present & chunk["jurisdiction"].isin(jurisdictions.keys())
    unknown = present & ~known
    problems.add_rows(
        chunk.loc[unknown, ROW],
        "jurisdiction",
        _each(
            chunk.loc[unknown, "jurisdiction"],
            lambda given: _("unknown jurisdiction %(code)s: import it first", code=repr(given)),
        ),
    )
    year = check.integer("fiscal_year", minimum=1900, maximum=2200)
    stage_ok = check.one_of("stage", STAGES)
    revised = stage_ok & (chunk["stage"] == "revised")
    executed = stage_ok & (chunk["stage"] == "executed")

    revision = chunk["revision"].where(revised, "")
    check.forbidden("revision", stage_ok & ~revised, _("must be empty unless stage is revised"))
    missing = revised & ~check.present("revision")
    problems.add_rows(chunk.loc[missing, ROW], "revision", _("required when stage is revised"))
    revision_number = FrameChecks(chunk.assign(revision=revision), problems).integer(
        "revision", required=False, minimum=1, maximum=999
    )

    check.forbidden("as_of", stage_ok & ~executed, _("must be empty unless stage is executed"))
    missing = executed & ~check.present("as_of")
    problems.add_rows(chunk.loc[missing, ROW], "as_of", _("required when stage is executed"))
    as_of = check.iso_date("as_of", executed)
    outside = executed & as_of.notna() & year.notna() & (as_of.dt.year != year)
    problems.add_rows(
        chunk.loc[outside.fillna(False), ROW],
        "as_of",
        _("must be a date within the fiscal year"),
    )

    shaped = {
        column: check.matches(
            column,
            CODE_PATTERN,
            _("a classification code (letters, digits, '.', '-', '/')"),
            required=column == "economic",
        )
        for column in KEY_CODES
        if column != "unit"
    }
    check.matches(
        "unit",
        UNIT_PATTERN,
        _("a budget user's code (letters, digits, '.', '-', '/'; e.g. 4.01)"),
        required=False,
    )
    _check_profiles(chunk, problems, known, shaped, jurisdictions)
    long = chunk["description"].str.len() > DESCRIPTION_LIMIT
    problems.add_rows(
        chunk.loc[long, ROW],
        "description",
        _("longer than %(count)s characters", count=DESCRIPTION_LIMIT),
    )
    amount = check.amount_minor("amount")

    currency = (
        chunk["jurisdiction"].map({code: c for code, (_, c, _) in jurisdictions.items()}).fillna("")
    )
    wrong = known & check.present("currency") & (chunk["currency"] != currency)
    for row, given, expected in zip(
        chunk.loc[wrong, ROW], chunk.loc[wrong, "currency"], currency[wrong], strict=False
    ):
        problems.add(
            int(row),
            "currency",
            _(
                "%(given)s differs from the jurisdiction's %(currency)s",
                given=repr(given),
                currency=expected,
            ),
        )

    if problems:
        return chunk.iloc[0:0]  # nothing will be written; keep memory flat
    return pd.DataFrame(
        {
            "jurisdiction_id": chunk["jurisdiction"].map(
                {code: i for code, (i, _, _) in jurisdictions.items()}
            ),
            "fiscal_year": year.astype("int64"),
            "stage": chunk["stage"],
            "revision": revision_number.fillna(0).astype("int64"),
            "as_of": chunk["as_of"].where(executed, ""),
            **{column: chunk[column] for column in KEY_CODES},
            "description": chunk["description"],
            "amount_minor": amount,
            ROW: chunk[ROW],
        }
    )


PART_NAMES = {
    "program": lambda: _("program"),
    "activity": lambda: _("activity"),
    "function": lambda: _("function"),
    "economic": lambda: _("economic"),
    "source": lambda: _("source"),
}


def _check_profiles(chunk, problems: Problems, known, shaped: dict, jurisdictions: dict) -> None:
    """Each code in the shape of its jurisdiction's economy (profiles.toml): a North Macedonian
    program is a letter and two characters, a Bosnian economic account 6 digits, ..."""
    country = chunk["jurisdiction"].map({code: c for code, (_, _, c) in jurisdictions.items()})
    for name in sorted(set(country[known].dropna())):
        found = profile(name)
        if found is None:
            continue
        of_country = known & (country == name)
        for column, rule in found.rules.items():
            bad = of_country & shaped[column] & ~chunk[column].str.fullmatch(rule.pattern)
            problems.add_rows(
                chunk.loc[bad, ROW],
                column,
                _each(
                    chunk.loc[bad, column],
                    lambda given, found=found, column=column, rule=rule: _(
                        "%(value)s is not a valid %(part)s code in %(country)s (e.g. %(example)s)",
                        value=repr(given),
                        part=PART_NAMES[column](),
                        country=found.name,
                        example=rule.example,
                    ),
                ),
            )


def _each(values: pd.Series, message):
    """A message per row from the row's value: `message` formats it (a function or a template)."""
    values = values.tolist()
    if callable(message):
        return lambda i: message(values[i])
    return lambda i: message.format(values[i])


def _check_duplicate_keys(frame: pd.DataFrame, problems: Problems) -> None:
    """A line key may appear only once per document: name both rows."""
    subset = [*IDENTITY, *KEY_CODES]
    repeated = frame.duplicated(subset=subset, keep="first")
    if not repeated.any():
        return
    involved = frame.loc[frame.duplicated(subset=subset, keep=False)]
    first_rows = involved.groupby(subset, sort=False)[ROW].transform("min")
    for row, first in zip(
        involved.loc[repeated, ROW], first_rows[repeated[involved.index]], strict=False
    ):
        problems.add(
            int(row),
            "economic",
            _(
                "the same line key (budget user, program, activity, function, economic, "
                "source) already stands on row %(row)s of this document",
                row=int(first),
            ),
        )


def write_budget(
    checked: CheckedBudget,
    imported_by: str,
    progress: Progress | None = None,
    *,
    file_id: int | None = None,
) -> BudgetImportResult:
    """Write a checked file: documents first (stored ones of the same identity are replaced),
    then each document's lines in bulk; a fixed number of queries per file. `file_id` links
    the documents to the uploaded file they came from."""
    frame, file = checked.frame, checked.file
    result = BudgetImportResult(file=file, rows=len(frame))
    now = dt.datetime.now(dt.UTC)
    connection = db.session.connection()
    codes = dict(db.session.execute(select(Jurisdiction.id, Jurisdiction.code)).all())
    frame["search_text"] = fold_many(frame["description"])  # each distinct text folded once
    groups = frame.groupby(list(IDENTITY), sort=False)

    years = {(int(jid), int(year)) for jid, year, *_rest in groups.groups}
    stored = {
        (d.jurisdiction_id, d.fiscal_year, d.stage, d.revision, d.as_of): d
        for d in db.session.scalars(
            select(BudgetDocument).where(
                tuple_(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year).in_(
                    sorted(years)
                )
            )
        )
    }
    plan = []  # (document, lines, changes, identity text)
    for (jurisdiction_id, year, stage, revision, as_of), lines in groups:
        as_of_date = dt.date.fromisoformat(as_of) if as_of else None
        identity = (int(jurisdiction_id), int(year), stage, int(revision), as_of_date)
        new_total = str(from_minor(int(lines["amount_minor"].sum())))
        document = stored.get(identity)
        if document is None:
            document = BudgetDocument(
                jurisdiction_id=identity[0],
                fiscal_year=identity[1],
                stage=stage,
                revision=identity[3],
                as_of=as_of_date,
            )
            db.session.add(document)
            changes = {
                "source_file": [None, file],
                "line_count": [None, len(lines)],
                "total": [None, new_total],
            }
        else:
            old_total = str(_total(document.id))
            changes = {
                "source_file": [document.source_file, file],
                "line_count": [document.line_count, len(lines)],
                "total": [old_total, new_total],
            }
            db.session.execute(delete(BudgetLine).where(BudgetLine.document_id == document.id))
            result.replaced += 1
        document.source_file = file[:500]
        document.imported_at = now
        document.imported_by = imported_by[:200]
        document.line_count = len(lines)
        if file_id is not None or document.file_id is not None:
            changes["file_id"] = [document.file_id, file_id]
        document.file_id = file_id
        described = describe_document(codes[identity[0]], identity[1], stage, identity[3], as_of)
        plan.append((document, lines, changes, described))
    db.session.flush()  # every document has its id

    written = 0
    for document, lines, changes, described in plan:
        keys = list(zip(*(lines[column].tolist() for column in KEY_CODES), strict=True))
        texts = lines["search_text"].tolist()
        rows = zip(
            [document.id] * len(lines),
            *zip(*keys, strict=True),
            lines["description"].tolist(),
            texts,
            lines["amount_minor"].tolist(),
            lines[ROW].tolist(),
            strict=True,
        )
        bulk_insert(connection, BudgetLine.__table__, LINE_COLUMNS, rows)
        year_texts = result.line_texts.setdefault(
            (document.jurisdiction_id, document.fiscal_year), {}
        )
        if not year_texts:
            year_texts.update(zip(keys, texts, strict=True))
        else:
            for key, text in zip(keys, texts, strict=True):
                if key not in year_texts or text > year_texts[key]:
                    year_texts[key] = text  # the same text whichever document comes first
        result.document_ids.add(document.id)
        record(
            "document.replaced" if changes["line_count"][0] is not None else "document.created",
            "budget_document",
            document.id,
            actor_label=imported_by,
            changes=changes,
            jurisdiction_id=document.jurisdiction_id,
            fiscal_year=document.fiscal_year,
            comment=described,
        )
        written += len(lines)
        if progress:
            progress("Writing", written, len(frame))
        result.years.add((document.jurisdiction_id, document.fiscal_year))
        result.documents.append(described)
    return result


def _total(document_id: int):
    """A stored document's total, for the audit log of its replacement."""
    row = db.session.execute(
        select(*exact_sum(BudgetLine.amount_minor, "total")).where(
            BudgetLine.document_id == document_id
        )
    ).one()
    return from_minor(combine(row, "total"))


def describe_document(code: str, year: int, stage: str, revision: int, as_of: str) -> str:
    detail = {"revised": f" {revision}", "executed": f" as of {as_of}"}.get(stage, "")
    return f"{code} {year} {stage}{detail}"
