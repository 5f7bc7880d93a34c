"""Uploading on the web: budget documents and the tagging sheet, previewed, then confirmed;
forms that keep their input; no silent overwrite; notices of review decisions."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.notices.models import Notice
from budget.tagging.models import Suggestion, Tag
from budget.uploads.models import UploadedFile
from tests.conftest import csrf_token, sign_in

HEADER = "jurisdiction,fiscal_year,stage,revision,program,activity,function,economic,source,description,amount\n"
ADOPTED = (
    HEADER + "RS-X,2025,adopted,,0901,0901-0001,070,472,01,Roma social aid,1000.00\n"
    "RS-X,2025,adopted,,0901,0901-0002,070,463,01,Centre for social work,2500.50\n"
    "RS-X,2025,adopted,,2002,2002-0001,912,463,01,Primary schools,4000.00\n"
)
REBALANCE = (
    HEADER + "RS-X,2025,adopted,,0901,0901-0001,070,472,01,Roma social aid,600.00\n"
    "RS-X,2025,adopted,,0901,0901-0002,070,463,01,Centre for social work,2500.50\n"
    "RS-X,2025,adopted,,2002,2002-0001,912,463,01,Primary schools,4400.00\n"
)
MEASURES = (
    "code,title,title_en,area,level,jurisdiction\n"
    "M-SP,Socijalna zaštita,Social protection,social_protection,national,\n"
    "M-ED,Obrazovanje,Education,education,national,\n"
)


@pytest.fixture
def officer(client, make_user, runner, write):
    assert runner.invoke(args=["import", "measures", str(write("m.csv", MEASURES))]).exit_code == 0
    user = make_user("finance", "RS-X")
    assert sign_in(client, user.email).status_code == 302
    return user


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (BudgetDocument, BudgetLine, AuditEntry, Tag)
    )


def send(client, url, content: str | bytes, name: str, page: str):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        url,
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def preview_budget(client, content, name="budget.csv"):
    page = client.get("/work/RS-X/upload").get_data(as_text=True)
    return send(client, "/work/RS-X/upload", content, name, page)


def confirm(client, preview_html: str):
    action = re.search(r'<form method="post" action="([^"]+/confirm)"', preview_html).group(1)
    fields = dict(
        re.findall(r'name="(sha256|fingerprint)" type="hidden" value="([^"]+)"', preview_html)
    )
    return client.post(action, data={"csrf_token": csrf_token(preview_html), **fields})


def test_upload_preview_then_confirm(client, officer):
    before = counts()
    preview = preview_budget(client, ADOPTED)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "A new document: 3 lines, total" in html and "7,500.50" in html
    assert counts() == before  # the preview wrote nothing of the budget, nor the audit log
    written = confirm(client, html)
    assert written.status_code == 302 and "/work/RS-X/documents/" in written.location
    document = db.session.scalar(select(BudgetDocument))
    assert document.line_count == 3 and document.file_id is not None
    page = client.get(written.location).get_data(as_text=True)
    assert "budget.csv" in page and f"/work/RS-X/files/{document.file_id}" in page
    download = client.get(f"/work/RS-X/files/{document.file_id}")
    assert download.status_code == 200 and download.data == ADOPTED.encode()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "file.uploaded"))
    assert entry.object_id == str(document.file_id)
    workbook = client.get("/work/RS-X/2025/history?format=xlsx")  # moments without a zone
    assert workbook.status_code == 200
    assert isinstance(load_workbook(io.BytesIO(workbook.data)).active["A2"].value, dt.datetime)
    history = client.get("/work/RS-X/2025/history").get_data(as_text=True)
    assert f'<a href="/work/RS-X/files/{document.file_id}">budget.csv</a>' in history
    assert f'href="/work/RS-X/documents/{document.id}"' in history
    # a second confirmation of the same upload writes nothing more
    again = confirm(client, html)
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(BudgetDocument)) == 1


def test_the_preview_shows_what_a_replacement_does_to_roma_lines(client, officer, runner, write):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,status\n"
        "RS-X,2025,0901,0901-0001,070,472,01,M-SP,targeted,,approved\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    html = preview_budget(client, REBALANCE, "rebalance.csv").get_data(as_text=True)
    # hand-computed: 0 added, 0 removed, 2 changed; 7,500.50 -> 7,500.50
    assert "0 lines added, 0 removed, 2 with another amount" in html
    assert "from 7,500.50 RSD to 7,500.50 RSD" in html.replace("\xa0", " ")
    assert "1 Roma-relevant (tagged) line changes." in html
    assert "1 of them is cut or removed." in html
    assert "−400.00" in html or "-400.00" in html
    assert (
        db.session.scalar(select(BudgetLine.amount_minor).where(BudgetLine.economic == "472"))
        == 100000
    )


def test_a_broken_upload_names_every_row_in_the_readers_language(client, officer):
    broken = (
        HEADER
        + "RS-X,2025,adopted,,0901,,070,,01,x,10.00\nRS-Y,2025,adopted,,0901,,070,472,01,x,1\n"
    )
    before = counts()
    answer = preview_budget(client, broken)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Nothing was written: the file has 2 problems." in html
    assert '<td class="number">2</td><td><code>economic</code></td>' in html
    assert '<td class="number">3</td><td><code>jurisdiction</code></td>' in html
    assert "File: <strong>budget.csv</strong>" in html
    serbian = client.get("/work/RS-X/upload?lang=sr-Latn").get_data(as_text=True)
    answer = send(client, "/work/RS-X/upload?lang=sr-Latn", broken, "b.csv", serbian)
    html = answer.get_data(as_text=True)
    assert "Ništa nije upisano" in html and "a value is required" not in html
    assert counts() == before
    assert db.session.scalar(select(func.count()).select_from(UploadedFile)) == 0


def test_a_confirmation_of_another_file_or_a_changed_budget_is_refused(client, officer):
    html = preview_budget(client, ADOPTED).get_data(as_text=True)
    forged = html.replace(
        re.search(r'name="sha256" type="hidden" value="([^"]+)"', html).group(1), "0" * 64
    )
    refused = confirm(client, forged)
    assert refused.status_code == 302 and refused.location.endswith("/work/RS-X/upload")
    assert db.session.scalar(select(func.count()).select_from(BudgetDocument)) == 0
    # another upload of the same document is written between this preview and its confirmation
    other = preview_budget(client, REBALANCE, "other.csv").get_data(as_text=True)
    assert confirm(client, other).status_code == 302
    stale = confirm(client, html)
    assert stale.status_code == 409
    assert "changed since your preview" in stale.get_data(as_text=True)
    amounts = sorted(db.session.scalars(select(BudgetLine.amount_minor)))
    assert amounts == [60000, 250050, 440000]  # still the other upload's figures


def sheet_preview(client, content: bytes, name="sheet.xlsx"):
    page = client.get("/work/RS-X/2025/tagging-sheet").get_data(as_text=True)
    return send(client, "/work/RS-X/2025/tagging-sheet", content, name, page)


def test_the_tagging_sheet_round_trip(client, officer, runner, write):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,beneficiaries_total,beneficiaries_roma,justification,status\n"
        "RS-X,2025,0901,0901-0001,070,472,01,M-SP,targeted,,,,Roma families,approved\n"
        "RS-X,2025,0901,0901-0002,070,463,01,M-SP,mainstream,,1300,104,Derived share,submitted\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    sheet = client.get("/jurisdictions/RS-X/years/2025/tagging-sheet.xlsx")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert header[:10] == (
        "jurisdiction",
        "fiscal_year",
        "program",
        "activity",
        "function",
        "economic",
        "source",
        "unit",
        "description",
        "in_force",
    )
    assert len(rows) == 4  # two tagged lines, one untagged
    by_activity = {r[header.index("activity")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert (
        by_activity["0901-0002"]["share"] == 0.08 and by_activity["0901-0002"]["in_force"] == 2500.5
    )
    assert by_activity["2002-0001"]["measure"] is None
    validations = book.worksheets[0].data_validations.dataValidation
    kinds = {v.type for v in validations}
    assert {"list", "decimal", "whole"} <= kinds
    measure_list = next(v for v in validations if v.type == "list" and "!" in (v.formula1 or ""))
    listed = [
        r[0]
        for r in book[measure_list.formula1.split("!")[0].strip("'")].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert listed == ["M-ED", "M-SP"]

    before = counts()
    unchanged = sheet_preview(client, sheet.data).get_data(as_text=True)
    assert "changes nothing" in unchanged and "/confirm" not in unchanged
    assert counts() == before

    # fill the untagged line (a percent and a decimal comma as typed) and change one tag
    work = book.worksheets[0]
    for row in work.iter_rows(min_row=2):
        values = {header[i]: cell for i, cell in enumerate(row)}
        if values["activity"].value == "2002-0001":
            values["measure"].value = "M-ED"
            values["relevance"].value = "mainstream"
            values["share"].value = "15 %"
        if values["activity"].value == "0901-0002":
            values["share"].value = "0,1"
    buffer = io.BytesIO()
    book.save(buffer)
    html = sheet_preview(client, buffer.getvalue()).get_data(as_text=True)
    assert "1 tags would be created and 1 changed" in html
    assert counts() == before
    done = confirm(client, html)
    assert done.status_code == 302
    created = db.session.scalar(select(Tag).where(Tag.activity == "2002-0001"))
    assert created.share_units == 1500 and created.status == "draft"
    changed = db.session.scalar(select(Tag).where(Tag.activity == "0901-0002"))
    assert changed.share_units == 1000 and changed.status == "draft"
    untouched = db.session.scalar(select(Tag).where(Tag.activity == "0901-0001"))
    assert untouched.status == "approved" and untouched.version == 1


def workspace_post(client, data: dict, url="/work/RS-X/2025/tags"):
    """Post the tag form as a browser does: with the page's token and the tags it showed."""
    page = client.get("/work/RS-X/2025").get_data(as_text=True)
    seen = re.findall(r'name="seen" value="([0-9]+:[0-9]+)"', page)
    return client.post(
        url, data={"csrf_token": csrf_token(page), "versions": "1", "seen": seen, **data}
    )


