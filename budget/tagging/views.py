"""The work area: a jurisdiction's budget lines and tags for its finance officers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from budget.analysis.lines import LineFilter, year_lines
from budget.analysis.totals import document_totals
from budget.audit.history import history_table
from budget.auth.permissions import (
    ADMIN,
    FINANCE,
    REVIEWER,
    can_edit_jurisdiction,
    can_view_work,
    jurisdiction_access,
    signed_in,
)
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.line_keys import LineKey
from budget.money import from_minor
from budget.plans import services as plans
from budget.plans.forms import measure_choices
from budget.review import workflow
from budget.review.statuses import RETURNED, STATUSES
from budget.tagging import suggestions as suggest
from budget.tagging.forms import SuggestionForm, TagForm
from budget.tagging.models import Suggestion, Tag
from budget.tagging.services import bulk_tag, delete_tag, year_tags
from budget.web.converters import page_number
from budget.web.forms import ActionForm
from budget.web.lookups import year_or_404
from budget.web.tables import page_query

work = Blueprint("work", __name__)


def _back(default: str) -> str:
    target = request.form.get("back", "")
    return target if target.startswith("/work/") and not target.startswith("//") else default


@work.get("/work")
@signed_in
def start():
    """Where a signed-in user's work is: their budget, or the review queue."""
    if current_user.role == FINANCE and current_user.jurisdiction_id:
        year = db.session.scalar(
            select(func.max(BudgetDocument.fiscal_year)).where(
                BudgetDocument.jurisdiction_id == current_user.jurisdiction_id
            )
        )
        if year is None:
            flash(_("No budget of your jurisdiction has been imported yet."))
            return redirect(url_for("portal.jurisdiction", code=current_user.jurisdiction.code))
        return redirect(url_for("work.workspace", code=current_user.jurisdiction.code, year=year))
    if current_user.role in (REVIEWER, ADMIN):
        return redirect(url_for("review.queue"))
    return redirect(url_for("portal.index"))


@work.get("/work/<code>/<int:year>")
@jurisdiction_access(can_view_work)
def workspace(jurisdiction, year: int):
    overview = year_or_404(jurisdiction, year)
    line_filter = LineFilter.from_args(request.args)
    page = year_lines(
        jurisdiction.id,
        year,
        overview.documents,
        line_filter,
        page=page_number(),
    )
    chosen = overview.documents
    counted = [d.id for d in (chosen.adopted, chosen.in_force, chosen.executed) if d]
    with_drafts = document_totals(counted, statuses=STATUSES)
    status_counts = dict(
        db.session.execute(
            select(Tag.status, func.count())
            .where(Tag.jurisdiction_id == jurisdiction.id, Tag.fiscal_year == year)
            .group_by(Tag.status)
        ).all()
    )
    returned = [t for t in year_tags(jurisdiction.id, year) if t.status == RETURNED]
    form = TagForm(back=request.full_path)
    form.measure.choices = measure_choices(jurisdiction)
    return render_template(
        "work/workspace.html",
        jurisdiction=jurisdiction,
        year=year,
        overview=overview,
        with_drafts=with_drafts,
        page=page,
        line_filter=line_filter,
        form=form,
        status_counts=status_counts,
        returned=returned,
        suggestions=suggest.open_suggestions(jurisdiction.id, year),
        suggestion_reason=suggest.reason_text,
        suggestion_form=SuggestionForm(),
        action_form=ActionForm(),
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
        query=page_query("program", "economic", "q", "tagged"),
    )


