"""`import plans` and `import questionnaire`, all or nothing.

Imported by an administrator from official documents, these records are approved; plans and
answers entered on the web go through the review workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from budget.audit.services import diff, record
from budget.extensions import db
from budget.importing.checks import FrameChecks
from budget.importing.problems import Problems
from budget.importing.tables import ROW, Columns, read_whole
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import from_minor
from budget.plans.models import QUESTIONNAIRE_ITEMS, PlanCost, QuestionnaireAnswer
from budget.review.statuses import APPROVED

PLAN_COLUMNS = Columns(required=("jurisdiction", "fiscal_year", "measure", "planned_cost"))
QUESTIONNAIRE_COLUMNS = Columns(
    required=("jurisdiction", "fiscal_year", "item", "answer"), optional=("evidence",)
)
IMPORTED_STATUS = APPROVED


@dataclass
class ImportResult:
    file: str
    what: str
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.created + self.updated} {self.what} "
            f"({self.created} new, {self.updated} updated)"
        )


def _jurisdictions(frame, check: FrameChecks, problems: Problems) -> dict[str, Jurisdiction]:
    known = {j.code: j for j in db.session.scalars(select(Jurisdiction))}
    present = check.required("jurisdiction")
    unknown = present & ~frame["jurisdiction"].isin(known.keys())
    for row, code in zip(frame.loc[unknown, ROW], frame.loc[unknown, "jurisdiction"], strict=False):
        problems.add(int(row), "jurisdiction", f"unknown jurisdiction {code!r}")
    return known


def _duplicates(frame, columns, problems: Problems, column: str) -> None:
    repeated = frame.duplicated(subset=columns, keep="first")
    first = frame.groupby(columns, sort=False)[ROW].transform("min")
    for row, first_row in zip(frame.loc[repeated, ROW], first[repeated], strict=False):
        problems.add(
            int(row),
            column,
            f"appears again for the same jurisdiction and year (first on row {int(first_row)})",
        )


def import_plans(path, imported_by: str) -> ImportResult:
    name, frame, problems = read_whole(path, PLAN_COLUMNS)
    check = FrameChecks(frame, problems)
    jurisdictions = _jurisdictions(frame, check, problems)
    years = check.integer("fiscal_year", minimum=1900, maximum=2200)
    costs = check.amount_minor("planned_cost")
    zero = costs == 0
    problems.add_rows(frame.loc[zero, ROW], "planned_cost", "must be above 0")
    measures = {m.code: m for m in db.session.scalars(select(Measure))}
    for row, code, place in zip(frame[ROW], frame["measure"], frame["jurisdiction"], strict=False):
        measure = measures.get(code)
        if not code:
            problems.add(int(row), "measure", "a value is required")
        elif measure is None:
            problems.add(int(row), "measure", f"unknown measure {code!r}")
        elif (
            measure.level == "local"
            and place in jurisdictions
            and measure.jurisdiction_id != jurisdictions[place].id
        ):
            problems.add(
                int(row), "measure", f"{code!r} is a local measure of another jurisdiction"
            )
    _duplicates(frame, ["jurisdiction", "fiscal_year", "measure"], problems, "measure")
    problems.raise_if_any()

    result = ImportResult(name, "planned costs")
    for position, record_ in enumerate(frame.to_dict("records")):
        jurisdiction = jurisdictions[record_["jurisdiction"]]
        year, measure = int(years.iloc[position]), measures[record_["measure"]]
        plan = db.session.scalar(
            select(PlanCost).where(
                PlanCost.jurisdiction_id == jurisdiction.id,
                PlanCost.fiscal_year == year,
                PlanCost.measure_id == measure.id,
            )
        )
        values = {"planned_cost_minor": int(costs.iloc[position]), "status": IMPORTED_STATUS}
        if plan is None:
            plan = PlanCost(
                jurisdiction_id=jurisdiction.id, fiscal_year=year, measure=measure, **values
            )
            db.session.add(plan)
            db.session.flush()
            changes = {
                "measure": [None, measure.code],
                "planned_cost": [None, str(from_minor(values["planned_cost_minor"]))],
            }
            result.created += 1
        else:
            old = plan.planned_cost_minor
            changes = diff(plan, values)
            if "planned_cost_minor" in changes:
                changes["planned_cost"] = [
                    str(from_minor(old)),
                    str(from_minor(plan.planned_cost_minor)),
                ]
                del changes["planned_cost_minor"]
            result.updated += 1
        if changes:
            record(
                "plan_cost.imported",
                "plan_cost",
                plan.id,
                actor_label=imported_by,
                changes=changes,
                jurisdiction_id=jurisdiction.id,
                fiscal_year=year,
            )
    db.session.flush()
    return result


def import_questionnaire(path, imported_by: str) -> ImportResult:
    name, frame, problems = read_whole(path, QUESTIONNAIRE_COLUMNS)
    check = FrameChecks(frame, problems)
    jurisdictions = _jurisdictions(frame, check, problems)
    years = check.integer("fiscal_year", minimum=1900, maximum=2200)
    check.one_of("item", QUESTIONNAIRE_ITEMS)
    check.one_of("answer", ("yes", "no"))
    long = frame["evidence"].str.len() > 5000
    problems.add_rows(frame.loc[long, ROW], "evidence", "longer than 5000 characters")
    _duplicates(frame, ["jurisdiction", "fiscal_year", "item"], problems, "item")
    problems.raise_if_any()

    result = ImportResult(name, "answers")
    for position, record_ in enumerate(frame.to_dict("records")):
        jurisdiction = jurisdictions[record_["jurisdiction"]]
        year = int(years.iloc[position])
        answer = db.session.scalar(
            select(QuestionnaireAnswer).where(
                QuestionnaireAnswer.jurisdiction_id == jurisdiction.id,
                QuestionnaireAnswer.fiscal_year == year,
                QuestionnaireAnswer.item == record_["item"],
            )
        )
        values = {
            "answer": record_["answer"] == "yes",
            "evidence": record_["evidence"] or None,
            "status": IMPORTED_STATUS,
        }
        if answer is None:
            answer = QuestionnaireAnswer(
                jurisdiction_id=jurisdiction.id, fiscal_year=year, item=record_["item"], **values
            )
            db.session.add(answer)
            db.session.flush()
            changes = {"item": [None, answer.item], **{k: [None, v] for k, v in values.items()}}
            result.created += 1
        else:
            changes = diff(answer, values)
            result.updated += 1
        if changes:
            record(
                "answer.imported",
                "answer",
                answer.id,
                actor_label=imported_by,
                changes=changes,
                jurisdiction_id=jurisdiction.id,
                fiscal_year=year,
            )
    db.session.flush()
    return result
