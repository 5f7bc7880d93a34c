"""Scores: computed when their inputs change, stored, and read from storage.

Whatever a score depends on (documents, tags, plans, answers, a jurisdiction's population, a
measure's area) is written through the ORM; `scoring.freshness` notes each change and, just
before the transaction commits, `refresh` recomputes the scores of the jurisdiction-years it
touched. So a committed score is never stale, and reads (pages, API) only read: the ranking is
one query over the stored rows.

A stored row also records the fingerprint of the method file it was computed with. A row
computed with another version of the file (or a year without a row, e.g. before `scores
compute` has run on an upgraded database) is computed in memory when read, never written by
the read; `flask scores compute` stores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from flask import current_app, has_app_context
from sqlalchemy import and_, delete, select, tuple_

from budget.budgets.models import BudgetDocument
from budget.currencies.services import MissingRate, rates
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.scoring.inputs import ScoreInputs, YearKey, score_inputs
from budget.scoring.method import Method, _div, _report, load_methods
from budget.scoring.models import ScoreResult
from budget.time import as_utc, utcnow
from budget.upserts import upsert

DEFAULT_METHOD = "rrb-v1"
_DEFAULT_METHODS: dict[str, Method] = {}
STORE_CHUNK = 200


class NotScorable(ValueError):
    pass


def methods() -> dict[str, Method]:
    if not has_app_context():
        if not _DEFAULT_METHODS:
            _DEFAULT_METHODS.update(load_methods())
        return _DEFAULT_METHODS
    cache = current_app.extensions.setdefault("scoring_methods", {})
    if not cache:
        cache.update(load_methods(current_app.config.get("SCORING_METHOD_DIRS")))
    return cache


def method(methodology: str) -> Method:
    found = methods().get(methodology)
    if found is None:
        raise NotScorable(
            f"unknown methodology {methodology!r}; known: {', '.join(sorted(methods()))}"
        )
    return found


# --- computing and storing -----------------------------------------------------------------------
def _result_values(chosen: Method, inputs: ScoreInputs) -> dict:
    result = chosen.apply(inputs)
    index = result["index"]
    return {
        "computed_at": utcnow(),
        "inputs_hash": inputs.fingerprint(),
        "inputs": inputs.as_json(),
        "method_fingerprint": chosen.fingerprint,
        "result": {**result, "index": None if index is None else str(index)},
        "status": result["status"],
        "grade": result["grade"],
        "index_tenths": None if index is None else int(index * 10),
    }


def refresh(pairs: Iterable[YearKey], methodologies: Iterable[str] | None = None) -> int:
    """Recompute and store the scores of these jurisdiction-years (every method by default);
    remove the stored scores of those that have no budget any more. Returns how many stored."""
    pairs = set(pairs)
    if not pairs:
        return 0
    chosen = [method(m) for m in methodologies] if methodologies else list(methods().values())
    inputs = score_inputs(pairs)
    kinds = dict(
        db.session.execute(
            select(Jurisdiction.id, Jurisdiction.kind).where(
                Jurisdiction.id.in_({jid for jid, _year in pairs})
            )
        ).all()
    )
    stored = 0
    for current in chosen:
        rows = [
            {
                "jurisdiction_id": jid,
                "fiscal_year": year,
                "methodology": current.id,
                **_result_values(current, inputs[(jid, year)]),
            }
            for jid, year in sorted(inputs)
            if kinds.get(jid) in current.scored_kinds
        ]
        _upsert(rows)
        stored += len(rows)
        gone = [
            pair
            for pair in pairs
            if pair not in inputs or kinds.get(pair[0]) not in current.scored_kinds
        ]
        for start in range(0, len(gone), STORE_CHUNK):
            db.session.execute(
                delete(ScoreResult).where(
                    ScoreResult.methodology == current.id,
                    tuple_(ScoreResult.jurisdiction_id, ScoreResult.fiscal_year).in_(
                        gone[start : start + STORE_CHUNK]
                    ),
                )
            )
    return stored


def _upsert(rows: list[dict]) -> None:
    """Store in one statement per chunk: concurrent refreshes of one score do not collide."""
    for start in range(0, len(rows), STORE_CHUNK):
        upsert(
            db.session,
            ScoreResult.__table__,
            rows[start : start + STORE_CHUNK],
            ["jurisdiction_id", "fiscal_year", "methodology"],
        )


def scorable(fiscal_year: int | None, methodology: str = DEFAULT_METHOD) -> list[YearKey]:
    """Every jurisdiction-year of a scored kind with budget documents."""
    chosen = method(methodology)
    query = (
        select(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year)
        .join(Jurisdiction)
        .where(Jurisdiction.kind.in_(chosen.scored_kinds))
        .distinct()
    )
    if fiscal_year is not None:
        query = query.where(BudgetDocument.fiscal_year == fiscal_year)
    return sorted(tuple(row) for row in db.session.execute(query))


def compute_all(fiscal_year: int | None = None, methodology: str = DEFAULT_METHOD) -> list[dict]:
    """Recompute and store every score (of one year, or all); the stored score objects."""
    pairs = scorable(fiscal_year, methodology)
    refresh(pairs, [methodology])
    db.session.flush()
    results = []
    for year in sorted({year for _jid, year in pairs}):
        results += ranking(year, methodology)
    return results


# --- reading -------------------------------------------------------------------------------------
def score_object(code: str, fiscal_year: int, result: dict, computed_at) -> dict:
    return {
        "jurisdiction": code,
        "fiscal_year": fiscal_year,
        **result,
        "index": None if result.get("index") is None else Decimal(result["index"]),
        "computed_at": as_utc(computed_at).isoformat(),
    }


def _fresh(stored: ScoreResult | None, chosen: Method) -> bool:
    return stored is not None and stored.method_fingerprint == chosen.fingerprint


def _computed(pairs: list[YearKey], chosen: Method, codes: dict[int, str]) -> dict[YearKey, dict]:
    """Score objects computed in memory, not stored: rows missing or of another method file."""
    now = utcnow()
    return {
        pair: score_object(codes[pair[0]], pair[1], _result_values(chosen, inputs)["result"], now)
        for pair, inputs in score_inputs(pairs).items()
    }


def score(
    jurisdiction: Jurisdiction, fiscal_year: int, methodology: str = DEFAULT_METHOD
) -> dict | None:
    """The stored score object; None without budget documents."""
    chosen = method(methodology)
    if jurisdiction.kind not in chosen.scored_kinds:
        raise NotScorable(f"{jurisdiction.kind} jurisdictions are not scored by {methodology}")
    stored = db.session.scalar(
        select(ScoreResult).where(
            ScoreResult.jurisdiction_id == jurisdiction.id,
            ScoreResult.fiscal_year == fiscal_year,
            ScoreResult.methodology == methodology,
        )
    )
    if _fresh(stored, chosen):
        return score_object(jurisdiction.code, fiscal_year, stored.result, stored.computed_at)
    pair = (jurisdiction.id, fiscal_year)
    return _computed([pair], chosen, {jurisdiction.id: jurisdiction.code}).get(pair)


def _order(result: dict) -> tuple:
    """Best index first (ties by code), then those with insufficient data, by code."""
    return result["index"] is None, -(result["index"] or 0), result["jurisdiction"]


def ranking(
    fiscal_year: int,
    methodology: str = DEFAULT_METHOD,
    country: str | None = None,
    kind: str | None = None,
    currency: str | None = None,
) -> list[dict]:
    """Every jurisdiction of a scored kind with budgets in the year (of one country or kind),
    in ranking order: one query over the stored results.

    Each object names the `currency` of its one amount (the tagged amount per Roma resident):
    the jurisdiction's own, or with `currency="EUR"` the euro at the year's rate (MissingRate
    when one is missing). Ratios and scores are the same in any currency.
    """
    chosen = method(methodology)
    with_budget = (
        select(BudgetDocument.jurisdiction_id)
        .where(BudgetDocument.fiscal_year == fiscal_year)
        .distinct()
        .subquery()
    )
    query = (
        select(Jurisdiction.id, Jurisdiction.code, Jurisdiction.currency, ScoreResult)
        .join(with_budget, with_budget.c.jurisdiction_id == Jurisdiction.id)
        .outerjoin(
            ScoreResult,
            and_(
                ScoreResult.jurisdiction_id == Jurisdiction.id,
                ScoreResult.fiscal_year == fiscal_year,
                ScoreResult.methodology == methodology,
            ),
        )
        .where(Jurisdiction.kind.in_(chosen.scored_kinds))
        .order_by(
            ScoreResult.index_tenths.is_(None), ScoreResult.index_tenths.desc(), Jurisdiction.code
        )
    )
    if country is not None:
        query = query.where(Jurisdiction.country == country)
    if kind is not None:
        query = query.where(Jurisdiction.kind == kind)
    results, missing, codes, currencies, inputs = [], [], {}, {}, {}
    for jid, code, local_currency, stored in db.session.execute(query):
        currencies[code] = local_currency
        if _fresh(stored, chosen):
            results.append(score_object(code, fiscal_year, stored.result, stored.computed_at))
            inputs[code] = (stored.inputs.get("T_R"), stored.inputs.get("roma_population"))
        else:
            missing.append((jid, fiscal_year))
            codes[jid] = code
    if missing:
        now = utcnow()
        for (jid, year), found in score_inputs(missing).items():
            result = _result_values(chosen, found)["result"]
            results.append(score_object(codes[jid], year, result, now))
            inputs[codes[jid]] = (found.T_R, found.roma_population)
        results.sort(key=_order)
    return _in_currency(results, fiscal_year, currencies, inputs, currency)


def _in_currency(results, fiscal_year, currencies, inputs, currency) -> list[dict]:
    """Name each object's currency; in euro, the amount per Roma resident from the exact
    tagged amount, divided by the year's rate and rounded only at the end."""
    if currency is None:
        return [{**r, "currency": currencies[r["jurisdiction"]]} for r in results]
    wanted = {(currencies[r["jurisdiction"]], fiscal_year) for r in results}
    found = rates(pair for pair in wanted if pair[0] != currency)
    for pair in sorted(wanted):
        if pair[0] != currency and pair not in found:
            raise MissingRate(*pair)
    converted = []
    for result in results:
        local_currency = currencies[result["jurisdiction"]]
        tagged, roma = inputs[result["jurisdiction"]]
        context = dict(result.get("context") or {})
        if tagged is not None and roma:
            amount = Decimal(tagged)
            if local_currency != currency:
                amount = found[(local_currency, fiscal_year)].to_eur(amount)
            context["tagged_per_roma_resident"] = _report(_div(amount, Decimal(roma)))
        converted.append({**result, "context": context, "currency": currency})
    return converted


