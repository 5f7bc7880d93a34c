"""Administration of users: create, change role and jurisdiction, deactivate, revoke tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from budget.auth import services
from budget.auth.forms import NewUserForm, UserForm
from budget.auth.models import ApiToken, User
from budget.auth.permissions import ADMIN, roles_required
from budget.extensions import db
from budget.flags.services import set_organisation
from budget.jurisdictions.models import Jurisdiction
from budget.web.converters import page_number
from budget.web.forms import ActionForm

admin = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


def _with_jurisdictions(form: UserForm) -> UserForm:
    codes = db.session.execute(
        select(Jurisdiction.code, Jurisdiction.name).order_by(Jurisdiction.code)
    )
    form.jurisdiction.choices = [("", "—")] + [(code, f"{code} · {name}") for code, name in codes]
    return form


@admin.get("/users")
@roles_required(ADMIN)
def users():
    page = page_number()
    total = db.session.scalar(select(func.count()).select_from(User))
    rows = db.session.scalars(
        select(User).order_by(User.email).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template("admin/users.html", users=rows, page=page, pages=pages, total=total)


@admin.route("/users/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def new_user():
    form = _with_jurisdictions(NewUserForm())
    status = 200
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data,
                form.role.data,
                form.password.data,
                form.jurisdiction.data or None,
                actor=current_user,
            )
            user.active = form.active.data
            set_organisation(
                user, form.organisation.data, form.organisation_kind.data, actor=current_user
            )
            flash(_("User %(email)s created.", email=user.email))
            return redirect(url_for("admin.edit_user", user_id=user.id))
        except services.UserError as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(str(error))
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template("admin/user_form.html", form=form, user=None), status


@admin.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = _with_jurisdictions(UserForm(obj=None))
    status = 200
    if request.method == "GET":
        form.role.data = user.role
        form.jurisdiction.data = user.jurisdiction.code if user.jurisdiction else ""
        form.active.data = user.active
        form.organisation.data = user.organisation.name if user.organisation else ""
        form.organisation_kind.data = user.organisation.kind if user.organisation else "cso"
    elif form.validate_on_submit():
        try:
            changes = services.update_user(
                user,
                role=form.role.data,
                jurisdiction_code=form.jurisdiction.data or None,
                active=form.active.data,
                actor=current_user,
            )
            before = user.organisation.name if user.organisation else None
            set_organisation(
                user, form.organisation.data, form.organisation_kind.data, actor=current_user
            )
            changes = changes or before != (user.organisation.name if user.organisation else None)
            flash(_("Saved.") if changes else _("Nothing changed."))
            return redirect(url_for("admin.edit_user", user_id=user.id))
        except services.UserError as error:
            db.session.rollback()
            getattr(form, error.field or "role").errors.append(str(error))
            status = 400
    else:
        status = 400
    return render_template(
        "admin/user_form.html", form=form, user=user, action_form=ActionForm()
    ), status


@admin.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@roles_required(ADMIN)
def revoke_token(user_id: int, token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.revoke_token(token, actor=current_user)
    flash(_("The token has been revoked."))
    return redirect(url_for("admin.edit_user", user_id=user_id))
