"""The lines of a jurisdiction's year, one row per line key, with each stage's amount.

Filtering, counting and paging happen in SQL; the page's tags come in one more query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, null, select

from budget.analysis.documents import YearDocuments
from budget.budgets.models import KEY_CODES, BudgetLine
from budget.extensions import db
from budget.line_keys import LineKey
from budget.money import SHARE_SCALE, from_minor
from budget.tagging.models import Tag
from budget.text import fold

ORDERS = ("key", "description", "adopted", "in_force", "executed")  # amounts: largest first


@dataclass(frozen=True)
class LineFilter:
    program: str = ""
    economic: str = ""  # account or its first digits
    text: str = ""
    tagged: str = ""  # "", "yes", "no"
    unit: str | None = None  # a budget user ("" too: the lines without one); None: any

    @property
    def active(self) -> bool:
        return bool(
            self.program or self.economic or self.text or self.tagged or self.unit is not None
        )

    @classmethod
    def from_args(cls, args) -> LineFilter:
        """From query parameters `program`, `economic`, `q`, `tagged`, `unit`; unknown values
        ignored."""
        tagged = args.get("tagged", "")
        return cls(
            unit=args["unit"][:40] if "unit" in args else None,
            program=args.get("program", "")[:40],
            economic=args.get("economic", "")[:40],
            text=args.get("q", "")[:200],
            tagged=tagged if tagged in ("yes", "no") else "",
        )


@dataclass
class LineRow:
    key: dict[str, str]
    description: str
    adopted: Decimal | None
    in_force: Decimal | None
    executed: Decimal | None
    tags: list[Tag] = field(default_factory=list)

    @property
    def key_text(self) -> str:
        return LineKey.from_mapping(self.key).text

    @property
    def share(self) -> Decimal:
        """The Roma share of the line: all its tags, whatever their status."""
        return Decimal(sum(t.share_units for t in self.tags)) / SHARE_SCALE


@dataclass
class LinePage:
    rows: list[LineRow]
    total: int
    page: int
    pages: int
    programs: list[str]


def _tag_exists(jurisdiction_id: int, fiscal_year: int):
    return exists().where(
        Tag.jurisdiction_id == jurisdiction_id,
        Tag.fiscal_year == fiscal_year,
        *(getattr(Tag, code) == getattr(BudgetLine, code) for code in KEY_CODES),
    )


def year_lines(
    jurisdiction_id: int,
    fiscal_year: int,
    documents: YearDocuments,
    line_filter: LineFilter,
    page: int = 1,
    page_size: int = 50,
    with_tags: bool = True,
    order: str = "key",
) -> LinePage:
    """One page of the year's line keys that pass the filter, in the order asked for (by key,
    by description, or largest amount of a stage first; ties by key)."""
    ids = [d.id for d in documents.all]
    key_columns = [getattr(BudgetLine, code) for code in KEY_CODES]

    def stage(document):
        if document is None:
            return null()
        return func.max(case((BudgetLine.document_id == document.id, BudgetLine.amount_minor)))

    conditions = [BudgetLine.document_id.in_(ids)]
    if line_filter.unit is not None:
        conditions.append(BudgetLine.unit == line_filter.unit)
    if line_filter.program:
        conditions.append(BudgetLine.program == line_filter.program)
    if line_filter.economic:
        conditions.append(BudgetLine.economic.startswith(line_filter.economic, autoescape=True))
    if line_filter.text:
        conditions.append(
            BudgetLine.search_text.contains(fold(line_filter.text.strip()), autoescape=True)
        )
    if line_filter.tagged in ("yes", "no"):
        tagged = _tag_exists(jurisdiction_id, fiscal_year)
        conditions.append(tagged if line_filter.tagged == "yes" else ~tagged)

    amounts = {
        "adopted": stage(documents.adopted),
        "in_force": stage(documents.in_force),
        "executed": stage(documents.executed),
    }
    description = func.max(BudgetLine.description)
    grouped = (
        select(
            *key_columns,
            description.label("description"),
            *(expression.label(name) for name, expression in amounts.items()),
        )
        .where(and_(*conditions))
        .group_by(*key_columns)
    )
    by_key = [BudgetLine.unit, *key_columns[:-1]]  # a budget user's lines together
    if order == "description":
        ordering = [description, *by_key]
    elif order in amounts:  # lines absent from that stage last
        ordering = [func.coalesce(amounts[order], -1).desc(), *by_key]
    else:
        ordering = by_key
    total = db.session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
    pages = max((total + page_size - 1) // page_size, 1)
    page = min(max(page, 1), pages)
    result = db.session.execute(
        grouped.order_by(*ordering).offset((page - 1) * page_size).limit(page_size)
    ).all()
    rows = [
        LineRow(
            key=dict(zip(KEY_CODES, row[: len(KEY_CODES)], strict=True)),
            description=row.description or "",
            adopted=_amount(row.adopted) if documents.adopted else None,
            in_force=_amount(row.in_force) if documents.in_force else None,
            executed=_amount(row.executed) if documents.executed else None,
        )
        for row in result
    ]
    if with_tags:
        tags_by_key = defaultdict(list)
        for tag in db.session.scalars(
            select(Tag).where(
                Tag.jurisdiction_id == jurisdiction_id, Tag.fiscal_year == fiscal_year
            )
        ):
            tags_by_key[tuple(getattr(tag, code) for code in KEY_CODES)].append(tag)
        for row in rows:
            row.tags = tags_by_key.get(tuple(row.key.values()), [])
    programs = list(
        db.session.scalars(
            select(BudgetLine.program)
            .where(BudgetLine.document_id.in_(ids), BudgetLine.program != "")
            .distinct()
            .order_by(BudgetLine.program)
        )
    )
    return LinePage(rows, total, page, pages, programs)


def _amount(minor) -> Decimal:
    return from_minor(minor or 0)


@dataclass
class StageLine:
    key: tuple
    description: str
    amounts: dict

    @property
    def key_dict(self) -> dict[str, str]:
        return dict(zip(KEY_CODES, self.key, strict=True))


@dataclass
class StageLinePage:
    rows: list[StageLine]
    total: int
    page: int
    pages: int
    programs: list[str] = field(default_factory=list)


def line_stages(
    jurisdiction_id: int,
    fiscal_year: int,
    documents: YearDocuments,
    stages,
    line_filter: LineFilter,
    page: int,
    per_page: int,
    order: str = "key",
) -> StageLinePage:
    """One page of lines with each stage's amount and approved tagged amount.

    Two queries pick and count the page's lines; each stage then adds two grouped queries
    limited to those keys, whatever the number of lines.
    """
    from budget.analysis.aggregate import Amounts, sums

    listed = year_lines(
        jurisdiction_id,
        fiscal_year,
        documents,
        line_filter,
        page,
        per_page,
        with_tags=False,
        order=order,
    )
    keys = [tuple(row.key.values()) for row in listed.rows]
    per_stage = {
        stage.name: sums(stage.document_ids, "line", keys=keys) if stage.document_ids else None
        for stage in stages
    }
    zero = Amounts(Decimal("0.00"), Decimal("0.00"))
    rows = [
        StageLine(
            key,
            row.description,
            {
                name: (None if result is None else result.get(key, zero))
                for name, result in per_stage.items()
            },
        )
        for key, row in zip(keys, listed.rows, strict=True)
    ]
    return StageLinePage(rows, listed.total, listed.page, listed.pages, listed.programs)
