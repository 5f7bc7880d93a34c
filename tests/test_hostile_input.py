"""Input that used to end in a server error: each is refused or handled, never a 500."""

from __future__ import annotations

import re

from tests.conftest import sign_in

TAGS = "/api/v1/jurisdictions/RS-X/years/2024/tags"


def budget(runner, write):
    path = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,program,economic,amount\nRS-X,2024,adopted,0901,472,100.00\n",
    )
    assert runner.invoke(args=["import", "budget", str(path)]).exit_code == 0


def test_deeply_nested_json_and_lone_surrogates_are_422(
    client, runner, write, make_user, token_for
):
    budget(runner, write)
    make_user("finance", "RS-X")
    headers = {
        "Authorization": f"Bearer {token_for('finance-rs-x@test.example')}",
        "Content-Type": "application/json",
    }
    nested = client.post(TAGS, data="[" * 100_000 + "]" * 100_000, headers=headers)
    assert nested.status_code == 422
    surrogate = client.post(
        TAGS,
        data='{"economic": "472", "relevance": "targeted", "justification": "\\ud800"}',
        headers=headers,
    )
    assert surrogate.status_code == 422 and "justification" in surrogate.json["errors"]


def test_a_line_break_in_next_does_not_leave_the_site(client, make_user):
    user = make_user("monitor")
    from tests.conftest import csrf_token

    page = client.get("/auth/login?next=/account%0d%0aSet-Cookie:x=1").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={
            "email": user.email,
            "password": "correct horse battery",
            "csrf_token": csrf_token(page),
            "next": "/account\r\nSet-Cookie: x=1",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_dollars_in_names_are_text_in_charts(client, runner, write):
    places = write(
        "j.csv",
        "code,name,kind,country,currency,population,roma_population\n"
        "RS-X,Opština $\\frac{1}{0}$ and $x^$,municipality,RS,RSD,1000,10\n",
    )
    assert runner.invoke(args=["import", "jurisdictions", str(places)]).exit_code == 0
    measures = write("m.csv", "code,title,area,level\nM-1,Mera $\\alpha$,education,national\n")
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    budget(runner, write)
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,economic,measure,relevance,status\n"
        "RS-X,2024,0901,472,M-1,targeted,approved\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    for url in (
        "/jurisdictions/RS-X/charts/tagged-share.svg",
        "/jurisdictions/RS-X/years/2024/charts/areas.svg",
        "/countries/RS/years/2024/charts/areas.svg",
        "/jurisdictions/RS-X/years/2024",
    ):
        assert client.get(url).status_code == 200, url


def test_query_parameters_cannot_steer_the_pages_own_links(client, runner, write, make_user):
    budget(runner, write)
    crafted = "code=RS-Y&year=1999&_external=1&_scheme=javascript&_anchor=x&page=2"
    lines = client.get(f"/jurisdictions/RS-X/years/2024/by/line?{crafted}")
    assert lines.status_code == 200
    text = lines.get_data(as_text=True)
    downloads = re.findall(r'href="([^"]*format=csv[^"]*)"', text)
    assert downloads and all(
        d.startswith("/jurisdictions/RS-X/years/2024/by/line?") for d in downloads
    )
    assert "javascript:" not in text and "_scheme" not in text and "code=RS-Y" not in text
    sign_in(client, make_user("finance", "RS-X").email)
    work = client.get(f"/work/RS-X/2024?{crafted}")
    assert work.status_code == 200 and "javascript:" not in work.get_data(as_text=True)
