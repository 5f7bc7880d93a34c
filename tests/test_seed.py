"""`seed demo` loads code lists and the demo data set, and can run again."""

from __future__ import annotations

from sqlalchemy import func, select

from budget.budgets.models import BudgetDocument
from budget.classifications.models import ClassificationCode
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction


def test_seed_demo_is_idempotent(runner, client):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    documents = db.session.scalar(select(func.count()).select_from(BudgetDocument))
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(BudgetDocument)) == documents

    programs = db.session.scalar(
        select(func.count())
        .select_from(ClassificationCode)
        .where(
            ClassificationCode.scheme == "program",
            ClassificationCode.code.in_(["1101", "0901", "2002", "0501"]),
        )
    )
    assert programs == 4
    kinds = dict(
        db.session.execute(
            select(Jurisdiction.kind, func.count()).group_by(Jurisdiction.kind)
        ).all()
    )
    assert kinds["national"] == 1 and sum(v for k, v in kinds.items() if k != "national") >= 6
    # Every jurisdiction: two years, adopted + a rebalance + mid-year and year-end execution.
    for code in db.session.scalars(select(Jurisdiction.code)):
        for year in (2024, 2025):
            body = client.get(f"/api/v1/jurisdictions/{code}/years/{year}/summary").json
            assert body["adopted"] and body["revised"]["revision"] >= 1
            assert body["executed"]["as_of"] == f"{year}-12-31"
    stages = set(
        db.session.scalars(select(BudgetDocument.as_of).where(BudgetDocument.stage == "executed"))
    )
    assert {d.isoformat()[5:] for d in stages} == {"06-30", "12-31"}
