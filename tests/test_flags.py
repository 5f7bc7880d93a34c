"""Civil-society flags through the API: opening (every rule), answering (who may), moderating,
the public list, the limit of 20 an hour."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.flags.models import Flag, Organisation
from budget.notices.models import Notice

BUDGET = (
    "jurisdiction,fiscal_year,stage,program,activity,function,economic,source,amount\n"
    "RS-X,2024,adopted,0901,0901-0001,070,472,01,1000.00\n"
    "RS-Y,2024,adopted,0901,0901-0001,070,472,01,1000.00\n"
)
LINE = {
    "program": "0901",
    "activity": "0901-0001",
    "function": "070",
    "economic": "472",
    "source": "01",
}


@pytest.fixture
def people(runner, write, make_user, token_for):
    assert runner.invoke(args=["import", "budget", str(write("b.csv", BUDGET))]).exit_code == 0
    measures = write(
        "m.csv",
        "code,title,area,level,jurisdiction\nM-ED,Education,education,national,\nRS-Y-LAP-1,Y,health,local,RS-Y\n",
    )
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    cso = Organisation(name="Romani Ćhavora", kind="cso")
    council = Organisation(name="Savet za međunacionalne odnose Iks", kind="council")
    db.session.add_all([cso, council])
    users = {
        "monitor": make_user("monitor"),
        "council": make_user("monitor", email="council@test.example"),
        "finance": make_user("finance", "RS-X"),
        "other": make_user("finance", "RS-Y"),
        "reviewer": make_user("reviewer"),
        "admin": make_user("admin"),
    }
    users["monitor"].organisation = cso
    users["council"].organisation = council
    db.session.commit()
    return {
        name: {"Authorization": f"Bearer {token_for(user.email)}"} for name, user in users.items()
    } | {"users": users}


def flag(client, headers, **overrides):
    body = {
        "jurisdiction": "RS-X",
        "fiscal_year": 2024,
        "target": {"type": "line", "key": LINE},
        "category": "not_executed",
        "text": "Nothing of this line was spent by the end of the year.",
        **overrides,
    }
    return client.post("/api/v1/flags", json=body, headers=headers)


def test_a_monitor_flags_and_the_public_sees_it(client, people):
    answer = flag(client, people["monitor"])
    assert answer.status_code == 201, answer.json
    assert answer.json["status"] == "open" and answer.json["author"] == "Romani Ćhavora"
    assert answer.json["target"] == {"type": "line", "key": LINE}
    listed = client.get("/api/v1/jurisdictions/RS-X/flags").json
    assert [f["id"] for f in listed] == [answer.json["id"]]
    assert listed[0]["answer"] is None and listed[0]["category"] == "not_executed"
    council = flag(client, people["council"], target={"type": "year"}, category="other")
    assert council.json["author_kind"] == "council_opinion"
    for target in ({"type": "measure", "code": "M-ED"}, {"type": "dimension", "id": "RRB-3"}):
        assert flag(client, people["monitor"], target=target).status_code == 201
    assert len(client.get("/api/v1/jurisdictions/RS-X/flags?year=2024&status=open").json) == 4
    assert client.get("/api/v1/jurisdictions/RS-X/flags?year=2023").json == []
    assert client.get("/api/v1/jurisdictions/RS-X/flags?status=nope").status_code == 400


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"jurisdiction": "NOPE"}, "jurisdiction"),
        ({"fiscal_year": 2031}, "fiscal_year"),
        ({"target": {"type": "line", "key": {**LINE, "economic": "999"}}}, "target"),
        ({"target": {"type": "measure", "code": "M-NONE"}}, "target"),
        ({"target": {"type": "measure", "code": "RS-Y-LAP-1"}}, "target"),
        ({"target": {"type": "dimension", "id": "RRB-7"}}, "target"),
        ({"target": "year"}, "target"),
        ({"category": "angry"}, "category"),
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "see <script>alert(1)</script>"}, "text"),
        ({"text": "<b>bold</b>"}, "text"),
    ],
)
def test_every_rule_of_a_flag(client, people, overrides, field):
    answer = flag(client, people["monitor"], **overrides)
    assert answer.status_code == 422 and field in answer.json["errors"], answer.json
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 0


def test_plain_text_up_to_2000_characters_is_kept_as_written(client, people):
    text = 'Iznos 5 < 10 & "ništa" nije potrošeno. ' + "x" * (2000 - 39)
    answer = flag(client, people["monitor"], text=text)
    assert answer.status_code == 201 and answer.json["text"] == text


def test_who_opens_and_who_answers(client, people):
    for role in ("finance", "reviewer"):
        assert flag(client, people[role]).status_code == 403
    assert client.post("/api/v1/flags", json={}).status_code == 401
    opened = flag(client, people["monitor"]).json
    url = f"/api/v1/flags/{opened['id']}/answer"
    body = {"text": "The contract was signed in December; payment follows in 2025."}
    assert client.post(url, json=body, headers=people["monitor"]).status_code == 403
    assert client.post(url, json=body, headers=people["other"]).status_code == 403
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json={"text": ""}, headers=people["finance"]).status_code == 422
    answered = client.post(url, json=body, headers=people["finance"])
    assert answered.status_code == 200 and answered.json["status"] == "answered"
    assert answered.json["answer"]["text"] == body["text"]
    notice = db.session.scalar(select(Notice).where(Notice.kind == "flag_answered"))
    assert notice.user_id == people["users"]["monitor"].id
    assert client.post(url, json=body, headers=people["reviewer"]).status_code == 200
    assert (
        client.post("/api/v1/flags/999999/answer", json=body, headers=people["admin"]).status_code
        == 404
    )


def test_an_answer_links_the_change_it_led_to(client, people):
    opened = flag(client, people["monitor"]).json
    tag = client.post(
        "/api/v1/jurisdictions/RS-X/years/2024/tags",
        json={**LINE, "measure": "M-ED", "relevance": "targeted"},
        headers=people["finance"],
    ).json
    url = f"/api/v1/flags/{opened['id']}/answer"
    wrong = client.post(
        url,
        json={"text": "Tagged.", "link": {"type": "tag", "id": 999999}},
        headers=people["finance"],
    )
    assert wrong.status_code == 422 and "link" in wrong.json["errors"]
    answered = client.post(
        url,
        json={"text": "Tagged.", "link": {"type": "tag", "id": tag["id"]}},
        headers=people["finance"],
    )
    assert answered.json["answer"]["link"] == {"type": "tag", "id": tag["id"]}


def test_lifecycle_open_answered_hidden_restored(client, people):
    opened = flag(client, people["monitor"]).json
    client.post(
        f"/api/v1/flags/{opened['id']}/answer",
        json={"text": "Answered."},
        headers=people["finance"],
    )
    url = f"/api/v1/flags/{opened['id']}/moderate"
    assert (
        client.post(
            url, json={"action": "hide", "reason": "spam"}, headers=people["monitor"]
        ).status_code
        == 403
    )
    assert client.post(url, json={"action": "hide"}, headers=people["admin"]).status_code == 422
    hidden = client.post(
        url, json={"action": "hide", "reason": "Names a private person."}, headers=people["admin"]
    )
    assert hidden.status_code == 200 and hidden.json["hidden"] is True
    assert client.get("/api/v1/jurisdictions/RS-X/flags").json == []
    restored = client.post(
        url, json={"action": "restore", "reason": "Name removed."}, headers=people["admin"]
    )
    assert restored.json["hidden"] is False and restored.json["status"] == "answered"
    assert len(client.get("/api/v1/jurisdictions/RS-X/flags").json) == 1
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "flag").order_by(AuditEntry.id)
    ).all()
    assert actions == ["flag.opened", "flag.answered", "flag.hidden", "flag.restored"]
    reasons = db.session.scalars(
        select(AuditEntry.comment)
        .where(AuditEntry.action.in_(["flag.hidden", "flag.restored"]))
        .order_by(AuditEntry.id)
    ).all()
    assert reasons == ["Names a private person.", "Name removed."]


def test_twenty_flags_an_hour_and_refused_ones_do_not_count(client, people):
    assert flag(client, people["monitor"], text="<i>no</i>").status_code == 422
    statuses = [
        flag(client, people["monitor"], text=f"Flag number {n}").status_code for n in range(22)
    ]
    assert statuses == [201] * 20 + [429, 429]
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 20
    # another monitor has a limit of their own
    assert flag(client, people["council"]).status_code == 201


# --- on the web ---------------------------------------------------------------------------------
def web_sign_in(client, user):
    from tests.conftest import sign_in

    assert sign_in(client, user.email).status_code == 302


def test_a_monitor_flags_from_the_page_and_the_officer_answers(client, people):
    import re

    from tests.conftest import csrf_token

    users = people["users"]
    web_sign_in(client, users["monitor"])
    year = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    assert "Flag something about this year" in year
    form_url = "/flags/new?jurisdiction=RS-X&year=2024&type=line&key=0901|0901-0001|070|472|01"
    page = client.get(form_url).get_data(as_text=True)
    assert "budget line 0901 · 0901-0001 · 070 · 472 · 01" in page
    fields = dict(
        re.findall(
            r'name="(jurisdiction|fiscal_year|target_type|target_key)" type="hidden" value="([^"]*)"',
            page,
        )
    )
    bad = client.post(
        "/flags/new",
        data={"csrf_token": csrf_token(page), **fields, "category": "cut", "text": "<b>x</b>"},
    )
    assert bad.status_code == 422 and "must be plain text" in bad.get_data(as_text=True)
    done = client.post(
        "/flags/new",
        data={
            "csrf_token": csrf_token(page),
            **fields,
            "category": "cut",
            "text": "Cut & never explained.",
        },
    )
    assert done.status_code == 302 and "#flag-" in done.location
    flag_id = db.session.scalar(select(Flag.id))
    public = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    assert "Cut &amp; never explained." in public and "Romani Ćhavora" in public
    client.post("/auth/logout", data={"csrf_token": csrf_token(public)})

    web_sign_in(client, users["other"])  # another jurisdiction's officer
    page = client.get("/work/flags").get_data(as_text=True)
    assert f'id="flag-{flag_id}"' not in page
    refused = client.post(
        f"/work/flags/{flag_id}/answer",
        data={"csrf_token": csrf_token(page), f"f{flag_id}-text": "No."},
    )
    assert refused.status_code == 403
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})

    web_sign_in(client, users["finance"])
    start = client.get("/work").get_data(as_text=True)
    assert "1 flag about Example waits for your answer." in start
    page = client.get("/work/flags").get_data(as_text=True)
    assert f'id="flag-{flag_id}"' in page
    document = re.search(r'<option value="(document:[0-9]+)"', page).group(1)
    answered = client.post(
        f"/work/flags/{flag_id}/answer",
        data={
            "csrf_token": csrf_token(page),
            f"f{flag_id}-text": "The rebalance moved it to 2025.",
            f"f{flag_id}-link": document,
        },
    )
    assert answered.status_code == 302
    flag_row = db.session.get(Flag, flag_id)
    assert flag_row.status == "answered" and flag_row.answer_link_type == "document"
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    anonymous = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    assert "The rebalance moved it to 2025." in anonymous and "Flag this" not in anonymous
    score = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "1 answered, 0 waiting for an answer." in score
    national = client.get("/countries/RS/years/2024").get_data(as_text=True)
    assert "Who answers civil society" in national and "100.0%" in national


def test_the_feeds_are_valid_atom(client, people):
    import feedparser

    flag(client, people["monitor"])
    opened = flag(
        client, people["council"], target={"type": "year"}, text="The council was not consulted."
    ).json
    client.post(
        f"/api/v1/flags/{opened['id']}/answer",
        json={"text": "It will be, in May."},
        headers=people["finance"],
    )
    for url in ("/jurisdictions/RS-X/flags.atom", "/countries/RS/flags.atom"):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
        feed = feedparser.parse(answer.data)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10" and len(feed.entries) == 2
        newest = feed.entries[-1] if "council" in feed.entries[-1].summary else feed.entries[0]
        assert any("It will be, in May." in e.summary for e in feed.entries)
        assert newest.id.startswith("http")
    assert client.get("/countries/ZZ/flags.atom").status_code == 404
    # the feed names the language its titles are written in
    for language in ("sq", "mk", "sr-Cyrl"):
        answer = client.get(f"/jurisdictions/RS-X/flags.atom?lang={language}")
        assert feedparser.parse(answer.data).feed.language == language


def test_the_shadow_report(client, people):
    from io import BytesIO

    from openpyxl import load_workbook

    flag(client, people["monitor"], text="Where did the money go?")
    web_sign_in(client, people["users"]["monitor"])
    answer = client.get("/jurisdictions/RS-X/years/2024/shadow-report.xlsx")
    assert answer.status_code == 200
    book = load_workbook(BytesIO(answer.data))
    assert book.sheetnames[:4] == [
        "Findings",
        "Flags and answers",
        "Never executed",
        "Disproportionate cuts",
    ]
    rows = list(book["Flags and answers"].iter_rows(values_only=True))
    assert rows[0][0] == "Flag" and rows[1][5] == "Where did the money go?"


def test_a_flag_is_shown_in_its_own_language(client, people):
    flag(client, people["monitor"], text="Nije izvršeno ništa.")
    flag(client, people["monitor"], text="Nothing was spent.", language="en")
    cyrillic = client.get("/jurisdictions/RS-X/years/2024?lang=sr-Cyrl").get_data(as_text=True)
    assert (
        '<blockquote class="flag-text" lang="sr-Cyrl">Није извршено ништа.</blockquote>' in cyrillic
    )
    assert '<blockquote class="flag-text" lang="en">Nothing was spent.</blockquote>' in cyrillic
    english = client.get("/jurisdictions/RS-X/years/2024?lang=en").get_data(as_text=True)
    assert (
        '<blockquote class="flag-text" lang="sr-Latn">Nije izvršeno ništa.</blockquote>' in english
    )
