"""Public pages, downloads and languages."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def seed_budget(runner, write):
    path = write(
        "b.csv",
        """
        jurisdiction,fiscal_year,stage,revision,as_of,economic,amount
        RS-X,2024,adopted,,,411,1234567.50
        RS-X,2024,revised,1,,411,1300000.00
        RS-X,2024,executed,,2024-12-31,411,1200000.25
        RS-X,2025,adopted,,,411,10.00
    """,
    )
    assert runner.invoke(args=["import", "budget", str(path)]).exit_code == 0


def test_home_leads_to_the_directory_of_jurisdictions(client, jurisdictions):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert 'href="/jurisdictions"' in page and "find a jurisdiction by name or economy" in page
    directory = client.get("/jurisdictions?lang=en").get_data(as_text=True)
    assert 'href="/jurisdictions/RS-X"' in directory and "Example" in directory


def test_home_empty_state(client, app):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "No jurisdictions yet" in page


def test_jurisdiction_page_shows_each_years_documents_with_totals(
    client, runner, write, jurisdictions
):
    seed_budget(runner, write)
    page = client.get("/jurisdictions/RS-X?lang=en").get_data(as_text=True)
    assert "1,234,567.50" in page and "1,200,000.25" in page
    assert page.index("2025") < page.index("2024")  # newest year first
    table = page[page.index("<tbody>") :]
    assert (
        table.index("Adopted budget") < table.index("Rebalance 1") < table.index("Execution report")
    )
    assert "2,025" not in page and "2,024" not in page  # years are not amounts
    serbian = client.get("/jurisdictions/RS-X?lang=sr-Latn").get_data(as_text=True)
    assert '<html lang="sr-Latn">' in serbian and "1.234.567,50" in serbian


def test_unknown_jurisdiction_page_is_404(client, jurisdictions):
    assert client.get("/jurisdictions/NOPE").status_code == 404


def test_downloads_hold_what_the_table_shows(client, runner, write, jurisdictions):
    seed_budget(runner, write)
    csv_response = client.get("/jurisdictions/RS-X?format=csv")
    assert csv_response.status_code == 200
    assert (
        csv_response.headers["Content-Disposition"] == 'attachment; filename="RS-X-documents.csv"'
    )
    text = csv_response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert text[0] == "fiscal_year,document,as_of,lines,total,tagged,in_force"
    assert any(line.startswith("2024,") and ",1234567.50,0.00," in line for line in text)
    xlsx = client.get("/jurisdictions/RS-X?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Year" and len(rows) == 5  # the page's headers, in its language
    serbian = client.get("/jurisdictions/RS-X?format=xlsx&lang=sr-Cyrl")
    assert next(load_workbook(io.BytesIO(serbian.data)).active.iter_rows(values_only=True))[0] == (
        "Година"
    )
    assert client.get("/?format=pdf").status_code == 400


def test_language_choice_is_kept_in_a_cookie(client, jurisdictions):
    response = client.get("/?lang=sr-Cyrl")
    assert '<html lang="sr-Cyrl">' in response.get_data(as_text=True)
    assert "lang=sr-Cyrl" in response.headers["Set-Cookie"]
    assert '<html lang="sr-Cyrl">' in client.get("/").get_data(as_text=True)


def test_accept_language_decides_without_a_choice(client, jurisdictions):
    assert '<html lang="en">' in client.get(
        "/", headers={"Accept-Language": "en-GB,en;q=0.8"}
    ).get_data(as_text=True)
    assert '<html lang="sr-Cyrl">' in client.get("/", headers={"Accept-Language": "sr"}).get_data(
        as_text=True
    )
    assert '<html lang="sr-Latn">' in client.get(
        "/", headers={"Accept-Language": "sr-Latn-RS,en;q=0.5"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )


def test_names_follow_the_script_of_the_page(client, jurisdictions):
    page = client.get("/jurisdictions?lang=sr-Cyrl").get_data(as_text=True)
    assert "Република Србија" in page


def test_user_data_is_escaped(client, runner, write, app):
    path = write(
        "j.csv", "code,name,kind,country,currency\nRS-E,<script>alert(1)</script>,city,RS,RSD\n"
    )
    assert runner.invoke(args=["import", "jurisdictions", str(path)]).exit_code == 0
    for path in ("/jurisdictions?lang=en", "/jurisdictions?q=%3Cscript%3E&lang=en"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_static_assets_are_served_locally(client):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    assert client.get("/static/css/site.css").status_code == 200


def test_jurisdiction_page_leads_editors_to_the_work_area(client, runner, write, make_user):
    seed_budget(runner, write)
    assert "Work on this budget" not in client.get("/jurisdictions/RS-X").get_data(as_text=True)
    from tests.conftest import sign_in

    sign_in(client, make_user("finance", "RS-X").email)
    page = client.get("/jurisdictions/RS-X").get_data(as_text=True)
    assert 'href="/work/RS-X/2024"' in page and "Work on this budget" in page


def test_numbers_out_of_range_in_addresses_are_404(client, jurisdictions):
    for url in (
        "/jurisdictions/RS-X/years/99999999999999999999",
        "/countries/RS/years/2147483648",
        "/api/v1/jurisdictions/RS-X/years/-9223372036854775809/summary",
        "/api/v1/jurisdictions/RS-X/years/9223372036854775808/score",
        "/work/RS-X/2147483648",
        "/jurisdictions/RS-X/years/2024/charts/x.svg",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
