"""Stored scores follow every kind of input, and reading a score never writes.

Each step changes one input through the interface a user would use (an import, the tags API,
the review queue, a method file) and reads the score through the API, which only reads stored
rows: the new figure must be there without `scores compute`.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from budget.extensions import db
from budget.scoring.method import METHODS_DIR
from budget.scoring.models import ScoreResult
from tests.conftest import csrf_token, sign_in
from tests.test_scoring import example

SCORE = "/api/v1/jurisdictions/RS-X/years/2024/score"
TAG_K2 = {
    "program": "0901",
    "activity": "0901-0001",
    "function": "070",
    "economic": "472",
    "source": "01",
    "measure": "M-SP",
    "relevance": "mainstream",
    "share": "0.2",
    "beneficiaries_total": 500,
    "beneficiaries_roma": 100,
    "beneficiaries_roma_women": 55,
}


def imported(runner, write, kind: str, text: str) -> None:
    result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
    assert result.exit_code == 0, result.output


def stored_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(ScoreResult))


def test_each_kind_of_input_changes_the_stored_score(
    app, client, runner, write, make_user, token_for
):
    example(runner)  # imports only: no `scores compute`
    assert stored_rows() == 1
    score = client.get(SCORE).json
    assert (score["index"], score["dimensions"]["RRB-1"]["value"]) == (44.4, "0.8000")

    # a plan: the planned cost of M-ED doubles -> f = min(80, 200) / 200 = 0.4 (D)
    imported(
        runner,
        write,
        "plans",
        "jurisdiction,fiscal_year,measure,planned_cost\nRS-X,2024,M-ED,200.00\n",
    )
    assert client.get(SCORE).json["dimensions"]["RRB-1"] == {
        "name": "Plan funding",
        "grade": "D",
        "value": "0.4000",
    }

    # a jurisdiction's population: equity ratio = (280 / 5000) / (11000 / 50000) = 0.2545
    imported(
        runner,
        write,
        "jurisdictions",
        "code,name,kind,country,currency,population,roma_population\nRS-X,Example,municipality,RS,RSD,50000,5000\n",
    )
    assert client.get(SCORE).json["context"]["equity_ratio"] == "0.2545"

    # a measure's area: M-ED moves to housing; still 2 priority areas, now housing and social protection
    imported(
        runner,
        write,
        "measures",
        "code,title,area,level\nM-ED,Education support,housing,national\n",
    )
    assert client.get(SCORE).json["dimensions"]["RRB-2"]["areas"] == 2
    imported(
        runner,
        write,
        "measures",
        "code,title,area,level\nM-ED,Education support,social_protection,national\n",
    )
    assert client.get(SCORE).json["dimensions"]["RRB-2"]["areas"] == 1

    # a budget document: the execution report again, nothing spent on tagged lines -> x = 0 (D)
    imported(
        runner,
        write,
        "budget",
        "jurisdiction,fiscal_year,stage,as_of,program,activity,function,economic,source,amount\n"
        "RS-X,2024,executed,2024-12-31,0602,0602-0001,130,411,01,9500.00\n",
    )
    assert client.get(SCORE).json["dimensions"]["RRB-3"]["value"] == "0.0000"

    # a tag edited through the API goes back to draft and stops counting: T_R = 80
    make_user("finance", "RS-X")
    token = token_for("finance-rs-x@test.example")
    response = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        json={**TAG_K2, "share": "0.3"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.json
    assert client.get(SCORE).json["context"]["tagged_share"] == "0.0073"  # 80 / 11000

    # submitted and approved in the review queue: counts again with its new share, T_R = 380
    sign_in(client, "finance-rs-x@test.example")
    workspace = client.get("/work/RS-X/2024").get_data(as_text=True)
    assert (
        client.post(
            "/work/RS-X/2024/submit", data={"csrf_token": csrf_token(workspace)}
        ).status_code
        == 302
    )
    reviewer = make_user("reviewer")
    reviewer_client = app.test_client()
    sign_in(reviewer_client, reviewer.email)
    queue = reviewer_client.get("/review").get_data(as_text=True)
    from budget.tagging.models import Tag

    draft = db.session.scalar(select(Tag).where(Tag.program == "0901"))
    decided = reviewer_client.post(
        "/review",
        data={"csrf_token": csrf_token(queue), "item": f"tag:{draft.id}", "decision": "approve"},
    )
    assert decided.status_code == 302
    assert client.get(SCORE).json["context"]["tagged_share"] == "0.0345"  # 380 / 11000

    # questionnaire answers
    imported(
        runner,
        write,
        "questionnaire",
        "jurisdiction,fiscal_year,item,answer\n"
        "RS-X,2024,budget_published,yes\nRS-X,2024,interethnic_council_consulted,yes\n",
    )
    assert client.get(SCORE).json["dimensions"]["RRB-6"]["value"] == 5
    assert stored_rows() == 1


def test_a_changed_method_file_is_read_fresh_without_writing(app, client, runner, tmp_path):
    example(runner)
    before = db.session.scalar(select(ScoreResult.computed_at))
    edited = json.loads((METHODS_DIR / "rrb-v1.json").read_text())
    edited["dimensions"][2]["grades"][0]["min"]["x"] = "0.96"  # the same id, another threshold
    (tmp_path / "rrb-v1.json").write_text(json.dumps(edited))
    app.config["SCORING_METHOD_DIRS"] = [str(tmp_path)]
    app.extensions.pop("scoring_methods", None)

    # served computed with the edited file (RRB-3 x = 0.95 is a B now), and the read stored nothing
    assert client.get(SCORE).json["dimensions"]["RRB-3"]["grade"] == "B"
    assert client.get("/api/v1/scores?year=2024").json[0]["index"] == 38.9
    db.session.expire_all()
    assert db.session.scalar(select(ScoreResult.computed_at)) == before

    assert runner.invoke(args=["scores", "compute"]).exit_code == 0
    db.session.expire_all()
    stored = db.session.scalar(select(ScoreResult))
    assert stored.computed_at > before and stored.index_tenths == 389


def test_cached_pages_follow_scores_compute(app, client, runner, tmp_path):
    """`scores compute` stores through Core statements: the data version must change too."""
    example(runner)
    page = "/jurisdictions/RS-X/years/2024/score"
    assert "Index 44.4 of 100" in client.get(page).get_data(as_text=True)  # now cached
    edited = json.loads((METHODS_DIR / "rrb-v1.json").read_text())
    edited["dimensions"][2]["grades"][0]["min"]["x"] = "0.96"
    (tmp_path / "rrb-v1.json").write_text(json.dumps(edited))
    app.config["SCORING_METHOD_DIRS"] = [str(tmp_path)]
    app.extensions.pop("scoring_methods", None)
    assert runner.invoke(args=["scores", "compute"]).exit_code == 0
    assert "Index 38.9 of 100" in client.get(page).get_data(as_text=True)


def test_a_year_without_documents_has_no_stored_score(client, runner, write):
    example(runner)
    assert stored_rows() == 1
    from budget.budgets.models import BudgetDocument

    for document in db.session.scalars(select(BudgetDocument)):
        db.session.delete(document)
    db.session.commit()
    assert stored_rows() == 0
    assert client.get(SCORE).status_code == 404


def test_reads_never_write(client, runner):
    """Every page and API read of a scored year leaves the database as it was."""
    example(runner)
    db.session.execute(ScoreResult.__table__.delete())  # as after an upgrade: nothing stored yet
    db.session.commit()
    for url in (
        SCORE,
        "/api/v1/scores?year=2024",
        "/",
        "/jurisdictions/RS-X/years/2024/score",
        "/jurisdictions/RS-X/years/2024",
        "/countries/RS/years/2024",
    ):
        assert client.get(url).status_code == 200, url
    assert stored_rows() == 0
    assert client.get(SCORE).json["index"] == 44.4  # computed in memory, not stored
