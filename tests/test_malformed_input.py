"""Malformed input to every write endpoint: always a 4xx, never a server error."""

from __future__ import annotations

import json

import pytest

from tests.conftest import sign_in

JSON_BODIES = [
    '{"economic": ',  # invalid JSON
    "[]",
    "null",
    "42",
    '"text"',
    json.dumps(
        {
            "economic": 472.5,
            "relevance": 1,
            "share": [],
            "beneficiaries_total": {},
            "beneficiaries_roma": 1.5,
            "measure": ["M"],
            "justification": {"a": 1},
        }
    ),
    json.dumps(
        {
            "economic": "x" * 100_000,
            "relevance": "y" * 100_000,
            "share": "9" * 10_000,
            "program": "\u0000",
            "measure": "z" * 100_000,
            "justification": "j" * 100_000,
        }
    ),
    json.dumps(
        {
            "economic": "472",
            "relevance": "mainstream",
            "share": "1e-3",
            "beneficiaries_total": 1e308,
            "beneficiaries_roma": -0.0,
        }
    ),
    json.dumps(
        {
            "unknown": 1,
            "another": None,
            "": "",
            "economic": "472",
            "relevance": "targeted",
            "share": "NaN",
        }
    ),
    json.dumps(
        {
            "economic": "472",
            "relevance": "mainstream",
            "share": "0.5",
            "beneficiaries_total": True,
            "beneficiaries_roma": "12abc",
        }
    ),
]
FORM_BODIES = [
    {},
    {"email": "x" * 100_000, "password": "p" * 100_000, "next": "n" * 10_000},
    {"email": ["a@b.c", "d@e.f"], "role": "emperor", "jurisdiction": "NOPE", "active": "maybe"},
    {"current_password": "\u0000", "new_password": "\u0000" * 20, "confirm": 5},
    {"role": "finance", "jurisdiction": "x" * 10_000, "password": "", "email": "@@@"},
]


VALUES = {
    "code": "RS-X",
    "year": 2024,
    "token_id": 1,
    "tag_id": 1,
    "plan_id": 1,
    "measure_id": 1,
    "upload_id": 1,
    "flag_id": 1,
    "scope": "RS-X",
    "indicator_id": 1,
    "value_id": 1,
}


def write_rules(app):
    # Signing out takes no body; it is tried last so the other endpoints see a signed-in admin.
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    return sorted(rules, key=lambda rule: rule.endpoint == "auth.logout")


@pytest.fixture
def signed_in_admin(app, client, make_user, runner, write):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,472,1.00\n"
    )
    runner.invoke(args=["import", "budget", str(budget)])
    admin = make_user("admin")
    sign_in(client, admin.email)
    app.config["WTF_CSRF_ENABLED"] = False  # reach the validation behind the CSRF check
    return admin


def _build(rule, values):
    url = rule.rule
    for name in rule.arguments:
        url = (
            url.replace(f"<int(signed=True):{name}>", str(values[name]))
            .replace(f"<int:{name}>", str(values[name]))
            .replace(f"<{name}>", str(values[name]))
        )
    return url


def test_there_are_write_endpoints_to_check(app):
    assert {r.endpoint for r in write_rules(app)} >= {
        "api.write_tag",
        "auth.login",
        "admin.new_user",
    }


def test_malformed_json_never_causes_a_server_error(app, client, signed_in_admin, token_for):
    token = token_for(signed_in_admin.email)
    for rule in write_rules(app):
        url = _build(rule, VALUES | {"user_id": signed_in_admin.id})
        for body in JSON_BODIES:
            response = client.post(
                url,
                data=body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code < 500, (url, body[:80], response.status_code)
            if rule.endpoint == "api.write_tag":
                assert 400 <= response.status_code < 500, (url, body[:80])


def test_malformed_forms_never_cause_a_server_error(app, client, signed_in_admin):
    reads_fields = {
        "auth.login",
        "auth.change_password",
        "admin.new_user",
        "admin.edit_user",
        "measures.new",
        "plans.plan",
        "review.queue",
    }
    for rule in write_rules(app):
        url = _build(rule, VALUES | {"user_id": signed_in_admin.id})
        for body in FORM_BODIES:
            response = client.post(url, data=body)
            assert response.status_code < 500, (url, response.status_code)
            if rule.endpoint in reads_fields:
                assert 400 <= response.status_code < 500, (
                    url,
                    list(body)[:3],
                    response.status_code,
                )


@pytest.mark.parametrize(
    "url", ["/jurisdictions/%00", "/?lang=%00", "/api/v1/jurisdictions/RS%00/years/2024/summary"]
)
def test_nul_bytes_in_urls_are_refused(client, url):
    assert client.get(url).status_code in (400, 404)
