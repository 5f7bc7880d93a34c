"""Validating and saving tags: one set of rules for the API, the web forms and `import tags`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from budget.audit.services import diff, record
from budget.budgets.models import KEY_CODES
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.measures.models import Measure, serves
from budget.money import SHARE_SCALE
from budget.review.statuses import DRAFT
from budget.tagging.models import RELEVANCES, Tag

CODE = re.compile(r"^[A-Za-z0-9._\-/]{1,40}$")
UNIT = re.compile(r"^[A-Za-z0-9.\-/]{1,40}$")  # a budget user: razdeo/glava 4.01, ORG-12
SHARE = re.compile(r"^[0-9]+(\.[0-9]{1,4})?$")
PLAIN_NUMBER = re.compile(r"[0-9]{1,6}(\.[0-9]{1,8})?")
MAX_COUNT = 2_000_000_000
JUSTIFICATION_LIMIT = 5000
FIELDS = (
    *KEY_CODES,
    "measure",
    "relevance",
    "share",
    "beneficiaries_total",
    "beneficiaries_roma",
    "beneficiaries_roma_women",
    "justification",
    "status",
)


@dataclass
class TagInput:
    key: dict[str, str]
    measure: Measure | None
    relevance: str
    share_units: int
    beneficiaries_total: int | None
    beneficiaries_roma: int | None
    beneficiaries_roma_women: int | None
    justification: str | None


def _text(value: Any) -> str | None:
    """JSON value -> stripped text; numbers are accepted for codes typed as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(_("must be text"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(_("must not contain NUL characters"))
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:  # a lone surrogate from JSON's \ud800
                raise ValueError(_("must be valid Unicode text")) from error
        return value.strip()
    raise ValueError(_("must be text"))


def _count(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("must be a whole number"))
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(_("must be a whole number"))
    if value < 0:
        raise ValueError(_("must not be negative"))
    if value > MAX_COUNT:
        raise ValueError(_("must be at most %(largest)s", largest=MAX_COUNT))
    return value


def _share(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("must be a decimal number"))
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if not SHARE.match(text):
        raise ValueError(_("must be a decimal number with at most 4 decimals, e.g. 0.25"))
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("must be a decimal number")) from error


def typed_share(text: str) -> str:
    """A share as people type it -> the format's decimal: '15 %', '15%' and '15' are 0.15 (a
    number above 1 cannot be a share), a decimal comma is a decimal point ('0,15'). Anything
    else is left for the format's own check, which names the problem."""
    text = (text or "").strip().replace("\u00a0", " ")
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    value = Decimal(text) if PLAIN_NUMBER.fullmatch(text) else None
    if value is None:
        return text + ("%" if percent else "")
    # "15" cannot be a share (at most 1): like "15 %", it is read as a percentage.
    if percent or 1 < value <= 100:
        if value.as_tuple().exponent < -2:
            return text + "%"  # more than 4 decimals as a share: the format says why
        return format((value / 100).normalize(), "f")
    return text


def parse_tag(data: Any, jurisdiction: Jurisdiction) -> tuple[TagInput | None, dict[str, str]]:
    """Check one tag (a dict of the tags columns); returns the input or the errors per field."""
    if not isinstance(data, dict):
        return None, {"body": "must be a JSON object with the tag's fields"}
    errors: dict[str, str] = {}
    for name in data:
        if name not in FIELDS:
            errors[str(name)[:60]] = _("unknown field")

    def take(name, parse):
        try:
            return parse(data.get(name))
        except ValueError as error:
            errors[name] = str(error)
            return None

    key = {}
    for code in KEY_CODES:
        value = take(code, _text)
        if value and code == "unit" and not UNIT.match(value):
            errors[code] = _("must be a budget user's code (letters, digits, '.', '-', '/')")
        elif value and not CODE.match(value):
            errors[code] = _("must be a classification code (letters, digits, '.', '-', '/')")
        key[code] = value or ""
    if not key["economic"] and "economic" not in errors:
        errors["economic"] = _("is required")

    measure = None
    measure_code = take("measure", _text)
    if measure_code:
        measure = db.session.scalar(select(Measure).where(Measure.code == measure_code[:60]))
        if measure is None:
            errors["measure"] = _("unknown measure %(code)s", code=repr(measure_code[:60]))
        elif measure.level == "local" and measure.jurisdiction_id != jurisdiction.id:
            errors["measure"] = _("a local measure of another jurisdiction")
        elif not serves(measure, jurisdiction):
            errors["measure"] = _("a measure of another economy's strategy")

    relevance = take("relevance", _text)
    if not relevance:
        errors.setdefault("relevance", _("is required: targeted or mainstream"))
    elif relevance not in RELEVANCES:
        errors["relevance"] = _("must be targeted or mainstream")

    total = take("beneficiaries_total", _count)
    roma = take("beneficiaries_roma", _count)
    women = take("beneficiaries_roma_women", _count)
    if roma is not None and total is not None and roma > total:
        errors["beneficiaries_roma"] = _("must not exceed beneficiaries_total")
    if women is not None and roma is None and "beneficiaries_roma" not in errors:
        errors["beneficiaries_roma_women"] = _("needs beneficiaries_roma")
    elif women is not None and roma is not None and women > roma:
        errors["beneficiaries_roma_women"] = _("must not exceed beneficiaries_roma")

    share = take("share", _share)
    share_units = 0
    if relevance == "targeted":
        if share is not None and share != 1:
            errors["share"] = _("must be 1 or empty for a targeted line")
        share_units = SHARE_SCALE
    elif relevance == "mainstream" and "share" not in errors:
        if share is None:
            if total and roma is not None and "beneficiaries_roma" not in errors:
                share = (Decimal(roma) / Decimal(total)).quantize(
                    Decimal("0.0001"), rounding=ROUND_HALF_UP
                )
                if not 0 < share < 1:
                    errors["share"] = _(
                        "the share derived from the beneficiaries (%(share)s) must be above 0 "
                        "and below 1",
                        share=share,
                    )
            else:
                errors["share"] = _(
                    "is required for a mainstream line, or give "
                    "beneficiaries_total and beneficiaries_roma to derive it"
                )
        elif not 0 < share < 1:
            errors["share"] = _("must be above 0 and below 1 for a mainstream line")
        if share is not None and "share" not in errors:
            share_units = int(share * SHARE_SCALE)

    justification = take("justification", _text)
    if justification and len(justification) > JUSTIFICATION_LIMIT:
        errors["justification"] = _(
            "must be at most %(count)s characters", count=JUSTIFICATION_LIMIT
        )
    if errors:
        return None, errors
    return TagInput(
        key, measure, relevance, share_units, total, roma, women, justification or None
    ), {}


def key_filter(jurisdiction_id: int, fiscal_year: int, key: dict[str, str]):
    return (
        Tag.jurisdiction_id == jurisdiction_id,
        Tag.fiscal_year == fiscal_year,
        *(getattr(Tag, code) == key[code] for code in KEY_CODES),
    )


def lock_tags_of(jurisdiction_id: int) -> None:
    """Take the jurisdiction's row lock before reading the shares of a line key: concurrent tag
    writes of one jurisdiction queue, so the shares of a key can never sum above 1. (PostgreSQL;
    SQLite's writing requests already queue at BEGIN IMMEDIATE.)"""
    db.session.execute(
        select(Jurisdiction.id).where(Jurisdiction.id == jurisdiction_id).with_for_update()
    )


class TagConflict(Exception):
    """The tag changed (or was removed) since the writer read it: nothing was saved."""

    def __init__(self, current: Tag | None):
        self.current = current
        super().__init__("the tag changed since it was read")


def tag_values(tag_input: TagInput) -> dict[str, Any]:
    """The stored columns a tag input sets (besides its line key and status)."""
    return {
        "measure_id": tag_input.measure.id if tag_input.measure else None,
        "relevance": tag_input.relevance,
        "share_units": tag_input.share_units,
        "beneficiaries_total": tag_input.beneficiaries_total,
        "beneficiaries_roma": tag_input.beneficiaries_roma,
        "beneficiaries_roma_women": tag_input.beneficiaries_roma_women,
        "justification": tag_input.justification,
    }


def save_tag(
    jurisdiction: Jurisdiction,
    fiscal_year: int,
    tag_input: TagInput,
    actor,
    *,
    status: str = DRAFT,
    actor_label: str | None = None,
    check_shares: bool = True,
    expected_version: int | None = None,
) -> tuple[Tag | None, bool, dict[str, str]]:
    """Create the tag of (line key, measure) or update it; an edit puts it back to draft.

    Returns (tag, created, errors); errors when the line's shares would sum above 1.
    With `expected_version` (the version the writer read) the tag must still be at that
    version, else TagConflict is raised and nothing is saved; `expected_version=0` means the
    writer saw no tag, so one created since is a conflict too.
    (`status` other than draft is for `import tags`, which carries a status column.)
    """
    lock_tags_of(jurisdiction.id)
    tags_of_key = db.session.scalars(
        select(Tag)
        .where(*key_filter(jurisdiction.id, fiscal_year, tag_input.key))
        .execution_options(populate_existing=True)  # as committed now, not as read earlier
    ).all()
    measure_id = tag_input.measure.id if tag_input.measure else None
    existing = next((t for t in tags_of_key if t.measure_id == measure_id), None)
    if expected_version is not None and (
        (existing.version if existing is not None else 0) != expected_version
    ):
        raise TagConflict(existing)
    others = sum(t.share_units for t in tags_of_key if t is not existing)
    if check_shares and others + tag_input.share_units > SHARE_SCALE:
        total = Decimal(others + tag_input.share_units) / SHARE_SCALE
        return (
            None,
            False,
            {
                "share": _(
                    "the shares of this line's tags would sum to %(total)s, above 1", total=total
                )
            },
        )
    values = {**tag_values(tag_input), "status": status}
    created = existing is None
    if created:
        tag = Tag(
            jurisdiction_id=jurisdiction.id,
            fiscal_year=fiscal_year,
            updated_by_id=getattr(actor, "id", None),
            **tag_input.key,
            **values,
        )
        db.session.add(tag)
        db.session.flush()
        changes = {name: [None, value] for name, value in values.items() if value is not None}
        changes.update({code: [None, value] for code, value in tag_input.key.items()})
        record(
            "tag.created",
            "tag",
            tag.id,
            actor=actor,
            actor_label=actor_label,
            changes=changes,
            jurisdiction_id=jurisdiction.id,
            fiscal_year=fiscal_year,
            line_key=tag_input.key,
        )
    else:
        tag = existing
        changes = diff(tag, values)
        if changes:
            tag.review_comment = None if tag.status == DRAFT else tag.review_comment
            tag.updated_by_id = getattr(actor, "id", None)
            record(
                "tag.updated",
                "tag",
                tag.id,
                actor=actor,
                actor_label=actor_label,
                changes=changes,
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
                line_key=tag_input.key,
            )
    db.session.flush()
    return tag, created, {}


def delete_tag(tag: Tag, actor) -> None:
    record(
        "tag.deleted",
        "tag",
        tag.id,
        actor=actor,
        jurisdiction_id=tag.jurisdiction_id,
        fiscal_year=tag.fiscal_year,
        line_key=tag.key,
        changes={
            "measure": [tag.measure.code if tag.measure else None, None],
            "share_units": [tag.share_units, None],
            "status": [tag.status, None],
        },
    )
    db.session.delete(tag)
    db.session.flush()


def year_tags(jurisdiction_id: int, fiscal_year: int) -> list[Tag]:
    return list(
        db.session.scalars(
            select(Tag)
            .where(Tag.jurisdiction_id == jurisdiction_id, Tag.fiscal_year == fiscal_year)
            .order_by(*(getattr(Tag, code) for code in KEY_CODES), Tag.id)
        )
    )


@dataclass
class BulkResult:
    saved: int = 0
    # problems of the form's own fields (the same for every line): field -> messages
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    # problems of single lines (shares above 1, a tag changed since it was read): key -> messages
    line_errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.field_errors or self.line_errors)


