"""An anonymous visitor walks from the home page to every municipality, year, chart and
download of the demo data, meeting no server error and no dead internal link."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import select

from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.tagging.models import Tag

LINK = re.compile(r'(?:href|src)="([^"#]+)"')


def normalise(url: str) -> str | None:
    parts = urlsplit(unescape(url))
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None  # external
    if parts.path.startswith(("/auth/", "/account", "/work", "/review", "/admin")):
        return None  # behind sign-in: the permission table covers them
    # the same page in another language is the same route: languages are tested elsewhere
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k != "lang")
    return parts.path + ("?" + urlencode(query) if query else "")


def test_every_public_link_works(app, client, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    seen = {"/"}
    queue = deque(["/"])
    statuses = {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        response.get_data()  # read to the end, as a browser does (downloads are streamed)
        statuses[url] = response.status_code
        assert response.status_code < 400, f"{url} answered {response.status_code}"
        if response.mimetype != "text/html":
            continue
        for link in LINK.findall(response.get_data(as_text=True)):
            target = normalise(link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        assert len(seen) < 3000, "the crawl does not end"

    codes = db.session.scalars(select(Jurisdiction.code)).all()
    years = db.session.execute(
        select(Jurisdiction.code, BudgetDocument.fiscal_year).join(BudgetDocument).distinct()
    ).all()
    for code in codes:
        assert f"/jurisdictions/{code}" in statuses
        assert f"/jurisdictions/{code}/charts/tagged-share.svg" in statuses
    tagged = set(
        db.session.execute(
            select(Jurisdiction.code, Tag.fiscal_year).join(Tag).where(Tag.status == "approved")
        ).all()
    )
    for code, year in years:
        if (code, year) in tagged:  # a year without tags says so instead of drawing nothing
            assert f"/jurisdictions/{code}/years/{year}/charts/areas.svg" in statuses
        for url in (
            f"/jurisdictions/{code}/years/{year}",
            f"/jurisdictions/{code}/years/{year}/by/program",
            f"/jurisdictions/{code}/years/{year}?table={code}-{year}-areas&format=csv",
            f"/jurisdictions/{code}/years/{year}?table={code}-{year}-areas&format=xlsx",
            f"/countries/RS/years/{year}",
        ):
            assert normalise(url) in statuses, url
    assert "/api/v1/openapi.json" in statuses
