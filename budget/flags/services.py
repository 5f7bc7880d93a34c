"""Flags: opening, answering, moderating, reading; one set of rules for the API and the pages."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from budget.audit.services import record
from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.flags.models import ANSWERED, CATEGORIES, OPEN, Flag
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.measures.models import Measure
from budget.time import as_utc, utcnow

TEXT_LIMIT = 2000
DIMENSIONS = tuple(f"RRB-{n}" for n in range(1, 7))
# Markup is refused rather than stripped: a monitor's words are shown exactly as written.
MARKUP = re.compile(r"<\s*[A-Za-z!/?]|&[A-Za-z]+;|&#[0-9]+;")


class FlagError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class FlagInput:
    jurisdiction: Jurisdiction
    fiscal_year: int
    target_type: str
    target_key: str
    category: str
    text: str


def plain_text(value: Any, field: str, errors: dict[str, str], limit: int = TEXT_LIMIT) -> str:
    """Plain text of 1..limit characters, or a problem for `field`."""
    if not isinstance(value, str) or not value.strip():
        errors[field] = _("is required: 1 to %(count)s characters of plain text", count=limit)
        return ""
    text = value.strip().replace("\r\n", "\n")
    if "\x00" in text:
        errors[field] = _("must not contain NUL characters")
    elif len(text) > limit:
        errors[field] = _("must be at most %(count)s characters", count=limit)
    elif MARKUP.search(text):
        errors[field] = _("must be plain text, without HTML")
    return text


def parse_flag(body: Any) -> FlagInput:
    """Check a flag as the API sends it; FlagError names each wrong field."""
    if not isinstance(body, dict):
        raise FlagError({"body": _("must be a JSON object with the flag's fields")})
    errors: dict[str, str] = {}
    code = body.get("jurisdiction")
    jurisdiction = (
        db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code[:40]))
        if isinstance(code, str) and code
        else None
    )
    if jurisdiction is None:
        errors["jurisdiction"] = _("unknown jurisdiction")
    year = body.get("fiscal_year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        errors["fiscal_year"] = _("must be a year, e.g. 2025")
        year = None
    documents = []
    if jurisdiction is not None and year is not None:
        documents = db.session.scalars(
            select(BudgetDocument.id).where(
                BudgetDocument.jurisdiction_id == jurisdiction.id,
                BudgetDocument.fiscal_year == year,
            )
        ).all()
        if not documents:
            errors["fiscal_year"] = _("no budget of this jurisdiction in that year")
    category = body.get("category")
    if category not in CATEGORIES:
        errors["category"] = _("must be one of: %(allowed)s", allowed=", ".join(CATEGORIES))
    text = plain_text(body.get("text"), "text", errors)
    target_type, target_key = _target(body.get("target"), jurisdiction, documents, errors)
    if errors:
        raise FlagError(errors)
    return FlagInput(jurisdiction, year, target_type, target_key, category, text)


def _target(target: Any, jurisdiction, documents, errors) -> tuple[str, str]:
    if not isinstance(target, dict) or target.get("type") not in (
        "line",
        "measure",
        "dimension",
        "year",
    ):
        errors["target"] = _("must be an object whose type is line, measure, dimension or year")
        return "", ""
    kind = target["type"]
    if kind == "year":
        return kind, ""
    if kind == "dimension":
        if target.get("id") not in DIMENSIONS:
            errors["target"] = _("the dimension id is one of RRB-1 to RRB-6")
            return kind, ""
        return kind, target["id"]
    if kind == "measure":
        code = target.get("code")
        measure = (
            db.session.scalar(select(Measure).where(Measure.code == code[:60]))
            if isinstance(code, str) and code
            else None
        )
        if measure is None or (
            jurisdiction is not None
            and measure.level == "local"
            and measure.jurisdiction_id != jurisdiction.id
        ):
            errors["target"] = _("unknown measure for this jurisdiction")
            return kind, ""
        return kind, measure.code
    key = target.get("key")
    if not isinstance(key, dict) or not all(
        isinstance(key.get(c, ""), str) and len(key.get(c, "")) <= 40 for c in KEY_CODES
    ):
        errors["target"] = _("a line's key has program, activity, function, economic, source")
        return kind, ""
    line_key = LineKey.from_mapping(key)
    if documents and not db.session.scalar(
        select(BudgetLine.id)
        .where(
            BudgetLine.document_id.in_(documents),
            *(getattr(BudgetLine, c) == v for c, v in line_key.as_dict().items()),
        )
        .limit(1)
    ):
        errors["target"] = _("no budget line with this key in that year")
        return kind, ""
    return kind, line_key.text


def author_of(user) -> tuple[str, str]:
    """(name shown, kind) of a flag's author, as the monitor chose to be shown."""
    organisation = getattr(user, "organisation", None)
    if user.role == "admin" and organisation is None:
        return _("the tracker's administrators"), "admin"
    kind = organisation.kind if organisation else "cso"
    if organisation is None:
        return _("a civil-society monitor"), kind
    if user.show_as == "anonymous":
        shown = (
            _("a council for interethnic relations")
            if kind == "council"
            else _("a civil-society organisation")
        )
        return shown, kind
    return organisation.name, kind


