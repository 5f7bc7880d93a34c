"""Telling people what happened to their work: a notice on the start page of each finance
officer of the jurisdiction when a reviewer approves or returns items, and the same by e-mail
where `MAIL_SERVER` is configured (Flask-Mail). Mails wait until the transaction commits: a
decision that is rolled back sends nothing."""

from __future__ import annotations

from collections import Counter

from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_mail import Mail, Message
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from budget.auth.models import User
from budget.extensions import db
from budget.i18n import place_name
from budget.notices.models import Notice
from budget.review.statuses import APPROVED, RETURNED, SUBMITTED
from budget.time import utcnow

mail = Mail()
OUTBOX = "rrb_outbox"


def _topic(item) -> str:
    return "indicators" if type(item).__name__ in ("Indicator", "IndicatorValue") else "work"


def notify_review(items, new_status: str, actor, comment: str | None) -> list[Notice]:
    """One notice per finance officer and jurisdiction-year of the decided items (indicators:
    one per jurisdiction, they have no year); national indicators have no officer to tell."""
    if new_status not in (APPROVED, RETURNED) or not items:
        return []
    counts = Counter(
        (
            item.jurisdiction_id,
            None if _topic(item) == "indicators" else item.fiscal_year,
            _topic(item),
        )
        for item in items
        if item.jurisdiction_id is not None
    )
    places = {item.jurisdiction_id: item.jurisdiction for item in items}
    officers = db.session.scalars(
        select(User).where(
            User.role == "finance",
            User.active.is_(True),
            User.jurisdiction_id.in_({jurisdiction_id for jurisdiction_id, _y, _t in counts}),
        )
    ).all()
    notices = []
    for (jurisdiction_id, year, topic), count in sorted(
        counts.items(), key=lambda entry: (entry[0][0], entry[0][1] or 0, entry[0][2])
    ):
        for officer in officers:
            if officer.jurisdiction_id != jurisdiction_id:
                continue
            notice = Notice(
                user_id=officer.id,
                kind=new_status,
                jurisdiction_id=jurisdiction_id,
                fiscal_year=year,
                topic=topic,
                count=count,
                comment=comment or None,
                actor=actor.email,
            )
            notice.jurisdiction = places[jurisdiction_id]
            db.session.add(notice)
            notices.append(notice)
            _queue_mail(officer, notice)
    db.session.flush()
    return notices


def notify_answer(flag) -> Notice | None:
    """The author of a flag hears of its answer (on their page, and by mail where set)."""
    author = db.session.get(User, flag.author_id) if flag.author_id else None
    if author is None or not author.active:
        return None
    notice = Notice(
        user_id=author.id,
        kind="flag_answered",
        jurisdiction_id=flag.jurisdiction_id,
        fiscal_year=flag.fiscal_year,
        count=1,
        comment=flag.answer_text,
        actor=flag.jurisdiction.code,
        flag_id=flag.id,
    )
    notice.jurisdiction = flag.jurisdiction
    db.session.add(notice)
    _queue_mail(author, notice)
    return notice


def unread(user) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.user_id == user.id, Notice.read_at.is_(None))
            .order_by(Notice.created_at.desc(), Notice.id.desc())
        )
    )


