"""The tagging sheet: a year's budget lines as an XLSX workbook with the tag columns to fill.

One row per tag, and one row with empty tag columns for every line key without a tag; the
header row names the tags format's columns, so the filled sheet uploads back as a tags file
(`budget.tagging.importer.check_tags` with `only`). Drop-down lists offer the valid measure
codes and relevances, and data validation keeps shares between 0 and 1 and counts whole. The
description and the amount in force are there to read (grey); uploads ignore them.
"""

from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, select

from budget.analysis.summary import year_overview
from budget.budgets.models import KEY_CODES, BudgetLine
from budget.extensions import db
from budget.i18n import measure_title, place_name
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.money import SHARE_SCALE, from_minor
from budget.plans.services import measures_for
from budget.tagging.services import year_tags

COLUMNS = (
    "jurisdiction",
    "fiscal_year",
    *KEY_CODES,
    "description",
    "in_force",
    "measure",
    "relevance",
    "share",
    "beneficiaries_total",
    "beneficiaries_roma",
    "beneficiaries_roma_women",
    "justification",
    "status",
)
READ_ONLY = ("jurisdiction", "fiscal_year", *KEY_CODES, "description", "in_force", "status")
SPARE_ROWS = 500  # rows below the lines with the same lists, for lines typed in by hand
GREY = PatternFill("solid", start_color="EEEEEE")


def column_help() -> dict[str, str]:
    return {
        "jurisdiction": _("The jurisdiction's code: keep it."),
        "fiscal_year": _("The fiscal year: keep it."),
        "program": _("Program code of the line key."),
        "activity": _("Program activity or project code of the line key."),
        "function": _("Functional classification code of the line key."),
        "economic": _("Economic classification account of the line key (required)."),
        "source": _("Source of funding code of the line key."),
        "unit": _("Budget user of the line key (razdeo/glava, budget organisation), or empty."),
        "description": _("For reading: the line's description (ignored on upload)."),
        "in_force": _("For reading: the amount in force (ignored on upload)."),
        "measure": _("The strategy or action plan measure the line serves (list), or empty."),
        "relevance": _("targeted: the line exists for Roma; mainstream: a share reaches Roma."),
        "share": _("Roma share of a mainstream line, above 0 and below 1 (e.g. 0.15 or 15 %)."),
        "beneficiaries_total": _("Beneficiaries in all (whole number)."),
        "beneficiaries_roma": _("Of them Roma (at most the total)."),
        "beneficiaries_roma_women": _("Of them Roma women (at most the Roma)."),
        "justification": _("Why the line serves Roma, and the evidence."),
        "status": _("For reading: the tag's review status. Uploaded tags become drafts."),
    }


