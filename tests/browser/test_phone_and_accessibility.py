"""Every page type on a 390 px phone and at 1366 px: nothing wider than the screen, and no
serious or critical accessibility violation found by axe-core (served from the test's own copy
of axe-playwright-python, not from the network), in each language."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, PASSWORD

EXAMPLE = DATA / "example"
PUBLIC = [
    "/",
    "/jurisdictions",
    "/jurisdictions/RS-X",
    "/jurisdictions/RS-X/years/2024",
    "/jurisdictions/RS-X/years/2024/score",
    "/jurisdictions/RS-X/years/2024/by/program",
    "/jurisdictions/RS-X/years/2024/by/measure",
    "/jurisdictions/RS-X/years/2024/by/line",
    "/jurisdictions/RS-X/years/2024/measures",
    "/countries/RS/years/2024",
    "/open-data",
    "/methodology",
    "/compare?year=2024&j=RS-X&j=RS-Y",
    "/auth/login",
]
OFFICER = [
    "/work",
    "/work/RS-X/2024",
    "/work/RS-X/2024/line?key=0901|0901-0001|070|472|01",
    "/work/RS-X/2024/plan",
    "/work/RS-X/2024/questionnaire",
    "/work/RS-X/2024/history",
    "/work/RS-X/2024/tagging-sheet",
    "/work/RS-X/upload",
    "/work/flags",
    "/account",
]
REVIEWER = ["/review", "/work/flags", "/account"]
ADMIN = ["/admin/users", "/admin/measures", "/review", "/admin/flags"]
MONITOR = ["/work", "/account", "/flags/new?jurisdiction=RS-X&year=2024&type=year"]
LANGUAGES = ["sr-Latn", "sr-Cyrl", "en", "sq", "mk"]


@pytest.fixture
def example(runner, write, make_user):
    for kind in ("measures", "budget", "tags", "plans", "questionnaire"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0
    submitted = write(  # an item in the review queue
        "submitted.csv",
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,"
        "share,status\nRS-X,2024,0901,0901-0001,070,472,01,M-ED,mainstream,0.3,submitted\n",
    )
    result = runner.invoke(args=["import", "tags", str(submitted)])
    assert result.exit_code == 0, result.output
    people = {
        "finance": make_user("finance", "RS-X"),
        "reviewer": make_user("reviewer"),
        "admin": make_user("admin"),
        "monitor": make_user("monitor"),
    }
    from budget.extensions import db
    from budget.flags import services as flags

    for text, answer in (
        ("Why was this line cut in the rebalance?", "It was moved."),
        ("Open.", None),
    ):
        flag = flags.open_flag(
            flags.parse_flag(
                {
                    "jurisdiction": "RS-X",
                    "fiscal_year": 2024,
                    "target": {"type": "year"},
                    "category": "cut",
                    "text": text,
                }
            ),
            people["monitor"],
        )
        if answer:
            flags.answer_flag(flag, answer, people["finance"])
    db.session.commit()
    return people


def sign_in(page, email: str) -> None:
    page.goto("/auth/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account")


def width_of(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, paths: list[str], language: str, width: int, problems: list[str]) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in paths:
        url = f"{path}{'&' if '?' in path else '?'}lang={language}"
        answer = page.goto(url)
        assert answer.status == 200, url
        if width_of(page) > width:
            problems.append(f"{url} at {width} px is {width_of(page)} px wide")
        problems.extend(f"{url}: {v}" for v in serious_violations(page))


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_fit_a_phone_and_pass_axe(example, page_for, language):
    page = page_for()
    problems: list[str] = []
    for width in (390, 1366):
        check(page, PUBLIC, language, width, problems)
    assert problems == [], "\n".join(problems)


def test_the_officers_reviewers_and_admins_pages_fit_a_phone_and_pass_axe(example, page_for):
    problems: list[str] = []
    for role, paths in (
        ("finance", OFFICER),
        ("reviewer", REVIEWER),
        ("admin", ADMIN),
        ("monitor", MONITOR),
    ):
        page = page_for()
        sign_in(page, example[role].email)
        for width in (390, 1366):
            check(page, paths, "sr-Latn", width, problems)
    assert problems == [], "\n".join(problems)
