"""The review workflow shared by tags, plan costs, questionnaire answers and indicators.

draft or returned --submit (editor)--> submitted
submitted --approve / return (reviewer)--> approved / returned
Any edit puts an item back to draft. Only approved items count in published figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from budget.audit.services import record
from budget.extensions import db
from budget.line_keys import LineKey
from budget.review.statuses import APPROVED, RETURNED, SUBMITTABLE, SUBMITTED
from budget.time import utcnow

DECISIONS = {"approve": APPROVED, "return": RETURNED}


class WorkflowError(ValueError):
    pass


@dataclass
class ReviewResult:
    changed: int = 0
    skipped: list[str] = field(default_factory=list)
    items: list = field(default_factory=list)  # the items decided


def _describe(item) -> dict:
    """The line key of a tag, for the audit log (plans and answers have none)."""
    return {"line_key": LineKey.of(item) if hasattr(item, "economic") else None}


def object_type(item) -> str:
    return {
        "Tag": "tag",
        "PlanCost": "plan_cost",
        "QuestionnaireAnswer": "answer",
        "Indicator": "indicator",
        "IndicatorValue": "indicator_value",
    }[type(item).__name__]


def change_status(item, new_status: str, actor, comment: str | None = None) -> None:
    old = item.status
    item.status = new_status
    changes = {"status": [old, new_status]}
    if new_status in (APPROVED, RETURNED):
        item.review_comment = comment or None
        item.reviewed_at = utcnow()
        if hasattr(item, "reviewed_by_id"):
            item.reviewed_by_id = actor.id
        if comment:
            changes["review_comment"] = [None, comment]
    action = new_status if new_status in (SUBMITTED, APPROVED, RETURNED) else "status_changed"
    record(
        f"{object_type(item)}.{action}",
        object_type(item),
        item.id,
        actor=actor,
        changes=changes,
        jurisdiction_id=item.jurisdiction_id,
        fiscal_year=item.fiscal_year,
        comment=comment,
        **_describe(item),
    )


def submit(items, actor) -> int:
    count = 0
    for item in items:
        if item.status in SUBMITTABLE:
            change_status(item, SUBMITTED, actor)
            count += 1
    return count


def review(items, decision: str, actor, comment: str | None) -> ReviewResult:
    if decision not in DECISIONS:
        raise WorkflowError(_("The decision is approve or return."))
    comment = (comment or "").strip()
    if decision == "return" and not comment:
        raise WorkflowError(_("Say why when returning: the author sees the comment."))
    result = ReviewResult()
    for item in items:
        # Read the item again under a row lock: of two reviewers deciding at once, the second
        # sees the first one's decision and skips the item.
        db.session.refresh(item, with_for_update=True)
        if item.status != SUBMITTED:
            result.skipped.append(f"{object_type(item)} {item.id} is {item.status}")
            continue
        change_status(item, DECISIONS[decision], actor, comment)
        result.changed += 1
        result.items.append(item)
    from budget.notices.services import notify_review

    notify_review(result.items, DECISIONS[decision], actor, comment)
    return result
