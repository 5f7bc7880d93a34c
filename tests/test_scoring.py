"""The RRB index: the worked example, every threshold boundary, every not-scored rule,
insufficient data, stored results that follow the data, and a second method version."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from budget.extensions import db
from budget.scoring.inputs import ScoreInputs
from budget.scoring.method import METHODS_DIR, Method
from budget.scoring.models import ScoreResult
from budget.time import as_utc
from tests.conftest import DATA

EXAMPLE = DATA / "example"
V1 = Method.from_file(METHODS_DIR / "rrb-v1.json")


def example(runner):
    for kind in ("jurisdictions", "measures", "budget", "tags", "plans", "questionnaire"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0


def test_worked_example_end_to_end(client, runner):
    example(runner)
    result = runner.invoke(args=["scores", "compute", "--year", "2024"])
    assert result.exit_code == 0 and "1 scored" in result.output
    expected = json.loads((EXAMPLE / "expected.json").read_text())["scores"]
    for key, answer in expected.items():
        code, year = key.split("/")
        body = client.get(f"/api/v1/jurisdictions/{code}/years/{year}/score").json
        assert body["jurisdiction"] == code and body["fiscal_year"] == int(year)
        assert body["methodology"] == "rrb-v1"
        for field in ("status", "grade", "index"):
            assert body[field] == answer[field], field
        for dimension, values in answer["dimensions"].items():
            for name, value in values.items():
                got = body["dimensions"][dimension][name]
                assert (
                    (Decimal(str(got)) == Decimal(str(value))) if name == "value" else got == value
                ), (dimension, name)
        assert {k: Decimal(v) for k, v in body["context"].items()} == {
            k: Decimal(v) for k, v in answer["context"].items()
        }
    ranking = client.get("/api/v1/scores?year=2024").json
    assert [r["jurisdiction"] for r in ranking] == ["RS-X"] and ranking[0]["index"] == 44.4
    stored = db.session.scalar(select(ScoreResult))
    assert stored.methodology == "rrb-v1" and stored.inputs["T_R"] == "280" and stored.grade == "C"


def inputs(**changes) -> ScoreInputs:
    """The worked example's inputs, changed as a test needs."""
    base = dict(
        has_adopted=True,
        has_revision=True,
        has_executed=True,
        B_A=Decimal("10000"),
        B_R=Decimal("11000"),
        B_E=Decimal("10026"),
        T_A=Decimal("300"),
        T_R=Decimal("280"),
        T_E=Decimal("266"),
        T_R_linked=Decimal("280"),
        T_R_by_measure={"M-ED": Decimal("80"), "M-SP": Decimal("200")},
        T_R_by_area={"education": Decimal("80"), "social_protection": Decimal("200")},
        T_R_with_beneficiaries=Decimal("200"),
        T_R_with_women=Decimal("200"),
        planned_costs={"M-ED": Decimal("100")},
        answers={
            "lap_in_force": True,
            "roma_coordinator": True,
            "consultation_held": True,
            "budget_published": False,
            "interethnic_council_consulted": False,
        },
        population=50000,
        roma_population=2500,
    )
    base.update(changes)
    return ScoreInputs(**base)


def grade(dimension: str, **changes) -> tuple[str | None, object]:
    report = V1.apply(inputs(**changes))["dimensions"][dimension]
    return report["grade"], report["value"]


@pytest.mark.parametrize(
    "covered, expected",
    [
        ("90", "A"),
        ("89.99", "B"),
        ("75", "B"),
        ("74.99", "C"),
        ("50", "C"),
        ("49.99", "D"),
        ("0", "D"),
    ],
)
def test_plan_funding_boundaries(covered, expected):
    assert grade("RRB-1", T_R_by_measure={"M-ED": Decimal(covered)})[0] == expected


def test_plan_funding_caps_each_measure_at_its_cost():
    # 150 tagged against 100 planned counts 100; 0 against 100: f = 100 / 200 = 0.5
    assert grade(
        "RRB-1",
        T_R_by_measure={"M-ED": Decimal("150")},
        planned_costs={"M-ED": Decimal("100"), "M-SP": Decimal("100")},
    ) == ("C", "0.5000")


