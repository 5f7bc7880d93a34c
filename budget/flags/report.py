"""The shadow report of a jurisdiction-year, for a monitor to take to the council: the findings,
the flags with their answers, the tagged lines never executed, the disproportionate cuts, and
the score with the reason of each dimension, one sheet each."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from budget.flags.labels import STATUS, category_label
from budget.flags.services import public_flags
from budget.portal import analysis
from budget.portal.findings import year_findings
from budget.portal.scorecard import dimensions_table
from budget.scoring import services as scoring
from budget.scoring.peers import peers
from budget.web.lookups import year_or_404
from budget.web.tables import Column, DataTable, xlsx_book


def shadow_report(jurisdiction, year: int) -> bytes:
    overview = year_or_404(jurisdiction, year)
    result = analysis.year_analysis(jurisdiction, overview)
    score = group = None
    if jurisdiction.kind in scoring.method(scoring.DEFAULT_METHOD).scored_kinds:
        score = scoring.score(jurisdiction, year)
        group = peers(jurisdiction, year)
    if overview is None:
        abort(404)
    findings = DataTable(
        name="findings",
        caption=_("Findings"),
        columns=[Column("tone", _("Kind")), Column("text", _("Finding"))],
    )
    tones = {"alert": _("Alert"), "warning": _("Warning"), "good": _("Good"), "info": _("Note")}
    for finding in year_findings(jurisdiction, overview, result, score, group):
        findings.rows.append({"tone": tones.get(finding.tone, finding.tone), "text": finding.text})

    from budget.flags.views import target_label

    flags = DataTable(
        name="flags",
        caption=_("Flags and answers"),
        columns=[
            Column("id", _("Flag"), "number"),
            Column("created_at", _("Opened"), "datetime"),
            Column("author", _("By")),
            Column("target", _("About")),
            Column("category", _("What looks wrong")),
            Column("text", _("Flag")),
            Column("status", _("Status")),
            Column("answer", _("Answer")),
            Column("answered_at", _("Answered"), "datetime"),
        ],
    )
    for flag in reversed(public_flags(jurisdiction.id, year)):
        flags.rows.append(
            {
                "id": flag.id,
                "created_at": flag.created_at,
                "author": flag.author_name,
                "target": target_label(flag),
                "category": category_label(flag.category),
                "text": flag.text,
                "status": str(STATUS.get(flag.status, flag.status)),
                "answer": flag.answer_text or "",
                "answered_at": flag.answered_at,
            }
        )
    cuts = DataTable(
        name="cuts",
        caption=_("Disproportionate cuts"),
        currency=result.rebalance.currency,
        columns=result.rebalance.columns,
        rows=[row for row in result.rebalance.rows if row.get("disproportionate")],
    )
    sheets = [
        (_("Findings"), findings),
        (_("Flags and answers"), flags),
        (_("Never executed"), result.never_executed),
        (_("Disproportionate cuts"), cuts),
    ]
    if score is not None:
        summary = DataTable(
            name="score",
            caption=_("Score"),
            columns=[Column("what", _("What")), Column("value", _("Value"))],
            rows=[
                {"what": _("Method"), "value": score["methodology"]},
                {
                    "what": _("Index"),
                    "value": "" if score["index"] is None else str(score["index"]),
                },
                {"what": _("Grade"), "value": score.get("grade") or ""},
            ],
        )
        sheets += [
            (_("Score"), summary),
            (_("Dimensions"), dimensions_table(jurisdiction, year, score)),
        ]
    return xlsx_book(sheets)
