"""The measures page: each measure's money beside its indicators, and the signals in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from budget.extensions import db
from budget.indicators.progress import MeasureProgress, measures_progress
from budget.plans.models import PlanCost
from budget.portal.findings import Finding
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag

SMALL = 5  # counts of people below this are shown as "<5" in public: small numbers identify
STATUSES = ("off_track", "on_track", "achieved", "no_data")


def small_count(count: int | None) -> str | int | None:
    """A count of people as the public sees it: 1 to 4 as '<5'."""
    if count is not None and 0 < count < SMALL:
        return f"<{SMALL}"
    return count


def signal_text(signal: str) -> str:
    return {
        "spending_without_indicator": _("Money is spent, but no indicator shows what it achieves."),
        "funded_off_track": _("Money was spent, but an indicator is off track."),
        "no_funding": _("Progress is promised, but no approved tag funds this measure."),
    }[signal]


def status_text(status: str) -> str:
    return {
        "achieved": _("achieved"),
        "on_track": _("on track"),
        "off_track": _("off track"),
        "no_data": _("no data yet"),
    }[status]


@dataclass
class MeasureCard:
    progress: MeasureProgress
    planned: Decimal | None
    roma: int | None
    roma_women: int | None

    @property
    def per_beneficiary(self) -> Decimal | None:
        """Tagged in force per Roma beneficiary, where beneficiaries are tagged."""
        if not self.roma or self.progress.in_force is None:
            return None
        return (self.progress.in_force / self.roma).quantize(Decimal("0.01"), ROUND_HALF_UP)


def measure_cards(jurisdiction, overview, year: int, area: str = "", status: str = ""):
    found = measures_progress(jurisdiction, overview, year)
    ids = [m.measure.id for m in found]
    planned = dict(
        db.session.execute(
            select(PlanCost.measure_id, PlanCost.planned_cost_minor).where(
                PlanCost.jurisdiction_id == jurisdiction.id,
                PlanCost.fiscal_year == year,
                PlanCost.status == APPROVED,
                PlanCost.measure_id.in_(ids),
            )
        ).all()
    )
    counts = {
        measure_id: (roma, women)
        for measure_id, roma, women in db.session.execute(
            select(
                Tag.measure_id,
                func.sum(Tag.beneficiaries_roma),
                func.sum(Tag.beneficiaries_roma_women),
            )
            .where(
                Tag.jurisdiction_id == jurisdiction.id,
                Tag.fiscal_year == year,
                Tag.status == APPROVED,
                Tag.measure_id.in_(ids),
            )
            .group_by(Tag.measure_id)
        )
    }
    cards = []
    for progress in found:
        if area and progress.measure.area != area:
            continue
        if status and not any(i.status == status for i in progress.indicators):
            continue
        roma, women = counts.get(progress.measure.id, (None, None))
        minor = planned.get(progress.measure.id)
        cards.append(
            MeasureCard(
                progress,
                None if minor is None else (Decimal(minor) / 100).quantize(Decimal("0.01")),
                None if roma is None else int(roma),
                None if women is None else int(women),
            )
        )
    return cards


def signal_findings(jurisdiction, year: int, found: list[MeasureProgress]) -> list[Finding]:
    """The year page's findings of money against progress."""
    counts = {s: 0 for s in ("funded_off_track", "no_funding", "spending_without_indicator")}
    for measure in found:
        for signal in measure.signals:
            counts[signal] += 1
    href = url_for("portal.measures", code=jurisdiction.code, year=year)
    findings = []
    if counts["funded_off_track"]:
        findings.append(
            Finding(
                "alert",
                ngettext(
                    "%(num)s measure spent money while an indicator is off track.",
                    "%(num)s measures spent money while an indicator is off track.",
                    counts["funded_off_track"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    if counts["no_funding"]:
        findings.append(
            Finding(
                "warning",
                ngettext(
                    "%(num)s measure promises progress without approved money.",
                    "%(num)s measures promise progress without approved money.",
                    counts["no_funding"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    if counts["spending_without_indicator"]:
        findings.append(
            Finding(
                "info",
                ngettext(
                    "%(num)s funded measure has no indicator to show what it achieves.",
                    "%(num)s funded measures have no indicator to show what they achieve.",
                    counts["spending_without_indicator"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    return findings
