"""Issue 5: the aggregation layer by every grouping, rebalance flags, execution, national view."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import event

from budget.extensions import db
from tests.conftest import DATA

EXAMPLE = DATA / "example"
TAG_HEADER = (
    "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,"
    "share,beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,justification,status\n"
)
MEASURES = """
code,title,area,level,jurisdiction,parent
M-ED,Education support,education,national,,
M-HE,Health mediators,health,national,,
M-HE2,Vaccination,health,national,,
"""
# Four lines; P1 = (0901, A1, 070, 472, 01) etc. Hand-computed figures in the tests below.
BUDGET = """
jurisdiction,fiscal_year,stage,revision,as_of,program,activity,function,economic,source,amount
RS-X,2024,adopted,,,0901,0901-0001,070,472,01,1000.00
RS-X,2024,adopted,,,0901,0901-0002,070,481,07,500.00
RS-X,2024,adopted,,,1801,1801-P1,740,423,01,200.00
RS-X,2024,adopted,,,0602,0602-0001,130,411,01,8300.00
RS-X,2024,revised,1,,0901,0901-0001,070,472,01,1100.00
RS-X,2024,revised,1,,0901,0901-0002,070,481,07,400.00
RS-X,2024,revised,1,,1801,1801-P1,740,423,01,100.00
RS-X,2024,revised,1,,0602,0602-0001,130,411,01,9400.00
RS-X,2024,executed,,2024-06-30,0901,0901-0001,070,472,01,500.00
RS-X,2024,executed,,2024-06-30,1801,1801-P1,740,423,01,30.00
RS-X,2024,executed,,2024-12-31,0901,0901-0001,070,472,01,1050.00
RS-X,2024,executed,,2024-12-31,0901,0901-0002,070,481,07,450.00
RS-X,2024,executed,,2024-12-31,1801,1801-P1,740,423,01,0.00
RS-X,2024,executed,,2024-12-31,0602,0602-0001,130,411,01,9000.00
"""
# 0901-0001: mainstream 0.25 M-ED; 0901-0002: targeted, no measure; 1801-P1: M-HE 0.6 + M-HE2 0.4.
TAGS = """
RS-X,2024,0901,0901-0001,070,472,01,M-ED,mainstream,0.25,,,,,approved
RS-X,2024,0901,0901-0002,070,481,07,,targeted,,,,,,approved
RS-X,2024,1801,1801-P1,740,423,01,M-HE,mainstream,0.6,,,,,approved
RS-X,2024,1801,1801-P1,740,423,01,M-HE2,mainstream,0.4,,,,,approved
RS-X,2024,0602,0602-0001,130,411,01,,mainstream,0.5,,,,,draft
"""


def load(runner, write, **files):
    for kind, text in files.items():
        if kind == "tags":
            text = TAG_HEADER + text.strip() + "\n"
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


@pytest.fixture
def year(runner, write, jurisdictions):
    load(runner, write, measures=MEASURES, budget=BUDGET, tags=TAGS)


def aggregate(client, group, code="RS-X", year=2024):
    response = client.get(f"/api/v1/jurisdictions/{code}/years/{year}/aggregate?group={group}")
    assert response.status_code == 200, response.json
    assert response.json["group"] == group
    return {
        row["key"]: (row["adopted"], row["revised"], row["executed"])
        for row in response.json["rows"]
    }


def s(total, tagged):
    return {"total": total, "tagged": tagged}


def test_aggregate_by_program(client, year):
    assert aggregate(client, "program") == {
        # 0.25 x 1000 + 1 x 500 | 0.25 x 1100 + 400 | 0.25 x 1050 + 450
        "0901": (s("1500.00", "750.00"), s("1500.00", "675.00"), s("1500.00", "712.50")),
        "1801": (s("200.00", "200.00"), s("100.00", "100.00"), s("0.00", "0.00")),
        "0602": (
            s("8300.00", "0.00"),
            s("9400.00", "0.00"),
            s("9000.00", "0.00"),
        ),  # draft tag: not counted
    }


def test_aggregate_by_activity_function_economic_source(client, year):
    assert aggregate(client, "activity")["0901-0002"] == (
        s("500.00", "500.00"),
        s("400.00", "400.00"),
        s("450.00", "450.00"),
    )
    assert aggregate(client, "function")["070"] == (
        s("1500.00", "750.00"),
        s("1500.00", "675.00"),
        s("1500.00", "712.50"),
    )
    assert aggregate(client, "economic")["423"] == (
        s("200.00", "200.00"),
        s("100.00", "100.00"),
        s("0.00", "0.00"),
    )
    assert aggregate(client, "source") == {
        "01": (s("9500.00", "450.00"), s("10600.00", "375.00"), s("10050.00", "262.50")),
        "07": (s("500.00", "500.00"), s("400.00", "400.00"), s("450.00", "450.00")),
    }


def test_aggregate_by_measure_and_area(client, year):
    none = lambda tagged: {"total": None, "tagged": tagged}
    assert aggregate(client, "measure") == {
        "": (none("500.00"), none("400.00"), none("450.00")),  # the targeted line without a measure
        "M-ED": (none("250.00"), none("275.00"), none("262.50")),
        "M-HE": (none("120.00"), none("60.00"), none("0.00")),
        "M-HE2": (none("80.00"), none("40.00"), none("0.00")),
    }
    assert aggregate(client, "area") == {
        "": (none("500.00"), none("400.00"), none("450.00")),
        "education": (none("250.00"), none("275.00"), none("262.50")),
        "health": (none("200.00"), none("100.00"), none("0.00")),
    }


def test_stage_without_a_document_is_null(client, runner, write, jurisdictions):
    load(
        runner,
        write,
        budget="jurisdiction,fiscal_year,stage,program,economic,amount\nRS-Y,2025,adopted,0901,472,10.00\n",
    )
    rows = client.get("/api/v1/jurisdictions/RS-Y/years/2025/aggregate?group=program").json["rows"]
    assert rows == [
        {
            "key": "0901",
            "label": "",
            "adopted": s("10.00", "0.00"),
            "revised": s("10.00", "0.00"),
            "executed": None,
        }
    ]


def test_aggregate_executed_as_of_a_report(client, year):
    rows = client.get(
        "/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=program&as_of=2024-06-30"
    ).json["rows"]
    assert {r["key"]: r["executed"] for r in rows}["0901"] == s("500.00", "125.00")
    assert (
        client.get(
            "/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=program&as_of=2024-07-01"
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=program&as_of=soon"
        ).status_code
        == 400
    )


def test_execution_by_area_through_the_year(client, year):
    csv_text = client.get(
        "/jurisdictions/RS-X/years/2024?table=RS-X-2024-execution-areas&format=csv"
    ).get_data(as_text=True)
    rows = {
        line.split(",")[0]: line.split(",") for line in csv_text.lstrip("\ufeff").splitlines()[1:]
    }
    # health: in force 100.00 (0.6 + 0.4 of 100.00); 30 June 30.00; 31 December 0.00
    assert rows["health"][2:] == ["100.00", "30.00", "0.3000", "0.00", "0.0000"]


def test_aggregate_errors(client, year):
    assert (
        client.get("/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=colour").status_code
        == 400
    )
    assert client.get("/api/v1/jurisdictions/RS-X/years/2024/aggregate").status_code == 400
    assert (
        client.get("/api/v1/jurisdictions/NOPE/years/2024/aggregate?group=area").status_code == 404
    )
    assert (
        client.get("/api/v1/jurisdictions/RS-X/years/1999/aggregate?group=area").status_code == 404
    )


def test_worked_example_aggregates(client, runner):
    for kind in ("jurisdictions", "measures", "budget", "tags", "plans", "questionnaire"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0
    expected = json.loads((EXAMPLE / "expected.json").read_text())["aggregates"]
    for place, groups in expected.items():
        code, year_ = place.split("/")
        for group, rows in groups.items():
            got = {
                k: dict(zip(("adopted", "revised", "executed"), v, strict=True))
                for k, v in aggregate(client, group, code, int(year_)).items()
            }
            assert got == rows, group


def test_lines_api_pages_filters_and_stages(client, year):
    body = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?per_page=2").json
    assert (body["total"], body["pages"], len(body["lines"])) == (4, 2, 2)
    assert body["stages"] == [
        "adopted",
        "revision:1",
        "revised",
        "executed",
        "executed:2024-06-30",
        "executed:2024-12-31",
    ]
    first = body["lines"][0]
    assert (first["program"], first["activity"]) == ("0602", "0602-0001")
    page2 = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?per_page=2&page=2").json[
        "lines"
    ]
    assert [line["activity"] for line in page2] == ["0901-0002", "1801-P1"]
    line = body["lines"][1]
    assert line["activity"] == "0901-0001"
    assert line["stages"]["adopted"] == s("1000.00", "250.00")
    assert line["stages"]["revision:1"] == line["stages"]["revised"] == s("1100.00", "275.00")
    assert line["stages"]["executed:2024-06-30"] == s("500.00", "125.00")
    assert line["stages"]["executed"] == s("1050.00", "262.50")
    mediators = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?program=1801").json["lines"]
    assert len(mediators) == 1 and mediators[0]["stages"]["executed"] == s("0.00", "0.00")
    assert client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?economic=48").json["total"] == 1
    assert client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?per_page=0").status_code == 400
    assert client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?page=x").status_code == 400


# --- rebalance monitor -----------------------------------------------------------------------------
def rebalance_rows(client):
    csv_text = client.get(
        "/jurisdictions/RS-X/years/2024?table=RS-X-2024-rebalances&format=csv"
    ).get_data(as_text=True)
    lines = csv_text.lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    return [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]


def test_rebalance_step_figures_and_flag(client, year):
    (step,) = rebalance_rows(client)
    # total 10000 -> 11000 (+10 %); tagged 950 -> 775 (-18.42 %): 28.4 points worse -> flagged
    assert (step["total_before"], step["total_after"]) == ("10000.00", "11000.00")
    assert (step["tagged_before"], step["tagged_after"]) == ("950.00", "775.00")
    assert Decimal(step["tagged_ratio"]).quantize(Decimal("0.0001")) == Decimal("-0.1842")
    assert step["disproportionate"] == "True"
    assert (step["lines_cut"], step["lines_removed"], step["lines_added"]) == ("2", "0", "0")


@pytest.mark.parametrize(
    "after_tagged_line, flagged",
    [
        ("95.00", False),  # tagged -5 %, total 0 %: exactly 5 points worse, not more
        ("94.99", True),  # -5.01 %
        ("80.00", True),
        ("100.00", False),
    ],
)
def test_disproportionate_cut_boundary(
    client, runner, write, jurisdictions, after_tagged_line, flagged
):
    untagged_after = (
        Decimal("900.00") + Decimal("100.00") - Decimal(after_tagged_line)
    )  # total stays 1000
    load(
        runner,
        write,
        budget=f"""