def tagging_sheet(jurisdiction: Jurisdiction, year: int) -> bytes:
    overview = year_overview(jurisdiction, year)
    documents = overview.documents if overview else None
    document_ids = [d.id for d in documents.all] if documents else []
    codes = [getattr(BudgetLine, code) for code in KEY_CODES]
    keys = {
        LineKey(*row[:-1]): row[-1]
        for row in db.session.execute(
            select(*codes, func.max(BudgetLine.description))
            .where(BudgetLine.document_id.in_(document_ids))
            .group_by(*codes)
        )
    }
    in_force = {}
    if documents and documents.in_force:
        in_force = {
            LineKey(*row[:-1]): from_minor(row[-1])
            for row in db.session.execute(
                select(*codes, BudgetLine.amount_minor).where(
                    BudgetLine.document_id == documents.in_force.id
                )
            )
        }
    tags: dict[LineKey, list] = {}
    for tag in year_tags(jurisdiction.id, year):
        tags.setdefault(tag.line_key, []).append(tag)
    measures = measures_for(jurisdiction)

    book = Workbook()
    sheet = book.active
    sheet.title = _("Tags")[:31]
    sheet.append(list(COLUMNS))
    helps = column_help()
    for index, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.comment = Comment(helps[name], "RRB")
        if name in READ_ONLY:
            cell.fill = GREY
        sheet.column_dimensions[get_column_letter(index)].width = {
            "description": 48,
            "justification": 40,
            "measure": 16,
        }.get(name, 13)
    sheet.freeze_panes = "A2"

    for key in sorted(set(keys) | set(tags), key=lambda k: k.codes()):
        base = [
            jurisdiction.code,
            year,
            *key.codes(),
            keys.get(key, ""),
            _number(in_force.get(key)),
        ]
        for tag in tags.get(key) or [None]:
            if tag is None:
                sheet.append(base + [None] * 8)
                continue
            sheet.append(
                [
                    *base,
                    tag.measure.code if tag.measure else None,
                    tag.relevance,
                    Decimal(tag.share_units) / SHARE_SCALE
                    if tag.relevance == "mainstream"
                    else None,
                    tag.beneficiaries_total,
                    tag.beneficiaries_roma,
                    tag.beneficiaries_roma_women,
                    tag.justification,
                    tag.status,
                ]
            )
    last = sheet.max_row + SPARE_ROWS
    column = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
    for name in READ_ONLY:
        for (cell,) in sheet[f"{column[name]}2:{column[name]}{sheet.max_row}"]:
            cell.fill = GREY
    for (cell,) in sheet[f"{column['share']}2:{column['share']}{sheet.max_row}"]:
        cell.number_format = "0.0000"

    lists = book.create_sheet(_("Measures")[:31])
    lists.append([_("Code"), _("Measure")])
    for measure in measures:
        lists.append([measure.code, measure_title(measure.title, measure.title_en)])
    lists.column_dimensions["A"].width = 18
    lists.column_dimensions["B"].width = 80
    measure_list = DataValidation(
        type="list",
        formula1=f"'{lists.title}'!$A$2:$A${max(len(measures) + 1, 2)}",
        allow_blank=True,
        error=_("Choose a measure code from the list (sheet %(sheet)s).", sheet=lists.title),
        errorTitle=_("Unknown measure"),
    )
    relevance_list = DataValidation(type="list", formula1='"targeted,mainstream"', allow_blank=True)
    share_range = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        error=_("The share is above 0 and at most 1, e.g. 0.15 (15 %)."),
        errorTitle=_("Share"),
    )
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error=_("A whole number, 0 or more."),
    )
    for validation in (measure_list, relevance_list, share_range, whole):
        sheet.add_data_validation(validation)
    measure_list.add(f"{column['measure']}2:{column['measure']}{last}")
    relevance_list.add(f"{column['relevance']}2:{column['relevance']}{last}")
    share_range.add(f"{column['share']}2:{column['share']}{last}")
    for name in ("beneficiaries_total", "beneficiaries_roma", "beneficiaries_roma_women"):
        whole.add(f"{column[name]}2:{column[name]}{last}")

    notes = book.create_sheet(_("How to fill it")[:31])
    for line in (
        _("Tagging sheet of %(place)s, %(year)s", place=place_name(jurisdiction), year=year),
        "",
        _(
            "Fill the white columns of a line to tag it; leave them empty for a line that does "
            "not serve Roma. A line serving two measures takes two rows with the same codes."
        ),
        _(
            "Keep the grey columns: they say which line a row is. Description, amount in force "
            "and status are for reading and are ignored on upload."
        ),
        _(
            "Upload the sheet on the work page of the year: you see what would change before "
            "anything is written. Rows equal to the stored tags change nothing; rows left empty "
            "do not remove tags (remove a tag on its line's page)."
        ),
        _("Every tag written from the sheet is a draft until you submit the year for review."),
        "",
        *(f"{name}: {helps[name]}" for name in COLUMNS),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(amount: Decimal | None) -> Decimal | None:
    return amount  # a number cell, exact (openpyxl writes a Decimal as it is)
