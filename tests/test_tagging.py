"""Issue 4: import tags/plans/questionnaire, the web workflow, suggestions and the audit history."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.tagging.models import Suggestion, Tag
from tests.conftest import csrf_token, sign_in

TAG_HEADER = (
    "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,"
    "share,beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,justification,status\n"
)
BUDGET = """
jurisdiction,fiscal_year,stage,revision,program,activity,function,economic,source,description,amount
RS-X,2024,adopted,,0901,0901-0001,070,472,01,Jednokratne pomoći,1000.00
RS-X,2024,adopted,,1801,1801-P1,740,423,01,Zdravstvene medijatorke,200.00
RS-X,2024,adopted,,0602,0602-0001,130,411,01,Plate,5000.00
RS-X,2024,revised,1,0901,0901-0001,070,472,01,Jednokratne pomoći,1200.00
RS-X,2024,revised,1,1801,1801-P1,740,423,01,Zdravstvene medijatorke,150.00
RS-X,2024,revised,1,0602,0602-0001,130,411,01,Plate,5100.00
"""
MEASURES = """
code,title,area,level,jurisdiction,parent
NS-4.1,Health mediators,health,national,,
NS-5.2,One-off assistance,social_protection,national,,
RS-X-LAP-1,Mediators in X,health,local,RS-X,NS-4.1
RS-Y-LAP-1,Other place,health,local,RS-Y,NS-4.1
"""
LINE_A = "0901|0901-0001|070|472|01"
LINE_B = "1801|1801-P1|740|423|01"
LINE_C = "0602|0602-0001|130|411|01"


@pytest.fixture
def budget_2024(runner, write, jurisdictions):
    for kind, text in (("measures", MEASURES), ("budget", BUDGET)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def import_tags(runner, write, rows: str):
    return runner.invoke(
        args=["import", "tags", str(write("tags.csv", TAG_HEADER + rows.strip() + "\n"))]
    )


# --- import tags ---------------------------------------------------------------------------------
def test_import_tags_and_reimport_updates(runner, write, budget_2024, client):
    result = import_tags(
        runner,
        write,
        """
RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,,500,100,55,centre records,approved
RS-X,2024,1801,1801-P1,740,423,01,RS-X-LAP-1,targeted,,,,,,
""",
    )
    assert result.exit_code == 0 and "2 tags (2 new, 0 updated)" in result.output
    tags = {t.measure.code: t for t in db.session.scalars(select(Tag))}
    assert tags["NS-5.2"].share_units == 2000 and tags["NS-5.2"].status == "approved"
    assert tags["RS-X-LAP-1"].share_units == 10000 and tags["RS-X-LAP-1"].status == "draft"
    summary = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    assert summary["revised"]["tagged"] == "240.00"  # 0.2 x 1200; the draft does not count
    again = import_tags(
        runner, write, "RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.25,,,,,approved"
    )
    assert "0 new, 1 updated" in again.output
    assert (
        client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json["revised"]["tagged"]
        == "300.00"
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            "RS-Q,2024,0901,,,472,,,targeted,,,,,,",
            "row 2, column jurisdiction: unknown jurisdiction 'RS-Q'",
        ),
        (
            "RS-X,20x4,0901,,,472,,,targeted,,,,,,",
            "row 2, column fiscal_year: '20x4' is not a whole number",
        ),
        (
            "RS-X,2024,0901,,,472,,,targeted,0.5,,,,,",
            "row 2, column share: must be 1 or empty for a targeted line",
        ),
        (
            "RS-X,2024,0901,,,472,,,mainstream,,,,,,",
            "row 2, column share: is required for a mainstream line",
        ),
        (
            "RS-X,2024,0901,,,472,,,mainstream,1.5,,,,,",
            "row 2, column share: must be above 0 and below 1",
        ),
        (
            "RS-X,2024,0901,,,472,,,mainstream,0.12345,,,,,",
            "row 2, column share: must be a decimal number with at most 4 decimals",
        ),
        (
            "RS-X,2024,0901,,,472,,,mainstream,0.1,10,11,,,",
            "row 2, column beneficiaries_roma: must not exceed beneficiaries_total",
        ),
        (
            "RS-X,2024,0901,,,472,,,mainstream,0.1,10,5,6,,",
            "row 2, column beneficiaries_roma_women: must not exceed beneficiaries_roma",
        ),
        (
            "RS-X,2024,0901,,,472,,NOPE,targeted,,,,,,",
            "row 2, column measure: unknown measure 'NOPE'",
        ),
        (
            "RS-X,2024,0901,,,472,,RS-Y-LAP-1,targeted,,,,,,",
            "row 2, column measure: a local measure of another jurisdiction",
        ),
        (
            "RS-X,2024,0901,,,472,,,sometimes,,,,,,",
            "row 2, column relevance: must be targeted or mainstream",
        ),
        (
            "RS-X,2024,0901,,,472,,,targeted,,,,,,final",
            "row 2, column status: 'final' is not one of",
        ),
        ("RS-X,2024,0901,,,,,,targeted,,,,,,", "row 2, column economic: is required"),
    ],
)
def test_import_tags_rules(runner, write, budget_2024, row, expected):
    result = import_tags(runner, write, row)
    assert result.exit_code == 1
    assert f"tags.csv, {expected}" in result.output
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0


def test_import_tags_duplicates_and_share_sums(runner, write, budget_2024):
    result = import_tags(
        runner,
        write,
        """
RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.6,,,,,
RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.3,,,,,
RS-X,2024,1801,1801-P1,740,423,01,NS-4.1,mainstream,0.7,,,,,
RS-X,2024,1801,1801-P1,740,423,01,RS-X-LAP-1,mainstream,0.4,,,,,
""",
    )
    assert result.exit_code == 1
    assert (
        "row 3, column measure: the same line key and measure already stand on row 2"
        in result.output
    )
    assert (
        "row 5, column share: the shares of this line key's tags sum to 1.1, above 1"
        in result.output
    )
    # stored tags count too, unless the file replaces them
    assert (
        import_tags(
            runner, write, "RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.6,,,,,"
        ).exit_code
        == 0
    )
    over = import_tags(runner, write, "RS-X,2024,0901,0901-0001,070,472,01,,mainstream,0.5,,,,,")
    assert "sum to 1.1" in over.output
    replaced = import_tags(
        runner,
        write,
        """
RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.5,,,,,
RS-X,2024,0901,0901-0001,070,472,01,,mainstream,0.5,,,,,
""",
    )
    assert replaced.exit_code == 0, replaced.output


# --- plans and questionnaire -----------------------------------------------------------------------
def test_import_plans_and_questionnaire_rules(runner, write, budget_2024):
    bad = write(
        "plans.csv",
        """
        jurisdiction,fiscal_year,measure,planned_cost
        RS-X,2024,NS-4.1,0
        RS-X,2024,NOPE,10.00
        RS-X,2024,RS-Y-LAP-1,10.00
        RS-X,2024,NS-5.2,-5
        RS-X,2024,NS-5.2,5.00
        RS-X,2024,NS-5.2,6.00
    """,
    )
    result = runner.invoke(args=["import", "plans", str(bad)])
    assert result.exit_code == 1
    for expected in [
        "row 2, column planned_cost: must be above 0",
        "row 3, column measure: unknown measure 'NOPE'",
        "row 4, column measure: 'RS-Y-LAP-1' is a local measure of another jurisdiction",
        "row 5, column planned_cost: '-5': negative amounts are not allowed",
        "row 7, column measure: appears again for the same jurisdiction and year (first on row 5)",
    ]:
        assert expected in result.output, expected
    good = write(
        "plans.csv", "jurisdiction,fiscal_year,measure,planned_cost\nRS-X,2024,RS-X-LAP-1,1500.50\n"
    )
    assert runner.invoke(args=["import", "plans", str(good)]).exit_code == 0
    plan = db.session.scalar(select(PlanCost))
    assert plan.planned_cost_minor == 150050 and plan.status == "approved"

    answers = write(
        "q.csv",
        """
        jurisdiction,fiscal_year,item,answer,evidence
        RS-X,2024,lap_in_force,maybe,
        RS-X,2024,weather,yes,
    """,
    )
    result = runner.invoke(args=["import", "questionnaire", str(answers)])
    assert "row 2, column answer: 'maybe' is not one of: yes, no" in result.output
    assert "row 3, column item: 'weather' is not one of" in result.output
    ok = write(
        "q.csv",
        "jurisdiction,fiscal_year,item,answer,evidence\nRS-X,2024,lap_in_force,yes,Sl. list 12/2023\n",
    )
    assert runner.invoke(args=["import", "questionnaire", str(ok)]).exit_code == 0
    assert db.session.scalar(select(QuestionnaireAnswer.evidence)) == "Sl. list 12/2023"


# --- the web workflow -----------------------------------------------------------------------------
def post_form(client, page_url: str, url: str, data: dict):
    token = csrf_token(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_finance_tags_in_bulk_submits_and_reviewer_decides(app, client, make_user, budget_2024):
    finance = make_user("finance", "RS-X")
    reviewer = make_user("reviewer")
    sign_in(client, finance.email)
    workspace = "/work/RS-X/2024"
    response = post_form(
        client,
        workspace,
        f"{workspace}/tags",
        {
            "line": [LINE_A, LINE_B, "garbage"],
            "measure": "",
            "relevance": "mainstream",
            "share": "0.1",
            "justification": "estimated from records",
        },
    )
    assert response.status_code == 302
    assert sorted(t.share_units for t in db.session.scalars(select(Tag))) == [1000, 1000]
    page = client.get(workspace).get_data(as_text=True)
    assert "2 lines tagged (as drafts)." in page
    assert 'data-figure="approved-2">0.00' in page  # published: approved only
    assert 'data-figure="drafts-2">135.00' in page  # 0.1 x (1200 + 150), marked as draft
    public = app.test_client()
    assert (
        public.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json["revised"]["tagged"]
        == "0.00"
    )

    assert post_form(client, workspace, f"{workspace}/submit", {}).status_code == 302
    assert {t.status for t in db.session.scalars(select(Tag))} == {"submitted"}

    reviewer_client = app.test_client()
    sign_in(reviewer_client, reviewer.email)
    queue = reviewer_client.get("/review").get_data(as_text=True)
    assert "Jednokratne pomoći" in queue and "120.00" in queue  # 0.1 x 1200 in force
    tag_a, tag_b = sorted(db.session.scalars(select(Tag)), key=lambda t: t.program)
    no_comment = post_form(
        reviewer_client, "/review", "/review", {"item": f"tag:{tag_b.id}", "decision": "return"}
    )
    assert no_comment.status_code == 400 and "Say why when returning" in no_comment.get_data(
        as_text=True
    )
    post_form(
        reviewer_client,
        "/review",
        "/review",
        {
            "item": f"tag:{tag_b.id}",
            "decision": "return",
            "comment": "Add the number of Roma beneficiaries.",
        },
    )
    post_form(
        reviewer_client, "/review", "/review", {"item": f"tag:{tag_a.id}", "decision": "approve"}
    )
    db.session.expire_all()
    assert (db.session.get(Tag, tag_a.id).status, db.session.get(Tag, tag_b.id).status) == (
        "approved",
        "returned",
    )
    assert (
        public.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json["revised"]["tagged"]
        == "120.00"
    )

    page = client.get(workspace).get_data(as_text=True)
    assert "Returned by the reviewer" in page and "Add the number of Roma beneficiaries." in page
    # finance edits the returned tag: it goes back to draft
    post_form(
        client,
        workspace,
        f"{workspace}/tags",
        {
            "line": [LINE_B],
            "measure": "",
            "relevance": "mainstream",
            "share": "0.1",
            "beneficiaries_total": "40",
            "beneficiaries_roma": "4",
        },
    )
    db.session.expire_all()
    assert db.session.get(Tag, tag_b.id).status == "draft"
    actions = list(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "tag"))
    )
    assert (
        actions.count("tag.submitted") == 2
        and "tag.returned" in actions
        and "tag.approved" in actions
    )


def test_finance_cannot_touch_another_jurisdiction(app, client, make_user, budget_2024):
    other = make_user("finance", "RS-Y")
    sign_in(client, other.email)
    app.config["WTF_CSRF_ENABLED"] = False
    assert (
        client.post(
            "/work/RS-X/2024/tags", data={"line": [LINE_A], "relevance": "targeted"}
        ).status_code
        == 403
    )
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0


def test_workspace_filters_and_search_in_both_scripts(client, make_user, budget_2024):
    sign_in(client, make_user("finance", "RS-X").email)
    rows = lambda page: page.count('name="line"')
    assert rows(client.get("/work/RS-X/2024").get_data(as_text=True)) == 3
    assert rows(client.get("/work/RS-X/2024?program=0901").get_data(as_text=True)) == 1
    assert rows(client.get("/work/RS-X/2024?economic=4").get_data(as_text=True)) == 3
    assert rows(client.get("/work/RS-X/2024?economic=42").get_data(as_text=True)) == 1
    assert rows(client.get("/work/RS-X/2024?q=медијатор").get_data(as_text=True)) == 1
    assert rows(client.get("/work/RS-X/2024?q=POMOCI").get_data(as_text=True)) == 1
    assert (
        rows(client.get("/work/RS-X/2024?q=%25").get_data(as_text=True)) == 0
    )  # LIKE wildcards are literal
    assert rows(client.get("/work/RS-X/2024?tagged=yes").get_data(as_text=True)) == 0


def test_plan_and_questionnaire_forms_go_through_review(app, client, make_user, budget_2024):
    sign_in(client, make_user("finance", "RS-X").email)
    bad = post_form(
        client,
        "/work/RS-X/2024/plan",
        "/work/RS-X/2024/plan",
        {"measure": "RS-X-LAP-1", "planned_cost": "12,5"},
    )
    assert bad.status_code == 400 and "Not an amount" in bad.get_data(as_text=True)
    ok = post_form(
        client,
        "/work/RS-X/2024/plan",
        "/work/RS-X/2024/plan",
        {"measure": "RS-X-LAP-1", "planned_cost": "1500.00"},
    )
    assert ok.status_code == 302
    saved = post_form(
        client,
        "/work/RS-X/2024/questionnaire",
        "/work/RS-X/2024/questionnaire",
        {
            "answer-lap_in_force": "yes",
            "evidence-lap_in_force": "Odluka 12/2023",
            "answer-roma_coordinator": "no",
        },
    )
    assert saved.status_code == 302
    assert {
        a.item: (a.answer, a.status) for a in db.session.scalars(select(QuestionnaireAnswer))
    } == {"lap_in_force": (True, "draft"), "roma_coordinator": (False, "draft")}
    post_form(client, "/work/RS-X/2024", "/work/RS-X/2024/submit", {})
    db.session.expire_all()
    assert db.session.scalar(select(PlanCost.status)) == "submitted"
    assert set(db.session.scalars(select(QuestionnaireAnswer.status))) == {"submitted"}


# --- suggestions ----------------------------------------------------------------------------------
def test_suggestions_carry_over_and_keywords(app, client, runner, write, make_user, budget_2024):
    import_tags(
        runner, write, "RS-X,2024,0901,0901-0001,070,472,01,NS-5.2,mainstream,0.2,,,,,approved"
    )
    next_year = write(
        "b25.csv",
        """
        jurisdiction,fiscal_year,stage,program,activity,function,economic,source,description,amount
        RS-X,2025,adopted,0901,0901-0001,070,472,01,Jednokratne pomoći,1300.00
        RS-X,2025,adopted,1801,1801-P1,740,423,01,Здравствене медијаторке,220.00
        RS-X,2025,adopted,0602,0602-0001,130,411,01,Plate,5300.00
    """,
    )
    result = runner.invoke(args=["import", "budget", str(next_year)])
    assert result.exit_code == 0 and "; 2 tag suggestions await a decision." in result.output
    assert len(result.output.strip().splitlines()) == 1  # the contract's one-line summary
    by_origin = {
        s.origin: s
        for s in db.session.scalars(select(Suggestion).where(Suggestion.fiscal_year == 2025))
    }
    assert len(by_origin) == 2
    assert (
        by_origin["carry_over"].share_units == 2000
        and by_origin["carry_over"].measure.code == "NS-5.2"
    )
    assert by_origin["keyword"].measure.code == "NS-4.1" and by_origin["keyword"].economic == "423"
    assert (
        db.session.scalar(select(func.count()).select_from(Tag).where(Tag.fiscal_year == 2025)) == 0
    )

    sign_in(client, make_user("finance", "RS-X").email)
    page = client.get("/work/RS-X/2025").get_data(as_text=True)
    assert "Suggested tags (2)" in page
    assert "approved in 2024 on the same budget line" in page
    assert "the description names health mediators" in page
    serbian = client.get("/work/RS-X/2025?lang=sr-Latn").get_data(as_text=True)
    assert "odobreno 2024. na istoj budžetskoj stavci" in serbian
    assert "opis pominje zdravstvene medijatorke" in serbian
    cyrillic = client.get("/work/RS-X/2025?lang=sr-Cyrl").get_data(as_text=True)
    assert "опис помиње здравствене медијаторке" in cyrillic
    client.get("/work/RS-X/2025?lang=en")  # the language is kept: back to English
    post_form(
        client,
        "/work/RS-X/2025",
        "/work/RS-X/2025/suggestions",
        {"suggestion": str(by_origin["carry_over"].id), "decision": "accept"},
    )
    post_form(
        client,
        "/work/RS-X/2025",
        "/work/RS-X/2025/suggestions",
        {"suggestion": str(by_origin["keyword"].id), "decision": "reject"},
    )
    tag = db.session.scalar(select(Tag).where(Tag.fiscal_year == 2025))
    assert tag.status == "draft" and tag.share_units == 2000  # accepted: a draft, never approved
    # generating again proposes neither the accepted nor the rejected one
    post_form(client, "/work/RS-X/2025", "/work/RS-X/2025/suggestions/generate", {})
    assert [
        (s.origin, s.state, s.economic)
        for s in db.session.scalars(
            select(Suggestion).where(Suggestion.fiscal_year == 2025).order_by(Suggestion.id)
        )
    ] == [("carry_over", "accepted", "472"), ("keyword", "rejected", "423")]


# --- history ----------------------------------------------------------------------------------------
def test_history_per_line_and_year_with_csv(app, client, runner, write, make_user, budget_2024):
    finance = make_user("finance", "RS-X")
    sign_in(client, finance.email)
    post_form(
        client,
        "/work/RS-X/2024",
        "/work/RS-X/2024/tags",
        {"line": [LINE_A], "relevance": "targeted", "measure": ""},
    )
    post_form(
        client,
        "/work/RS-X/2024",
        "/work/RS-X/2024/tags",
        {"line": [LINE_A], "relevance": "mainstream", "share": "0.5", "measure": ""},
    )
    tag = db.session.scalar(select(Tag))
    post_form(client, "/work/RS-X/2024", f"/work/RS-X/2024/tags/{tag.id}/delete", {})
    line_page = client.get(f"/work/RS-X/2024/line?key={LINE_A}").get_data(as_text=True)
    assert "tag.created" in line_page and "tag.updated" in line_page and "tag.deleted" in line_page
    assert "share_units: 10000 → 5000" in line_page and finance.email in line_page
    assert "tag.created" not in client.get(f"/work/RS-X/2024/line?key={LINE_C}").get_data(
        as_text=True
    )

    again = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,411,9.00\n"
    )
    runner.invoke(args=["import", "budget", str(again)])
    csv_text = client.get("/work/RS-X/2024/history?format=csv").get_data(as_text=True)
    assert csv_text.lstrip("\ufeff").startswith("at,actor,action,object,line_key,changes,comment")
    assert (
        "document.replaced" in csv_text
        and "line_count: 3 → 1" in csv_text
        and "total: 6200.00 → 9.00" in csv_text
    )
    assert "tag.deleted" in csv_text


# --- measures admin --------------------------------------------------------------------------------
def test_admin_manages_measures(client, make_user, budget_2024):
    sign_in(client, make_user("admin").email)
    bad = post_form(
        client,
        "/admin/measures/new",
        "/admin/measures/new",
        {
            "code": "RS-X-LAP-9",
            "title": "New",
            "area": "housing",
            "level": "local",
            "jurisdiction": "",
            "parent": "",
        },
    )
    assert bad.status_code == 400 and "A local measure belongs to a jurisdiction." in bad.get_data(
        as_text=True
    )
    ok = post_form(
        client,
        "/admin/measures/new",
        "/admin/measures/new",
        {
            "code": "RS-X-LAP-9",
            "title": "Settlement upgrade",
            "area": "housing",
            "level": "local",
            "jurisdiction": "RS-X",
            "parent": "NS-4.1",
        },
    )
    assert ok.status_code == 302
    assert "RS-X-LAP-9" in client.get("/admin/measures?level=local&jurisdiction=RS-X").get_data(
        as_text=True
    )
    assert (
        db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_type == "measure"))
        == "measure.created"
    )


def test_form_errors_name_fields_and_speak_the_readers_language(client, make_user, budget_2024):
    sign_in(client, make_user("finance", "RS-X").email)
    page = client.get("/work/RS-X/2024?lang=sr-Latn").get_data(as_text=True)
    answer = client.post(
        "/work/RS-X/2024/tags",
        data={
            "csrf_token": csrf_token(page),
            "line": "0901|0901-0001|070|472|01",
            "measure": "",
            "relevance": "mainstream",
            "share": "",
            "beneficiaries_total": "10",
            "beneficiaries_roma": "20",
        },
        follow_redirects=True,
    )
    text = answer.get_data(as_text=True)
    assert "ne sme biti veće od ukupnog broja korisnika" in text
    assert "beneficiaries_roma:" not in text  # the field's label, not its key
    assert 'class="alert" role="alert"' in text  # an error, not a success notice
    assert answer.status_code == 422 and 'id="beneficiaries_roma-errors"' in text  # beside it
    client.get("/work/RS-X/2024?lang=en")