@pytest.mark.parametrize(
    "linked, areas, expected",
    [
        ("252", 4, "A"),
        ("251.99", 4, "B"),
        ("252", 3, "B"),
        ("210", 3, "B"),
        ("209.99", 3, "C"),
        ("140", 2, "C"),
        ("139.99", 2, "D"),
        ("280", 1, "D"),
    ],
)
def test_strategic_alignment_boundaries(linked, areas, expected):
    by_area = dict.fromkeys(
        ["education", "employment", "housing", "health", "social_protection"][:areas], Decimal(1)
    )
    by_area["other"] = Decimal(50)  # not a priority area
    assert grade("RRB-2", T_R_linked=Decimal(linked), T_R_by_area=by_area)[0] == expected


@pytest.mark.parametrize(
    "executed, expected",
    [("266", "A"), ("265.99", "B"), ("238", "B"), ("237.99", "C"), ("196", "C"), ("195.99", "D")],
)
def test_execution_boundaries(executed, expected):
    assert grade("RRB-3", T_E=Decimal(executed))[0] == expected  # 0.95, 0.85, 0.70 of 280


@pytest.mark.parametrize(
    "tagged_in_force, expected, value",
    [
        ("330", "A", "0.0000"),  # +10 % like the total: d = 0 exactly
        ("315", "B", "-0.0500"),  # d = -0.05 exactly
        ("314.97", "C", "-0.0501"),  # d = -0.0501
        ("285", "C", "-0.1500"),  # d = -0.15 exactly
        ("284.97", "D", "-0.1501"),
    ],
)
def test_rebalance_protection_boundaries(tagged_in_force, expected, value):
    assert grade("RRB-4", T_R=Decimal(tagged_in_force)) == (expected, value)


@pytest.mark.parametrize(
    "with_beneficiaries, with_women, expected",
    [
        ("252", "210", "A"),
        ("252", "209.99", "B"),
        ("251.99", "280", "B"),
        ("210", "140", "B"),
        ("210", "139.99", "C"),
        ("209.99", "280", "C"),
        ("140", "0", "C"),
        ("139.99", "280", "D"),
    ],
)
def test_evidence_boundaries(with_beneficiaries, with_women, expected):
    assert (
        grade(
            "RRB-5",
            T_R_with_beneficiaries=Decimal(with_beneficiaries),
            T_R_with_women=Decimal(with_women),
        )[0]
        == expected
    )


@pytest.mark.parametrize(
    "yes, expected", [(5, "A"), (4, "B"), (3, "C"), (2, "C"), (1, "D"), (0, "D")]
)
def test_participation_boundaries(yes, expected):
    items = V1.questionnaire_items
    answers = {item: index < yes for index, item in enumerate(items)}
    assert grade("RRB-6", answers=answers) == (expected, yes)


def test_grades_compare_unrounded_values():
    # 0.949996... is reported as 0.9500 but is below the A threshold 0.95
    assert grade("RRB-3", T_E=Decimal("265.9989")) == ("B", "0.9500")


@pytest.mark.parametrize(
    "dimension, changes, reason",
    [
        ("RRB-1", {"planned_costs": {}}, "no planned cost"),
        ("RRB-2", {"T_R": None, "has_adopted": False}, "neither an adopted nor a revised budget"),
        ("RRB-3", {"has_executed": False, "T_E": None, "B_E": None}, "no execution report"),
        ("RRB-3", {"T_R": Decimal(0)}, "nothing Roma-relevant is tagged"),
        ("RRB-4", {"has_revision": False}, "no rebalance"),
        ("RRB-4", {"T_A": Decimal(0)}, "nothing Roma-relevant was tagged in the adopted budget"),
        ("RRB-4", {"B_A": Decimal(0)}, "the adopted budget is 0"),
        ("RRB-5", {"T_R": None, "has_adopted": False}, "neither an adopted nor a revised budget"),
        ("RRB-6", {"answers": {}}, "no questionnaire answer"),
    ],
)
def test_not_scored_rules(dimension, changes, reason):
    report = V1.apply(inputs(**changes))["dimensions"][dimension]
    assert report["grade"] is None and report["value"] is None and reason in report["reason"]


