"""Budget documents and tags through the API: POST …/documents (dry run, write, replace),
POST …/years/{year}/tags/file, all or nothing, every problem with its row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.tagging.models import Tag
from budget.uploads.models import UploadedFile

HEADER = "jurisdiction,fiscal_year,stage,revision,program,activity,function,economic,source,description,amount\n"
ADOPTED = (
    HEADER + "RS-X,2025,adopted,,0901,0901-0001,070,472,01,Roma social aid,1000.00\n"
    "RS-X,2025,adopted,,0901,0901-0002,070,463,01,Centre for social work,2500.50\n"
    "RS-X,2025,adopted,,2002,2002-0001,912,463,01,Primary schools,4000.00\n"
)
URL = "/api/v1/jurisdictions/RS-X/documents"


@pytest.fixture
def officer(make_user, token_for):
    user = make_user("finance", "RS-X")
    return token_for(user.email)


def upload(client, token, content: str | bytes, name="budget.csv", url=URL, query=""):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        url + query,
        data={"file": (io.BytesIO(data), name)},
        headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data",
    )


def counts():
    return (
        db.session.scalar(select(func.count()).select_from(BudgetDocument)),
        db.session.scalar(select(func.count()).select_from(BudgetLine)),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
        db.session.scalar(select(func.count()).select_from(UploadedFile)),
    )


def test_a_dry_run_checks_and_writes_nothing(client, officer):
    before = counts()
    answer = upload(client, officer, ADOPTED, query="?dry_run=1")
    assert answer.status_code == 200, answer.json
    assert answer.json == {
        "dry_run": True,
        "documents": [
            {
                "fiscal_year": 2025,
                "stage": "adopted",
                "revision": 0,
                "as_of": None,
                "lines": 3,
                "total": "7500.50",
                "replaces": False,
                "changes": None,
            }
        ],
    }
    assert counts() == before


def test_a_write_then_a_replacement_with_hand_computed_changes(client, officer):
    first = upload(client, officer, ADOPTED)
    assert first.status_code == 201 and first.json["dry_run"] is False
    document = db.session.scalar(select(BudgetDocument))
    kept = db.session.get(UploadedFile, document.file_id)
    assert kept.name == "budget.csv" and kept.content == ADOPTED.encode()
    assert kept.uploaded_by == "finance-rs-x@test.example" and kept.confirmed_at is not None
    # Replace: one line removed (Primary schools), one changed (1000.00 -> 800.00), one added.
    replacement = (
        HEADER + "RS-X,2025,adopted,,0901,0901-0001,070,472,01,Roma social aid,800.00\n"
        "RS-X,2025,adopted,,0901,0901-0002,070,463,01,Centre for social work,2500.50\n"
        "RS-X,2025,adopted,,0902,,070,472,01,Roma health mediators,1200.25\n"
    )
    dry = upload(client, officer, replacement, query="?dry_run=1")
    expected = {
        "fiscal_year": 2025,
        "stage": "adopted",
        "revision": 0,
        "as_of": None,
        "lines": 3,
        "total": "4500.75",
        "replaces": True,
        "changes": {
            "added": 1,
            "removed": 1,
            "changed": 1,
            "total_before": "7500.50",
            "total_after": "4500.75",
        },
    }
    assert dry.status_code == 200 and dry.json["documents"] == [expected]
    written = upload(client, officer, replacement, name="rebalanced.csv")
    assert written.status_code == 201 and written.json["documents"] == [expected]
    assert db.session.scalar(select(func.count()).select_from(BudgetDocument)) == 1
    amounts = db.session.scalars(select(BudgetLine.amount_minor).order_by(BudgetLine.id)).all()
    assert sorted(amounts) == [80000, 120025, 250050]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.replaced"))
    new_file = db.session.scalar(select(UploadedFile).where(UploadedFile.name == "rebalanced.csv"))
    assert entry.changes["file_id"] == [kept.id, new_file.id]
    assert entry.changes["total"] == ["7500.50", "4500.75"]


def test_a_broken_file_writes_nothing_and_names_every_row(client, officer):
    before = counts()
    broken = (
        HEADER + "RS-X,2025,adopted,,0901,,070,472,01,ok,1000.00\n"
        "RS-X,2025,adopted,,0901,,070,,01,no account,10.00\n"
        'RS-X,2025,adopted,,0902,,070,472,01,comma,"1.000,00"\n'
        "RS-Y,2025,adopted,,0903,,070,472,01,another place,5.00\n"
        "RS-X,2025,revised,,0904,,070,472,01,no revision,5.00\n"
    )
    answer = upload(client, officer, broken)
    assert answer.status_code == 422
    assert answer.json["error_count"] == 4
    found = {(e["row"], e["column"]) for e in answer.json["errors"]}
    assert found == {(3, "economic"), (4, "amount"), (5, "jurisdiction"), (6, "revision")}
    other = next(e for e in answer.json["errors"] if e["row"] == 5)
    assert "RS-X only" in other["message"]
    assert counts() == before


def test_the_file_type_and_the_field_are_checked(client, officer):
    assert upload(client, officer, ADOPTED, name="budget.txt").status_code == 422
    missing = client.post(URL, headers={"Authorization": f"Bearer {officer}"})
    assert missing.status_code == 422 and missing.json["errors"][0]["row"] == 0


def test_an_xlsx_upload(client, officer):
    book = Workbook()
    sheet = book.active
    for line in ADOPTED.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    answer = upload(client, officer, buffer.getvalue(), name="budget.xlsx")
    assert answer.status_code == 201, answer.json
    assert answer.json["documents"][0]["total"] == "7500.50"


def test_only_the_jurisdictions_officer_or_an_admin(client, make_user, token_for):
    other = token_for(make_user("finance", "RS-Y").email)
    reviewer = token_for(make_user("reviewer").email)
    admin = token_for(make_user("admin").email)
    assert client.post(URL).status_code == 401
    assert upload(client, other, ADOPTED).status_code == 403
    assert upload(client, reviewer, ADOPTED).status_code == 403
    assert upload(client, admin, ADOPTED).status_code == 201


TAGS_URL = "/api/v1/jurisdictions/RS-X/years/2025/tags/file"
TAGS_HEADER = "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,status\n"


def test_tags_from_a_file_are_drafts_and_an_unchanged_file_changes_nothing(
    client, officer, runner, write
):
    assert upload(client, officer, ADOPTED).status_code == 201
    measures = write(
        "m.csv", "code,title,area,level,jurisdiction\nM-SP,Social,social_protection,national,\n"
    )
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    tags = (
        TAGS_HEADER + "RS-X,2025,0901,0901-0001,070,472,01,M-SP,targeted,,approved\n"
        "RS-X,2025,0901,0901-0002,070,463,01,M-SP,mainstream,0.15,\n"
    )
    answer = upload(client, officer, tags, name="tags.csv", url=TAGS_URL)
    assert answer.status_code == 200 and answer.json == {"created": 2, "updated": 0}
    assert set(db.session.scalars(select(Tag.status))) == {"draft"}
    audit = db.session.scalar(select(func.count()).select_from(AuditEntry))
    again = upload(client, officer, tags, name="tags.csv", url=TAGS_URL)
    assert again.json == {"created": 0, "updated": 0}
    # only the file's own upload entry is new
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audit + 1
    changed = tags.replace("0.15", "0.2")
    assert upload(client, officer, changed, name="t.csv", url=TAGS_URL).json == {
        "created": 0,
        "updated": 1,
    }
    wrong_year = TAGS_HEADER + "RS-X,2024,0901,,070,472,01,M-SP,targeted,,\n"
    refused = upload(client, officer, wrong_year, name="t.csv", url=TAGS_URL)
    assert refused.status_code == 422
    assert refused.json["errors"][0]["row"] == 2
    assert refused.json["errors"][0]["column"] == "fiscal_year"


def test_a_stale_version_is_a_conflict_with_the_current_tag(client, officer):
    assert upload(client, officer, ADOPTED).status_code == 201
    url = "/api/v1/jurisdictions/RS-X/years/2025/tags"
    auth = {"Authorization": f"Bearer {officer}"}
    key = {
        "program": "0901",
        "activity": "0901-0001",
        "function": "070",
        "economic": "472",
        "source": "01",
    }
    first = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.3", "version": 0}, headers=auth
    )
    assert first.status_code == 201 and first.json["version"] == 1
    second = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.4", "version": 1}, headers=auth
    )
    assert second.status_code == 200 and second.json["version"] == 2
    stale = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.5", "version": 1}, headers=auth
    )
    assert stale.status_code == 409
    assert stale.json["current"]["share"] == "0.4000" and stale.json["current"]["version"] == 2
    assert db.session.scalar(select(Tag.share_units)) == 4000
    created_since = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.5", "version": 0}, headers=auth
    )
    assert created_since.status_code == 409
    without = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.5"}, headers=auth
    )
    assert without.status_code == 200 and without.json["version"] == 3
    bad = client.post(
        url, json={**key, "relevance": "mainstream", "share": "0.5", "version": "x"}, headers=auth
    )
    assert bad.status_code == 422 and "version" in bad.json["errors"]
