"""Computing, storing and serving scores.

A stored score is served only while the data it was computed from are unchanged: every read
recomputes the inputs' fingerprint, and a different fingerprint recomputes and stores the score.
So a score is never stale when it is shown; `scores compute` fills the store in advance.
"""

from __future__ import annotations

from decimal import Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from budget.analysis.summary import year_overview
from budget.auth.models import utcnow
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.scoring.inputs import score_inputs
from budget.scoring.method import Method, load_methods
from budget.scoring.models import ScoreResult

DEFAULT_METHOD = "rrb-v1"


class NotScorable(ValueError):
    pass


def methods() -> dict[str, Method]:
    cache = current_app.extensions.setdefault("scoring_methods", {})
    if not cache:
        cache.update(load_methods(current_app.config.get("SCORING_METHOD_DIRS")))
    return cache


def method(methodology: str) -> Method:
    found = methods().get(methodology)
    if found is None:
        raise NotScorable(f"unknown methodology {methodology!r}; known: {', '.join(sorted(methods()))}")
    return found


def score(jurisdiction: Jurisdiction, fiscal_year: int, methodology: str = DEFAULT_METHOD) -> dict | None:
    """The score object, from the store when its data are unchanged; None without documents."""
    chosen = method(methodology)
    if jurisdiction.kind not in chosen.scored_kinds:
        raise NotScorable(f"{jurisdiction.kind} jurisdictions are not scored by {methodology}")
    overview = year_overview(jurisdiction, fiscal_year)
    if overview is None:
        return None
    inputs = score_inputs(jurisdiction, fiscal_year, overview.documents)
    fingerprint = inputs.fingerprint()
    stored = db.session.scalar(select(ScoreResult).where(
        ScoreResult.jurisdiction_id == jurisdiction.id, ScoreResult.fiscal_year == fiscal_year,
        ScoreResult.methodology == methodology))
    if stored is None or stored.inputs_hash != fingerprint:
        result = chosen.apply(inputs)
        values = {
            "computed_at": utcnow(), "inputs_hash": fingerprint, "inputs": inputs.as_json(),
            "result": {**result, "index": None if result["index"] is None else str(result["index"])},
            "status": result["status"], "grade": result["grade"],
            "index_tenths": None if result["index"] is None else int(result["index"] * 10),
        }
        if stored is None:
            stored = _insert(jurisdiction.id, fiscal_year, methodology, values)
        else:
            for name, value in values.items():
                setattr(stored, name, value)
        db.session.flush()
    return score_object(stored)


def _insert(jurisdiction_id: int, fiscal_year: int, methodology: str, values: dict) -> ScoreResult:
    """Store a new result; if a concurrent request stored it first, update that row instead."""
    stored = ScoreResult(jurisdiction_id=jurisdiction_id, fiscal_year=fiscal_year,
                         methodology=methodology, **values)
    try:
        with db.session.begin_nested():
            db.session.add(stored)
    except IntegrityError:
        stored = db.session.scalar(select(ScoreResult).where(
            ScoreResult.jurisdiction_id == jurisdiction_id, ScoreResult.fiscal_year == fiscal_year,
            ScoreResult.methodology == methodology))
        for name, value in values.items():
            setattr(stored, name, value)
    return stored


def score_object(stored: ScoreResult) -> dict:
    result = dict(stored.result)
    return {
        "jurisdiction": stored.jurisdiction.code,
        "fiscal_year": stored.fiscal_year,
        **result,
        "index": None if result.get("index") is None else Decimal(result["index"]),
        "computed_at": stored.computed_at.isoformat(),
    }


def scorable(fiscal_year: int | None, methodology: str = DEFAULT_METHOD) -> list[tuple[Jurisdiction, int]]:
    chosen = method(methodology)
    query = (select(Jurisdiction, BudgetDocument.fiscal_year).join(BudgetDocument)
             .where(Jurisdiction.kind.in_(chosen.scored_kinds)).distinct()
             .order_by(BudgetDocument.fiscal_year, Jurisdiction.code))
    if fiscal_year is not None:
        query = query.where(BudgetDocument.fiscal_year == fiscal_year)
    return [(jurisdiction, year) for jurisdiction, year in db.session.execute(query)]


def compute_all(fiscal_year: int | None = None, methodology: str = DEFAULT_METHOD) -> list[dict]:
    return [score(jurisdiction, year, methodology) for jurisdiction, year in scorable(fiscal_year, methodology)]


def ranking(fiscal_year: int, methodology: str = DEFAULT_METHOD) -> list[dict]:
    """Every jurisdiction of a scored kind with budgets in the year: best index first (ties by
    code), then those with insufficient data (no index), by code."""
    results = [r for r in compute_all(fiscal_year, methodology) if r]
    return sorted(results, key=lambda r: (r["index"] is None, -(r["index"] or 0), r["jurisdiction"]))
