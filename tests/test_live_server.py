"""Concurrent clients against a real server: gunicorn with 4 worker processes on the tests'
database (SQLite or PostgreSQL), each client its own connection and cookies.

The figures (attempts, accepted, refused, lost) are printed; `pytest -s` shows them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.tagging.models import Tag
from tests.conftest import PASSWORD
from tests.helpers.live import LiveServer, at_once

LINES = 400
MEASURES = "code,title,area,level\n" + "".join(
    f"M-{n},Measure {n},education,national\n" for n in range(10)
)
BUDGET = "jurisdiction,fiscal_year,stage,program,activity,economic,amount\n" + "".join(
    f"RS-X,2024,adopted,0901,0901-{n:04d},472,{100 + n}.00\n" for n in range(LINES)
)
TAGS = "/api/v1/jurisdictions/RS-X/years/2024/tags"


@pytest.fixture
def server(app, database_url):
    db.session.commit()
    db.engine.dispose()  # the server's processes open their own connections
    live = LiveServer({"DATABASE_URL": database_url, "SECRET_KEY": "live-server-test-secret"})
    yield live
    live.stop()


@pytest.fixture
def year(runner, write, make_user, token_for):
    for kind, text in (("measures", MEASURES), ("budget", BUDGET)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output
    make_user("finance", "RS-X")
    token = token_for("finance-rs-x@test.example")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def counts(statuses) -> dict:
    return dict(sorted(Counter(statuses).items()))


def post_tag(server, headers: dict, line: int, jurisdiction: str = "RS-X", **fields) -> int:
    """One client's tag of line 0901-<line> (economic 472), as a status code."""
    body = {"program": "0901", "activity": f"0901-{line:04d}", "economic": "472", **fields}
    path = TAGS.replace("RS-X", jurisdiction)
    return server.client().post(path, headers=headers, body=body).status


def test_four_hundred_parallel_creates_are_all_kept(year, server):
    def create(n: int) -> int:
        return post_tag(server, year, n, measure=f"M-{n % 10}", relevance="targeted")

    statuses = at_once(LINES, create, threads=40)
    db.session.rollback()
    kept = db.session.scalar(select(func.count()).select_from(Tag))
    audited = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "tag.created")
    )
    print(f"\n400 parallel creates: {counts(statuses)}; kept {kept}, audited {audited}")
    assert statuses.count(201) == LINES, (counts(statuses), server.output()[-3000:])
    assert kept == LINES and audited == LINES


def test_ten_servers_clients_on_one_line_never_pass_a_share_of_one(year, server):
    def tag(n: int) -> int:
        return post_tag(server, year, 0, measure=f"M-{n}", relevance="mainstream", share="0.3")

    statuses = at_once(10, tag)
    db.session.rollback()
    total = db.session.scalar(select(func.sum(Tag.share_units)))
    print(f"\n10 clients, share 0.3 each on one line: {counts(statuses)}; sum {total / 10_000}")
    assert statuses.count(201) == 3 and statuses.count(422) == 7, counts(statuses)
    assert Decimal(total) / 10_000 == Decimal("0.9")


def test_two_reviewers_deciding_the_same_items_record_one_decision_each(
    runner, write, year, make_user, server
):
    rows = "".join(f"RS-X,2024,0901,0901-{n:04d},472,M-1,targeted,submitted\n" for n in range(20))
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,status\n" + rows,
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    for email in ("one@test.example", "two@test.example"):
        make_user("reviewer", email=email)
    ids = db.session.scalars(select(Tag.id).order_by(Tag.id)).all()
    db.session.commit()
    reviewers = []
    for email in ("one@test.example", "two@test.example"):
        client = server.client()
        assert client.sign_in(email, PASSWORD).status == 200
        reviewers.append((client, client.csrf("/review")))

    def decide(n: int) -> int:
        client, token = reviewers[n % 2]
        decision = (
            {"decision": "approve"} if n % 2 == 0 else {"decision": "return", "comment": "No."}
        )
        item = f"tag:{ids[n // 2]}"
        return client.post("/review", form={"csrf_token": token, "item": item, **decision}).status

    statuses = at_once(2 * len(ids), decide, threads=8)
    db.session.rollback()
    decisions = db.session.scalars(
        select(AuditEntry.object_id).where(AuditEntry.action.in_(("tag.approved", "tag.returned")))
    ).all()
    mixed = db.session.scalar(
        select(func.count())
        .select_from(Tag)
        .where(Tag.status == "approved", Tag.review_comment.is_not(None))
    )
    print(f"\n2 reviewers x 20 items: {counts(statuses)}; {len(decisions)} decisions recorded")
    assert max(statuses) < 500, counts(statuses)
    assert sorted(int(d) for d in decisions) == sorted(ids)  # one decision per item
    assert mixed == 0  # never approved with the other reviewer's return comment


