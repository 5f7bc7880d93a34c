"""Which documents of a jurisdiction-year count: adopted, in force, latest execution report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from budget.budgets.models import BudgetDocument


@dataclass(frozen=True)
class YearDocuments:
    adopted: BudgetDocument | None
    in_force: BudgetDocument | None  # the highest rebalance, else the adopted budget
    executed: BudgetDocument | None  # the execution report with the latest as_of
    all: tuple[BudgetDocument, ...]


STAGE_ORDER = {"adopted": 0, "revised": 1, "executed": 2}


def chronological(document: BudgetDocument) -> tuple:
    """Adopted, then rebalances by number, then execution reports by date."""
    return STAGE_ORDER[document.stage], document.revision, document.as_of or dt.date.min


def select_documents(documents: tuple[BudgetDocument, ...]) -> YearDocuments:
    documents = tuple(sorted(documents, key=chronological))
    adopted = next((d for d in documents if d.stage == "adopted"), None)
    revisions = [d for d in documents if d.stage == "revised"]
    reports = [d for d in documents if d.stage == "executed"]
    in_force = max(revisions, key=lambda d: d.revision) if revisions else adopted
    executed = max(reports, key=lambda d: d.as_of) if reports else None
    return YearDocuments(adopted, in_force, executed, documents)
