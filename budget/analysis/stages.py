"""Which documents make each stage: for one jurisdiction-year, or all jurisdictions of a year."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from budget.analysis.aggregate import Stage
from budget.analysis.documents import YearDocuments, select_documents
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction

MAIN_STAGES = ("adopted", "in_force", "executed")


def _ids(document) -> tuple[int, ...]:
    return (document.id,) if document is not None else ()


def jurisdiction_stages(documents: YearDocuments, as_of=None) -> list[Stage]:
    """adopted, each rebalance, in force, executed (latest or the report as of `as_of`),
    and every execution report by its date."""
    executed = documents.executed
    reports = [d for d in documents.all if d.stage == "executed"]
    if as_of is not None:
        executed = next((d for d in reports if d.as_of == as_of), None)
    stages = [Stage("adopted", _ids(documents.adopted))]
    stages += [
        Stage(f"revision:{d.revision}", (d.id,)) for d in documents.all if d.stage == "revised"
    ]
    stages.append(Stage("in_force", _ids(documents.in_force)))
    stages.append(Stage("executed", _ids(executed)))
    stages += [Stage(f"executed:{d.as_of.isoformat()}", (d.id,)) for d in reports]
    return stages


def year_documents_by_jurisdiction(
    fiscal_year: int, jurisdiction_ids=None, country: str | None = None
) -> dict[int, YearDocuments]:
    """The documents that count in a year, per jurisdiction (of one economy with `country`:
    figures of two economies, in two currencies, are never added up)."""
    query = select(BudgetDocument).where(BudgetDocument.fiscal_year == fiscal_year)
    if jurisdiction_ids is not None:
        query = query.where(BudgetDocument.jurisdiction_id.in_(list(jurisdiction_ids)))
    if country is not None:
        query = query.join(Jurisdiction, Jurisdiction.id == BudgetDocument.jurisdiction_id).where(
            Jurisdiction.country == country
        )
    grouped = defaultdict(list)
    for document in db.session.scalars(query):
        grouped[document.jurisdiction_id].append(document)
    return {jid: select_documents(tuple(docs)) for jid, docs in grouped.items()}


def combined_stages(by_jurisdiction: dict[int, YearDocuments]) -> list[Stage]:
    """The main stages added up over many jurisdictions (each with its own documents)."""
    return [
        Stage("adopted", tuple(d.adopted.id for d in by_jurisdiction.values() if d.adopted)),
        Stage("in_force", tuple(d.in_force.id for d in by_jurisdiction.values() if d.in_force)),
        Stage("executed", tuple(d.executed.id for d in by_jurisdiction.values() if d.executed)),
    ]


def jurisdictions_by_id(ids) -> dict[int, Jurisdiction]:
    return {
        j.id: j
        for j in db.session.scalars(select(Jurisdiction).where(Jurisdiction.id.in_(list(ids))))
    }