def written_in(language: str | None = None) -> str:
    """The language a text is taken to be written in: the given one, else the page's."""
    from budget.i18n import LANGUAGES, current_language

    return language if language in LANGUAGES else current_language()


def open_flag(data: FlagInput, author, language: str | None = None) -> Flag:
    name, kind = author_of(author)
    flag = Flag(
        language=written_in(language),
        jurisdiction_id=data.jurisdiction.id,
        fiscal_year=data.fiscal_year,
        target_type=data.target_type,
        target_key=data.target_key,
        category=data.category,
        text=data.text,
        status=OPEN,
        author_id=author.id,
        author_name=name[:200],
        author_kind=kind,
    )
    db.session.add(flag)
    db.session.flush()
    record(
        "flag.opened",
        "flag",
        flag.id,
        actor=author,
        jurisdiction_id=flag.jurisdiction_id,
        fiscal_year=flag.fiscal_year,
        line_key=flag.target_key if flag.target_type == "line" else None,
        changes={"category": [None, flag.category], "target": [None, target_text(flag)]},
        comment=flag.text,
    )
    return flag


def can_answer(user, flag: Flag) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in ("admin", "reviewer"):
        return True
    return user.role == "finance" and user.jurisdiction_id == flag.jurisdiction_id


def answer_flag(
    flag: Flag, text: Any, actor, link: Any = None, language: str | None = None
) -> Flag:
    errors: dict[str, str] = {}
    answer = plain_text(text, "text", errors)
    link_type, link_id = _link(link, flag, errors)
    if errors:
        raise FlagError(errors)
    db.session.refresh(flag, with_for_update=True)
    old = [flag.status, flag.answer_text]
    flag.answer_text = answer
    flag.answer_language = written_in(language)
    flag.answered_at = utcnow()
    flag.answered_by_id = actor.id
    flag.answer_link_type, flag.answer_link_id = link_type, link_id
    flag.status = ANSWERED
    record(
        "flag.answered",
        "flag",
        flag.id,
        actor=actor,
        jurisdiction_id=flag.jurisdiction_id,
        fiscal_year=flag.fiscal_year,
        changes={"status": [old[0], ANSWERED], "answer": [old[1], answer]},
    )
    from budget.notices.services import notify_answer

    notify_answer(flag)
    db.session.flush()
    return flag


def _link(link: Any, flag: Flag, errors: dict[str, str]) -> tuple[str | None, int | None]:
    """The change an answer points to: a tag or a budget document of the flag's jurisdiction."""
    if link in (None, "", {}):
        return None, None
    if not isinstance(link, dict) or link.get("type") not in ("tag", "document"):
        errors["link"] = _('must be {"type": "tag" or "document", "id": n}')
        return None, None
    ident = link.get("id")
    if isinstance(ident, bool) or not isinstance(ident, int) or not 0 < ident < 2**31:
        errors["link"] = _("the id is a whole number")
        return None, None
    from budget.tagging.models import Tag

    model = Tag if link["type"] == "tag" else BudgetDocument
    found = db.session.get(model, ident)
    if found is None or found.jurisdiction_id != flag.jurisdiction_id:
        errors["link"] = _("no such %(kind)s of this jurisdiction", kind=link["type"])
        return None, None
    return link["type"], ident


def moderate(flag: Flag, action: Any, reason: Any, actor) -> Flag:
    errors: dict[str, str] = {}
    if action not in ("hide", "restore"):
        errors["action"] = _("must be hide or restore")
    why = plain_text(reason, "reason", errors, limit=500)
    if errors:
        raise FlagError(errors)
    hidden_before = flag.hidden
    if action == "hide":
        flag.hidden_at = flag.hidden_at or utcnow()
        flag.hidden_reason = why
    else:
        flag.hidden_at = None
        flag.hidden_reason = None
    record(
        f"flag.{'hidden' if action == 'hide' else 'restored'}",
        "flag",
        flag.id,
        actor=actor,
        jurisdiction_id=flag.jurisdiction_id,
        fiscal_year=flag.fiscal_year,
        changes={"hidden": [hidden_before, action == "hide"]},
        comment=why,
    )
    db.session.flush()
    return flag


def target_text(flag: Flag) -> str:
    return f"{flag.target_type}:{flag.target_key}" if flag.target_key else flag.target_type


