"""Plan costs and questionnaire answers entered on the web; every change goes back to draft."""

from __future__ import annotations

from sqlalchemy import select

from budget.audit.services import diff, record
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure, national_of
from budget.money import InvalidAmount, from_minor, parse_amount, to_minor
from budget.plans.models import QUESTIONNAIRE_ITEMS, PlanCost, QuestionnaireAnswer
from budget.review.statuses import DRAFT


def measures_for(jurisdiction: Jurisdiction) -> list[Measure]:
    """Measures a jurisdiction may plan and tag against: national ones and its own LAP's."""
    return list(
        db.session.scalars(
            select(Measure)
            .where(national_of(jurisdiction.country) | (Measure.jurisdiction_id == jurisdiction.id))
            .order_by(Measure.level.desc(), Measure.code)
        )
    )


def year_plan(jurisdiction_id: int, fiscal_year: int) -> list[PlanCost]:
    return list(
        db.session.scalars(
            select(PlanCost)
            .where(PlanCost.jurisdiction_id == jurisdiction_id, PlanCost.fiscal_year == fiscal_year)
            .join(Measure)
            .order_by(Measure.code)
        )
    )


def save_plan_cost(
    jurisdiction: Jurisdiction, fiscal_year: int, measure_code: str, cost_text: str, actor
) -> dict[str, str]:
    errors = {}
    measure = db.session.scalar(select(Measure).where(Measure.code == measure_code))
    if measure is None or (measure.level == "local" and measure.jurisdiction_id != jurisdiction.id):
        errors["measure"] = (
            "Choose a measure of the strategy or of this jurisdiction's action plan."
        )
    try:
        cost = parse_amount(cost_text or "")
        if cost <= 0:
            errors["planned_cost"] = "The planned cost must be above 0."
    except InvalidAmount as error:
        errors["planned_cost"] = f"Not an amount: {error}."
    if errors:
        return errors
    plan = db.session.scalar(
        select(PlanCost).where(
            PlanCost.jurisdiction_id == jurisdiction.id,
            PlanCost.fiscal_year == fiscal_year,
            PlanCost.measure_id == measure.id,
        )
    )
    minor = to_minor(cost)
    if plan is None:
        plan = PlanCost(
            jurisdiction_id=jurisdiction.id,
            fiscal_year=fiscal_year,
            measure=measure,
            planned_cost_minor=minor,
            status=DRAFT,
        )
        db.session.add(plan)
        db.session.flush()
        record(
            "plan_cost.created",
            "plan_cost",
            plan.id,
            actor=actor,
            changes={"measure": [None, measure.code], "planned_cost": [None, str(cost)]},
            jurisdiction_id=jurisdiction.id,
            fiscal_year=fiscal_year,
        )
    else:
        old = plan.planned_cost_minor
        changes = diff(plan, {"planned_cost_minor": minor, "status": DRAFT})
        if changes:
            changes.pop("planned_cost_minor", None)
            if old != minor:
                changes["planned_cost"] = [str(from_minor(old)), str(cost)]
            record(
                "plan_cost.updated",
                "plan_cost",
                plan.id,
                actor=actor,
                changes=changes,
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
            )
    return {}


def delete_plan_cost(plan: PlanCost, actor) -> None:
    record(
        "plan_cost.deleted",
        "plan_cost",
        plan.id,
        actor=actor,
        changes={
            "measure": [plan.measure.code, None],
            "planned_cost": [str(from_minor(plan.planned_cost_minor)), None],
        },
        jurisdiction_id=plan.jurisdiction_id,
        fiscal_year=plan.fiscal_year,
    )
    db.session.delete(plan)


def year_answers(jurisdiction_id: int, fiscal_year: int) -> dict[str, QuestionnaireAnswer]:
    return {
        a.item: a
        for a in db.session.scalars(
            select(QuestionnaireAnswer).where(
                QuestionnaireAnswer.jurisdiction_id == jurisdiction_id,
                QuestionnaireAnswer.fiscal_year == fiscal_year,
            )
        )
    }


def save_answers(
    jurisdiction: Jurisdiction, fiscal_year: int, answers: dict[str, tuple[bool, str | None]], actor
) -> int:
    """Store the answers given; a changed answer goes back to draft. Returns how many changed."""
    stored = year_answers(jurisdiction.id, fiscal_year)
    changed = 0
    for item in QUESTIONNAIRE_ITEMS:
        if item not in answers:
            continue
        answer_value, evidence = answers[item]
        evidence = (evidence or "").strip()[:5000] or None
        answer = stored.get(item)
        if answer is None:
            answer = QuestionnaireAnswer(
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
                item=item,
                answer=answer_value,
                evidence=evidence,
                status=DRAFT,
            )
            db.session.add(answer)
            db.session.flush()
            changes = {"answer": [None, answer_value], "evidence": [None, evidence]}
            action = "answer.created"
        else:
            changes = diff(answer, {"answer": answer_value, "evidence": evidence})
            if changes:
                changes.update(diff(answer, {"status": DRAFT}))
            action = "answer.updated"
        if changes:
            record(
                action,
                "answer",
                answer.id,
                actor=actor,
                changes=changes,
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
                comment=item,
            )
            changed += 1
    return changed