@work.post("/work/<code>/<int:year>/tags")
@jurisdiction_access(can_edit_jurisdiction)
def save_tags(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    form = TagForm()
    form.measure.choices = measure_choices(jurisdiction)
    back = _back(url_for("work.workspace", code=jurisdiction.code, year=year))
    if not form.validate_on_submit():
        flash(
            _(
                "The tag form has errors: %(errors)s",
                errors="; ".join(
                    f"{getattr(form, name).label.text}: {', '.join(errs)}"
                    for name, errs in form.errors.items()
                ),
            ),
            "error",
        )
        return redirect(back)
    keys = [key.as_dict() for key in map(LineKey.parse, request.form.getlist("line")) if key]
    if not keys:
        flash(_("Select at least one budget line to tag."), "error")
        return redirect(back)
    result = bulk_tag(jurisdiction, year, keys, form.tag_fields(), current_user)
    if result.saved:
        flash(_("%(count)s lines tagged (as drafts).", count=result.saved))
    for key, errors in result.errors.items():
        flash(
            _(
                "Line %(key)s not tagged: %(errors)s",
                key=key,
                errors="; ".join(
                    f"{_field_label(form, field)}: {message}" for field, message in errors.items()
                ),
            ),
            "error",
        )
    return redirect(back)


def _field_label(form, name: str) -> str:
    """A tag field's label as the form shows it (the field's key for the line key's codes)."""
    field = getattr(form, name, None)
    return str(field.label.text) if field is not None and hasattr(field, "label") else name


def _own_tag(jurisdiction, year: int, tag_id: int) -> Tag:
    tag = db.session.get(Tag, tag_id)
    if tag is None or tag.jurisdiction_id != jurisdiction.id or tag.fiscal_year != year:
        abort(404)
    return tag


@work.post("/work/<code>/<int:year>/tags/<int:tag_id>/delete")
@jurisdiction_access(can_edit_jurisdiction)
def remove_tag(jurisdiction, year: int, tag_id: int):
    tag = _own_tag(jurisdiction, year, tag_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    delete_tag(tag, current_user)
    flash(_("The tag was removed."))
    return redirect(_back(url_for("work.workspace", code=jurisdiction.code, year=year)))


@work.post("/work/<code>/<int:year>/submit")
@jurisdiction_access(can_edit_jurisdiction)
def submit_year(jurisdiction, year: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    items = [
        *year_tags(jurisdiction.id, year),
        *plans.year_plan(jurisdiction.id, year),
        *plans.year_answers(jurisdiction.id, year).values(),
    ]
    count = workflow.submit(items, current_user)
    flash(
        _("%(count)s items submitted for review.", count=count)
        if count
        else _("There was nothing new to submit.")
    )
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


@work.post("/work/<code>/<int:year>/suggestions")
@jurisdiction_access(can_edit_jurisdiction)
def decide_suggestions(jurisdiction, year: int):
    form = SuggestionForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [
        int(i)
        for i in request.form.getlist("suggestion")
        if i.isascii() and i.isdigit() and len(i) < 12
    ]
    chosen = db.session.scalars(
        select(Suggestion).where(
            Suggestion.id.in_(ids),
            Suggestion.jurisdiction_id == jurisdiction.id,
            Suggestion.fiscal_year == year,
        )
    ).all()
    done, problems = 0, []
    for suggestion in chosen:
        if form.decision.data == "accept":
            errors = suggest.accept(suggestion, current_user)
            if errors:
                problems.append(f"{LineKey.of(suggestion).text}: {'; '.join(errors.values())}")
                continue
        else:
            suggest.reject(suggestion, current_user)
        done += 1
    flash(_("%(count)s suggestions decided.", count=done))
    for problem in problems:
        flash(_("Not accepted: %(problem)s", problem=problem))
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


@work.post("/work/<code>/<int:year>/suggestions/generate")
@jurisdiction_access(can_edit_jurisdiction)
def generate(jurisdiction, year: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    year_or_404(jurisdiction, year)
    count = suggest.generate_suggestions(jurisdiction, year)
    flash(_("%(count)s new suggestions.", count=count))
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


@work.get("/work/<code>/<int:year>/line")
@jurisdiction_access(can_view_work)
def line(jurisdiction, year: int):
    line_key = LineKey.parse(request.args.get("key", ""))
    if line_key is None:
        abort(404)
    key = line_key.as_dict()
    overview = year_or_404(jurisdiction, year)
    amounts = {
        document_id: from_minor(minor)
        for document_id, minor in db.session.execute(
            select(BudgetLine.document_id, BudgetLine.amount_minor).where(
                BudgetLine.document_id.in_([d.id for d in overview.documents.all]),
                *(getattr(BudgetLine, c) == v for c, v in key.items()),
            )
        )
    }
    description = db.session.scalar(
        select(BudgetLine.description)
        .where(
            BudgetLine.document_id.in_([d.id for d in overview.documents.all]),
            *(getattr(BudgetLine, c) == v for c, v in key.items()),
        )
        .limit(1)
    )
    tags = [t for t in year_tags(jurisdiction.id, year) if t.key == key]
    form = TagForm(back=request.full_path)
    form.measure.choices = measure_choices(jurisdiction)
    history = history_table(jurisdiction, year, line_key=line_key.text)
    return render_template(
        "work/line.html",
        jurisdiction=jurisdiction,
        year=year,
        key=key,
        description=description,
        key_text=line_key.text,
        overview=overview,
        amounts=amounts,
        tags=tags,
        form=form,
        action_form=ActionForm(),
        history=history,
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    )
