"""Users, passwords, API tokens and sign-in, with their audit entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, text

from budget.audit.models import AuditEntry
from budget.audit.services import client_address, diff, record
from budget.auth.models import ROLES, ApiToken, User
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.time import utcnow

PRODUCTION_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
# Tests hash hundreds of passwords; they use the cheapest parameters (config PASSWORD_HASH_FAST).
FAST_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)


def _hasher() -> PasswordHasher:
    return FAST_HASHER if current_app.config.get("PASSWORD_HASH_FAST") else PRODUCTION_HASHER


EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200
TOKEN_PREFIX = "rrb_"
# Sign-in throttling: the 11th failed attempt within the window is refused (HTTP 429).
# Failed sign-ins within THROTTLE_WINDOW before the next attempt is refused (HTTP 429):
FAILED_SIGN_INS_ALLOWED = 10  # one account from one address: guessing a password
FAILED_SIGN_INS_PER_ACCOUNT = 50  # one account from anywhere: guessing from many addresses,
# without letting someone lock the owner out everywhere with ten tries
FAILED_SIGN_INS_PER_CLIENT = 100  # one address, any account: many people share one proxy
THROTTLE_WINDOW = dt.timedelta(minutes=15)
_DUMMY_HASHES: dict[int, str] = {}


class UserError(ValueError):
    """A user-management request that cannot be carried out; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password needs at least {MIN_PASSWORD} characters.", "password")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"The password may have at most {MAX_PASSWORD} characters.", "password")


def _jurisdiction_for_role(role: str, jurisdiction_code: str | None) -> Jurisdiction | None:
    if role not in ROLES:
        raise UserError(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.", "role")
    if role == "finance":
        if not jurisdiction_code:
            raise UserError(
                "A finance officer belongs to one jurisdiction: give its code.", "jurisdiction"
            )
        jurisdiction = db.session.scalar(
            select(Jurisdiction).where(Jurisdiction.code == jurisdiction_code)
        )
        if jurisdiction is None:
            raise UserError(f"Unknown jurisdiction {jurisdiction_code!r}.", "jurisdiction")
        return jurisdiction
    if jurisdiction_code:
        raise UserError("Only finance officers belong to a jurisdiction.", "jurisdiction")
    return None


def create_user(
    email: str,
    role: str,
    password: str,
    jurisdiction_code: str | None = None,
    actor=None,
    actor_label: str | None = None,
) -> User:
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise UserError(f"{email!r} is not an email address.", "email")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"A user with the email {email} exists already.", "email")
    jurisdiction = _jurisdiction_for_role(role, jurisdiction_code)
    check_password_strength(password)
    user = User(
        email=email, role=role, jurisdiction=jurisdiction, password_hash=_hasher().hash(password)
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.created",
        "user",
        user.id,
        actor=actor,
        actor_label=actor_label,
        subject=email,
        changes={"role": [None, role], "jurisdiction": [None, jurisdiction_code or None]},
    )
    return user


def update_user(
    user: User, *, role: str, jurisdiction_code: str | None, active: bool, actor: User
) -> dict:
    """Change role, jurisdiction and whether the account is active; returns the changes."""
    if user.id == actor.id and (role != user.role or not active):
        raise UserError("You cannot change your own role or deactivate yourself.", "role")
    jurisdiction = _jurisdiction_for_role(role, jurisdiction_code)
    old_code = user.jurisdiction.code if user.jurisdiction else None
    changes = diff(user, {"role": role, "active": active})
    if old_code != (jurisdiction.code if jurisdiction else None):
        changes["jurisdiction"] = [old_code, jurisdiction.code if jurisdiction else None]
    user.jurisdiction = jurisdiction
    if "active" in changes or "role" in changes:
        user.session_version = secrets.token_hex(8)  # end the sessions signed in before
    if not active:
        revoke_all_tokens(user, actor, "the account was deactivated")
    if changes:
        action = (
            "user.role_changed" if {"role", "jurisdiction"} & changes.keys() else "user.updated"
        )
        record(action, "user", user.id, actor=actor, subject=user.email, changes=changes)
    return changes