def test_zero_tagged_is_d_not_unscored():
    result = V1.apply(inputs(T_R=Decimal(0), T_R_linked=Decimal(0), T_R_by_area={}))
    assert (
        result["dimensions"]["RRB-2"]["grade"] == "D"
        and result["dimensions"]["RRB-5"]["grade"] == "D"
    )


def test_insufficient_data_below_four_dimensions():
    three_missing = inputs(
        planned_costs={}, has_executed=False, T_E=None, B_E=None, has_revision=False
    )
    result = V1.apply(three_missing)
    assert (
        result["status"] == "insufficient_data"
        and result["index"] is None
        and result["grade"] is None
    )
    four = V1.apply(inputs(planned_costs={}, has_revision=False))
    assert four["status"] == "scored"
    # RRB-2 C, RRB-3 A, RRB-5 C, RRB-6 C: mean 2.5 -> index 50.0, grade B (2.5 is the B boundary)
    assert (four["index"], four["grade"]) == (Decimal("50.0"), "B")


def test_index_rounding_and_grade_boundary():
    # points 4,4,4,2: mean 3.5 exactly (the A boundary) -> index 83.333.. -> 83.3
    result = V1.apply(
        inputs(
            planned_costs={},
            has_revision=False,
            T_R_linked=Decimal(280),
            T_R_by_area=dict.fromkeys(V1.priority_areas, Decimal(1)),
            T_R_with_women=Decimal(280),
            T_R_with_beneficiaries=Decimal(280),
        )
    )
    assert [result["dimensions"][d]["grade"] for d in ("RRB-2", "RRB-3", "RRB-5", "RRB-6")] == [
        "A",
        "A",
        "A",
        "C",
    ]
    assert (result["index"], result["grade"]) == (Decimal("83.3"), "A")


def test_stored_scores_follow_the_data(client, runner, write):
    example(runner)
    runner.invoke(args=["scores", "compute"])
    first = db.session.scalar(select(ScoreResult))
    computed_at, fingerprint = first.computed_at, first.inputs_hash
    assert (
        client.get("/api/v1/jurisdictions/RS-X/years/2024/score").json["computed_at"]
        == as_utc(computed_at).isoformat()  # the moment with its zone
    )
    answers = write(
        "q.csv",
        "jurisdiction,fiscal_year,item,answer\nRS-X,2024,budget_published,yes\nRS-X,2024,interethnic_council_consulted,yes\n",
    )
    assert runner.invoke(args=["import", "questionnaire", str(answers)]).exit_code == 0
    body = client.get("/api/v1/jurisdictions/RS-X/years/2024/score").json
    assert body["dimensions"]["RRB-6"] == {
        "name": "Participation and transparency",
        "grade": "A",
        "value": 5,
    }
    db.session.expire_all()
    assert db.session.scalar(select(ScoreResult.inputs_hash)) != fingerprint
    assert db.session.scalar(select(func.count()).select_from(ScoreResult)) == 1


def test_ranking_lists_insufficient_data_last(client, runner, write):
    example(runner)
    thin = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-Y,2024,adopted,411,5.00\n"
    )
    places = write(
        "j.csv", "code,name,kind,country,currency\nRS-Y,Y,city,RS,RSD\nRS-Z,Z,national,RS,RSD\n"
    )
    assert runner.invoke(args=["import", "jurisdictions", str(places)]).exit_code == 0
    assert runner.invoke(args=["import", "budget", str(thin)]).exit_code == 0
    ranking = client.get("/api/v1/scores?year=2024").json
    assert [(r["jurisdiction"], r["status"], r["index"]) for r in ranking] == [
        ("RS-X", "scored", 44.4),
        ("RS-Y", "insufficient_data", None),
    ]


