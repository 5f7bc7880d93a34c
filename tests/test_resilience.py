"""Resilience: the health check, a database that restarts, and a server killed mid-import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from tests.conftest import make_app

HELPER = Path(__file__).parent / "helpers" / "import_then_wait.py"


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_says_unavailable_without_a_database(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path}/missing-folder/nothing.sqlite3")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "unavailable"


def test_the_app_serves_again_after_the_database_drops_its_connections(app, client, database_url):
    """A PostgreSQL restart ends every connection; the pool checks connections before use."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (RRB_TEST_DATABASE_URL)")
    import psycopg

    assert client.get("/healthz").status_code == 200
    db.session.remove()  # the connection goes back to the pool, as at the end of a request
    with psycopg.connect(
        database_url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as admin:
        ended = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert ended >= 1
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/jurisdictions").status_code == 200


def lines_of(document_id: int) -> list[tuple[str, int]]:
    return sorted(
        db.session.execute(
            select(BudgetLine.program, BudgetLine.amount_minor).where(
                BudgetLine.document_id == document_id
            )
        ).all()
    )


def test_killing_an_import_mid_write_leaves_the_database_as_it_was(
    app, runner, write, jurisdictions, database_url, tmp_path
):
    header = "jurisdiction,fiscal_year,stage,revision,program,economic,amount\n"
    first = write(
        "first.csv",
        header + "RS-X,2024,adopted,,0901,472,100.00\nRS-X,2024,adopted,,0902,472,200.00\n",
    )
    assert runner.invoke(args=["import", "budget", str(first)]).exit_code == 0
    document = db.session.scalar(select(BudgetDocument))
    before = (
        lines_of(document.id),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
    )
    db.session.commit()
    db.session.remove()

    # The same adopted budget replaced by 4,000 other lines, and a new rebalance.
    rows = [f"RS-X,2024,adopted,,{1000 + i},472,{i}.00" for i in range(4000)]
    rows += [f"RS-X,2024,revised,1,{1000 + i},472,{i}.00" for i in range(4000)]
    second = write("second.csv", header + "\n".join(rows) + "\n")
    marker = tmp_path / "marker"
    env = {**os.environ, "DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, str(HELPER), str(second), str(marker)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    # The server connection of the killed process may take a moment to end its transaction.
    for _attempt in range(50):
        documents = db.session.scalars(select(BudgetDocument)).all()
        if len(documents) == 1:
            break
        db.session.rollback()
        time.sleep(0.1)
    assert [(d.stage, d.line_count) for d in documents] == [("adopted", 2)]
    after = (
        lines_of(documents[0].id),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
    )
    assert after == before
    assert before[0] == [("0901", 10000), ("0902", 20000)]
