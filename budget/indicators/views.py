"""Entering indicators and their values on the web: a jurisdiction's finance officers for its
action plan (`/work/{code}/indicators`), admins for the national strategy
(`/work/national/indicators`); reviewers see both and decide in the review queue."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from budget.auth.permissions import (
    NATIONAL,
    can_edit_indicators,
    can_view_indicators,
    indicator_scope,
)
from budget.extensions import db
from budget.i18n import measure_title
from budget.indicators import entry
from budget.indicators.forms import IndicatorForm, ValueForm
from budget.indicators.models import Indicator, IndicatorValue
from budget.web.forms import ActionForm, csrf_failed

indicators = Blueprint("indicators", __name__, url_prefix="/work/<scope>/indicators")


def _scope_code(jurisdiction) -> str:
    return jurisdiction.code if jurisdiction else NATIONAL


def _may_edit(jurisdiction) -> bool:
    return can_edit_indicators(current_user, jurisdiction.id if jurisdiction else None)


def _indicator_or_404(jurisdiction, indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.jurisdiction_id != (
        jurisdiction.id if jurisdiction else None
    ):
        abort(404)
    if indicator.measure.level != ("national" if jurisdiction is None else "local"):
        abort(404)
    return indicator


def _measure_choices(jurisdiction) -> list[tuple[str, str]]:
    return [("", _("— choose a measure —"))] + [
        (m.code, f"{m.code} · {measure_title(m.title, m.title_en)}")
        for m in entry.scope_measures(jurisdiction)
    ]


def _form_data(form) -> dict:
    return {name: getattr(form, name).data for name in entry.INDICATOR_FIELDS}


@indicators.get("")
@indicator_scope(can_view_indicators)
def index(jurisdiction):
    rows = entry.scope_indicators(jurisdiction)
    return render_template(
        "indicators/index.html",
        jurisdiction=jurisdiction,
        scope=_scope_code(jurisdiction),
        rows=rows,
        measures=entry.scope_measures(jurisdiction),
        drafts=sum(row.drafts for row in rows),
        can_edit=_may_edit(jurisdiction),
        action_form=ActionForm(),
    )


@indicators.route("/new", methods=["GET", "POST"])
@indicator_scope(can_edit_indicators)
def new(jurisdiction):
    form = IndicatorForm()
    form.measure.choices = _measure_choices(jurisdiction)
    if request.method == "GET" and request.args.get("measure"):
        form.measure.data = request.args["measure"][:60]
    status = 200
    if request.method == "POST":
        if csrf_failed(form):
            abort(400)
        if not form.validate_on_submit():
            status = 422
        else:
            indicator, errors = entry.save_indicator(
                None, _form_data(form), jurisdiction, current_user
            )
            if not errors:
                flash(
                    _(
                        "Indicator %(code)s saved as a draft: add its measured values, then "
                        "submit it for review.",
                        code=indicator.code,
                    )
                )
                return redirect(
                    url_for(
                        "indicators.edit",
                        scope=_scope_code(jurisdiction),
                        indicator_id=indicator.id,
                    )
                )
            db.session.rollback()
            form.add_errors(errors)
            status = 422
    return render_template(
        "indicators/edit.html",
        jurisdiction=jurisdiction,
        scope=_scope_code(jurisdiction),
        form=form,
        indicator=None,
        can_edit=True,
        no_measures=len(form.measure.choices) == 1,
    ), status


@indicators.route("/<int:indicator_id>", methods=["GET", "POST"])
@indicator_scope(can_view_indicators)
def edit(jurisdiction, indicator_id: int):
    indicator = _indicator_or_404(jurisdiction, indicator_id)
    can_edit = _may_edit(jurisdiction)
    form = IndicatorForm()
    form.measure.choices = _measure_choices(jurisdiction)
    status = 200
    if request.method == "GET":
        form.fill(indicator)
    else:
        if not can_edit:
            abort(403)
        if csrf_failed(form):
            abort(400)
        if form.validate_on_submit():
            _saved, errors = entry.save_indicator(
                indicator, _form_data(form), jurisdiction, current_user
            )
            if not errors:
                flash(_("Indicator %(code)s saved as a draft.", code=indicator.code))
                return redirect(request.path)
            db.session.rollback()
            form.add_errors(errors)
        status = 422
    return _edit_page(jurisdiction, indicator, form, ValueForm(prefix="v"), can_edit), status


def _edit_page(jurisdiction, indicator, form, value_form, can_edit):
    values = db.session.scalars(
        db.select(IndicatorValue)
        .where(IndicatorValue.indicator_id == indicator.id)
        .order_by(IndicatorValue.year.desc(), IndicatorValue.sex)
    ).all()
    return render_template(
        "indicators/edit.html",
        jurisdiction=jurisdiction,
        scope=_scope_code(jurisdiction),
        form=form,
        value_form=value_form,
        indicator=indicator,
        values=values,
        can_edit=can_edit,
        action_form=ActionForm(),
    )


@indicators.post("/<int:indicator_id>/values")
@indicator_scope(can_edit_indicators)
def save_value(jurisdiction, indicator_id: int):
    indicator = _indicator_or_404(jurisdiction, indicator_id)
    value_form = ValueForm(prefix="v")
    if csrf_failed(value_form):
        abort(400)
    if value_form.validate_on_submit():
        value, errors = entry.save_value(
            indicator,
            {name: getattr(value_form, name).data for name in ("year", "sex", "value", "source")},
            current_user,
        )
        if not errors:
            flash(
                _(
                    "The value %(value)s of %(year)s was saved as a draft.",
                    value=value.value,
                    year=value.year,
                )
            )
            return redirect(
                url_for(
                    "indicators.edit", scope=_scope_code(jurisdiction), indicator_id=indicator.id
                )
                + "#values"
            )
        db.session.rollback()
        value_form.add_errors(errors)
    form = IndicatorForm()
    form.measure.choices = _measure_choices(jurisdiction)
    form.fill(indicator)
    return _edit_page(jurisdiction, indicator, form, value_form, True), 422


@indicators.post("/<int:indicator_id>/values/<int:value_id>/delete")
@indicator_scope(can_edit_indicators)
def remove_value(jurisdiction, indicator_id: int, value_id: int):
    indicator = _indicator_or_404(jurisdiction, indicator_id)
    value = db.session.get(IndicatorValue, value_id)
    if value is None or value.indicator_id != indicator.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    entry.delete_value(value, current_user)
    flash(_("The value of %(year)s was removed.", year=value.year))
    return redirect(
        url_for("indicators.edit", scope=_scope_code(jurisdiction), indicator_id=indicator.id)
        + "#values"
    )


@indicators.post("/submit")
@indicator_scope(can_edit_indicators)
def submit(jurisdiction):
    if not ActionForm().validate_on_submit():
        abort(400)
    count = entry.submit_scope(jurisdiction, current_user)
    if count:
        flash(_("%(count)s items submitted for review.", count=count))
    else:
        flash(_("Nothing to submit: every indicator and value is submitted or approved."))
    return redirect(url_for("indicators.index", scope=_scope_code(jurisdiction)))