def bulk_tag(
    jurisdiction: Jurisdiction,
    fiscal_year: int,
    keys: list[dict[str, str]],
    fields: dict[str, Any],
    actor,
    seen: dict[int, int] | None = None,
) -> BulkResult:
    """The same tag on many lines; each line is checked on its own, the valid ones saved.

    `seen` ({tag id: version}) is what the page showed: a line whose tag of that measure was
    created or changed since is not saved, and its problem names both values."""
    result = BulkResult()
    shown = _shown_versions(seen or {})
    for key in keys:
        tag_input, problems = parse_tag({**fields, **key}, jurisdiction)
        text = LineKey.from_mapping(key).text
        if problems:
            for name, message in problems.items():
                if name in KEY_CODES:
                    result.line_errors.setdefault(text, []).append(f"{name}: {message}")
                elif message not in result.field_errors.setdefault(name, []):
                    result.field_errors[name].append(message)
            continue
        try:
            _tag, _created, problems = save_tag(
                jurisdiction,
                fiscal_year,
                tag_input,
                actor,
                expected_version=None
                if seen is None
                else shown.get(
                    (
                        LineKey.from_mapping(key),
                        tag_input.measure.id if tag_input.measure else None,
                    ),
                    0,
                ),
            )
        except TagConflict as conflict:
            result.line_errors.setdefault(text, []).append(conflict_text(conflict, tag_input))
            continue
        if problems:
            result.line_errors.setdefault(text, []).extend(problems.values())
        else:
            result.saved += 1
    return result


