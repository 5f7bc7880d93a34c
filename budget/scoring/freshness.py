"""Scores follow their data: changes to a score's inputs are noted at each flush and the scores
they touch are recomputed just before the transaction commits (see `services.refresh`).

Every input of a score is written through the ORM (a budget import updates its document row
too), so one listener sees them all, whichever service, import or request made the change.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, select, union
from sqlalchemy.orm import Session

from budget.budgets.models import BudgetDocument
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.tagging.models import Tag

NOTES = "score_inputs_changed"
# Rows that belong to one jurisdiction-year.
YEAR_ROWS = (Tag, PlanCost, QuestionnaireAnswer, BudgetDocument)


def _changed(session: Session, obj) -> bool:
    return (
        obj in session.new
        or obj in session.deleted
        or session.is_modified(obj, include_collections=False)
    )


@event.listens_for(Session, "before_flush")
def _note_changed_inputs(session: Session, _context, _instances) -> None:
    notes = None
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, YEAR_ROWS):
            note = ("year", obj.jurisdiction_id, obj.fiscal_year)
        elif isinstance(obj, Jurisdiction) and obj.id is not None:
            note = ("jurisdiction", obj.id)  # population, kind: every year
        elif isinstance(obj, Measure) and obj.id is not None:
            note = ("measure", obj.id)  # code, area: every year whose tags or plans link it
        else:
            continue
        if not _changed(session, obj):
            continue
        if notes is None:
            notes = session.info.setdefault(NOTES, set())
        notes.add(note)


@event.listens_for(Session, "before_commit")
def _refresh_changed_scores(session: Session) -> None:
    session.flush()  # notes the changes still pending
    notes = session.info.pop(NOTES, set())
    if notes:
        from budget.scoring.services import refresh

        refresh(_years(session, notes))


@event.listens_for(Session, "after_rollback")
def _forget_notes(session: Session) -> None:
    session.info.pop(NOTES, None)


def _years(session: Session, notes: set[tuple]) -> set[tuple[int, int]]:
    years = {(jid, year) for kind, jid, year in (n for n in notes if n[0] == "year")}
    jurisdictions = {n[1] for n in notes if n[0] == "jurisdiction"}
    measures = {n[1] for n in notes if n[0] == "measure"}
    queries = []
    if jurisdictions:
        queries.append(
            select(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year).where(
                BudgetDocument.jurisdiction_id.in_(jurisdictions)
            )
        )
    if measures:
        queries += [
            select(Tag.jurisdiction_id, Tag.fiscal_year).where(Tag.measure_id.in_(measures)),
            select(PlanCost.jurisdiction_id, PlanCost.fiscal_year).where(
                PlanCost.measure_id.in_(measures)
            ),
        ]
    if queries:
        years |= {tuple(row) for row in session.execute(union(*queries))}
    return years
