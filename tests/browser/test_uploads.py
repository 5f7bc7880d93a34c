"""In a real browser: a finance officer uploads a budget, reads the preview, confirms; then
downloads the tagging sheet, fills it in a spreadsheet program (openpyxl here) and uploads it
back; a reviewer's return reaches the officer's start page."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.test_phone_and_accessibility import serious_violations, width_of
from tests.browser.test_tagging_workflow import sign_in

ADOPTED = """jurisdiction,fiscal_year,stage,program,activity,function,economic,source,description,amount
RS-X,2025,adopted,0901,0901-0001,070,472,01,Jednokratne pomoći Romima,1000.00
RS-X,2025,adopted,1801,1801-P1,740,423,01,Zdravstvene medijatorke,200.00
RS-X,2025,adopted,0602,0602-0001,130,411,01,Plate,5000.00
"""
REBALANCE = ADOPTED.replace("1000.00", "600.00").replace("200.00", "250.00")


def test_upload_preview_confirm_and_the_tagging_sheet(tmp_path, runner, write, make_user, page_for):
    measures = write(
        "m.csv",
        "code,title,title_en,area,level,jurisdiction\n"
        "M-SP,Socijalna zaštita,Social protection,social_protection,national,\n",
    )
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    finance = make_user("finance", "RS-X")
    page = page_for()
    page.set_viewport_size({"width": 390, "height": 900})  # as on an officer's phone
    sign_in(page, finance.email)
    problems: list[str] = []

    def look() -> None:
        """The page fits the phone and has no serious accessibility problem."""
        if width_of(page) > 390:
            problems.append(f"{page.url} is {width_of(page)} px wide")
        problems.extend(f"{page.url}: {v}" for v in serious_violations(page))

    page.goto("/work")
    expect(page.get_by_text("No budget of Example is stored yet")).to_be_visible()
    page.get_by_role("link", name="Upload budget documents").first.click()

    # a broken file: every problem with its row, nothing written
    broken = tmp_path / "broken.csv"
    broken.write_text(
        ADOPTED.replace(",472,", ",,").replace("RS-X,2025,adopted,1801", "RS-Y,2025,adopted,1801")
    )
    page.get_by_label("File (.csv or .xlsx)").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_role("heading", name=re.compile("Nothing was written: the file has 2 problems"))
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"2 economic"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"3 jurisdiction"))).to_be_visible()
    look()

    adopted = tmp_path / "adopted.csv"
    adopted.write_text(ADOPTED)
    page.get_by_label("File (.csv or .xlsx)").set_input_files(str(adopted))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("A new document: 3 lines, total 6,200.00")).to_be_visible()
    look()
    page.get_by_role("button", name="Write this document").click()
    expect(page.get_by_text("1 document written from adopted.csv.")).to_be_visible()
    expect(page.get_by_role("link", name="adopted.csv").first).to_be_visible()

    # the tagging sheet: download, fill one line, upload back
    page.goto("/work/RS-X/2025/tagging-sheet")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the tagging sheet (XLSX)").click()
    sheet_path = tmp_path / "sheet.xlsx"
    download_info.value.save_as(sheet_path)
    book = load_workbook(sheet_path)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    unchanged = tmp_path / "unchanged.xlsx"
    book.save(unchanged)
    page.get_by_label("File (.csv or .xlsx)").set_input_files(str(unchanged))
    page.get_by_role("button", name="Check the sheet").click()
    expect(page.get_by_text("changes nothing")).to_be_visible()
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["activity"].value == "0901-0001":
            cells["measure"].value = "M-SP"
            cells["relevance"].value = "targeted"
            cells["justification"].value = "Jednokratne pomoći za romske porodice"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    page.goto("/work/RS-X/2025/tagging-sheet")
    page.get_by_label("File (.csv or .xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Check the sheet").click()
    expect(page.get_by_text("1 tags would be created and 0 changed")).to_be_visible()
    look()
    page.get_by_role("button", name="Write these tags").click()
    expect(page.get_by_text("1 tags created, 0 updated")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Jednokratne pomoći Romima"))).to_contain_text(
        "M-SP"
    )

    # a rebalance of the adopted budget: the preview names the cut to the tagged line
    rebalance = tmp_path / "corrected.csv"
    rebalance.write_text(REBALANCE)
    page.goto("/work/RS-X/upload")
    page.get_by_label("File (.csv or .xlsx)").set_input_files(str(rebalance))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("0 lines added, 0 removed, 2 with another amount")).to_be_visible()
    expect(page.get_by_text("1 of them is cut or removed.")).to_be_visible()
    look()
    expect(page.get_by_role("row", name=re.compile("Jednokratne"))).to_contain_text("400.00")
    page.get_by_role("button", name="Write this document").click()
    expect(page.get_by_text("1 document written from corrected.csv.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("corrected.csv"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("adopted.csv"))).to_be_visible()
    look()
    assert problems == [], "\n".join(problems)
