"""POST /api/v1/jurisdictions/{code}/years/{year}/tags: rules of data-formats.md, statuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.tagging.models import Tag

URL = "/api/v1/jurisdictions/RS-X/years/2024/tags"
KEY = {
    "program": "0901",
    "activity": "0901-0001",
    "function": "070",
    "economic": "472",
    "source": "01",
}


@pytest.fixture
def finance_token(runner, write, make_user, token_for):
    budget = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,program,activity,function,economic,source,amount\n"
        "RS-X,2024,adopted,0901,0901-0001,070,472,01,1000.00\n",
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0
    measures = write(
        "m.csv",
        "code,title,area,level,jurisdiction\nM-SP,Social,social_protection,national,\n"
        "M-ED,Education,education,national,\nRS-Y-LAP-1,Other place,health,local,RS-Y\n",
    )
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    user = make_user("finance", "RS-X")
    return token_for(user.email)


def post(client, token, body, url=URL):
    return client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})


def test_create_then_update_the_same_key_and_measure(client, finance_token):
    body = {
        **KEY,
        "measure": "M-SP",
        "relevance": "mainstream",
        "share": "0.2",
        "beneficiaries_total": 500,
        "beneficiaries_roma": 100,
        "beneficiaries_roma_women": 55,
        "justification": "Roma families among recipients",
        "status": "approved",
    }
    created = post(client, finance_token, body)
    assert created.status_code == 201, created.json
    assert created.json | {"id": 0} == {
        "id": 0,
        "jurisdiction": "RS-X",
        "fiscal_year": 2024,
        **KEY,
        "measure": "M-SP",
        "relevance": "mainstream",
        "share": "0.2000",
        "beneficiaries_total": 500,
        "beneficiaries_roma": 100,
        "beneficiaries_roma_women": 55,
        "justification": "Roma families among recipients",
        "status": "draft",
        "version": 1,
    }
    tag = db.session.get(Tag, created.json["id"])
    tag.status = "approved"
    db.session.commit()
    updated = post(client, finance_token, {**body, "share": 0.25})
    assert updated.status_code == 200
    assert updated.json["id"] == created.json["id"]
    assert updated.json["share"] == "0.2500" and updated.json["status"] == "draft"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "tag.updated"))
    assert entry.changes == {"share_units": [2000, 2500], "status": ["approved", "draft"]}
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "tag.created")
    ).jurisdiction_id


def test_targeted_share_is_one(client, finance_token):
    response = post(client, finance_token, {**KEY, "relevance": "targeted"})
    assert response.status_code == 201 and response.json["share"] == "1.0000"
    assert response.json["measure"] is None


def test_share_derived_from_beneficiaries_half_up(client, finance_token):
    response = post(
        client,
        finance_token,
        {**KEY, "relevance": "mainstream", "beneficiaries_total": 3, "beneficiaries_roma": 2},
    )
    assert response.status_code == 201 and response.json["share"] == "0.6667"
    # 1 / 20000 = 0.00005 exactly: half-up gives 0.0001 (half-even would give 0.0000)
    response = post(
        client,
        finance_token,
        {
            **KEY,
            "measure": "M-ED",
            "relevance": "mainstream",
            "beneficiaries_total": 20000,
            "beneficiaries_roma": 1,
        },
    )
    assert response.status_code == 201 and response.json["share"] == "0.0001"
    # 2 / 80000 = 0.000025 rounds to 0.0000: not a mainstream share
    response = post(
        client,
        finance_token,
        {
            **KEY,
            "measure": "M-SP",
            "relevance": "mainstream",
            "beneficiaries_total": 80000,
            "beneficiaries_roma": 2,
        },
    )
    assert response.status_code == 422 and "(0.0000)" in response.json["errors"]["share"]


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"relevance": "targeted"}, "economic", "is required"),
        ({**KEY, "relevance": "bogus"}, "relevance", "targeted or mainstream"),
        ({**KEY}, "relevance", "is required"),
        ({**KEY, "relevance": "targeted", "share": "0.5"}, "share", "must be 1 or empty"),
        ({**KEY, "relevance": "mainstream"}, "share", "is required for a mainstream line"),
        ({**KEY, "relevance": "mainstream", "share": "1"}, "share", "above 0 and below 1"),
        ({**KEY, "relevance": "mainstream", "share": "0"}, "share", "above 0 and below 1"),
        ({**KEY, "relevance": "mainstream", "share": "0.12345"}, "share", "at most 4 decimals"),
        ({**KEY, "relevance": "mainstream", "share": "-0.1"}, "share", "decimal number"),
        (
            {**KEY, "relevance": "mainstream", "beneficiaries_total": 10, "beneficiaries_roma": 10},
            "share",
            "derived",
        ),
        (
            {
                **KEY,
                "relevance": "mainstream",
                "share": "0.1",
                "beneficiaries_total": 10,
                "beneficiaries_roma": 11,
            },
            "beneficiaries_roma",
            "must not exceed beneficiaries_total",
        ),
        (
            {
                **KEY,
                "relevance": "mainstream",
                "share": "0.1",
                "beneficiaries_roma": 5,
                "beneficiaries_roma_women": 6,
            },
            "beneficiaries_roma_women",
            "must not exceed beneficiaries_roma",
        ),
        (
            {**KEY, "relevance": "targeted", "beneficiaries_total": -1},
            "beneficiaries_total",
            "must not be negative",
        ),
        (
            {**KEY, "relevance": "targeted", "beneficiaries_total": 10**30},
            "beneficiaries_total",
            "at most",
        ),
        (
            {**KEY, "relevance": "targeted", "beneficiaries_total": "many"},
            "beneficiaries_total",
            "whole number",
        ),
        ({**KEY, "relevance": "targeted", "measure": "NOPE"}, "measure", "unknown measure 'NOPE'"),
        (
            {**KEY, "relevance": "targeted", "measure": "RS-Y-LAP-1"},
            "measure",
            "another jurisdiction",
        ),
        ({**KEY, "relevance": "targeted", "colour": "red"}, "colour", "unknown field"),
        ({**KEY, "relevance": "targeted", "economic": "4 7 2"}, "economic", "classification code"),
        (
            {**KEY, "relevance": "targeted", "justification": "x" * 5001},
            "justification",
            "at most 5000",
        ),
        ({**KEY, "relevance": True}, "relevance", "must be text"),
        ([KEY], "body", "JSON object"),
    ],
)
def test_invalid_tags_get_422_per_field(client, finance_token, body, field, message):
    response = post(client, finance_token, body)
    assert response.status_code == 422
    assert message in response.json["errors"][field]
    assert db.session.scalar(select(Tag.id)) is None


def test_shares_of_one_line_sum_to_at_most_one(client, finance_token):
    assert (
        post(
            client,
            finance_token,
            {**KEY, "measure": "M-SP", "relevance": "mainstream", "share": "0.6"},
        ).status_code
        == 201
    )
    over = post(
        client, finance_token, {**KEY, "measure": "M-ED", "relevance": "mainstream", "share": "0.5"}
    )
    assert over.status_code == 422 and "sum to 1.1" in over.json["errors"]["share"]
    assert (
        post(
            client,
            finance_token,
            {**KEY, "measure": "M-ED", "relevance": "mainstream", "share": "0.4"},
        ).status_code
        == 201
    )
    # updating a tag does not count its own old share
    assert (
        post(
            client,
            finance_token,
            {**KEY, "measure": "M-SP", "relevance": "mainstream", "share": "0.6"},
        ).status_code
        == 200
    )


def test_unknown_jurisdiction_or_year(client, finance_token):
    assert (
        post(
            client,
            finance_token,
            {**KEY, "relevance": "targeted"},
            "/api/v1/jurisdictions/NOPE/years/2024/tags",
        ).status_code
        == 404
    )
    assert (
        post(
            client,
            finance_token,
            {**KEY, "relevance": "targeted"},
            "/api/v1/jurisdictions/RS-X/years/2031/tags",
        ).status_code
        == 404
    )


def test_bad_credentials_are_401(client, finance_token):
    for header in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": f"Basic {finance_token}"},
        {"Authorization": f"Bearer {finance_token}x"},
    ):
        response = client.post(URL, json={**KEY, "relevance": "targeted"}, headers=header)
        assert response.status_code == 401 and response.is_json


def test_token_last_used_time_is_recorded(client, finance_token):
    from budget.auth.models import ApiToken

    assert db.session.scalar(select(ApiToken.last_used_at)) is None
    post(client, finance_token, {**KEY, "relevance": "targeted"})
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None
