"""Which documents of a jurisdiction-year count: adopted, in force, latest execution report."""

from __future__ import annotations

from dataclasses import dataclass

from budget.budgets.models import BudgetDocument


@dataclass(frozen=True)
class YearDocuments:
    adopted: BudgetDocument | None
    in_force: BudgetDocument | None  # the highest rebalance, else the adopted budget
    executed: BudgetDocument | None  # the execution report with the latest as_of
    all: tuple[BudgetDocument, ...]


def select_documents(documents: tuple[BudgetDocument, ...]) -> YearDocuments:
    adopted = next((d for d in documents if d.stage == "adopted"), None)
    revisions = [d for d in documents if d.stage == "revised"]
    reports = [d for d in documents if d.stage == "executed"]
    in_force = max(revisions, key=lambda d: d.revision) if revisions else adopted
    executed = max(reports, key=lambda d: d.as_of) if reports else None
    return YearDocuments(adopted, in_force, executed, documents)