def test_a_burst_of_wrong_passwords_across_workers_does_not_overrun_the_limit(make_user, server):
    make_user("monitor")
    db.session.commit()

    def guess(n: int) -> int:
        return server.client().sign_in("monitor-all@test.example", f"guess {n}").status

    statuses = at_once(40, guess, threads=20)
    db.session.rollback()
    failures = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "auth.sign_in_failed")
    )
    print(f"\n40 parallel wrong passwords: {counts(statuses)}; {failures} failures recorded")
    assert statuses.count(401) == 10 and statuses.count(429) == 30, counts(statuses)
    assert failures == 10


def test_the_first_changes_of_a_new_database_at_once_all_commit(
    runner, write, year, make_user, token_for, server
):
    """Writes of different jurisdictions do not queue on one another; the first of them still
    give the data its version row once."""
    from budget.versioning import DataVersion

    budget = BUDGET.replace("RS-X,", "RS-Y,")
    assert runner.invoke(args=["import", "budget", str(write("y.csv", budget))]).exit_code == 0
    make_user("finance", "RS-Y")
    tokens = [year, {"Authorization": f"Bearer {token_for('finance-rs-y@test.example')}"}]
    db.session.execute(DataVersion.__table__.delete())  # as in a database never written to
    db.session.commit()

    def create(n: int) -> int:
        place = ("RS-X", "RS-Y")[n % 2]
        return post_tag(server, tokens[n % 2], n, jurisdiction=place, relevance="targeted")

    statuses = at_once(8, create)
    assert statuses == [201] * 8, (counts(statuses), server.output()[-3000:])
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DataVersion)) == 1


def test_parallel_uploads_of_one_document_replace_it_whole(year, server):
    """8 clients upload the same new document (each file with its own amounts) at once: every
    upload is written whole, one after the other; the document is one of the files exactly."""
    from budget.budgets.models import BudgetDocument, BudgetLine
    from budget.uploads.models import UploadedFile

    def file_of(client: int) -> bytes:
        rows = "".join(
            f"RS-X,2025,adopted,0901,0901-{n:04d},472,{client * 1000 + n}.00\n" for n in range(50)
        )
        return ("jurisdiction,fiscal_year,stage,program,activity,economic,amount\n" + rows).encode()

    statuses = at_once(
        8,
        lambda n: (
            server.client()
            .post(
                "/api/v1/jurisdictions/RS-X/documents", headers=year, file=(f"b{n}.csv", file_of(n))
            )
            .status
        ),
    )
    print("8 parallel uploads of one document:", counts(statuses))
    assert statuses == [201] * 8
    db.session.expire_all()
    documents = db.session.scalars(
        select(BudgetDocument).where(BudgetDocument.fiscal_year == 2025)
    ).all()
    assert len(documents) == 1
    amounts = db.session.scalars(
        select(BudgetLine.amount_minor).where(BudgetLine.document_id == documents[0].id)
    ).all()
    winner = {a // 100_000 for a in amounts}
    assert len(amounts) == 50 and len(winner) == 1  # the lines of one file, not a mix
    kept = db.session.get(UploadedFile, documents[0].file_id)
    assert kept.content == file_of(winner.pop())
    uploads = db.session.scalar(select(func.count()).select_from(UploadedFile))
    replaced = db.session.scalar(
        select(func.count()).where(AuditEntry.action == "document.replaced")
    )
    assert (uploads, replaced) == (8, 7)


def test_the_flag_limit_holds_across_server_processes(year, server, make_user, token_for):
    """30 flags of one monitor at once, spread over the server's 4 processes: 20 opened, the
    rest refused with 429; the counter lives in the database every process shares."""
    from budget.flags.models import Flag

    monitor = make_user("monitor")
    headers = {"Authorization": f"Bearer {token_for(monitor.email)}"}
    db.session.commit()
    body = {
        "jurisdiction": "RS-X",
        "fiscal_year": 2024,
        "target": {"type": "year"},
        "category": "other",
    }
    statuses = at_once(
        30,
        lambda n: (
            server.client()
            .post("/api/v1/flags", headers=headers, body={**body, "text": f"Flag {n}"})
            .status
        ),
    )
    print("30 parallel flags of one monitor:", counts(statuses))
    assert counts(statuses) == {201: 20, 429: 10}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 20
