"""The read API against hand-computed figures, and the worked example end to end."""

from __future__ import annotations

import json

from sqlalchemy import select

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.tagging.models import Tag
from tests.conftest import DATA

EXAMPLE = DATA / "example"


def add_tag(code, year, key, share_units, status="approved", measure=None, **extra):
    jurisdiction = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
    program, activity, function, economic, source = key
    tag = Tag(
        jurisdiction=jurisdiction,
        fiscal_year=year,
        program=program,
        activity=activity,
        function=function,
        economic=economic,
        source=source,
        measure=measure,
        relevance="targeted" if share_units == 10000 else "mainstream",
        share_units=share_units,
        status=status,
        **extra,
    )
    db.session.add(tag)
    db.session.commit()
    return tag


def test_jurisdictions_list(client, jurisdictions):
    rows = client.get("/api/v1/jurisdictions").json
    assert [r["code"] for r in rows] == ["ME-Z", "RS", "RS-X", "RS-Y"]
    x = rows[2]
    assert {
        k: x[k]
        for k in ("code", "name", "kind", "country", "currency", "population", "roma_population")
    } == {
        "code": "RS-X",
        "name": "Example",
        "kind": "municipality",
        "country": "RS",
        "currency": "RSD",
        "population": 50000,
        "roma_population": 2500,
    }


def test_summary_against_hand_computed_figures(client, runner, write, jurisdictions):
    path = write(
        "b.csv",
        """
        jurisdiction,fiscal_year,stage,revision,as_of,program,economic,amount
        RS-Y,2025,adopted,,,0901,472,1000.10
        RS-Y,2025,adopted,,,0602,411,2000.20
        RS-Y,2025,revised,1,,0901,472,900.00
        RS-Y,2025,revised,1,,0602,411,2500.00
        RS-Y,2025,revised,2,,0901,472,800.01
        RS-Y,2025,revised,2,,0602,411,2600.00
        RS-Y,2025,executed,,2025-06-30,0901,472,300.00
        RS-Y,2025,executed,,2025-12-31,0901,472,750.33
        RS-Y,2025,executed,,2025-12-31,0602,411,2400.00
    """,
    )
    assert runner.invoke(args=["import", "budget", str(path)]).exit_code == 0
    # 0901/472 is 1/3 Roma-relevant (approved); a draft tag on 0602/411 must not count.
    add_tag("RS-Y", 2025, ("0901", "", "", "472", ""), 3333)
    add_tag("RS-Y", 2025, ("0602", "", "", "411", ""), 10000, status="draft")
    body = client.get("/api/v1/jurisdictions/RS-Y/years/2025/summary").json
    assert body == {
        "jurisdiction": "RS-Y",
        "fiscal_year": 2025,
        "currency": "RSD",
        # 0.3333 x 1000.10 = 333.33333 -> 333.33
        "adopted": {"total": "3000.30", "tagged": "333.33"},
        # 0.3333 x 800.01 = 266.643333 -> 266.64
        "revised": {"total": "3400.01", "tagged": "266.64", "revision": 2},
        # the latest report; 0.3333 x 750.33 = 250.084989 -> 250.08
        "executed": {"total": "3150.33", "tagged": "250.08", "as_of": "2025-12-31"},
        # 3400.01 / 100,000 residents = 0.034 -> 0.03; the exact tagged 266.643333 / 1,000 Roma
        # residents = 0.2666 -> 0.27 (not 266.64 / 1,000, which also gives 0.27 here)
        "per_capita": {"total": "0.03", "tagged_per_roma_resident": "0.27"},
    }


def test_summary_without_rebalance_or_execution(client, runner, write, jurisdictions):
    path = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2023,adopted,411,10.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(path)]).exit_code == 0
    body = client.get("/api/v1/jurisdictions/RS-X/years/2023/summary").json
    assert body["adopted"] == {"total": "10.00", "tagged": "0.00"}
    assert body["revised"] == {"total": "10.00", "tagged": "0.00", "revision": 0}
    assert body["executed"] is None


def test_unknown_jurisdiction_or_year_is_a_json_404(client, jurisdictions):
    for url in (
        "/api/v1/jurisdictions/NOPE/years/2024/summary",
        "/api/v1/jurisdictions/RS-X/years/2024/summary",
        "/api/v1/jurisdictions/RS-X/years/-5/summary",
        "/api/v1/jurisdictions/RS-X/years/abc/summary",
        "/api/v1/nothing-here",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.is_json and response.json["status"] == 404


def test_openapi_describes_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/jurisdictions", "/api/v1/jurisdictions/{code}/years/{year}/summary"} <= set(
        document["paths"]
    )
    api_rules = {
        r.rule for r in client.application.url_map.iter_rules() if r.rule.startswith("/api/")
    }
    described = {
        p.replace("{code}", "<code>")
        .replace("{year}", "<int(signed=True):year>")
        .replace("{id}", "<int:flag_id>")
        for p in document["paths"]
    }
    assert api_rules == described


def test_worked_example_summary_end_to_end(client, runner):
    for kind in ("jurisdictions", "measures", "budget", "tags", "plans", "questionnaire"):
        result = runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")])
        assert result.exit_code == 0, result.output
    expected = json.loads((EXAMPLE / "expected.json").read_text())["summaries"]
    for key, answer in expected.items():
        code, year = key.split("/")
        body = client.get(f"/api/v1/jurisdictions/{code}/years/{year}/summary").json
        assert body["jurisdiction"] == code and body["fiscal_year"] == int(year)
        for stage, figures in answer.items():
            if isinstance(figures, dict):
                for field, value in figures.items():
                    assert str(body[stage][field]) == str(value), (stage, field)
            else:
                assert body[stage] == figures


def test_summary_per_capita_figures(client, runner, write):
    for kind in ("jurisdictions", "measures", "budget", "tags"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0
    body = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    # in force 11,000.00 / 50,000 residents; tagged in force 280.00 / 2,500 Roma residents
    assert body["per_capita"] == {"total": "0.22", "tagged_per_roma_resident": "0.11"}

    unknown = write(
        "j.csv",
        "code,name,kind,country,currency,population,roma_population\n"
        "RS-X,Example,municipality,RS,RSD,30000,\n",
    )
    assert runner.invoke(args=["import", "jurisdictions", str(unknown)]).exit_code == 0
    body = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    # 11,000 / 30,000 = 0.3666… -> 0.37; no Roma population -> null
    assert body["per_capita"] == {"total": "0.37", "tagged_per_roma_resident": None}


def test_per_head_rounds_half_up_and_needs_people():
    from decimal import Decimal

    from budget.analysis.summary import per_head

    assert per_head(Decimal("0.25"), 10) == Decimal("0.03")  # 0.025 -> 0.03
    assert per_head(Decimal("999999999999999.99"), 3) == Decimal("333333333333333.33")
    assert per_head(Decimal("10.00"), 0) is None
    assert per_head(Decimal("10.00"), None) is None
    assert per_head(None, 10) is None
