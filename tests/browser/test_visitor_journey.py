"""A visitor's journey in a real browser, in each language, on a phone and a desktop:
home (findings, ranking) → a municipality's scorecard → its year and findings → the scorecard's
peers → a comparison with them → a download of the comparison."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

LANGUAGES = ["sr-Latn", "sr-Cyrl", "en", "sq", "mk"]
WIDTHS = [390, 1366]


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0


def fits(page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_to_a_downloaded_comparison(demo, page_for, language, width):
    page = page_for()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".findings .finding-alert").first).to_be_visible()  # the main finding
    fits(page, width)

    # the ranking: the first municipality's scorecard
    page.locator('section[aria-labelledby="ranking-heading"] td a[href*="/score"]').first.click()
    expect(page).to_have_url(re.compile(r"/jurisdictions/[^/]+/years/\d+/score"))
    expect(page.locator(".findings .finding").first).to_be_visible()  # grade and peers first
    fits(page, width)
    scorecard = page.url

    # its year: the findings open the page
    page.locator(".breadcrumbs li a[href*='/years/']").last.click()
    expect(page).to_have_url(re.compile(r"/jurisdictions/[^/]+/years/\d+(\?.*)?$"))
    findings = page.locator("section.findings li")
    expect(findings.first).to_be_visible()
    assert findings.count() >= 3
    fits(page, width)

    # back to the scorecard's peers, then the comparison
    page.goto(scorecard)
    page.locator("#peers-heading").scroll_into_view_if_needed()
    expect(page.locator("#best-peers")).to_be_visible()
    page.locator('a[href*="/compare?"]').first.click()
    expect(page).to_have_url(re.compile(r"/compare\?year=\d+"))
    rows = page.locator("figure.table-block tbody tr")
    assert rows.count() >= 2
    fits(page, width)

    with page.expect_download() as download:
        page.locator("figure.table-block .downloads a", has_text="CSV").click()
    saved = download.value
    assert re.fullmatch(r"compare-\d{4}(-[A-Z-]+)+\.csv", saved.suggested_filename)
    text = Path(saved.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("jurisdiction,currency,in_force,tagged,share")
    assert len(text.splitlines()) == rows.count() + 1
