"""Budget users (`unit`) in the line key: a budget that repeats a program and account under two
budget users imports, tags weigh the one they name, the API groups and filters by them, and
files without the column keep their keys and figures exactly (also through the migration)."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from budget import ROOT
from budget.budgets.models import BudgetLine
from budget.extensions import db
from budget.line_keys import LineKey
from tests.conftest import make_app
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)

BUDGET = """
jurisdiction,fiscal_year,stage,unit,program,economic,amount
RS-X,2024,adopted,4.01,0901,472,100.00
RS-X,2024,adopted,4.02,0901,472,250.00
RS-X,2024,adopted,,0901,472,5.00
RS-X,2024,adopted,4.01,2002,463,40.00
"""
TAGS = """
jurisdiction,fiscal_year,unit,program,economic,relevance,share,status
RS-X,2024,4.02,0901,472,mainstream,0.2,approved
"""


@pytest.fixture
def year(runner, write, jurisdictions):
    for kind, content in (("budget", BUDGET), ("tags", TAGS)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", content))])
        assert result.exit_code == 0, result.output


def test_the_same_program_and_account_under_two_budget_users(client, year):
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 4
    summary = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    # the tag names budget user 4.02: 0.2 x 250.00, not of 4.01's or the unit-less line
    assert summary["adopted"] == {"total": "395.00", "tagged": "50.00"}


def test_aggregate_by_budget_user(client, year):
    answer = client.get("/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=unit")
    assert answer.status_code == 200
    rows = {r["key"]: r["adopted"] for r in answer.json["rows"]}
    assert rows == {
        "": {"total": "5.00", "tagged": "0.00"},
        "4.01": {"total": "140.00", "tagged": "0.00"},
        "4.02": {"total": "250.00", "tagged": "50.00"},
    }


def test_lines_carry_and_filter_by_budget_user(client, year):
    lines = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines").json["lines"]
    assert sorted(line["unit"] for line in lines) == ["", "4.01", "4.01", "4.02"]
    only = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?unit=4.01").json
    assert only["total"] == 2 and {line["unit"] for line in only["lines"]} == {"4.01"}
    none = client.get("/api/v1/jurisdictions/RS-X/years/2024/lines?unit=").json
    assert none["total"] == 1 and none["lines"][0]["stages"]["adopted"]["total"] == "5.00"


def test_a_key_repeated_within_one_budget_user_is_refused(runner, write, jurisdictions):
    bad = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,unit,economic,amount\n"
        "RS-X,2024,adopted,4.01,472,1.00\n"
        "RS-X,2024,adopted,4.01,472,2.00\n"
        "RS-X,2024,adopted,4.02,472,3.00\n",
    )
    result = runner.invoke(args=["import", "budget", str(bad)])
    assert result.exit_code == 1
    assert "row 3, column economic" in result.output and "row 2" in result.output
    assert "row 4" not in result.output  # another budget user: another key
    spaced = write(
        "c.csv",
        "jurisdiction,fiscal_year,stage,unit,economic,amount\nRS-X,2024,adopted,4 01,472,3.00\n",
    )
    result = runner.invoke(args=["import", "budget", str(spaced)])
    assert result.exit_code == 1 and "row 2, column unit" in result.output
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0


def test_tags_through_the_api_name_the_budget_user(client, year, make_user, token_for):
    make_user("finance", "RS-X", email="fin@x.example")
    token = token_for("fin@x.example")
    answer = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        json={"unit": "4.01", "program": "0901", "economic": "472", "relevance": "targeted"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["unit"] == "4.01"
    bad = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        json={"unit": "4 01", "economic": "472", "relevance": "targeted"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert bad.status_code == 422 and "unit" in bad.json["errors"]


def test_key_text_without_a_budget_user_reads_as_before():
    key = LineKey("0901", "0901-0001", "070", "472", "01")
    assert key.text == "0901|0901-0001|070|472|01"
    assert LineKey.parse(key.text) == key
    with_unit = LineKey("0901", "", "", "472", "", "4.01")
    assert with_unit.text == "0901|||472||4.01"
    assert LineKey.parse(with_unit.text) == with_unit
    assert LineKey.parse("0901|||472") is None


def test_the_migration_keeps_keys_and_figures(empty_database_url):  # noqa: F811
    """A database of revision 0012 with lines and a tag, upgraded: every key gets the empty
    budget user and every sum stays what it was."""
    app = make_app(empty_database_url)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision="0012")
        statements = [
            "INSERT INTO jurisdictions (id, code, name, kind, country, currency) "
            "VALUES (1, 'RS-M', 'M', 'municipality', 'RS', 'RSD')",
            "INSERT INTO budget_documents (id, jurisdiction_id, fiscal_year, stage, revision, "
            "source_file, imported_at, imported_by, line_count) VALUES "
            "(1, 1, 2024, 'adopted', 0, 'b.csv', '2024-01-01 00:00:00', 'test', 2)",
            "INSERT INTO budget_lines (id, document_id, program, activity, function, economic, "
            "source, description, search_text, amount_minor) VALUES "
            "(1, 1, '0901', '', '', '472', '', 'a', 'a', 12345),"
            "(2, 1, '2002', '', '', '463', '01', 'b', 'b', 100)",
            "INSERT INTO tags (id, jurisdiction_id, fiscal_year, program, activity, function, "
            "economic, source, relevance, share_units, status, version) VALUES "
            "(1, 1, 2024, '0901', '', '', '472', '', 'mainstream', 3333, 'approved', 1)",
        ]
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
        upgrade(directory=directory)
        lines = db.session.execute(
            text("SELECT program, economic, source, unit, amount_minor FROM budget_lines")
        ).all()
        assert sorted(lines) == [("0901", "472", "", "", 12345), ("2002", "463", "01", "", 100)]
        assert db.session.execute(text("SELECT unit FROM tags")).scalar() == ""
        from budget.analysis.aggregate import sums

        found = sums([1], "all")[()]
        # 123.45 + 1.00; tagged 0.3333 x 123.45 = 41.146... -> 41.15
        assert (str(found.total), str(found.tagged)) == ("124.45", "41.15")
        db.session.commit()
        downgrade(directory=directory, revision="0012")
        back = db.session.execute(text("SELECT count(*) FROM budget_lines")).scalar()
        assert back == 2
        db.session.remove()
        db.engine.dispose()
