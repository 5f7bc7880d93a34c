"""In a real browser, on a phone: a finance officer enters an indicator of the action plan and
its values, a mistake is shown beside its field, the officer submits, a reviewer approves, and
the measures page shows the indicator beside its money; then the national measures page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_phone_and_accessibility import serious_violations, width_of
from tests.browser.test_tagging_workflow import sign_in

MEASURES = (
    "code,title,title_en,area,level,jurisdiction,parent\n"
    "M-ED,Obrazovanje,Education,education,national,,\n"
    "RS-X-LAP-1,Asistenti u nastavi,Teaching assistants,education,local,RS-X,M-ED\n"
)
BUDGET = (
    "jurisdiction,fiscal_year,stage,program,activity,economic,description,amount\n"
    "RS-X,2025,adopted,2002,2002-0001,423,Pedagoški asistenti,1000.00\n"
)
TAGS = (
    "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,status\n"
    "RS-X,2025,2002,2002-0001,423,RS-X-LAP-1,targeted,approved\n"
)


def test_an_indicator_from_entry_to_the_public_page(runner, write, make_user, page_for):
    for kind, text in (("measures", MEASURES), ("budget", BUDGET), ("tags", TAGS)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output
    finance = make_user("finance", "RS-X")
    reviewer = make_user("reviewer")
    page = page_for()
    page.set_viewport_size({"width": 390, "height": 900})
    problems: list[str] = []

    def look() -> None:
        if width_of(page) > 390:
            problems.append(f"{page.url} is {width_of(page)} px wide")
        problems.extend(f"{page.url}: {v}" for v in serious_violations(page))

    sign_in(page, finance.email)
    page.goto("/work")
    page.get_by_role("link", name="Indicators", exact=True).click()
    expect(page.get_by_text("No indicator is entered yet.")).to_be_visible()
    look()
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Measure", exact=True).select_option("RS-X-LAP-1")
    page.get_by_label("Code", exact=True).fill("IND-X-1")
    page.get_by_label("Name (Serbian, Latin script)").fill("Romski učenici uz asistente")
    page.get_by_label("Name in English").fill("Roma pupils with assistants")
    page.get_by_label("Unit", exact=True).select_option("number")
    page.get_by_label("Baseline year", exact=True).fill("2022")
    page.get_by_label("Baseline value", exact=True).fill("100")
    page.get_by_label("Target year", exact=True).fill("2021")  # a mistake: before the baseline
    page.get_by_label("Target value", exact=True).fill("200")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Nothing was saved: correct the fields marked below.")).to_be_visible()
    expect(page.locator("#target_year-errors")).to_have_text("must be after the baseline year")
    expect(page.get_by_label("Code", exact=True)).to_have_value("IND-X-1")  # what was typed is kept
    look()
    page.get_by_label("Target year", exact=True).fill("2027")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Indicator IND-X-1 saved as a draft")).to_be_visible()

    page.get_by_label("Year measured", exact=True).fill("2025")
    page.get_by_label("Value", exact=True).fill("130,5")
    page.get_by_role("button", name="Save the value as draft").click()
    expect(page.get_by_text("The value 130.5 of 2025 was saved as a draft.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"2025 all \(total\) 130\.5"))).to_be_visible()
    look()
    page.get_by_role("button", name="Submit the drafts for review").click()
    expect(page.get_by_text("2 items submitted for review.")).to_be_visible()

    reviewer_page = page_for()
    reviewer_page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(reviewer_page, reviewer.email)
    reviewer_page.goto("/review")
    expect(
        reviewer_page.get_by_role("heading", name=re.compile("Indicators of Example"))
    ).to_be_visible()
    for box in reviewer_page.locator("input[name=item]").all():
        box.check()
    reviewer_page.get_by_label("Approve").check()
    reviewer_page.get_by_role("button", name="Apply decision").click()
    expect(reviewer_page.get_by_text("2 items approved.")).to_be_visible()

    page.goto("/work")
    expect(
        page.get_by_text(re.compile("2 indicator entries of Example were approved"))
    ).to_be_visible()
    page.goto("/jurisdictions/RS-X/years/2025/measures")
    expect(page.get_by_role("heading", name="Roma pupils with assistants")).to_be_visible()
    expect(page.get_by_text(re.compile("Measured 130.5 in 2025: 31% of the way"))).to_be_visible()
    look()
    page.goto("/countries/RS/years/2025/measures")
    expect(page.get_by_role("heading", name=re.compile("M-ED · Education"))).to_be_visible()
    expect(page.get_by_text("1,000.00 RSD").first).to_be_visible()  # the local measure's money
    look()
    assert problems == []
