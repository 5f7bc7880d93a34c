"""The yearly open-data bundle: a Fiscal Data Package (a Frictionless Tabular Data Package with a
fiscal model) of every budget document of the year and the approved tags.

The CSV resources are produced row by row from the database (a country's year has a million
lines), in the order of the line key; amounts are exact decimal strings with 2 decimals.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from sqlalchemy import func, select

from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.indicators.pages import small_count
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import SHARE_SCALE, from_minor
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag
from budget.web.tables import csv_cell

LINES = "budget-lines"
TAGS = "approved-tags"
BATCH = 5_000
CODE_FIELDS = [
    {"name": "program", "type": "string", "title": "Program"},
    {"name": "activity", "type": "string", "title": "Program activity or project"},
    {"name": "function", "type": "string", "title": "Functional classification"},
    {"name": "economic", "type": "string", "title": "Economic classification (account)"},
    {"name": "source", "type": "string", "title": "Source of funding"},
    {
        "name": "unit",
        "type": "string",
        "title": "Budget user (administrative classification)",
        "description": "razdeo/glava in Serbia, the budget organisation or spending unit "
        "elsewhere; empty where the budget names none.",
    },
]
LINE_FIELDS = [
    {"name": "jurisdiction", "type": "string", "title": "Jurisdiction code"},
    {"name": "jurisdiction_name", "type": "string"},
    {"name": "fiscal_year", "type": "integer"},
    {
        "name": "phase",
        "type": "string",
        "constraints": {"enum": ["adopted", "revised", "executed"]},
        "description": "adopted: the budget decision; revised: a rebalance; executed: an "
        "execution report.",
    },
    {"name": "revision", "type": "integer", "description": "0 adopted, N the N-th rebalance."},
    {"name": "date", "type": "date", "description": "The as-of date of an execution report."},
    {"name": "currency", "type": "string", "description": "ISO 4217"},
    *CODE_FIELDS,
    {"name": "description", "type": "string"},
    {"name": "amount", "type": "number", "description": "Exact, 2 decimals."},
]
TAG_FIELDS = [
    {"name": "jurisdiction", "type": "string"},
    {"name": "fiscal_year", "type": "integer"},
    *CODE_FIELDS,
    {"name": "measure", "type": "string", "description": "Strategy or action plan measure."},
    {"name": "relevance", "type": "string", "constraints": {"enum": ["targeted", "mainstream"]}},
    {"name": "share", "type": "number", "description": "Roma share of the line, 0 to 1."},
    *(
        {
            "name": name,
            "type": "string",
            "description": "A count of people; 1 to 4 is published as <5 (small numbers "
            "identify people).",
            "constraints": {"pattern": "<5|[0-9]+"},
        }
        for name in ("beneficiaries_total", "beneficiaries_roma", "beneficiaries_roma_women")
    ),
]


def has_year(fiscal_year: int) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(BudgetDocument)
            .where(BudgetDocument.fiscal_year == fiscal_year)
        )
    )


def descriptor(fiscal_year: int, base_url: str) -> dict:
    """datapackage.json of the year; resource paths relative to it."""
    return {
        "profile": "tabular-data-package",
        "name": f"rrb-budgets-{fiscal_year}",
        "title": f"Budgets and Roma-relevant tags, fiscal year {fiscal_year}",
        "description": "Every budget document of the year (the adopted budget, each rebalance, "
        "each execution report) line by line, and the approved Roma-responsive tags of the "
        "lines. A tag weighs its line key in every document of the year: the Roma-relevant "
        "amount of a line is its amount times the sum of its tags' shares.",
        "homepage": base_url,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "name": LINES,
                "path": f"{LINES}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": LINE_FIELDS, "missingValues": [""]},
            },
            {
                "name": TAGS,
                "path": f"{TAGS}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": TAG_FIELDS, "missingValues": [""]},
            },
        ],
        # The fiscal model of the Fiscal Data Package: what is measured, along which dimensions.
        "model": {
            "measures": {
                "amount": {"source": "amount", "currency": "local: see the currency field"}
            },
            "dimensions": {
                "jurisdiction": {
                    "dimensionType": "entity",
                    "primaryKey": ["jurisdiction"],
                    "attributes": {
                        "jurisdiction": {"source": "jurisdiction"},
                        "jurisdiction_name": {"source": "jurisdiction_name"},
                    },
                },
                "date": {
                    "dimensionType": "datetime",
                    "primaryKey": ["fiscal_year"],
                    "attributes": {
                        "fiscal_year": {"source": "fiscal_year"},
                        "date": {"source": "date"},
                    },
                },
                "phase": {
                    "dimensionType": "other",
                    "primaryKey": ["phase", "revision"],
                    "attributes": {
                        "phase": {"source": "phase"},
                        "revision": {"source": "revision"},
                    },
                },
                **{
                    field["name"]: {
                        "dimensionType": "classification",
                        "primaryKey": [field["name"]],
                        "attributes": {field["name"]: {"source": field["name"]}},
                    }
                    for field in CODE_FIELDS
                },
            },
        },
    }


def _csv(header: list[str], rows: Iterator[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value) for value in row])
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def line_rows(fiscal_year: int) -> Iterator[str]:
    """budget-lines.csv, streamed."""
    query = (
        select(
            Jurisdiction.code,
            Jurisdiction.name,
            BudgetDocument.fiscal_year,
            BudgetDocument.stage,
            BudgetDocument.revision,
            BudgetDocument.as_of,
            Jurisdiction.currency,
            *(getattr(BudgetLine, code) for code in KEY_CODES),
            BudgetLine.description,
            BudgetLine.amount_minor,
        )
        .join(BudgetDocument, BudgetLine.document_id == BudgetDocument.id)
        .join(Jurisdiction, BudgetDocument.jurisdiction_id == Jurisdiction.id)
        .where(BudgetDocument.fiscal_year == fiscal_year)
        .order_by(
            Jurisdiction.code,
            BudgetDocument.stage,
            BudgetDocument.revision,
            BudgetDocument.as_of,
            BudgetLine.id,
        )
        .execution_options(yield_per=BATCH)
    )

    def rows():
        for row in db.session.execute(query):
            *head, minor = row
            yield [*head, from_minor(minor)]

    return _csv([f["name"] for f in LINE_FIELDS], rows())


def tag_rows(fiscal_year: int) -> Iterator[str]:
    """approved-tags.csv, streamed."""
    query = (
        select(
            Jurisdiction.code,
            Tag.fiscal_year,
            *(getattr(Tag, code) for code in KEY_CODES),
            Measure.code,
            Tag.relevance,
            Tag.share_units,
            Tag.beneficiaries_total,
            Tag.beneficiaries_roma,
            Tag.beneficiaries_roma_women,
        )
        .join(Jurisdiction, Tag.jurisdiction_id == Jurisdiction.id)
        .outerjoin(Measure, Tag.measure_id == Measure.id)
        .where(Tag.fiscal_year == fiscal_year, Tag.status == APPROVED)
        .order_by(Jurisdiction.code, *(getattr(Tag, code) for code in KEY_CODES), Tag.id)
        .execution_options(yield_per=BATCH)
    )

    def rows():
        for row in db.session.execute(query):
            values = list(row)
            share = 2 + len(KEY_CODES) + 2  # after jurisdiction, year, the key, measure, relevance
            values[share] = (Decimal(values[share]) / SHARE_SCALE).quantize(Decimal("0.0001"))
            values[share + 1 : share + 4] = [small_count(v) for v in values[share + 1 : share + 4]]
            yield values

    return _csv([f["name"] for f in TAG_FIELDS], rows())
