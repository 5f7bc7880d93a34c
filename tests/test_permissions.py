"""Every route of the app with its permission decision: role x jurisdiction x route -> status.

A new route fails `test_every_route_has_a_decision` until it is added to ROUTES below with the
status each kind of visitor gets.
"""

from __future__ import annotations

import pytest

from budget.auth.permissions import POLICIES
from tests.conftest import sign_in

VISITORS = ("anonymous", "monitor", "reviewer", "finance_own", "finance_other", "admin")
OK_FOR_ALL = dict.fromkeys(VISITORS, 200)
SIGNED_IN = {**dict.fromkeys(VISITORS, 200), "anonymous": 302}
ADMIN_ONLY = {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "admin": 200}
# a jurisdiction's unpublished work: its finance officers, reviewers and admins
VIEW_WORK = {
    "anonymous": 302,
    "monitor": 403,
    "reviewer": 200,
    "finance_own": 200,
    "finance_other": 403,
    "admin": 200,
}

OK_WORK = ("reviewer", "finance_own", "admin")  # those VIEW_WORK lets in
# the national strategy's indicators: admins edit, reviewers read
NATIONAL_VIEW = {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "reviewer": 200, "admin": 200}


def edit_work(allowed: int) -> dict:
    """Changes to a jurisdiction's work: its finance officers and admins."""
    return {
        "anonymous": 302,
        "monitor": 403,
        "reviewer": 403,
        "finance_own": allowed,
        "finance_other": 403,
        "admin": allowed,
    }