jurisdiction,fiscal_year,stage,revision,program,economic,amount
RS-X,2024,adopted,,0901,472,100.00
RS-X,2024,adopted,,0602,411,900.00
RS-X,2024,revised,1,0901,472,{after_tagged_line}
RS-X,2024,revised,1,0602,411,{untagged_after}
""",
        tags="RS-X,2024,0901,,,472,,,targeted,,,,,,approved",
    )
    (step,) = rebalance_rows(client)
    assert step["disproportionate"] == str(flagged)


def test_lines_removed_and_added(client, runner, write, jurisdictions):
    load(
        runner,
        write,
        budget="""
jurisdiction,fiscal_year,stage,revision,program,economic,amount
RS-X,2024,adopted,,0901,472,100.00
RS-X,2024,adopted,,0602,411,900.00
RS-X,2024,revised,1,0602,411,950.00
RS-X,2024,revised,1,1801,423,10.00
RS-X,2024,revised,2,0602,411,940.00
RS-X,2024,revised,2,1801,423,10.00
""",
    )
    first, second = rebalance_rows(client)
    assert (first["lines_cut"], first["lines_removed"], first["lines_added"]) == ("0", "1", "1")
    assert (second["lines_cut"], second["lines_removed"], second["lines_added"]) == ("1", "0", "0")
    assert first["disproportionate"] == "False"  # nothing tagged: no flag


# --- execution tracker -----------------------------------------------------------------------------
def test_execution_tracker(client, year):
    page = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    never = page[page.index("Tagged lines never executed") :]
    assert "1801 · 1801-P1 · 740 · 423 · 01" in never.split("</table>")[0]
    over = page[page.index("Tagged lines executed above the budget in force") :]
    assert "0901 · 0901-0002 · 070 · 481 · 07" in over.split("</table>")[0]  # 450 > 400
    csv_text = client.get(
        "/jurisdictions/RS-X/years/2024?table=RS-X-2024-execution&format=csv"
    ).get_data(as_text=True)
    rows = {
        line.split(",")[0]: line.split(",") for line in csv_text.lstrip("\ufeff").splitlines()[1:]
    }
    # M-ED: in force 275.00; by 30 June 125.00 (45.45 %), by 31 December 262.50 (95.45 %)
    assert rows["M-ED"][2:] == [
        "275.00",
        "125.00",
        "0.4545",
        "262.50",
        "0.9545",
    ]


# --- national view ---------------------------------------------------------------------------------
def test_national_figures_reconcile_exactly_with_the_jurisdictions(
    client, runner, write, jurisdictions
):
    # 0.0001 x 50.00 = 0.005 in each jurisdiction: each rounds half-up to 0.01, the unrounded
    # total 0.01 would round to 0.01 but the published figures add up to 0.02.
    load(
        runner,
        write,
        measures=MEASURES,
        budget="""