def recent_read(user, limit: int = 5) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.user_id == user.id, Notice.read_at.is_not(None))
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def mark_read(user) -> int:
    result = db.session.execute(
        update(Notice)
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


def notice_text(notice: Notice) -> str:
    place = place_name(notice.jurisdiction)
    values = {"place": place, "year": notice.fiscal_year, "who": notice.actor}
    if notice.kind == "flag_answered":
        return _(
            "Your flag on %(place)s %(year)s was answered.", place=place, year=notice.fiscal_year
        )
    if notice.topic == "indicators" and notice.kind == APPROVED:
        return ngettext(
            "%(num)s indicator entry of %(place)s was approved by %(who)s.",
            "%(num)s indicator entries of %(place)s were approved by %(who)s.",
            notice.count,
            **values,
        )
    if notice.topic == "indicators":
        return ngettext(
            "%(num)s indicator entry of %(place)s was returned by %(who)s.",
            "%(num)s indicator entries of %(place)s were returned by %(who)s.",
            notice.count,
            **values,
        )
    if notice.kind == APPROVED:
        return ngettext(
            "%(num)s item of %(place)s %(year)s was approved by %(who)s.",
            "%(num)s items of %(place)s %(year)s were approved by %(who)s.",
            notice.count,
            **values,
        )
    return ngettext(
        "%(num)s item of %(place)s %(year)s was returned by %(who)s.",
        "%(num)s items of %(place)s %(year)s were returned by %(who)s.",
        notice.count,
        **values,
    )


def submitted_count() -> int:
    """Items waiting for a reviewer (the number beside the review queue in the menu)."""
    from budget.indicators.models import Indicator, IndicatorValue
    from budget.plans.models import PlanCost, QuestionnaireAnswer
    from budget.tagging.models import Tag

    return sum(
        db.session.scalar(select(func.count()).select_from(model).where(model.status == SUBMITTED))
        for model in (Tag, PlanCost, QuestionnaireAnswer, Indicator, IndicatorValue)
    )


# --- mail ---------------------------------------------------------------------------------------
def _queue_mail(officer: User, notice: Notice) -> None:
    if not current_app.config.get("MAIL_SERVER"):
        return
    with force_locale(current_app.config.get("MAIL_LOCALE", "sr_Latn")):
        if notice.kind == "flag_answered":
            link = url_for(
                "portal.year",
                code=notice.jurisdiction.code,
                year=notice.fiscal_year,
                _external=True,
                _anchor="flags",
            )
        elif notice.topic == "indicators":
            link = url_for("indicators.index", scope=notice.jurisdiction.code, _external=True)
        else:
            link = url_for(
                "work.workspace",
                code=notice.jurisdiction.code,
                year=notice.fiscal_year,
                _external=True,
            )
        body = notice_text(notice)
        if notice.comment and notice.kind == "flag_answered":
            body += "\n\n" + _("The answer: %(comment)s", comment=notice.comment)
        elif notice.comment:
            body += "\n\n" + _("The reviewer's comment: %(comment)s", comment=notice.comment)
        body += "\n\n" + link
        where = {"place": place_name(notice.jurisdiction), "year": notice.fiscal_year}
        if notice.kind == "flag_answered":
            subject = _("Your flag was answered: %(place)s %(year)s", **where)
        elif notice.topic == "indicators":
            subject = _("Review of your indicators: %(place)s", place=where["place"])
        else:
            subject = _("Review of your budget tags: %(place)s %(year)s", **where)
    message = Message(subject=subject, recipients=[officer.email], body=body)
    db.session.info.setdefault(OUTBOX, []).append(message)


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    outbox = session.info.pop(OUTBOX, None)
    if not outbox:
        return
    for message in outbox:
        try:
            mail.send(message)
        except Exception:  # a mail server down must not undo or hide the decision
            current_app.logger.exception("could not send the notice mail to %s", message.recipients)


@event.listens_for(Session, "after_rollback")
def _forget_outbox(session: Session) -> None:
    session.info.pop(OUTBOX, None)


def init_app(app) -> None:
    mail.init_app(app)

    @app.context_processor
    def notice_counts():
        """The reviewer's queue size and the officer's unread notices, for the menu."""
        from flask_login import current_user

        def queue_size() -> int:
            return submitted_count()

        def unread_count() -> int:
            return db.session.scalar(
                select(func.count())
                .select_from(Notice)
                .where(Notice.user_id == current_user.id, Notice.read_at.is_(None))
            )

        def open_flag_count() -> int:
            from budget.flags.models import Flag

            return db.session.scalar(
                select(func.count())
                .select_from(Flag)
                .where(Flag.status == "open", Flag.hidden_at.is_(None))
            )

        if not getattr(current_user, "is_authenticated", False):
            return {}
        return {
            "queue_size": queue_size,
            "unread_notices": unread_count,
            "open_flag_count": open_flag_count,
        }
