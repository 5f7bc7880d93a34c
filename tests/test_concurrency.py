"""Concurrent clients: threads, each with its own session, against the app on either engine."""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select

from budget.extensions import db
from budget.tagging.models import Tag
from tests.conftest import csrf_token, sign_in

MEASURES = "code,title,area,level\n" + "".join(
    f"M-{n},Measure {n},education,national\n" for n in range(10)
)
TAGS = "/api/v1/jurisdictions/RS-X/years/2024/tags"


def at_once(app, count: int, action) -> list:
    """Run action(client, n) in `count` threads released together; their results."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(n: int):
        # No app context in the thread: each request pushes its own, with a session of its own,
        # as in a server process.
        client = app.test_client()
        barrier.wait()
        results[n] = action(client, n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def prepare(runner, write):
    for kind, text in (
        ("measures", MEASURES),
        (
            "budget",
            "jurisdiction,fiscal_year,stage,program,economic,amount\nRS-X,2024,adopted,0901,472,100.00\n",
        ),
    ):
        assert runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))]).exit_code == 0
    db.session.commit()


def test_ten_clients_tagging_one_line_never_pass_a_share_of_one(
    app, runner, write, make_user, token_for
):
    prepare(runner, write)
    make_user("finance", "RS-X")
    token = token_for("finance-rs-x@test.example")
    db.session.commit()
    statuses = at_once(
        app,
        10,
        lambda client, n: (
            client.post(
                TAGS,
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "program": "0901",
                    "economic": "472",
                    "measure": f"M-{n}",
                    "relevance": "mainstream",
                    "share": "0.3",
                },
            ).status_code
        ),
    )
    db.session.rollback()
    accepted = statuses.count(201)
    total = db.session.scalar(select(func.sum(Tag.share_units)))
    assert accepted == 3 and statuses.count(422) == 7, statuses
    assert Decimal(total) / 10_000 == Decimal("0.9")


def test_two_reviewers_deciding_at_once_record_one_decision(app, client, runner, write, make_user):
    prepare(runner, write)
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,economic,measure,relevance,status\n"
        "RS-X,2024,0901,472,M-1,targeted,submitted\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    for email in ("one@test.example", "two@test.example"):
        make_user("reviewer", email=email)
    tag_id = db.session.scalar(select(Tag.id))
    db.session.commit()

    def decide(client, n):
        sign_in(client, ("one@test.example", "two@test.example")[n])
        page = client.get("/review").get_data(as_text=True)
        decision = {"decision": "approve"} if n == 0 else {"decision": "return", "comment": "No."}
        return client.post(
            "/review", data={"csrf_token": csrf_token(page), "item": f"tag:{tag_id}", **decision}
        )

    at_once(app, 2, decide)
    db.session.rollback()
    tag = db.session.get(Tag, tag_id)
    from budget.audit.models import AuditEntry

    decisions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.in_(("tag.approved", "tag.returned")))
    ).all()
    assert len(decisions) == 1, decisions
    assert (tag.status == "approved") == (tag.review_comment is None)  # never approved with "No."


def test_a_burst_of_wrong_passwords_does_not_overrun_the_limit(app, make_user):
    from budget.audit.models import AuditEntry

    make_user("monitor")
    db.session.commit()

    def guess(client, n):
        page = client.get("/auth/login").get_data(as_text=True)
        return client.post(
            "/auth/login",
            data={
                "email": "monitor-all@test.example",
                "password": f"guess {n}",
                "csrf_token": csrf_token(page),
            },
        ).status_code

    statuses = at_once(app, 30, guess)
    db.session.rollback()
    failures = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "auth.sign_in_failed")
    )
    assert statuses.count(401) == 10 and statuses.count(429) == 20, statuses
    assert failures == 10