def test_score_errors(client, runner):
    example(runner)
    assert client.get("/api/v1/jurisdictions/NOPE/years/2024/score").status_code == 404
    assert client.get("/api/v1/jurisdictions/RS-X/years/2023/score").status_code == 404
    assert (
        client.get("/api/v1/jurisdictions/RS-X/years/2024/score?method=rrb-v9").status_code == 404
    )
    assert client.get("/api/v1/scores").status_code == 400
    assert client.get("/api/v1/scores?year=2031").json == []


def test_national_level_is_not_scored(client, runner, write, jurisdictions):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS,2024,adopted,411,1.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0
    response = client.get("/api/v1/jurisdictions/RS/years/2024/score")
    assert response.status_code == 404 and "not scored" in response.json["message"]


def test_a_second_method_is_a_file_and_both_results_coexist(app, client, runner, tmp_path):
    variant = json.loads((METHODS_DIR / "rrb-v1.json").read_text())
    variant["id"] = "rrb-v2-test"
    variant["dimensions"][2]["grades"][0]["min"]["x"] = "0.96"  # execution A needs 96 %
    (tmp_path / "rrb-v2-test.json").write_text(json.dumps(variant))
    app.config["SCORING_METHOD_DIRS"] = [str(tmp_path)]
    app.extensions.pop("scoring_methods", None)
    example(runner)
    assert runner.invoke(args=["scores", "compute", "--method", "rrb-v2-test"]).exit_code == 0
    v1 = client.get("/api/v1/jurisdictions/RS-X/years/2024/score").json
    v2 = client.get("/api/v1/jurisdictions/RS-X/years/2024/score?method=rrb-v2-test").json
    assert (v1["methodology"], v1["dimensions"]["RRB-3"]["grade"], v1["index"]) == (
        "rrb-v1",
        "A",
        44.4,
    )
    # x = 0.95 is a B now: points 3,2,3,1,2,2 -> mean 2.1667 -> index 38.9
    assert (v2["methodology"], v2["dimensions"]["RRB-3"]["grade"], v2["index"]) == (
        "rrb-v2-test",
        "B",
        38.9,
    )
    assert sorted(db.session.scalars(select(ScoreResult.methodology))) == ["rrb-v1", "rrb-v2-test"]
    page = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "rrb-v2-test" in page  # the scorecard offers the other method


def test_scorecard_page(client, runner):
    example(runner)
    page = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "Index 44.4 of 100" in page and "RRB-4" in page and "d = (tagged in force" in page
    assert 'href="/jurisdictions/RS-X/years/2024/by/measure"' in page and 'id="answers"' in page
    csv_text = client.get(
        "/jurisdictions/RS-X/years/2024/score?table=RS-X-2024-score&format=csv"
    ).get_data(as_text=True)
    assert "RRB-4,Protection in rebalance,D,-0.1667" in csv_text
    home = client.get("/").get_data(as_text=True)
    assert 'href="/jurisdictions/RS-X/years/2024/score"' in home


def test_storing_a_score_again_updates_its_row(client, runner):
    """Two transactions refreshing one score: insert-or-update, the later values win."""
    from budget.jurisdictions.models import Jurisdiction
    from budget.scoring import services

    example(runner)
    jurisdiction = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == "RS-X"))
    row = db.session.scalar(select(ScoreResult))
    services._upsert(
        [
            {
                "jurisdiction_id": jurisdiction.id,
                "fiscal_year": 2024,
                "methodology": "rrb-v1",
                "computed_at": row.computed_at,
                "inputs_hash": "x",
                "inputs": {},
                "result": {},
                "method_fingerprint": None,
                "status": "scored",
                "grade": "C",
                "index_tenths": 444,
            }
        ]
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(ScoreResult.inputs_hash)) == "x"
    assert db.session.scalar(select(func.count()).select_from(ScoreResult)) == 1