jurisdiction,fiscal_year,stage,program,economic,amount
RS-X,2024,adopted,0901,472,50.00
RS-Y,2024,adopted,0901,472,50.00
RS,2024,adopted,0602,411,1000.00
""",
        tags="""
RS-X,2024,0901,,,472,,M-ED,mainstream,0.0001,,,,,approved
RS-Y,2024,0901,,,472,,M-ED,mainstream,0.0001,,,,,approved
""",
    )
    for code in ("RS-X", "RS-Y"):
        assert aggregate(client, "area", code)["education"][0]["tagged"] == "0.01"
    areas = client.get("/countries/RS/years/2024?table=RS-2024-area&format=csv").get_data(
        as_text=True
    )
    assert "education,Education,0.02," in areas
    places = client.get("/countries/RS/years/2024?table=RS-2024-jurisdictions&format=csv").get_data(
        as_text=True
    )
    total_row = places.strip().splitlines()[-1].split(",")
    assert total_row[2:5] == ["1100.00", "0.02", "1100.00"]
    assert "Serbia" in client.get("/countries/RS/years/2024").get_data(as_text=True)


def test_national_view_without_budgets_is_404(client, jurisdictions):
    assert client.get("/countries/RS/years/2024").status_code == 404


# --- charts ------------------------------------------------------------------------------------------
def test_charts_are_svg_with_alt_text_and_a_table_beside(client, year):
    page = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    for name in ("areas", "rebalance", "execution"):
        src = f"/jurisdictions/RS-X/years/2024/charts/{name}.svg"
        assert src in page
        response = client.get(src)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.get_data(as_text=True).lstrip().startswith("<?xml")
    assert all(re.search(r'alt="[^"]{20,}"', img) for img in re.findall(r"<img [^>]+>", page))
    assert client.get("/jurisdictions/RS-X/years/2024/charts/pie.svg").status_code == 404
    assert client.get("/jurisdictions/RS-X/charts/tagged-share.svg").status_code == 200


# --- no query per line ---------------------------------------------------------------------------
def count_queries(client, url: str) -> int:
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def budget_with_lines(n: int) -> str:
    rows = ["jurisdiction,fiscal_year,stage,revision,as_of,program,economic,description,amount"]
    for stage, revision, as_of in (
        ("adopted", "", ""),
        ("revised", "1", ""),
        ("executed", "", "2024-12-31"),
    ):
        rows += [
            f"RS-X,2024,{stage},{revision},{as_of},{1000 + i},472,Pomoć {i},{100 + i}.00"
            for i in range(n)
        ]
    return "\n".join(rows) + "\n"


def tags_for(n: int) -> str:
    return "\n".join(f"RS-X,2024,{1000 + i},,,472,,,targeted,,,,,,approved" for i in range(n))


PAGES = [
    "/jurisdictions/RS-X",
    "/jurisdictions/RS-X/years/2024",
    "/jurisdictions/RS-X/years/2024/by/line",
    "/jurisdictions/RS-X/years/2024/by/area",
    "/countries/RS/years/2024",
    "/api/v1/jurisdictions/RS-X/years/2024/lines",
    "/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=program",
    "/work/RS-X/2024",
    "/review",
    "/work/RS-X/2024/line?key=1000%7C%7C%7C472%7C",
]


def test_no_page_issues_a_query_per_line(app, client, runner, write, make_user):
    from tests.conftest import sign_in

    sign_in(client, make_user("admin").email)
    counts = {}
    for n in (5, 40):
        load(runner, write, budget=budget_with_lines(n), tags=tags_for(n))
        counts[n] = {url: count_queries(client, url) for url in PAGES}
    assert counts[5] == counts[40], {url: (counts[5][url], counts[40][url]) for url in PAGES}