def test_forms_accept_people_numbers_and_keep_their_input(client, officer):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    first, second = "0901|0901-0001|070|472|01", "0901|0901-0002|070|463|01"
    bad = workspace_post(
        client,
        {
            "line": [first, second],
            "measure": "M-SP",
            "relevance": "mainstream",
            "share": "abc",
            "justification": "Keep me",
        },
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert html.count(" checked") >= 2 and "Keep me" in html and 'value="abc"' in html
    assert re.search(r'id="share-errors"', html)
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0
    for typed, units in (("15 %", 1500), ("0,15", 1500), ("0.15", 1500), ("12,5%", 1250)):
        done = workspace_post(
            client, {"line": [first], "measure": "M-SP", "relevance": "mainstream", "share": typed}
        )
        assert done.status_code == 302, typed
        assert db.session.scalar(select(Tag.share_units)) == units


def test_a_tag_changed_since_the_page_was_loaded_is_not_overwritten(client, officer):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    line = "0901|0901-0001|070|472|01"
    assert (
        workspace_post(
            client,
            {
                "line": [line],
                "measure": "M-SP",
                "relevance": "mainstream",
                "share": "0.15",
                "justification": "Mine",
            },
        ).status_code
        == 302
    )
    tag = db.session.scalar(select(Tag))
    page = client.get("/work/RS-X/2025").get_data(as_text=True)
    assert f'name="seen" value="{tag.id}:1"' in page
    # someone else changes the tag meanwhile
    tag.share_units = 799
    tag.justification = "Theirs"
    db.session.commit()
    stale = client.post(
        "/work/RS-X/2025/tags",
        data={
            "csrf_token": csrf_token(page),
            "versions": "1",
            "seen": f"{tag.id}:1",
            "line": [line],
            "measure": "M-SP",
            "relevance": "mainstream",
            "share": "0.2",
            "justification": "Mine again",
        },
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 422
    assert "changed by someone else" in html and "0.0799" in html and "0.2000" in html
    db.session.refresh(tag)
    assert tag.share_units == 799 and tag.justification == "Theirs"


def test_accepting_a_suggestion_for_a_tagged_line_asks_what_to_keep(client, officer):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    line = "0901|0901-0001|070|472|01"
    assert (
        workspace_post(
            client,
            {
                "line": [line],
                "measure": "M-SP",
                "relevance": "mainstream",
                "share": "0.15",
                "justification": "Mine",
            },
        ).status_code
        == 302
    )
    tag = db.session.scalar(select(Tag))
    suggestion = Suggestion(
        jurisdiction_id=tag.jurisdiction_id,
        fiscal_year=2025,
        program="0901",
        activity="0901-0001",
        function="070",
        economic="472",
        source="01",
        measure_id=tag.measure_id,
        relevance="mainstream",
        share_units=799,
        origin="keyword",
        reason="the description mentions Roma",
        state="open",
    )
    db.session.add(suggestion)
    db.session.commit()
    page = client.get("/work/RS-X/2025").get_data(as_text=True)
    asked = client.post(
        "/work/RS-X/2025/suggestions",
        data={"csrf_token": csrf_token(page), "suggestion": suggestion.id, "decision": "accept"},
    )
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "choose what to keep" in html
    db.session.refresh(tag)
    assert tag.share_units == 1500 and tag.justification == "Mine"  # nothing overwritten
    kept = client.post(
        "/work/RS-X/2025/suggestions/resolve",
        data={
            "csrf_token": csrf_token(html),
            "suggestion": suggestion.id,
            f"choice-{suggestion.id}": f"replace:{tag.version}",
        },
    )
    assert kept.status_code == 302
    db.session.refresh(tag)
    assert tag.share_units == 799


def test_review_decisions_reach_the_officer(client, app, officer, make_user, runner, write):
    from budget.notices.services import mail

    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    assert (
        workspace_post(
            client,
            {"line": ["0901|0901-0001|070|472|01"], "measure": "M-SP", "relevance": "targeted"},
        ).status_code
        == 302
    )
    page = client.get("/work/RS-X/2025").get_data(as_text=True)
    assert (
        client.post("/work/RS-X/2025/submit", data={"csrf_token": csrf_token(page)}).status_code
        == 302
    )
    reviewer = make_user("reviewer")
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    assert sign_in(client, reviewer.email).status_code == 302
    queue = client.get("/review").get_data(as_text=True)
    assert re.search(r'Review queue <span class="count">1<', queue)
    tag = db.session.scalar(select(Tag))
    app.config["MAIL_SERVER"] = "mail.test.example"
    try:
        with mail.record_messages() as outbox:
            answer = client.post(
                "/review",
                data={
                    "csrf_token": csrf_token(queue),
                    "item": f"tag:{tag.id}",
                    "decision": "return",
                    "comment": "Add the evidence",
                },
            )
        assert answer.status_code == 302
    finally:
        app.config["MAIL_SERVER"] = None
    assert len(outbox) == 1 and outbox[0].recipients == [officer.email]
    assert "Add the evidence" in outbox[0].body and "/work/RS-X/2025" in outbox[0].body
    notice = db.session.scalar(select(Notice))
    assert notice.kind == "returned" and notice.count == 1 and notice.user_id == officer.id
    client.post("/auth/logout", data={"csrf_token": csrf_token(queue)})
    assert sign_in(client, officer.email).status_code == 302
    start = client.get("/work").get_data(as_text=True)
    assert "1 item of Example 2025 was returned by reviewer-all@test.example." in start
    assert "Add the evidence" in start
    assert (
        client.post("/work/notices/read", data={"csrf_token": csrf_token(start)}).status_code == 302
    )
    assert db.session.scalar(select(Notice.read_at)) is not None


def test_a_new_rebalance_is_compared_with_the_budget_in_force(client, officer, runner, write):
    assert (
        confirm(client, preview_budget(client, ADOPTED).get_data(as_text=True)).status_code == 302
    )
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,status\n"
        "RS-X,2025,0901,0901-0001,070,472,01,M-SP,targeted,,approved\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    first = REBALANCE.replace(",adopted,,", ",revised,1,")
    html = preview_budget(client, first, "rebalance-1.csv").get_data(as_text=True)
    text = html.replace("\xa0", " ")
    # hand-computed against the adopted budget: the Roma line 1,000.00 -> 600.00, schools
    # 4,000.00 -> 4,400.00; the total stays 7,500.50
    assert "A new document: 3 lines, total 7,500.50 RSD." in text
    assert (
        "Against the budget in force now (Adopted budget): 0 lines added, 0 removed, 2 with another amount"
        in text
    )
    assert "1 of them is cut or removed." in text
    assert confirm(client, html).status_code == 302
    # the API's `changes` stays the comparison with a stored document of the same identity
    second = REBALANCE.replace(",adopted,,", ",revised,2,").replace("600.00", "500.00")
    html = preview_budget(client, second, "rebalance-2.csv").get_data(as_text=True)
    assert (
        "Against the budget in force now (Rebalance 1): 0 lines added, 0 removed, 1 with another amount"
        in html
    )
