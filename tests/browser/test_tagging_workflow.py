"""In a real browser: a finance officer tags lines in bulk and submits; a reviewer returns one
and approves the rest; public figures change only after approval."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD

BUDGET = """jurisdiction,fiscal_year,stage,revision,program,activity,function,economic,source,description,amount
RS-X,2024,adopted,,0901,0901-0001,070,472,01,Jednokratne pomoći,1000.00
RS-X,2024,adopted,,1801,1801-P1,740,423,01,Zdravstvene medijatorke,200.00
RS-X,2024,adopted,,2002,2002-P1,912,423,01,Pedagoški asistenti,300.00
RS-X,2024,adopted,,0602,0602-0001,130,411,01,Plate,5000.00
"""


def sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account$"))


def public_tagged(page) -> str:
    return page.request.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json()["adopted"][
        "tagged"
    ]


def test_bulk_tagging_review_and_publication(runner, write, make_user, page_for):
    assert runner.invoke(args=["import", "budget", str(write("b.csv", BUDGET))]).exit_code == 0
    finance = make_user("finance", "RS-X")
    reviewer = make_user("reviewer")

    officer = page_for()
    sign_in(officer, finance.email)
    officer.get_by_role("link", name="My budget").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("My work")
    officer.get_by_role("link", name="2024", exact=True).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("budget 2024")
    for description in ("Jednokratne pomoći", "Zdravstvene medijatorke", "Pedagoški asistenti"):
        officer.get_by_role("row", name=re.compile(description)).get_by_role("checkbox").check()
    officer.get_by_label("Relevance").select_option("targeted")
    officer.get_by_label("Justification and evidence").fill(
        "Roma-targeted lines of the action plan"
    )
    officer.get_by_role("button", name="Tag selected lines").click()
    expect(officer.get_by_text("3 lines tagged (as drafts).")).to_be_visible()
    expect(officer.locator('[data-figure="drafts-1"]')).to_contain_text("1,500.00")
    expect(officer.locator('[data-figure="approved-1"]')).to_have_text("0.00")
    assert public_tagged(officer) == "0.00"
    officer.get_by_role("button", name=re.compile("Submit the year")).click()
    expect(officer.get_by_text("3 items submitted for review.")).to_be_visible()
    assert public_tagged(officer) == "0.00"

    ministry = page_for()
    sign_in(ministry, reviewer.email)
    ministry.get_by_role("link", name="Review queue").click()
    ministry.get_by_role("row", name=re.compile("Zdravstvene medijatorke")).get_by_role(
        "checkbox"
    ).check()
    ministry.get_by_label("Return with a comment").check()
    ministry.get_by_label(re.compile("Comment")).fill(
        "Which action plan measure do the mediators implement?"
    )
    ministry.get_by_role("button", name="Apply decision").click()
    expect(ministry.get_by_text("1 items returned.")).to_be_visible()
    assert public_tagged(ministry) == "0.00"
    for checkbox in ministry.get_by_role("checkbox").all():
        checkbox.check()
    ministry.get_by_label("Approve").check()
    ministry.get_by_role("button", name="Apply decision").click()
    expect(ministry.get_by_text("2 items approved.")).to_be_visible()
    expect(ministry.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # published: the two approved lines only (1000 + 300)
    assert public_tagged(ministry) == "1300.00"
    visitor = page_for()
    visitor.goto("/jurisdictions/RS-X")
    expect(visitor.locator("td.money").nth(1)).to_have_text("1,300.00")

    officer.reload()
    expect(
        officer.get_by_text("Which action plan measure do the mediators implement?")
    ).to_be_visible()