def target_json(flag: Flag) -> dict:
    if flag.target_type == "line":
        key = LineKey.parse(flag.target_key)
        from budget.tagging.services import key_json

        return {"type": "line", "key": key_json(key.as_dict()) if key else {}}
    if flag.target_type == "measure":
        return {"type": "measure", "code": flag.target_key}
    if flag.target_type == "dimension":
        return {"type": "dimension", "id": flag.target_key}
    return {"type": "year"}


def flag_json(flag: Flag) -> dict:
    return {
        "id": flag.id,
        "jurisdiction": flag.jurisdiction.code,
        "fiscal_year": flag.fiscal_year,
        "target": target_json(flag),
        "category": flag.category,
        "text": flag.text,
        "status": flag.status,
        "created_at": as_utc(flag.created_at).isoformat(),
        "author": flag.author_name,
        "author_kind": "council_opinion" if flag.author_kind == "council" else flag.author_kind,
        "answer": {
            "text": flag.answer_text,
            "answered_at": as_utc(flag.answered_at).isoformat(),
            "link": {"type": flag.answer_link_type, "id": flag.answer_link_id}
            if flag.answer_link_type
            else None,
        }
        if flag.status == ANSWERED
        else None,
    }


def public_flags(
    jurisdiction_id: int, year: int | None = None, status: str | None = None
) -> list[Flag]:
    query = select(Flag).where(Flag.jurisdiction_id == jurisdiction_id, Flag.hidden_at.is_(None))
    if year is not None:
        query = query.where(Flag.fiscal_year == year)
    if status is not None:
        query = query.where(Flag.status == status)
    return list(db.session.scalars(query.order_by(Flag.created_at.desc(), Flag.id.desc())))


@dataclass
class Responsiveness:
    jurisdiction_id: int
    open: int = 0
    answered: int = 0
    median_days: float | None = None  # days from a flag to its answer, answered flags only

    @property
    def total(self) -> int:
        return self.open + self.answered

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.total if self.total else None


def responsiveness(
    year: int | None = None, jurisdiction_id: int | None = None
) -> dict[int, Responsiveness]:
    """Open and answered public flags and the median days to answer, per jurisdiction: one
    query for the counts, one for the answer times."""
    where = [Flag.hidden_at.is_(None)]
    if year is not None:
        where.append(Flag.fiscal_year == year)
    if jurisdiction_id is not None:
        where.append(Flag.jurisdiction_id == jurisdiction_id)
    result: dict[int, Responsiveness] = {}
    for jid, status, count in db.session.execute(
        select(Flag.jurisdiction_id, Flag.status, func.count())
        .where(*where)
        .group_by(Flag.jurisdiction_id, Flag.status)
    ):
        entry = result.setdefault(jid, Responsiveness(jid))
        setattr(entry, "open" if status == OPEN else "answered", count)
    waits: dict[int, list[float]] = {}
    for jid, created, answered in db.session.execute(
        select(Flag.jurisdiction_id, Flag.created_at, Flag.answered_at).where(
            *where, Flag.status == ANSWERED
        )
    ):
        waits.setdefault(jid, []).append(
            (as_utc(answered) - as_utc(created)).total_seconds() / 86400
        )
    for jid, days in waits.items():
        result[jid].median_days = statistics.median(days)
    return result


def set_organisation(user, name: str | None, kind: str, actor=None, actor_label=None) -> None:
    """A monitor's organisation by name (created on first use); empty: none."""
    from budget.flags.models import ORGANISATION_KINDS, Organisation

    name = (name or "").strip()[:200]
    old = user.organisation.name if user.organisation else None
    if not name:
        organisation = None
    else:
        if kind not in ORGANISATION_KINDS:
            raise FlagError({"organisation_kind": _("must be cso or council")})
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind)
            db.session.add(organisation)
        elif organisation.kind != kind:
            organisation.kind = kind
    if (organisation.name if organisation else None) != old:
        user.organisation = organisation
        record(
            "user.organisation",
            "user",
            user.id,
            actor=actor,
            actor_label=actor_label,
            subject=user.email,
            changes={"organisation": [old, organisation.name if organisation else None]},
        )
    db.session.flush()


def set_show_as(user, choice: str) -> bool:
    if choice not in ("organisation", "anonymous"):
        raise FlagError({"show_as": _("must be organisation or anonymous")})
    changed = user.show_as != choice
    if changed:
        record(
            "user.show_as",
            "user",
            user.id,
            actor=user,
            subject=user.email,
            changes={"show_as": [user.show_as, choice]},
        )
        user.show_as = choice
    return changed


def shown_text(text: str | None, language: str | None) -> tuple[str, str]:
    """A written text and its language tag as the page shows it: Serbian Latin in Cyrillic on
    a Cyrillic page (the same words), anything else as written, tagged with its language."""
    from budget.i18n import current_language, to_cyrillic

    language = language or "sr-Latn"
    if language == "sr-Latn" and current_language() == "sr-Cyrl":
        return to_cyrillic(text or ""), "sr-Cyrl"
    return text or "", language
