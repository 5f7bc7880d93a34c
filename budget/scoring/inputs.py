"""Everything a score depends on, exact (never rounded), for many jurisdiction-years at once.

T values are share x amount summed in millionths and kept as exact Decimals; the method rounds
only what it reports.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, tuple_

from budget.analysis.aggregate import Amounts, sums
from budget.analysis.summary import documents_by_year
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import MINOR_PER_UNIT
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag

ZERO_TAGGED = Amounts(None, Decimal(0))


@dataclass
class ScoreInputs:
    has_adopted: bool
    has_revision: bool
    has_executed: bool
    B_A: Decimal | None
    B_R: Decimal | None
    B_E: Decimal | None
    T_A: Decimal | None
    T_R: Decimal | None
    T_E: Decimal | None
    T_R_linked: Decimal
    T_R_by_measure: dict[str, Decimal] = field(default_factory=dict)
    T_R_by_area: dict[str, Decimal] = field(default_factory=dict)
    T_R_with_beneficiaries: Decimal = Decimal(0)
    T_R_with_women: Decimal = Decimal(0)
    planned_costs: dict[str, Decimal] = field(default_factory=dict)
    answers: dict[str, bool] = field(default_factory=dict)
    population: int | None = None
    roma_population: int | None = None

    def fingerprint(self) -> str:
        """A hash of the data a score was computed from: it changes when any of them does."""
        return hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()

    def as_json(self) -> dict:
        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return {k: plain(v) for k, v in asdict(self).items()}


YearKey = tuple[int, int]  # (jurisdiction id, fiscal year)
CHUNK = 300  # jurisdiction-years per round of queries: keeps IN lists of a reasonable size


def score_inputs(pairs: Iterable[YearKey]) -> dict[YearKey, ScoreInputs]:
    """The inputs of every jurisdiction-year in `pairs` that has budget documents.

    A fixed number of grouped queries per chunk of jurisdiction-years, whatever their number:
    the sums come from the aggregation layer, unrounded.
    """
    pairs = sorted(set(pairs))
    result: dict[YearKey, ScoreInputs] = {}
    for start in range(0, len(pairs), CHUNK):
        result.update(_chunk_inputs(pairs[start : start + CHUNK]))
    return result


def _chunk_inputs(pairs: list[YearKey]) -> dict[YearKey, ScoreInputs]:
    chosen = documents_by_year(set(pairs))
    if not chosen:
        return {}
    places = {
        j.id: j
        for j in db.session.scalars(
            select(Jurisdiction).where(Jurisdiction.id.in_({jid for jid, _year in chosen}))
        )
    }

    counted = {
        d.id for docs in chosen.values() for d in (docs.adopted, docs.in_force, docs.executed) if d
    }
    in_force = {docs.in_force.id for docs in chosen.values() if docs.in_force}
    totals = {
        key[0]: amounts
        for key, amounts in sums(counted, "all", per_document=True, exact=True).items()
    }
    by_measure = sums(in_force, "measure", per_document=True, exact=True)
    by_area = sums(in_force, "area", per_document=True, exact=True)
    with_beneficiaries = sums(
        in_force,
        "all",
        per_document=True,
        exact=True,
        with_totals=False,
        tag_conditions=(Tag.beneficiaries_total.is_not(None), Tag.beneficiaries_roma.is_not(None)),
    )
    with_women = sums(
        in_force,
        "all",
        per_document=True,
        exact=True,
        with_totals=False,
        tag_conditions=(Tag.beneficiaries_roma_women.is_not(None),),
    )

    planned: dict[YearKey, dict[str, Decimal]] = defaultdict(dict)
    for jid, year, code, minor in db.session.execute(
        select(
            PlanCost.jurisdiction_id,
            PlanCost.fiscal_year,
            Measure.code,
            func.sum(PlanCost.planned_cost_minor),
        )
        .join(Measure)
        .where(
            tuple_(PlanCost.jurisdiction_id, PlanCost.fiscal_year).in_(pairs),
            PlanCost.status == APPROVED,
        )
        .group_by(PlanCost.jurisdiction_id, PlanCost.fiscal_year, Measure.code)
    ):
        planned[(jid, year)][code] = Decimal(int(minor)) / MINOR_PER_UNIT
    answers: dict[YearKey, dict[str, bool]] = defaultdict(dict)
    for jid, year, item, answer in db.session.execute(
        select(
            QuestionnaireAnswer.jurisdiction_id,
            QuestionnaireAnswer.fiscal_year,
            QuestionnaireAnswer.item,
            QuestionnaireAnswer.answer,
        ).where(
            tuple_(QuestionnaireAnswer.jurisdiction_id, QuestionnaireAnswer.fiscal_year).in_(pairs),
            QuestionnaireAnswer.status == APPROVED,
        )
    ):
        answers[(jid, year)][item] = answer

    zero = Decimal(0)

    def total(document):
        return (
            totals[document.id].total
            if document and document.id in totals
            else (zero if document else None)
        )

    def tagged(document):
        return (
            totals[document.id].tagged
            if document and document.id in totals
            else (zero if document else None)
        )

    def per_key(result: dict, document_id: int) -> dict[str, Decimal]:
        return {
            key: amounts.tagged
            for (doc, key), amounts in result.items()
            if doc == document_id and key
        }

    inputs = {}
    for key, docs in chosen.items():
        place = places[key[0]]
        adopted, current, executed = docs.adopted, docs.in_force, docs.executed
        item = ScoreInputs(
            has_adopted=adopted is not None,
            has_revision=any(d.stage == "revised" for d in docs.all),
            has_executed=executed is not None,
            B_A=total(adopted),
            B_R=total(current),
            B_E=total(executed),
            T_A=tagged(adopted),
            T_R=tagged(current),
            T_E=tagged(executed),
            T_R_linked=zero,
            population=place.population,
            roma_population=place.roma_population,
            planned_costs=planned.get(key, {}),
            answers=answers.get(key, {}),
        )
        if current is not None:
            item.T_R_by_measure = per_key(by_measure, current.id)
            item.T_R_linked = sum(item.T_R_by_measure.values(), zero)
            item.T_R_by_area = per_key(by_area, current.id)
            item.T_R_with_beneficiaries = with_beneficiaries.get((current.id,), ZERO_TAGGED).tagged
            item.T_R_with_women = with_women.get((current.id,), ZERO_TAGGED).tagged
        inputs[key] = item
    return inputs
