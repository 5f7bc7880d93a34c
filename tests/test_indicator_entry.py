"""Indicators and values entered on the web: finance officers for their action plan, admins for
the national strategy; drafts until a reviewer approves them, every change in the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue
from budget.notices.models import Notice
from tests.conftest import csrf_token, sign_in

BUDGET = (
    "jurisdiction,fiscal_year,stage,program,activity,economic,amount\n"
    "RS-X,2025,adopted,2002,2002-0001,472,1000.00\n"
)
MEASURES = (
    "code,title,area,level,jurisdiction\n"
    "M-ED,Obrazovanje,education,national,\n"
    "RS-X-LAP-1,Asistenti u nastavi,education,local,RS-X\n"
    "RS-Y-LAP-1,Ipsilon,health,local,RS-Y\n"
)
GOOD = {
    "measure": "RS-X-LAP-1",
    "code": "IND-X-1",
    "name": "Romski učenici uz asistente",
    "name_en": "Roma pupils with teaching assistants",
    "unit": "number",
    "baseline_year": "2022",
    "baseline_value": "100",
    "target_year": "2027",
    "target_value": "200",
    "source": "Gradska uprava",
}


@pytest.fixture
def place(runner, write, jurisdictions):
    for kind, text in (("measures", MEASURES), ("budget", BUDGET)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def post(client, page: str, url: str, data: dict, token_field: str = "csrf_token"):
    html = client.get(page).get_data(as_text=True)
    match = re.search(rf'name="{token_field}" type="hidden" value="([^"]+)"', html)
    token = match.group(1) if match else csrf_token(html)
    return client.post(url, data={**data, token_field: token})


def signed(app, make_user, role, jurisdiction=None):
    user = make_user(role, jurisdiction)
    browser = app.test_client()
    assert sign_in(browser, user.email).status_code == 302
    return browser, user


def public_indicators(app, code="RS-X", year=2025) -> dict:
    answer = app.test_client().get(f"/api/v1/jurisdictions/{code}/years/{year}/measures")
    assert answer.status_code == 200, answer.json
    return {i["code"]: i for m in answer.json for i in m["indicators"]}


def test_an_officer_enters_submits_and_a_reviewer_approves(app, make_user, place):
    officer, user = signed(app, make_user, "finance", "RS-X")
    page = "/work/RS-X/indicators/new"
    assert "Asistenti u nastavi" in officer.get(page).get_data(as_text=True)
    created = post(officer, page, page, GOOD)
    assert created.status_code == 302
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "IND-X-1"))
    assert (indicator.status, indicator.name_en, indicator.baseline_value) == (
        "draft",
        "Roma pupils with teaching assistants",
        "100",
    )
    edit = f"/work/RS-X/indicators/{indicator.id}"
    assert created.headers["Location"].endswith(edit)
    # values as people type them: a decimal comma; a value by sex beside the total
    for data in (
        {"v-year": "2025", "v-sex": "", "v-value": "130,5", "v-source": "Škole"},
        {"v-year": "2025", "v-sex": "female", "v-value": "70"},
        {"v-year": "2024", "v-sex": "", "v-value": "9999"},
    ):
        answer = post(officer, edit, f"{edit}/values", data, "v-csrf_token")
        assert answer.status_code == 302, answer.get_data(as_text=True)
    # the same year and group again replaces the value
    assert (
        post(
            officer, edit, f"{edit}/values", {"v-year": "2024", "v-value": "120"}, "v-csrf_token"
        ).status_code
        == 302
    )
    stored = {
        (v.year, v.sex): (v.value, v.status)
        for v in db.session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)
        )
    }
    assert stored == {
        (2025, ""): ("130.5", "draft"),
        (2025, "female"): ("70", "draft"),
        (2024, ""): ("120", "draft"),
    }
    listing = officer.get("/work/RS-X/indicators").get_data(as_text=True)
    assert "4 entries are drafts or were returned" in listing
    assert "IND-X-1" not in public_indicators(app)  # drafts are not public

    assert (
        post(officer, "/work/RS-X/indicators", "/work/RS-X/indicators/submit", {}).status_code
        == 302
    )
    db.session.expire_all()
    assert {i.status for i in db.session.scalars(select(Indicator))} == {"submitted"}
    assert {v.status for v in db.session.scalars(select(IndicatorValue))} == {"submitted"}

    reviewer, _r = signed(app, make_user, "reviewer")
    queue = reviewer.get("/review").get_data(as_text=True)
    assert "Indicators of Example" in queue and "IND-X-1" in queue and "130.5" in queue
    female = db.session.scalar(select(IndicatorValue).where(IndicatorValue.sex == "female"))
    items = [f"indicator:{indicator.id}"] + [
        f"value:{v.id}" for v in db.session.scalars(select(IndicatorValue)) if v.sex == ""
    ]
    assert (
        post(reviewer, "/review", "/review", {"item": items, "decision": "approve"}).status_code
        == 302
    )
    assert (
        post(
            reviewer,
            "/review",
            "/review",
            {"item": f"value:{female.id}", "decision": "return", "comment": "Give the source."},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(IndicatorValue, female.id).status == "returned"

    shown = public_indicators(app)["IND-X-1"]
    # the latest approved total: 130.5 in 2025; progress (130.5 - 100) / 100, expected 3/5
    assert shown["actual"] == {"year": 2025, "value": "130.5"}
    assert (shown["progress"], shown["expected"], shown["status"]) == (
        "0.3050",
        "0.6000",
        "off_track",
    )

    notices = db.session.scalars(select(Notice).where(Notice.user_id == user.id)).all()
    assert sorted((n.kind, n.topic, n.fiscal_year, n.count) for n in notices) == [
        ("approved", "indicators", None, 3),
        ("returned", "indicators", None, 1),
    ]
    start = officer.get("/work").get_data(as_text=True)
    assert "3 indicator entries of Example were approved by" in start
    assert "1 indicator entry of Example was returned by" in start
    assert 'href="/work/RS-X/indicators"' in start
    assert "Give the source." in officer.get(edit).get_data(as_text=True)

    # the audit trail holds every step
    actions = [
        e.action
        for e in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type.in_(["indicator", "indicator_value"]))
            .order_by(AuditEntry.id)
        )
    ]
    assert actions.count("indicator.created") == 1
    assert actions.count("indicator_value.created") == 3
    assert actions.count("indicator_value.updated") == 1
    assert (
        actions.count("indicator.submitted") == 1
        and actions.count("indicator_value.submitted") == 3
    )
    assert (
        actions.count("indicator.approved") == 1 and actions.count("indicator_value.approved") == 2
    )
    assert actions.count("indicator_value.returned") == 1

    # an edit of an approved indicator makes it a draft again: it leaves the public pages
    changed = post(officer, edit, edit, {**GOOD, "target_value": "250"})
    assert changed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).status == "draft"
    assert "IND-X-1" not in public_indicators(app)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "indicator.updated")
    ).one()
    assert entry.changes == {"target_value": ["200", "250"], "status": ["approved", "draft"]}
    # saving it unchanged writes nothing
    assert post(officer, edit, edit, {**GOOD, "target_value": "250"}).status_code == 302
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "indicator.updated")
        )
        == 1
    )

    # removing a value is in the log too
    value = db.session.scalar(select(IndicatorValue).where(IndicatorValue.year == 2024))
    assert post(officer, edit, f"{edit}/values/{value.id}/delete", {}).status_code == 302
    assert db.session.get(IndicatorValue, value.id) is None
    deleted = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "indicator_value.deleted")
    ).one()
    assert deleted.changes["value"] == ["120", None] and deleted.fiscal_year == 2024


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"code": ""}, "code", "a value is required"),
        ({"code": "IND X"}, "code", "is not a code"),
        (
            {"measure": "M-ED"},
            "measure",
            "Choose a measure of this jurisdiction&#39;s action plan.",
        ),
        (
            {"measure": "RS-Y-LAP-1"},
            "measure",
            "Choose a measure of this jurisdiction&#39;s action plan.",
        ),
        ({"name": "  "}, "name", "a value is required"),
        ({"name": "x" * 501}, "name", "Field cannot be longer than 500 characters."),
        ({"unit": "percentage"}, "unit", "Choose a unit."),
        ({"baseline_year": "2022.5"}, "baseline_year", "is not a year from 1900 to 2200"),
        ({"baseline_year": "1800"}, "baseline_year", "is not a year from 1900 to 2200"),
        ({"target_year": "2022"}, "target_year", "must be after the baseline year"),
        ({"baseline_value": "1.23456"}, "baseline_value", "at most 4 decimals"),
        ({"baseline_value": "1e3"}, "baseline_value", "at most 4 decimals"),
        ({"target_value": "100.00"}, "target_value", "must differ from the baseline value"),
        ({"target_value": ""}, "target_value", "a value is required"),
    ],
)
def test_a_wrong_indicator_is_refused_beside_its_field(
    app, make_user, place, change, field, message
):
    officer, _u = signed(app, make_user, "finance", "RS-X")
    page = "/work/RS-X/indicators/new"
    answer = post(officer, page, page, {**GOOD, **change})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert f'<a href="#{field}">' in html  # the summary links to the field
    assert re.search(rf'id="{field}-errors"><li>[^<]*{re.escape(message)}', html), html[:3000]
    assert db.session.scalar(select(db.func.count()).select_from(Indicator)) == 0
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.object_type == "indicator")
        )
        == 0
    )


def test_codes_are_unique_and_values_are_checked(app, make_user, place):
    officer, _u = signed(app, make_user, "finance", "RS-X")
    page = "/work/RS-X/indicators/new"
    assert post(officer, page, page, GOOD).status_code == 302
    again = post(officer, page, page, GOOD)
    assert again.status_code == 422 and "Another indicator has the code IND-X-1." in again.get_data(
        as_text=True
    )
    indicator = db.session.scalar(select(Indicator))
    edit = f"/work/RS-X/indicators/{indicator.id}"
    for data, field, message in (
        ({"v-year": "", "v-value": "1"}, "v-year", "a value is required"),
        ({"v-year": "20x5", "v-value": "1"}, "v-year", "is not a year"),
        ({"v-year": "2025", "v-value": "1,2,3"}, "v-value", "at most 4 decimals"),
        (
            {"v-year": "2025", "v-value": "1", "v-sex": "other"},
            "v-sex",
            "Choose total, women or men.",
        ),
    ):
        answer = post(officer, edit, f"{edit}/values", data, "v-csrf_token")
        html = answer.get_data(as_text=True)
        assert answer.status_code == 422
        assert re.search(rf'id="{field}-errors"><li>[^<]*{re.escape(message)}', html)
    assert db.session.scalar(select(db.func.count()).select_from(IndicatorValue)) == 0


def test_national_indicators_are_entered_by_admins(app, make_user, place):
    admin, _a = signed(app, make_user, "admin")
    page = "/work/national/indicators/new"
    national = {**GOOD, "measure": "M-ED", "code": "IND-N-1"}
    assert post(admin, page, page, national).status_code == 302
    local = post(admin, page, page, {**GOOD, "code": "IND-N-2"})  # a local measure: not here
    assert (
        local.status_code == 422
        and "Choose a measure of the national strategy." in local.get_data(as_text=True)
    )
    indicator = db.session.scalar(select(Indicator))
    assert indicator.measure.code == "M-ED" and indicator.status == "draft"
    assert "IND-N-1" in admin.get("/work/national/indicators").get_data(as_text=True)
    # the national scope holds only national indicators, a jurisdiction's only its own
    assert admin.get(f"/work/RS-X/indicators/{indicator.id}").status_code == 404
    assert admin.get(f"/work/RS-Y/indicators/{indicator.id}").status_code == 404
    officer, _u = signed(app, make_user, "finance", "RS-X")
    assert officer.get("/work/national/indicators").status_code == 403
    assert officer.get(f"/work/national/indicators/{indicator.id}").status_code == 403
    reviewer, _r = signed(app, make_user, "reviewer")
    assert reviewer.get(f"/work/national/indicators/{indicator.id}").status_code == 200
    assert (
        post(admin, "/work/national/indicators", "/work/national/indicators/submit", {}).status_code
        == 302
    )
    queue = reviewer.get("/review").get_data(as_text=True)
    assert "Indicators of the national strategy" in queue
    assert (
        post(
            reviewer,
            "/review",
            "/review",
            {"item": f"indicator:{indicator.id}", "decision": "approve"},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).status == "approved"
    assert db.session.scalar(select(db.func.count()).select_from(Notice)) == 0  # no officer to tell
    assert "IND-N-1" in public_indicators(app)


def test_others_may_not_enter_indicators(app, make_user, place):
    owner, _o = signed(app, make_user, "finance", "RS-X")
    page = "/work/RS-X/indicators/new"
    assert post(owner, page, page, GOOD).status_code == 302
    indicator = db.session.scalar(select(Indicator))
    other, _u = signed(app, make_user, "finance", "RS-Y")
    reviewer, _r = signed(app, make_user, "reviewer")
    monitor, _m = signed(app, make_user, "monitor")
    edit = f"/work/RS-X/indicators/{indicator.id}"
    assert other.get(edit).status_code == 403
    assert monitor.get(edit).status_code == 403
    assert other.get(f"/work/RS-Y/indicators/{indicator.id}").status_code == 404
    html = reviewer.get(edit).get_data(as_text=True)
    assert "Save as draft" not in html and "IND-X-1" in html  # reviewers read, not write
    token = csrf_token(html)
    assert reviewer.post(edit, data={**GOOD, "csrf_token": token}).status_code == 403
    assert (
        reviewer.post(
            f"{edit}/values", data={"v-year": "2025", "v-value": "1", "csrf_token": token}
        ).status_code
        == 403
    )
    assert app.test_client().get(edit).status_code == 302  # to the sign-in page
    # without the CSRF token nothing is written
    assert owner.post(page, data={**GOOD, "code": "IND-X-2"}).status_code == 400
    assert owner.post(f"{edit}/values", data={"v-year": "2025", "v-value": "1"}).status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Indicator)) == 1
    assert db.session.scalar(select(db.func.count()).select_from(IndicatorValue)) == 0
