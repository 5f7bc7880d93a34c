"""Who may do what: every permission decision of the app lives here.

Roles: `admin` (everything), `finance` (edits the budgets and tags of one jurisdiction and
submits them), `reviewer` (approves or returns submitted work of any jurisdiction), `monitor`
(civil society: reads everything public; comments and flags, nothing else).

Every view declares its policy with one of the decorators below; a test walks the URL map and
fails for a route without a declared policy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from budget.auth.models import User

ADMIN, FINANCE, REVIEWER, MONITOR = "admin", "finance", "reviewer", "monitor"

# endpoint function qualified name -> policy, filled by the decorators
POLICIES: dict[str, str] = {}


def _declare(view: Callable, policy: str) -> None:
    POLICIES[f"{view.__module__}.{view.__name__}"] = policy


# --- decisions ---------------------------------------------------------------------------------
def _signed_in(user) -> bool:
    """A real, active account (not None, not Flask-Login's anonymous user)."""
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can_edit_jurisdiction(user: User | None, jurisdiction_id: int) -> bool:
    """Edit budgets, tags, plans and answers of a jurisdiction."""
    if not _signed_in(user):
        return False
    return user.role == ADMIN or (user.role == FINANCE and user.jurisdiction_id == jurisdiction_id)


def can_review(user: User | None) -> bool:
    return _signed_in(user) and user.role in (ADMIN, REVIEWER)


def can_view_work(user: User | None, jurisdiction_id: int) -> bool:
    """See a jurisdiction's unpublished work (drafts, submissions): its editors and reviewers."""
    return can_edit_jurisdiction(user, jurisdiction_id) or can_review(user)


def can_read_history(user, jurisdiction_id: int) -> bool:
    """The change log of a jurisdiction holds drafts and review comments: those who may see its
    unpublished work (its editors, reviewers, admins), nobody else."""
    return can_view_work(user, jurisdiction_id)


def can_edit_indicators(user: User | None, jurisdiction_id: int | None) -> bool:
    """Indicators of a jurisdiction's action plan: its finance officers and admins; those of the
    national strategy (`jurisdiction_id` None): admins."""
    if jurisdiction_id is None:
        return _signed_in(user) and user.role == ADMIN
    return can_edit_jurisdiction(user, jurisdiction_id)


def can_view_indicators(user: User | None, jurisdiction_id: int | None) -> bool:
    """Indicators with their drafts: those who may edit them, and reviewers."""
    return can_edit_indicators(user, jurisdiction_id) or can_review(user)


def can_manage_users(user: User | None) -> bool:
    return _signed_in(user) and user.role == ADMIN


NATIONAL = "national"  # the scope of the national strategy's indicators in URLs


# --- view decorators -----------------------------------------------------------------------------
def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    _declare(view, "public")
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in user; others are sent to the sign-in page."""
    _declare(view, "signed_in")

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str) -> Callable:
    """Signed-in users with one of `roles`; others 403."""

    def decorator(view: Callable) -> Callable:
        _declare(view, "roles:" + ",".join(roles))

        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def token_required(view: Callable) -> Callable:
    """API writes: a valid `Authorization: Bearer TOKEN` of an active user, else 401.

    The view then asks a decision function above and answers 403 when it says no.
    """
    _declare(view, "token")

    @wraps(view)
    def wrapper(*args, **kwargs):
        from budget.auth.services import user_for_token

        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            abort(401, description="A valid API token is required: Authorization: Bearer TOKEN.")
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper


def jurisdiction_access(decision: Callable[[User | None, int], bool]) -> Callable:
    """Views of one jurisdiction (`code` in the URL): 404 if unknown, 403 if `decision` says no.

    The view receives the Jurisdiction instead of the code.
    """

    def decorator(view: Callable) -> Callable:
        _declare(view, f"jurisdiction:{decision.__name__}")

        @wraps(view)
        def wrapper(*args, code: str, **kwargs):
            from sqlalchemy import select

            from budget.extensions import db
            from budget.jurisdictions.models import Jurisdiction

            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            jurisdiction = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
            if jurisdiction is None:
                abort(404)
            if not decision(current_user, jurisdiction.id):
                abort(403)
            return view(*args, jurisdiction=jurisdiction, **kwargs)

        return wrapper

    return decorator


def indicator_scope(decision: Callable[[User | None, int | None], bool]) -> Callable:
    """Views of the indicators of one scope (`scope` in the URL: a jurisdiction's code, or
    `national` for the strategy's): 404 if unknown, 403 if `decision` says no. The view receives
    the Jurisdiction, or None for the national scope."""

    def decorator(view: Callable) -> Callable:
        _declare(view, f"indicator_scope:{decision.__name__}")

        @wraps(view)
        def wrapper(*args, scope: str, **kwargs):
            from sqlalchemy import select

            from budget.extensions import db
            from budget.jurisdictions.models import Jurisdiction

            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            jurisdiction = None
            if scope != NATIONAL:
                jurisdiction = db.session.scalar(
                    select(Jurisdiction).where(Jurisdiction.code == scope)
                )
                if jurisdiction is None:
                    abort(404)
            if not decision(current_user, jurisdiction.id if jurisdiction else None):
                abort(403)
            return view(*args, jurisdiction=jurisdiction, **kwargs)

        return wrapper

    return decorator
