"""Everything a score depends on, computed exactly (never rounded) in a few grouped SQL queries.

T values are share x amount summed in millionths and kept as exact Decimals; the method rounds
only what it reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from sqlalchemy import func, literal, select

from budget.analysis.documents import YearDocuments
from budget.analysis.totals import tag_join_condition
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import MINOR_PER_UNIT, TAGGED_SCALE, combine, exact_sum
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.tagging.models import Tag


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


def _total(document_id: int) -> Decimal:
    row = db.session.execute(select(*exact_sum(BudgetLine.amount_minor, "total"))
                             .where(BudgetLine.document_id == document_id)).one()
    return Decimal(combine(row, "total")) / MINOR_PER_UNIT


def _tagged(document_id: int, group=None, *conditions) -> dict:
    """{group value: exact tagged amount} (or {None: amount}) of one document, approved tags."""
    group_column = group if group is not None else literal(None)
    query = (select(group_column.label("g"), *exact_sum(BudgetLine.amount_minor, "tagged", weight=Tag.share_units))
             .select_from(BudgetLine)
             .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
             .join(Tag, tag_join_condition())
             .outerjoin(Measure, Measure.id == Tag.measure_id)
             .where(BudgetLine.document_id == document_id, Tag.status == "approved", *conditions)
             .group_by(group_column))
    return {row.g: Decimal(combine(row, "tagged")) / TAGGED_SCALE for row in db.session.execute(query)}


def score_inputs(jurisdiction: Jurisdiction, fiscal_year: int, documents: YearDocuments) -> ScoreInputs:
    adopted, in_force, executed = documents.adopted, documents.in_force, documents.executed
    zero = Decimal(0)

    def tagged_total(document):
        return _tagged(document.id).get(None, zero) if document else None

    inputs = ScoreInputs(
        has_adopted=adopted is not None,
        has_revision=any(d.stage == "revised" for d in documents.all),
        has_executed=executed is not None,
        B_A=_total(adopted.id) if adopted else None,
        B_R=_total(in_force.id) if in_force else None,
        B_E=_total(executed.id) if executed else None,
        T_A=tagged_total(adopted), T_R=tagged_total(in_force), T_E=tagged_total(executed),
        T_R_linked=zero,
        population=jurisdiction.population, roma_population=jurisdiction.roma_population,
    )
    if in_force is not None:
        by_measure = _tagged(in_force.id, Measure.code)
        inputs.T_R_by_measure = {code: value for code, value in by_measure.items() if code}
        inputs.T_R_linked = sum(inputs.T_R_by_measure.values(), zero)
        inputs.T_R_by_area = {area: value for area, value in _tagged(in_force.id, Measure.area).items() if area}
        inputs.T_R_with_beneficiaries = _tagged(
            in_force.id, None, Tag.beneficiaries_total.is_not(None), Tag.beneficiaries_roma.is_not(None)
        ).get(None, zero)
        inputs.T_R_with_women = _tagged(
            in_force.id, None, Tag.beneficiaries_roma_women.is_not(None)).get(None, zero)
    plans = db.session.execute(
        select(Measure.code, func.sum(PlanCost.planned_cost_minor)).join(Measure)
        .where(PlanCost.jurisdiction_id == jurisdiction.id, PlanCost.fiscal_year == fiscal_year,
               PlanCost.status == "approved").group_by(Measure.code))
    inputs.planned_costs = {code: Decimal(int(minor)) / MINOR_PER_UNIT for code, minor in plans}
    answers = db.session.execute(
        select(QuestionnaireAnswer.item, QuestionnaireAnswer.answer)
        .where(QuestionnaireAnswer.jurisdiction_id == jurisdiction.id,
               QuestionnaireAnswer.fiscal_year == fiscal_year, QuestionnaireAnswer.status == "approved"))
    inputs.answers = dict(answers.all())
    return inputs