def _shown_versions(seen: dict[int, int]) -> dict[tuple[LineKey, int | None], int]:
    """{(line key, measure id): version} of the tags a page showed."""
    if not seen:
        return {}
    return {
        (tag.line_key, tag.measure_id): seen[tag.id]
        for tag in db.session.scalars(select(Tag).where(Tag.id.in_(list(seen))))
    }


def tag_summary(relevance: str, share_units: int, justification: str | None) -> str:
    """A tag in a few words, for messages that set two versions side by side."""
    from budget.i18n import number
    from budget.labels import RELEVANCE

    text = _(
        "%(relevance)s, share %(share)s",
        relevance=RELEVANCE.get(relevance, relevance),
        share=number(Decimal(share_units) / SHARE_SCALE, 4),
    )
    if justification:
        shown = justification if len(justification) <= 80 else justification[:77] + "…"
        text += " · “" + shown + "”"
    return text


def conflict_text(conflict: TagConflict, tag_input: TagInput) -> str:
    yours = tag_summary(tag_input.relevance, tag_input.share_units, tag_input.justification)
    current = conflict.current
    if current is None:
        return _(
            "this tag was removed since you opened the page (yours: %(yours)s). Nothing was "
            "saved for this line: reload the page and save again.",
            yours=yours,
        )
    return _(
        "this tag was changed by someone else since you opened the page: now %(current)s "
        "(%(status)s); yours: %(yours)s. Nothing was saved for this line: compare, then save "
        "again.",
        current=tag_summary(current.relevance, current.share_units, current.justification),
        status=_status_label(current.status),
        yours=yours,
    )


def _status_label(status: str) -> str:
    from budget.labels import STATUS

    return str(STATUS.get(status, status))


def key_json(key: dict[str, str]) -> dict[str, str]:
    """A line key as answers write it: the budget user only where there is one, so that keys
    without one read exactly as before budget users were part of the key."""
    return {code: value for code, value in key.items() if code != "unit" or value}


def tag_json(tag: Tag) -> dict:
    share = Decimal(tag.share_units) / SHARE_SCALE
    return {
        "id": tag.id,
        "jurisdiction": tag.jurisdiction.code,
        "fiscal_year": tag.fiscal_year,
        **key_json(tag.key),
        "measure": tag.measure.code if tag.measure else None,
        "relevance": tag.relevance,
        "share": str(share.quantize(Decimal("0.0001"))),
        "beneficiaries_total": tag.beneficiaries_total,
        "beneficiaries_roma": tag.beneficiaries_roma,
        "beneficiaries_roma_women": tag.beneficiaries_roma_women,
        "justification": tag.justification,
        "status": tag.status,
        "version": tag.version,
    }
