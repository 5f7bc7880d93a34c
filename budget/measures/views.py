"""Admin pages for the strategy's and the local action plans' measures."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from budget.auth.permissions import ADMIN, roles_required
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.labels import AREA
from budget.measures.models import Measure
from budget.measures.services import measures_page, save_measure
from budget.web.converters import page_number
from budget.web.forms import Form

measures = Blueprint("measures", __name__, url_prefix="/admin/measures")


class MeasureForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=60)])
    title = TextAreaField(
        _l("Title (Serbian, Latin script)"), validators=[DataRequired(), Length(max=500)]
    )
    title_en = TextAreaField(_l("Title in English"), validators=[Length(max=500)])
    area = SelectField(_l("Area"), choices=[(k, v) for k, v in AREA.items()])
    level = SelectField(
        _l("Level"),
        choices=[("national", _l("National strategy")), ("local", _l("Local action plan"))],
    )
    jurisdiction = SelectField(_l("Jurisdiction (local measures)"), choices=[])
    parent = SelectField(_l("Implements the national measure (local measures)"), choices=[])


def _choices(form: MeasureForm) -> MeasureForm:
    form.jurisdiction.choices = [("", "—")] + [
        (code, f"{code} · {name}")
        for code, name in db.session.execute(
            select(Jurisdiction.code, Jurisdiction.name).order_by(Jurisdiction.code)
        )
    ]
    form.parent.choices = [("", "—")] + [
        (code, f"{code} · {title[:80]}")
        for code, title in db.session.execute(
            select(Measure.code, Measure.title)
            .where(Measure.level == "national")
            .order_by(Measure.code)
        )
    ]
    return form


@measures.get("")
@roles_required(ADMIN)
def index():
    level = request.args.get("level", "")
    place = request.args.get("jurisdiction", "")[:40]
    rows, total, page, pages = measures_page(level, place, page_number())
    return render_template(
        "admin/measures.html",
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        level=level,
        place=place,
    )


@measures.route("/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def new():
    return _edit(None)


@measures.route("/<int:measure_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit(measure_id: int):
    measure = db.session.get(Measure, measure_id) or abort(404)
    return _edit(measure)


def _edit(measure: Measure | None):
    form = _choices(MeasureForm())
    status = 200
    if request.method == "GET" and measure is not None:
        form.code.data, form.title.data = measure.code, measure.title
        form.title_en.data = measure.title_en or ""
        form.area.data, form.level.data = measure.area, measure.level
        form.jurisdiction.data = measure.jurisdiction.code if measure.jurisdiction else ""
        form.parent.data = measure.parent.code if measure.parent else ""
    elif request.method == "POST":
        if form.validate_on_submit():
            saved, errors = save_measure(
                measure,
                {
                    name: getattr(form, name).data
                    for name in (
                        "code",
                        "title",
                        "title_en",
                        "area",
                        "level",
                        "jurisdiction",
                        "parent",
                    )
                },
                current_user,
            )
            if not errors:
                flash(_("Measure %(code)s saved.", code=saved.code))
                return redirect(url_for("measures.index"))
            db.session.rollback()
            for field, message in errors.items():
                getattr(form, field).errors.append(message)
        status = 400
    return render_template("admin/measure_form.html", form=form, measure=measure), status
