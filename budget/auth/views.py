"""Sign-in, sign-out, and a user's own account (password, API tokens)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from budget.auth import services
from budget.auth.forms import LoginForm, PasswordForm, ShowAsForm
from budget.auth.models import ApiToken
from budget.auth.permissions import public, signed_in
from budget.extensions import db
from budget.web.forms import ActionForm

auth = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or scheme-relative address."""
    if target and not any(character in target for character in "\r\n\\"):
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("auth.account")


@auth.route("/auth/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        result = services.sign_in(form.email.data, form.password.data)
        if result.throttled:
            form.form_errors.append(
                _("Too many failed attempts. Please wait 15 minutes and try again.")
            )
            status = 429
        elif result.user is None:
            form.form_errors.append(_("The email or the password is not correct."))
            status = 401
        else:
            session.clear()  # a new session at sign-in
            login_user(result.user)
            return redirect(safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@auth.post("/auth/logout")
@signed_in
def logout():
    form = ActionForm()
    if form.validate_on_submit():
        services.sign_out(current_user._get_current_object())
        logout_user()
        session.clear()
    return redirect(url_for("portal.index"))


@auth.post("/account/show-as")
@signed_in
def show_as():
    from budget.flags.services import set_show_as

    form = ShowAsForm()
    if current_user.role != "monitor":
        abort(403)
    if not form.validate_on_submit():
        return _account_page(show_as_form=form, status=400)
    set_show_as(current_user, form.show_as.data)
    flash(_("Saved: your next flags name you this way."))
    return redirect(url_for("auth.account"))


def _account_page(password_form=None, new_token=None, status=200, show_as_form=None):
    if show_as_form is None:
        show_as_form = ShowAsForm(formdata=None, show_as=current_user.show_as)
    return render_template(
        "auth/account.html",
        show_as_form=show_as_form,
        password_form=password_form or PasswordForm(),
        action_form=ActionForm(),
        new_token=new_token,
    ), status


@auth.get("/account")
@signed_in
def account():
    return _account_page()


@auth.post("/account/password")
@signed_in
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form, status=400)
    try:
        services.change_password(current_user, form.current_password.data, form.new_password.data)
    except services.UserError as error:
        form.current_password.errors.append(
            _("The current password is not correct.")
            if error.field == "current_password"
            else str(error)
        )
        db.session.rollback()
        return _account_page(password_form=form, status=400)
    user = current_user._get_current_object()
    session.clear()
    login_user(user)  # the other sessions ended with the old session version
    flash(_("Your password has been changed."))
    return redirect(url_for("auth.account"))


@auth.post("/account/tokens")
@signed_in
def create_token():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    token = services.issue_token(current_user)
    # Shown once, in this response only: it is never stored or put in the session cookie.
    return _account_page(new_token=token, status=201)


@auth.post("/account/tokens/<int:token_id>/revoke")
@signed_in
def revoke_own_token(token_id: int):
    form = ActionForm()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    services.revoke_token(token, actor=current_user)
    flash(_("The token has been revoked."))
    return redirect(url_for("auth.account"))