# (method, url, {visitor: status}); "{user}" and "{token}" are filled per test.
ROUTES = {
    "static": [("GET", "/static/css/site.css", OK_FOR_ALL)],
    "portal.index": [("GET", "/", OK_FOR_ALL)],
    "health.healthz": [("GET", "/healthz", OK_FOR_ALL)],
    "portal.jurisdictions": [("GET", "/jurisdictions?country=RS&q=x", OK_FOR_ALL)],
    "portal.jurisdiction": [("GET", "/jurisdictions/RS-X", OK_FOR_ALL)],
    "api.jurisdictions": [("GET", "/api/v1/jurisdictions", OK_FOR_ALL)],
    "api.summary": [("GET", "/api/v1/jurisdictions/RS-X/years/2024/summary", OK_FOR_ALL)],
    "api.openapi": [("GET", "/api/v1/openapi.json", OK_FOR_ALL)],
    "api.aggregate": [
        ("GET", "/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=area", OK_FOR_ALL)
    ],
    "api.lines": [("GET", "/api/v1/jurisdictions/RS-X/years/2024/lines", OK_FOR_ALL)],
    "api.score": [("GET", "/api/v1/jurisdictions/RS-X/years/2024/score", OK_FOR_ALL)],
    "api.scores": [("GET", "/api/v1/scores?year=2024", OK_FOR_ALL)],
    "api.peer_group": [("GET", "/api/v1/jurisdictions/RS-X/years/2024/peers", OK_FOR_ALL)],
    "opendata.index": [("GET", "/open-data", OK_FOR_ALL)],
    "portal.methodology": [("GET", "/methodology", OK_FOR_ALL)],
    "portal.compare": [("GET", "/compare?year=2024&j=RS-X&j=RS-Y", OK_FOR_ALL)],
    "opendata.datapackage": [("GET", "/open-data/2024/datapackage.json", OK_FOR_ALL)],
    "opendata.budget_lines": [("GET", "/open-data/2024/budget-lines.csv", OK_FOR_ALL)],
    "opendata.approved_tags": [("GET", "/open-data/2024/approved-tags.csv", OK_FOR_ALL)],
    "portal.scorecard": [("GET", "/jurisdictions/RS-X/years/2024/score", OK_FOR_ALL)],
    "portal.year": [("GET", "/jurisdictions/RS-X/years/2024", OK_FOR_ALL)],
    "portal.breakdown": [("GET", "/jurisdictions/RS-X/years/2024/by/line", OK_FOR_ALL)],
    "portal.country": [
        ("GET", "/countries/RS/years/2024", OK_FOR_ALL),
        ("GET", "/countries/AL/years/2024", dict.fromkeys(VISITORS, 404)),
        ("GET", "/countries/ZZ/years/2024", dict.fromkeys(VISITORS, 404)),
    ],
    "portal.national": [("GET", "/national/2024", dict.fromkeys(VISITORS, 301))],
    "portal.region": [
        ("GET", "/region/years/2024", OK_FOR_ALL),
        ("GET", "/region/years/1999", dict.fromkeys(VISITORS, 404)),
    ],
    "portal.region_latest": [("GET", "/region", dict.fromkeys(VISITORS, 302))],
    "portal.year_chart": [("GET", "/jurisdictions/RS-X/years/2024/charts/areas.svg", OK_FOR_ALL)],
    "portal.tagged_share_chart": [
        ("GET", "/jurisdictions/RS-X/charts/tagged-share.svg", OK_FOR_ALL)
    ],
    "portal.country_chart": [("GET", "/countries/RS/years/2024/charts/areas.svg", OK_FOR_ALL)],
    "portal.national_chart": [
        ("GET", "/national/2024/charts/areas.svg", dict.fromkeys(VISITORS, 301))
    ],
    "api.write_tag": [
        (
            "POST",
            "/api/v1/jurisdictions/RS-X/years/2024/tags",
            {
                "anonymous": 401,
                "monitor": 403,
                "reviewer": 403,
                "finance_own": 201,
                "finance_other": 403,
                "admin": 201,
            },
        )
    ],
    "auth.login": [("GET", "/auth/login", OK_FOR_ALL)],
    "auth.logout": [("POST", "/auth/logout", {**dict.fromkeys(VISITORS, 302)})],
    "auth.account": [("GET", "/account", SIGNED_IN)],
    "auth.change_password": [
        ("POST", "/account/password", {**dict.fromkeys(VISITORS, 400), "anonymous": 302})
    ],
    "auth.create_token": [
        ("POST", "/account/tokens", {**dict.fromkeys(VISITORS, 201), "anonymous": 302})
    ],
    "auth.revoke_own_token": [
        (
            "POST",
            "/account/tokens/{token}/revoke",
            {**dict.fromkeys(VISITORS, 404), "anonymous": 302, "finance_own": 302},
        )
    ],
    "admin.users": [("GET", "/admin/users", ADMIN_ONLY)],
    "admin.new_user": [("GET", "/admin/users/new", ADMIN_ONLY)],
    "admin.edit_user": [("GET", "/admin/users/{user}", ADMIN_ONLY)],
    "work.start": [
        (
            "GET",
            "/work",
            {
                **dict.fromkeys(VISITORS, 302),
                "monitor": 200,
                "finance_own": 200,
                "finance_other": 200,
            },
        )
    ],
    "work.read_notices": [("POST", "/work/notices/read", dict.fromkeys(VISITORS, 302))],
    "uploads.budget_form": [("GET", "/work/RS-X/upload", edit_work(200))],
    "uploads.budget_preview": [("POST", "/work/RS-X/upload", edit_work(422))],
    "uploads.budget_confirm": [("POST", "/work/RS-X/upload/999999/confirm", edit_work(400))],
    "uploads.document": [
        (
            "GET",
            "/work/RS-X/documents/999999",
            {**VIEW_WORK, "reviewer": 404, "finance_own": 404, "admin": 404},
        )
    ],
    "uploads.download": [
        (
            "GET",
            "/work/RS-X/files/999999",
            {**VIEW_WORK, "reviewer": 404, "finance_own": 404, "admin": 404},
        )
    ],
    "uploads.sheet_download": [
        ("GET", "/jurisdictions/RS-X/years/2024/tagging-sheet.xlsx", VIEW_WORK)
    ],
    "uploads.sheet_form": [("GET", "/work/RS-X/2024/tagging-sheet", VIEW_WORK)],
    "uploads.sheet_preview": [("POST", "/work/RS-X/2024/tagging-sheet", edit_work(422))],
    "uploads.sheet_confirm": [
        ("POST", "/work/RS-X/2024/tagging-sheet/999999/confirm", edit_work(400))
    ],
    "flags.new": [
        (
            "GET",
            "/flags/new?jurisdiction=RS-X&year=2024&type=year",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "monitor": 200, "admin": 200},
        )
    ],
    "flags.create": [
        (
            "POST",
            "/flags/new",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "monitor": 404, "admin": 404},
        )
    ],
    "flags.to_answer": [
        ("GET", "/work/flags", {**dict.fromkeys(VISITORS, 200), "anonymous": 302, "monitor": 403})
    ],
    "flags.answer": [
        ("POST", "/work/flags/999999/answer", {**dict.fromkeys(VISITORS, 404), "anonymous": 302})
    ],
    "flags.moderation": [("GET", "/admin/flags", ADMIN_ONLY)],
    "flags.moderate": [("POST", "/admin/flags/999999", {**ADMIN_ONLY, "admin": 404})],
    "flags.jurisdiction_feed": [("GET", "/jurisdictions/RS-X/flags.atom", OK_FOR_ALL)],
    "flags.country_feed": [("GET", "/countries/RS/flags.atom", OK_FOR_ALL)],
    "flags.shadow_report": [
        (
            "GET",
            "/jurisdictions/RS-X/years/2024/shadow-report.xlsx",
            {
                **dict.fromkeys(VISITORS, 200),
                "anonymous": 302,
                "finance_own": 403,
                "finance_other": 403,
            },
        )
    ],
    "auth.show_as": [
        (
            "POST",
            "/account/show-as",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "monitor": 400},
        )
    ],
    "api.create_flag": [
        (
            "POST",
            "/api/v1/flags",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 401, "monitor": 422, "admin": 422},
        )
    ],
    "api.answer_flag": [
        ("POST", "/api/v1/flags/999999/answer", {**dict.fromkeys(VISITORS, 404), "anonymous": 401})
    ],
    "api.moderate_flag": [
        (
            "POST",
            "/api/v1/flags/999999/moderate",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 401, "admin": 404},
        )
    ],
    "api.jurisdiction_flags": [("GET", "/api/v1/jurisdictions/RS-X/flags", OK_FOR_ALL)],
    "api.measures": [("GET", "/api/v1/jurisdictions/RS-X/years/2024/measures", OK_FOR_ALL)],
    "portal.measures": [
        ("GET", "/jurisdictions/RS-X/years/2024/measures", OK_FOR_ALL),
        ("GET", "/jurisdictions/RS-X/years/2024/measures?area=nope&status=x", OK_FOR_ALL),
    ],
    "portal.country_measures": [("GET", "/countries/RS/years/2024/measures?area=x", OK_FOR_ALL)],
    "portal.national_measures": [
        ("GET", "/national/2024/measures?area=x", dict.fromkeys(VISITORS, 301))
    ],
    "portal.country_indicator_chart": [
        ("GET", "/countries/RS/years/2024/indicators/NONE.svg", dict.fromkeys(VISITORS, 404))
    ],
    "portal.national_indicator_chart": [
        ("GET", "/national/2024/indicators/NONE.svg", dict.fromkeys(VISITORS, 301))
    ],
    "portal.annual_report": [
        ("GET", "/jurisdictions/RS-X/years/2024/annual-report.xlsx", OK_FOR_ALL)
    ],
    "portal.country_annual_report": [
        ("GET", "/countries/RS/years/2024/annual-report.xlsx", OK_FOR_ALL)
    ],
    "portal.national_annual_report": [
        ("GET", "/national/2024/annual-report.xlsx", dict.fromkeys(VISITORS, 301))
    ],
    "portal.indicator_chart": [
        (
            "GET",
            "/jurisdictions/RS-X/years/2024/indicators/NONE.svg",
            dict.fromkeys(VISITORS, 404),
        )
    ],
    "api.upload_documents": [
        (
            "POST",
            "/api/v1/jurisdictions/RS-X/documents",
            {
                "anonymous": 401,
                "monitor": 403,
                "reviewer": 403,
                "finance_own": 422,
                "finance_other": 403,
                "admin": 422,
            },
        )
    ],
    "api.upload_tags": [
        (
            "POST",
            "/api/v1/jurisdictions/RS-X/years/2024/tags/file",
            {
                "anonymous": 401,
                "monitor": 403,
                "reviewer": 403,
                "finance_own": 422,
                "finance_other": 403,
                "admin": 422,
            },
        )
    ],
    "work.workspace": [
        ("GET", "/work/RS-X/2024", VIEW_WORK),
        ("GET", "/work/RS-X/2024?program=x&economic=4&q=%25_&tagged=no&page=99", VIEW_WORK),
    ],
    "work.line": [("GET", "/work/RS-X/2024/line?key=%7C%7C%7C472%7C", VIEW_WORK)],
    "work.save_line": [("POST", "/work/RS-X/2024/line?key=%7C%7C%7C472%7C", edit_work(422))],
    "work.resolve_suggestions": [("POST", "/work/RS-X/2024/suggestions/resolve", edit_work(302))],
    "plans.plan": [
        ("GET", "/work/RS-X/2024/plan", VIEW_WORK),
        ("POST", "/work/RS-X/2024/plan", edit_work(400)),
    ],
    "plans.questionnaire": [
        ("GET", "/work/RS-X/2024/questionnaire", VIEW_WORK),
        ("POST", "/work/RS-X/2024/questionnaire", edit_work(302)),
    ],
    "audit.history": [
        ("GET", "/work/RS-X/2024/history", VIEW_WORK),
        ("GET", "/work/RS-X/2024/history?format=csv", VIEW_WORK),
    ],
    "work.save_tags": [("POST", "/work/RS-X/2024/tags", edit_work(422))],
    "work.remove_tag": [("POST", "/work/RS-X/2024/tags/999999/delete", edit_work(404))],
    "work.submit_year": [("POST", "/work/RS-X/2024/submit", edit_work(302))],
    "work.decide_suggestions": [("POST", "/work/RS-X/2024/suggestions", edit_work(400))],
    "work.generate": [("POST", "/work/RS-X/2024/suggestions/generate", edit_work(302))],
    "plans.remove_plan_cost": [("POST", "/work/RS-X/2024/plan/999999/delete", edit_work(404))],
    "indicators.index": [
        ("GET", "/work/RS-X/indicators", VIEW_WORK),
        ("GET", "/work/national/indicators", NATIONAL_VIEW),
        ("GET", "/work/RS-NONE/indicators", {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
    ],
    "indicators.new": [
        ("GET", "/work/RS-X/indicators/new", edit_work(200)),
        ("GET", "/work/national/indicators/new", ADMIN_ONLY),
        ("POST", "/work/RS-X/indicators/new", edit_work(422)),
    ],
    "indicators.edit": [
        ("GET", "/work/RS-X/indicators/999999", {**VIEW_WORK, **dict.fromkeys(OK_WORK, 404)}),
        (
            "GET",
            "/work/national/indicators/999999",
            {**NATIONAL_VIEW, "reviewer": 404, "admin": 404},
        ),
    ],
    "indicators.save_value": [
        ("POST", "/work/RS-X/indicators/999999/values", edit_work(404)),
        ("POST", "/work/national/indicators/999999/values", {**ADMIN_ONLY, "admin": 404}),
    ],
    "indicators.remove_value": [
        ("POST", "/work/RS-X/indicators/999999/values/1/delete", edit_work(404))
    ],
    "indicators.submit": [
        ("POST", "/work/RS-X/indicators/submit", edit_work(302)),
        ("POST", "/work/national/indicators/submit", {**ADMIN_ONLY, "admin": 302}),
    ],
    "review.queue": [
        (
            "GET",
            "/review",
            {**dict.fromkeys(VISITORS, 403), "anonymous": 302, "reviewer": 200, "admin": 200},
        )
    ],
    "measures.index": [("GET", "/admin/measures", ADMIN_ONLY)],
    "measures.new": [("GET", "/admin/measures/new", ADMIN_ONLY)],
    "measures.edit": [("GET", "/admin/measures/999999", {**ADMIN_ONLY, "admin": 404})],
    "admin.revoke_token": [
        ("POST", "/admin/users/{user}/tokens/{token}/revoke", {**ADMIN_ONLY, "admin": 302})
    ],
}


def test_every_route_has_a_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "add new routes to ROUTES with their statuses"
    for endpoint in endpoints - {"static"}:
        view = app.view_functions[endpoint]
        name = f"{view.__module__}.{view.__name__}"
        assert name in POLICIES, f"{endpoint} declares no permission policy"


CASES = [
    (endpoint, method, url, visitor, statuses[visitor])
    for endpoint, entries in ROUTES.items()
    for method, url, statuses in entries
    for visitor in VISITORS
]


@pytest.mark.parametrize(
    "endpoint, method, url, visitor, status", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_route_status(
    app, client, runner, write, make_user, token_for, endpoint, method, url, visitor, status
):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,472,100.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0
    users = {
        "monitor": make_user("monitor"),
        "reviewer": make_user("reviewer"),
        "finance_own": make_user("finance", "RS-X"),
        "finance_other": make_user("finance", "RS-Y"),
        "admin": make_user("admin"),
    }
    token_owner = users["finance_own"]
    token_for(token_owner.email)  # the token whose id the URLs name
    from sqlalchemy import select

    from budget.auth.models import ApiToken
    from budget.extensions import db

    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == token_owner.id))
    url = url.format(user=token_owner.id, token=token_id)
    headers = {}
    if visitor != "anonymous":
        user = users[visitor]
        if endpoint.startswith("api."):
            headers["Authorization"] = f"Bearer {token_for(user.email)}"
        else:
            assert sign_in(client, user.email).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False  # this table is about permissions; CSRF has its own test
    body = {"economic": "472", "relevance": "targeted"} if endpoint == "api.write_tag" else None
    response = client.open(url, method=method, headers=headers, json=body)
    response.get_data()  # read to the end, as a client does: a streamed download runs until here
    assert response.status_code == status
