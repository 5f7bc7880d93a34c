"""The reviewers' queue: submitted work of every jurisdiction, approved or returned."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from budget.auth.permissions import ADMIN, REVIEWER, roles_required
from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.review import workflow
from budget.review.forms import ReviewForm
from budget.review.queue import indicator_queue, review_queue
from budget.tagging.models import Tag
from budget.web.tables import page_query

review = Blueprint("review", __name__)

REVIEWED = {
    "tag": Tag,
    "plan": PlanCost,
    "answer": QuestionnaireAnswer,
    "indicator": Indicator,
    "value": IndicatorValue,
}


@review.route("/review", methods=["GET", "POST"])
@roles_required(REVIEWER, ADMIN)
def queue():
    """Submitted work of every jurisdiction; approve or return the selected items."""
    form = ReviewForm()
    status = 200
    if request.method == "POST":
        chosen = _chosen_items(request.form.getlist("item"))
        if not form.validate_on_submit():
            form.form_errors.append(_("Choose approve or return."))
        elif not chosen:
            form.form_errors.append(_("Select at least one item."))
        else:
            try:
                result = workflow.review(
                    chosen, form.decision.data, current_user, form.comment.data
                )
            except workflow.WorkflowError as error:
                db.session.rollback()
                form.form_errors.append(str(error))
            else:
                flash(
                    _("%(count)s items approved.", count=result.changed)
                    if form.decision.data == "approve"
                    else _("%(count)s items returned.", count=result.changed)
                )
                return redirect(url_for("review.queue", **page_query("jurisdiction")))
        status = 400
    place = request.args.get("jurisdiction", "")[:40]
    return render_template(
        "review/queue.html",
        groups=review_queue(place),
        indicator_groups=indicator_queue(place),
        form=form,
    ), status


def _chosen_items(values: list[str]) -> list:
    chosen = []
    for value in values:
        kind, _sep, ident = value.partition(":")
        if kind in REVIEWED and ident.isascii() and ident.isdigit() and len(ident) < 12:
            item = db.session.get(REVIEWED[kind], int(ident))
            if item is not None:
                chosen.append(item)
    return chosen
