"""Findings: what a page shows, said first in plain words.

Each finding is a sentence in the reader's language built from the figures the page already
computed (the aggregation layer, the rebalance monitor, the execution tracker, the stored score
and its peers); nothing here sums anything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from budget.analysis.summary import YearOverview, per_head
from budget.i18n import money, number, percent, place_name
from budget.jurisdictions.models import Jurisdiction

ALERT, WARNING, GOOD, INFO = "alert", "warning", "good", "info"


@dataclass(frozen=True)
class Finding:
    tone: str  # alert | warning | good | info
    text: str
    href: str | None = None  # where the page shows the figures behind it
    link_text: str | None = None


def change(ratio: Decimal | None) -> str:
    """A relative change in words: "fell by 18.7%", "grew by 3.9%"."""
    if ratio is None:
        return _("started from nothing")
    if ratio < 0:
        return _("fell by %(percent)s", percent=percent(-ratio))
    if ratio > 0:
        return _("grew by %(percent)s", percent=percent(ratio))
    return _("stayed the same")


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


def year_findings(
    jurisdiction: Jurisdiction,
    overview: YearOverview,
    analysis,
    score: dict | None = None,
    peers=None,
    choice=None,
) -> list[Finding]:
    """The findings of a jurisdiction-year, most serious first; amounts in the currency the page
    shows (`choice`, the currency switch: euro at the year's rate, or the local currency)."""
    currency = choice.shown if choice is not None else jurisdiction.currency

    def shown(value: Decimal | None) -> Decimal | None:
        return choice.amount(value) if choice is not None else value

    chosen = overview.documents
    findings: list[Finding] = []
    in_force = overview.totals_of(chosen.in_force)
    executed = overview.totals_of(chosen.executed)

    # Disproportionate cuts: the lesson of the 2020 rebalances.
    for step in analysis.steps:
        if step.disproportionate:
            findings.append(
                Finding(
                    ALERT,
                    _(
                        "In rebalance %(n)s the Roma-relevant budget %(tagged)s while the total "
                        "budget %(total)s: a disproportionate cut.",
                        n=step.after.revision,
                        tagged=change(step.tagged_ratio),
                        total=change(step.total_ratio),
                    ),
                    "#rebalance-heading",
                    _("Rebalance monitor"),
                )
            )

    never = analysis.never_executed.rows
    if never:
        amount = sum((row["in_force"] for row in never), Decimal(0))
        findings.append(
            Finding(
                ALERT,
                ngettext(
                    "%(num)d Roma-relevant line with %(amount)s in force was not executed at all.",
                    "%(num)d Roma-relevant lines with %(amount)s in force were not executed at "
                    "all.",
                    len(never),
                    amount=money(shown(amount), currency),
                ),
                "#execution-heading",
                _("Execution tracker"),
            )
        )

    if in_force is not None:
        if not in_force.tagged:
            findings.append(
                Finding(
                    WARNING,
                    _("No line of the budget in force has an approved Roma-relevant tag yet."),
                )
            )
        else:
            per_roma = per_head(shown(in_force.tagged), jurisdiction.roma_population)
            share = percent(_ratio(in_force.tagged, in_force.total))
            if per_roma is not None:
                text = _(
                    "%(share)s of the budget in force (%(amount)s) is Roma-relevant: %(per)s "
                    "per Roma resident.",
                    share=share,
                    amount=money(shown(in_force.tagged), currency),
                    per=money(per_roma, currency),
                )
            else:
                text = _(
                    "%(share)s of the budget in force (%(amount)s) is Roma-relevant.",
                    share=share,
                    amount=money(shown(in_force.tagged), currency),
                )
            findings.append(Finding(INFO, text, "#areas-heading", _("By strategy area")))

    if in_force is not None and executed is not None and in_force.tagged:
        tagged_rate = _ratio(executed.tagged, in_force.tagged)
        total_rate = _ratio(executed.total, in_force.total)
        worse = total_rate is not None and tagged_rate < total_rate - Decimal("0.05")
        findings.append(
            Finding(
                WARNING if worse else GOOD,
                _(
                    "By %(date)s, %(rate)s of the Roma-relevant budget was spent (of the whole "
                    "budget: %(total)s).",
                    date=_date(chosen.executed.as_of),
                    rate=percent(tagged_rate),
                    total=percent(total_rate),
                ),
                "#execution-heading",
                _("Execution tracker"),
            )
        )

    if score is not None:
        findings.extend(score_findings(jurisdiction, overview.fiscal_year, score, peers))
    return findings


def _date(value) -> str:
    return format_date(value, "medium") if value else ""


def score_findings(jurisdiction: Jurisdiction, year: int, score: dict, peers) -> list[Finding]:
    href = url_for("portal.scorecard", code=jurisdiction.code, year=year)
    if score.get("index") is None:
        return [
            Finding(
                INFO,
                _("Too few data to compute the RRB index: fewer than 4 of its 6 dimensions."),
                href,
                _("Scorecard"),
            )
        ]
    text = _(
        "RRB index %(index)s of 100, grade %(grade)s.",
        index=number(score["index"], 1),
        grade=score["grade"],
    )
    if peers is not None and peers.scored > 1:
        text += " " + ngettext(
            "%(num)d of %(count)s similar jurisdictions scores higher; their median is %(median)s.",
            "%(num)d of %(count)s similar jurisdictions score higher; their median is %(median)s.",
            peers.higher,
            count=peers.scored,
            median=number(peers.median_index, 1),
        )
    tone = GOOD if score["grade"] in ("A", "B") else WARNING
    return [Finding(tone, text, href, _("Scorecard"))]


def national_findings(rows: list[dict], year: int) -> list[Finding]:
    """The country in a few sentences: how many cut disproportionately, execution extremes.

    `rows`: per jurisdiction {"jurisdiction", "disproportionate", "execution_rate"}."""
    findings: list[Finding] = []
    if not rows:
        return findings
    cut = [r for r in rows if r.get("disproportionate")]
    if cut:
        findings.append(
            Finding(
                ALERT,
                ngettext(
                    "%(num)d of %(count)s jurisdictions cut its Roma-relevant budget "
                    "disproportionately in a rebalance of %(year)s: %(names)s.",
                    "%(num)d of %(count)s jurisdictions cut their Roma-relevant budget "
                    "disproportionately in a rebalance of %(year)s: %(names)s.",
                    len(cut),
                    count=len(rows),
                    year=year,
                    names=", ".join(place_name(r["jurisdiction"]) for r in cut),
                ),
            )
        )
    else:
        findings.append(
            Finding(
                GOOD,
                _(
                    "No jurisdiction cut its Roma-relevant budget disproportionately in a "
                    "rebalance of %(year)s.",
                    year=year,
                ),
            )
        )
    rated = [r for r in rows if r.get("execution_rate") is not None]
    if len(rated) >= 2:
        best = max(rated, key=lambda r: r["execution_rate"])
        worst = min(rated, key=lambda r: r["execution_rate"])
        findings.append(
            Finding(
                INFO,
                _(
                    "Execution of the Roma-relevant budget: highest in %(best)s (%(best_rate)s), "
                    "lowest in %(worst)s (%(worst_rate)s).",
                    best=place_name(best["jurisdiction"]),
                    best_rate=percent(best["execution_rate"]),
                    worst=place_name(worst["jurisdiction"]),
                    worst_rate=percent(worst["execution_rate"]),
                ),
            )
        )
    return findings