def verify_password(user: User | None, password: str) -> bool:
    hasher = _hasher()
    try:
        if user is None:
            if id(hasher) not in _DUMMY_HASHES:
                _DUMMY_HASHES[id(hasher)] = hasher.hash("timing-equaliser")
            hasher.verify(_DUMMY_HASHES[id(hasher)], password)  # same cost for an unknown email
            return False
        return hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user, current):
        raise UserError("The current password is not correct.", "current_password")
    check_password_strength(new)
    user.password_hash = _hasher().hash(new)
    user.session_version = secrets.token_hex(8)
    record("auth.password_changed", "user", user.id, actor=user, subject=user.email)
    revoke_all_tokens(user, user, "the password was changed")


def sign_out(user: User) -> None:
    """End this and every other session of the user: a copied session cookie stops working."""
    user.session_version = secrets.token_hex(8)
    record("auth.signed_out", "user", user.id, actor=user, subject=user.email)


@dataclass
class SignIn:
    user: User | None
    throttled: bool = False


def sign_in_throttled(email: str) -> bool:
    since = utcnow() - THROTTLE_WINDOW
    client = client_address() or ""
    _queue_attempts(email, client)
    failures = (
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "auth.sign_in_failed", AuditEntry.at >= since)
    )
    by_account = db.session.scalar(failures.where(AuditEntry.subject == email))
    by_pair = db.session.scalar(
        failures.where(AuditEntry.subject == email, AuditEntry.client == client)
    )
    by_client = db.session.scalar(failures.where(AuditEntry.client == client)) if client else 0
    return (
        by_pair >= FAILED_SIGN_INS_ALLOWED
        or by_account >= FAILED_SIGN_INS_PER_ACCOUNT
        or by_client >= FAILED_SIGN_INS_PER_CLIENT
    )


def _queue_attempts(email: str, client: str) -> None:
    """Attempts on one account, and from one address, are counted one after the other: parallel
    bursts would otherwise all read the same count and overrun the limit. PostgreSQL: advisory
    locks held to the end of the transaction, the account's first (so no two attempts wait on
    each other crosswise); SQLite: the sign-in request already holds the write lock."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"sign-in account {email}", f"sign-in client {client}"):
        lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})


def sign_in(email: str, password: str) -> SignIn:
    """Check the credentials; the same answer for an unknown email and a wrong password."""
    email = normalise_email(email)[:254]
    if sign_in_throttled(email):
        return SignIn(None, throttled=True)
    user = db.session.scalar(select(User).where(User.email == email))
    if not verify_password(user, password) or not user.active:
        record(
            "auth.sign_in_failed",
            "user",
            user.id if user else None,
            subject=email,
            actor_label=email,
        )
        return SignIn(None)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    user.last_sign_in_at = utcnow()
    record("auth.sign_in", "user", user.id, actor=user, subject=email)
    return SignIn(user)


def load_session_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not secrets.compare_digest(user.session_version, version):
        return None
    return user


# --- API tokens ---------------------------------------------------------------------------------
def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, actor=None, actor_label: str | None = None) -> str:
    """A new random token; only its hash is kept, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record_ = ApiToken(user=user, token_hash=_hash_token(token), prefix=token[:10])
    db.session.add(record_)
    db.session.flush()
    record(
        "token.created",
        "api_token",
        record_.id,
        actor=actor or user,
        actor_label=actor_label,
        subject=user.email,
    )
    return token


def revoke_all_tokens(user: User, actor, reason: str) -> int:
    """Revoke every API token of the user that is still valid (a reactivated account or a new
    password does not bring old tokens back)."""
    count = 0
    for token in user.tokens:
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record(
                "token.revoked",
                "api_token",
                token.id,
                actor=actor,
                subject=user.email,
                comment=reason,
            )
            count += 1
    return count


def revoke_token(token: ApiToken, actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("token.revoked", "api_token", token.id, actor=actor, subject=token.user.email)


def user_for_token(token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if found is None or found.revoked_at is not None or not found.user.active:
        return None
    found.last_used_at = utcnow()
    return found.user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))
