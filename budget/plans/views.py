"""The costed plan and the questionnaire of a jurisdiction's year: entered by its finance
officers as drafts, reviewed like tags."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from budget.auth.permissions import can_edit_jurisdiction, can_view_work, jurisdiction_access
from budget.extensions import db
from budget.plans import services as plans
from budget.plans.forms import PlanForm, measure_choices
from budget.plans.models import QUESTIONNAIRE_ITEMS, PlanCost
from budget.web.forms import ActionForm
from budget.web.lookups import year_or_404

plans_views = Blueprint("plans", __name__)


@plans_views.route("/work/<code>/<int:year>/plan", methods=["GET", "POST"])
@jurisdiction_access(can_view_work)
def plan(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    form = PlanForm()
    form.measure.choices = measure_choices(jurisdiction)[1:]
    status = 200
    if request.method == "POST":
        if not can_edit_jurisdiction(current_user, jurisdiction.id):
            abort(403)
        if form.validate_on_submit():
            errors = plans.save_plan_cost(
                jurisdiction, year, form.measure.data, form.planned_cost.data, current_user
            )
            if not errors:
                flash(_("The planned cost was saved as a draft."))
                return redirect(url_for("plans.plan", code=jurisdiction.code, year=year))
            db.session.rollback()
            for field, message in errors.items():
                getattr(form, field).errors.append(message)
        status = 400
    return render_template(
        "plans/plan.html",
        jurisdiction=jurisdiction,
        year=year,
        form=form,
        rows=plans.year_plan(jurisdiction.id, year),
        action_form=ActionForm(),
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    ), status


@plans_views.post("/work/<code>/<int:year>/plan/<int:plan_id>/delete")
@jurisdiction_access(can_edit_jurisdiction)
def remove_plan_cost(jurisdiction, year: int, plan_id: int):
    plan_cost = db.session.get(PlanCost, plan_id)
    if (
        plan_cost is None
        or plan_cost.jurisdiction_id != jurisdiction.id
        or plan_cost.fiscal_year != year
    ):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    plans.delete_plan_cost(plan_cost, current_user)
    flash(_("The planned cost was removed."))
    return redirect(url_for("plans.plan", code=jurisdiction.code, year=year))


@plans_views.route("/work/<code>/<int:year>/questionnaire", methods=["GET", "POST"])
@jurisdiction_access(can_view_work)
def questionnaire(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    form = ActionForm()
    errors = {}
    if request.method == "POST":
        if not can_edit_jurisdiction(current_user, jurisdiction.id):
            abort(403)
        if not form.validate_on_submit():
            abort(400)
        answers = {}
        for item in QUESTIONNAIRE_ITEMS:
            value = request.form.get(f"answer-{item}", "")
            if value in ("yes", "no"):
                answers[item] = (value == "yes", request.form.get(f"evidence-{item}", ""))
            elif value:
                errors[item] = _("Answer yes or no.")
        if not errors:
            changed = plans.save_answers(jurisdiction, year, answers, current_user)
            flash(_("%(count)s answers saved as drafts.", count=changed))
            return redirect(url_for("plans.questionnaire", code=jurisdiction.code, year=year))
    return render_template(
        "plans/questionnaire.html",
        jurisdiction=jurisdiction,
        year=year,
        items=QUESTIONNAIRE_ITEMS,
        answers=plans.year_answers(jurisdiction.id, year),
        form=form,
        errors=errors,
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    ), 400 if errors else 200