def trend(jurisdiction: Jurisdiction, methodology: str = DEFAULT_METHOD) -> list[dict]:
    """The score of every year with budgets, oldest first: one query over the stored results."""
    chosen = method(methodology)
    years = (
        select(BudgetDocument.fiscal_year.label("fiscal_year"))
        .where(BudgetDocument.jurisdiction_id == jurisdiction.id)
        .distinct()
        .subquery()
    )
    rows = db.session.execute(
        select(years.c.fiscal_year, ScoreResult)
        .outerjoin(
            ScoreResult,
            and_(
                ScoreResult.jurisdiction_id == jurisdiction.id,
                ScoreResult.fiscal_year == years.c.fiscal_year,
                ScoreResult.methodology == methodology,
            ),
        )
        .order_by(years.c.fiscal_year)
    ).all()
    results, missing = {}, []
    for year, stored in rows:
        if _fresh(stored, chosen):
            results[year] = score_object(jurisdiction.code, year, stored.result, stored.computed_at)
        else:
            missing.append((jurisdiction.id, year))
    if missing and jurisdiction.kind in chosen.scored_kinds:
        computed = _computed(missing, chosen, {jurisdiction.id: jurisdiction.code})
        results.update({year: result for (_jid, year), result in computed.items()})
    return [results[year] for year in sorted(results)]
