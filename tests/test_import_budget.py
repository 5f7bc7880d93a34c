"""`import budget`: every validation rule, all-or-nothing, replacement, exact amounts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db

HEADER = "jurisdiction,fiscal_year,stage,revision,as_of,program,activity,function,economic,source,description,amount\n"


def budget_file(write, rows: str, name: str = "budget.csv"):
    return write(
        name, HEADER + "\n".join(line.strip() for line in rows.strip().splitlines()) + "\n"
    )


def run_import(runner, path):
    return runner.invoke(args=["import", "budget", str(path)])


def counts():
    return (
        db.session.scalar(select(func.count()).select_from(BudgetDocument)),
        db.session.scalar(select(func.count()).select_from(BudgetLine)),
    )


def test_valid_file_imports_every_document(runner, write, jurisdictions):
    path = budget_file(
        write,
        """
        RS-X,2024,adopted,,,2002,2002-0001,912,472,01,Prevoz,100.00
        RS-X,2024,adopted,,,0901,0901-0001,070,472,01,,1000
        RS-X,2024,revised,1,,2002,2002-0001,912,472,01,,80.5
        RS-X,2024,executed,,2024-06-30,2002,2002-0001,912,472,01,,40.05
    """,
    )
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "4 rows" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert counts() == (3, 4)
    amounts = sorted(db.session.scalars(select(BudgetLine.amount_minor)))
    assert amounts == [4005, 8050, 10000, 100000]
    executed = db.session.scalar(select(BudgetDocument).where(BudgetDocument.stage == "executed"))
    assert executed.as_of == dt.date(2024, 6, 30) and executed.line_count == 1


def problems_of(result) -> str:
    assert result.exit_code != 0, result.output
    return result.output


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            "RS-Q,2024,adopted,,,,,,472,,,1.00",
            "row 2, column jurisdiction: unknown jurisdiction 'RS-Q'",
        ),
        (",2024,adopted,,,,,,472,,,1.00", "row 2, column jurisdiction: a value is required"),
        (
            "RS-X,20x4,adopted,,,,,,472,,,1.00",
            "row 2, column fiscal_year: '20x4' is not a whole number",
        ),
        ("RS-X,2024,approved,,,,,,472,,,1.00", "row 2, column stage: 'approved' is not one of"),
        ("RS-X,2024,adopted,,,,,,,,,1.00", "row 2, column economic: a value is required"),
        (
            "RS-X,2024,adopted,,,,,,47 2,,,1.00",
            "row 2, column economic: '47 2' is not a classification code",
        ),
        (
            "RS-X,2024,adopted,,,,,,472,,,-5.00",
            "row 2, column amount: '-5.00': negative amounts are not allowed",
        ),
        ("RS-X,2024,adopted,,,,,,472,,,1.005", "row 2, column amount: '1.005': at most 2 decimals"),
        ('RS-X,2024,adopted,,,,,,472,,,"1,5"', "row 2, column amount: '1,5': use a dot"),
        ("RS-X,2024,adopted,,,,,,472,,,abc", "row 2, column amount: 'abc': not a decimal number"),
        # Arabic-Indic and full-width digits are not the format's digits
        ("RS-X,2024,adopted,,,,,,472,,,١٠٠.٠٠", "row 2, column amount: '١٠٠.٠٠'"),
        ("RS-X,2024,adopted,,,,,,472,,,１００", "row 2, column amount: '１００'"),
        (
            "RS-X,٢٠٢٤,adopted,,,,,,472,,,1.00",
            "row 2, column fiscal_year: '٢٠٢٤' is not a whole number",
        ),
        ("RS-X,2024,adopted,,,,,,472,,,", "row 2, column amount: a value is required"),
        (
            "RS-X,2024,adopted,,,,,,472,,,1000000000000000.00",
            "row 2, column amount: '1000000000000000.00': larger than the maximum 999999999999999.99",
        ),
        (
            "RS-X,2024,revised,,,,,,472,,,1.00",
            "row 2, column revision: required when stage is revised",
        ),
        ("RS-X,2024,revised,0,,,,,472,,,1.00", "row 2, column revision: must be at least 1"),
        (
            "RS-X,2024,revised,one,,,,,472,,,1.00",
            "row 2, column revision: 'one' is not a whole number",
        ),
        (
            "RS-X,2024,adopted,1,,,,,472,,,1.00",
            "row 2, column revision: must be empty unless stage is revised",
        ),
        (
            "RS-X,2024,executed,,,,,,472,,,1.00",
            "row 2, column as_of: required when stage is executed",
        ),
        (
            "RS-X,2024,executed,,2025-01-01,,,,472,,,1.00",
            "row 2, column as_of: must be a date within the fiscal year",
        ),
        (
            "RS-X,2024,executed,,31.12.2024,,,,472,,,1.00",
            "row 2, column as_of: '31.12.2024' is not a date in the form YYYY-MM-DD",
        ),
        (
            "RS-X,2024,executed,,2024-02-30,,,,472,,,1.00",
            "row 2, column as_of: '2024-02-30' is not a date",
        ),
        (
            "RS-X,2024,adopted,,2024-12-31,,,,472,,,1.00",
            "row 2, column as_of: must be empty unless stage is executed",
        ),
    ],
)
def test_each_invalid_value_is_reported_with_row_and_column(
    runner, write, jurisdictions, row, expected
):
    path = budget_file(write, "RS-X,2024,adopted,,,,,,411,,,1.00\n" + row)
    output = problems_of(run_import(runner, path))
    expected = expected.replace("row 2", "row 3")
    assert f"budget.csv, {expected}" in output
    assert "Nothing was imported" in output
    assert counts() == (0, 0)


def test_currency_must_match_the_jurisdiction(runner, write, jurisdictions):
    path = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,economic,amount,currency\n"
        "RS-X,2024,adopted,411,1.00,RSD\nRS-X,2024,adopted,412,1.00,EUR\n",
    )
    output = problems_of(run_import(runner, path))
    assert "b.csv, row 3, column currency: 'EUR' differs from the jurisdiction's RSD" in output
    assert counts() == (0, 0)


def test_duplicate_key_names_both_rows(runner, write, jurisdictions):
    path = budget_file(
        write,
        """
        RS-X,2024,adopted,,,0901,0901-0001,070,472,01,a,1.00
        RS-X,2024,adopted,,,0901,0901-0001,070,472,02,b,1.00
        RS-X,2024,revised,1,,0901,0901-0001,070,472,01,same key in another document,1.00
        RS-X,2024,adopted,,,0901,0901-0001,070,472,01,c,2.00
    """,
    )
    output = problems_of(run_import(runner, path))
    assert "row 5, column economic: the same line key" in output
    assert "already stands on row 2 of this document" in output
    assert output.count("the same line key") == 1
    assert counts() == (0, 0)


def test_empty_codes_are_part_of_the_key(runner, write, jurisdictions):
    path = budget_file(
        write,
        """
        RS-X,2024,adopted,,,,,,472,,,1.00
        RS-X,2024,adopted,,,0901,,,472,,,2.00
        RS-X,2024,adopted,,,,,,472,,,3.00
    """,
    )
    output = problems_of(run_import(runner, path))
    assert "row 4, column economic: the same line key" in output and "row 2" in output


def test_header_problems(runner, write, jurisdictions):
    path = write(
        "h.csv", "Jurisdiction,FISCAL_YEAR,stage,economic,colour\nRS-X,2024,adopted,411,red\n"
    )
    output = problems_of(run_import(runner, path))
    assert "h.csv, row 1, column colour: unknown column" in output
    assert "h.csv, row 1, column amount: required column is missing" in output
    duplicate = write("d.csv", "jurisdiction,fiscal_year,stage,economic,amount,Amount\n")
    assert "column amount: column appears twice" in problems_of(run_import(runner, duplicate))


def test_column_names_are_case_insensitive_and_order_free(runner, write, jurisdictions):
    path = write(
        "c.csv", "AMOUNT,Economic,Stage,Fiscal_Year,JURISDICTION\n12.30,411,adopted,2024,RS-X\n"
    )
    assert run_import(runner, path).exit_code == 0
    assert db.session.scalar(select(BudgetLine.amount_minor)) == 1230


def test_utf8_bom_is_accepted(runner, write, jurisdictions):
    content = (
        "\ufeff" + HEADER + "RS-X,2024,adopted,,,,,,411,,Plate zaposlenih – čšž,5.00\n"
    ).encode("utf-8")
    result = run_import(runner, write("bom.csv", content))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(BudgetLine.description)) == "Plate zaposlenih – čšž"


def test_other_encodings_get_a_clear_error(runner, write, jurisdictions):
    content = (HEADER + "RS-X,2024,adopted,,,,,,411,,Plate – čšž,5.00\n").encode("cp1250")
    output = problems_of(run_import(runner, write("cp.csv", content)))
    assert "cp.csv, row 2: the file is not UTF-8 text" in output
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", HEADER.encode(), "the file has no data rows"),
        ("budget.txt", b"x", "unsupported file type"),
        ("broken.xlsx", b"not a zip", "not a readable XLSX workbook"),
    ],
)
def test_files_without_data(runner, write, jurisdictions, name, content, message):
    assert message in problems_of(run_import(runner, write(name, content)))


def test_missing_file(runner, jurisdictions, tmp_path):
    assert "file not found" in problems_of(run_import(runner, tmp_path / "none.csv"))


def test_blank_lines_are_skipped_and_rows_keep_their_numbers(runner, write, jurisdictions):
    path = write(
        "b.csv",
        HEADER
        + "RS-X,2024,adopted,,,,,,411,,,1.00\n\n,,,,,,,,,,,\nRS-X,2024,adopted,,,,,,412,,,x\n",
    )
    assert "b.csv, row 5, column amount" in problems_of(run_import(runner, path))


def test_at_least_fifty_problems_are_reported(runner, write, jurisdictions):
    rows = "\n".join(f"RS-X,2024,adopted,,,,,,{400 + i},,,-{i}" for i in range(1, 121))
    output = problems_of(run_import(runner, budget_file(write, rows)))
    reported = [line for line in output.splitlines() if "column amount: " in line]
    assert len(reported) >= 50
    assert "Nothing was imported: 120 problems." in output


def test_a_failed_import_writes_nothing_even_after_valid_documents(runner, write, jurisdictions):
    good = budget_file(write, "RS-X,2024,adopted,,,,,,411,,,1.00", name="good.csv")
    assert run_import(runner, good).exit_code == 0
    path = budget_file(
        write,
        """
        RS-X,2024,adopted,,,,,,411,,,999.00
        RS-X,2025,adopted,,,,,,411,,,5.00
        RS-X,2025,revised,1,,,,,411,,,oops
    """,
    )
    problems_of(run_import(runner, path))
    assert counts() == (1, 1)
    assert db.session.scalar(select(BudgetLine.amount_minor)) == 100


def test_reimport_replaces_the_document_atomically(runner, write, jurisdictions):
    first = budget_file(
        write,
        """
        RS-X,2024,adopted,,,,,,411,,,1.00
        RS-X,2024,adopted,,,,,,412,,,2.00
        RS-X,2024,revised,1,,,,,411,,,3.00
    """,
        name="first.csv",
    )
    assert run_import(runner, first).exit_code == 0
    document_id = db.session.scalar(
        select(BudgetDocument.id).where(BudgetDocument.stage == "adopted")
    )
    second = budget_file(write, "RS-X,2024,adopted,,,,,,413,,,7.00", name="second.csv")
    result = run_import(runner, second)
    assert result.exit_code == 0 and "1 replaced" in result.output
    adopted = db.session.get(BudgetDocument, document_id)
    assert adopted.source_file == "second.csv" and adopted.line_count == 1
    lines = db.session.execute(
        select(BudgetLine.economic, BudgetLine.amount_minor).where(
            BudgetLine.document_id == document_id
        )
    ).all()
    assert lines == [("413", 700)]
    assert counts() == (2, 2)  # the rebalance was not in the second file and stays
    again = run_import(runner, second)
    assert again.exit_code == 0 and counts() == (2, 2)


def test_xlsx_with_numeric_and_date_cells(runner, write, jurisdictions, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Jurisdiction",
            "fiscal_year",
            "stage",
            "revision",
            "as_of",
            "program",
            "economic",
            "amount",
            "description",
        ]
    )
    sheet.append(["RS-X", 2024, "adopted", None, None, "0901", 472, 1234567890123.45, "Pomoć"])
    sheet.append(["RS-X", 2024, "revised", 1, None, "0901", "472", 0.1 + 0.2, None])
    sheet.append(
        ["RS-X", 2024.0, "executed", None, dt.datetime(2024, 12, 31), "0901", 472, 100, None]
    )
    sheet.append([None] * 9)
    sheet.append(["RS-X", 2024, "executed", None, dt.date(2024, 6, 30), "0901", 472, 19.99, None])
    workbook.create_sheet("ignored").append(["not", "read"])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    lines = dict(
        db.session.execute(
            select(
                BudgetDocument.stage
                + ":"
                + func.coalesce(func.cast(BudgetDocument.as_of, db.String), ""),
                BudgetLine.amount_minor,
            ).join(BudgetLine)
        ).all()
    )
    assert lines == {
        "adopted:": 123456789012345,
        "revised:": 30,
        "executed:2024-12-31": 10000,
        "executed:2024-06-30": 1999,
    }


def test_xlsx_problems_name_sheet_rows(runner, jurisdictions, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["jurisdiction", "fiscal_year", "stage", "economic", "amount"])
    sheet.append(["RS-X", 2024, "adopted", 411, 10.001])
    sheet.append(["RS-X", 2024, "adopted", 412, -3])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    output = problems_of(run_import(runner, path))
    assert "bad.xlsx, row 2, column amount: '10.001': at most 2 decimals" in output
    assert "bad.xlsx, row 3, column amount: '-3': negative amounts are not allowed" in output


def test_large_amounts_sum_exactly(client, runner, write, jurisdictions):
    rows = [f"RS-X,2024,adopted,,,,,,{4000 + i},,,1234567890123.45" for i in range(3)]
    rows.append("RS-X,2024,adopted,,,,,,5000,,,0.01")
    assert run_import(runner, budget_file(write, "\n".join(rows))).exit_code == 0
    summary = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    assert summary["adopted"]["total"] == str(Decimal("1234567890123.45") * 3 + Decimal("0.01"))
    assert summary["adopted"]["total"] == "3703703670370.36"


def test_sums_beyond_64_bits_stay_exact(client, runner, write, jurisdictions):
    # 10,000 lines of the largest amount: 9.99e20 minor units, far past 2**63 - 1 (9.2e18).
    rows = [f"RS-X,2024,adopted,,,,,,{100000 + i},,,999999999999999.99" for i in range(10_000)]
    assert run_import(runner, budget_file(write, "\n".join(rows))).exit_code == 0
    summary = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    assert summary["adopted"]["total"] == "9999999999999999900.00"


def test_ragged_rows_and_semicolons_get_clear_errors(runner, write, jurisdictions):
    ragged = write(
        "r.csv",
        "jurisdiction,fiscal_year,stage,economic,amount\n"
        "RS-X,2024,adopted,411,1.00\nRS-X,2024,adopted,412,1.00,extra\n",
    )
    assert "r.csv, row 3: more values, but the header names 5 columns" in problems_of(
        run_import(runner, ragged)
    )
    first_row = write(
        "f.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,411,12,50\n"
    )
    assert "f.csv, row 2: more values, but the header names 5 columns" in problems_of(
        run_import(runner, first_row)
    )
    many = write(
        "m.csv",
        "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,411,1.00\nRS-X,2024,adopted,411,1,2,3\n",
    )
    assert "m.csv, row 3: 7 values, but the header names 5 columns" in problems_of(
        run_import(runner, many)
    )
    semicolons = write(
        "s.csv", "jurisdiction;fiscal_year;stage;economic;amount\nRS-X;2024;adopted;411;1,00\n"
    )
    assert "s.csv, row 1: the columns are separated by ';'" in problems_of(
        run_import(runner, semicolons)
    )
    assert counts() == (0, 0)


def test_progress_is_shown_on_a_terminal_only(monkeypatch, capsys):
    from budget.importing import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: False, raising=False)
    quiet = cli.TerminalProgress()
    quiet("Checking", 10, 100)
    assert quiet.bar is None
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    shown = cli.TerminalProgress()
    shown("Checking", 50, 100)
    shown("Writing", 100, 100)
    shown.close()
    assert "Checking" in capsys.readouterr().err


def test_nul_characters_in_a_file_are_refused(runner, write, jurisdictions):
    path = write("nul.csv", (HEADER + "RS-X,2024,adopted,,,,,,411,,a\x00b,1.00\n").encode())
    assert "nul.csv, row 2, column description: contains a NUL character" in problems_of(
        run_import(runner, path)
    )


def _rewrite_part(path, name: str, change) -> None:
    """Rewrite one part of an XLSX (a zip), as a damaged or hostile file would have it."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in parts.items():
            target.writestr(filename, data)


def test_xlsx_rows_beyond_a_stale_dimension_are_imported(runner, jurisdictions, tmp_path):
    import zipfile

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["jurisdiction", "fiscal_year", "stage", "program", "economic", "amount"])
    for i in range(10):
        sheet.append(["RS-X", 2024, "adopted", f"{1000 + i}", "472", f"{i + 1}.00"])
    path = tmp_path / "stale.xlsx"
    workbook.save(path)
    _rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        # openpyxl writes `<dimension ref="A1:F11" />`, or without the space where lxml is there
        lambda xml: re.sub(rb'<dimension ref="A1:F11"\s*/>', b'<dimension ref="A1:F2"/>', xml),
    )
    with zipfile.ZipFile(path) as archive:
        assert b'<dimension ref="A1:F2"/>' in archive.read("xl/worksheets/sheet1.xml")
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 10
    assert db.session.scalar(select(func.sum(BudgetLine.amount_minor))) == 5500


def test_xlsx_that_unpacks_beyond_the_limits_is_refused(
    runner, jurisdictions, tmp_path, monkeypatch
):
    """Sizes are read from the zip directory before anything is unpacked (limits scaled down)."""
    import zipfile

    from budget.importing import tables

    workbook = Workbook()
    workbook.active.append(["jurisdiction", "fiscal_year", "stage", "economic", "amount"])
    workbook.active.append(["RS-X", 2024, "adopted", "472", "1.00"])
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # one huge shared string
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "x" * 50_000 + "</t></si></sst>")
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(tables, "MAX_SHARED_STRINGS_BYTES", 10_000)
    result = run_import(runner, path)
    assert result.exit_code == 1 and "the workbook's text unpacks to" in result.output
    monkeypatch.setattr(tables, "MAX_SHARED_STRINGS_BYTES", 10**9)
    monkeypatch.setattr(tables, "MAX_XLSX_TOTAL_BYTES", 20_000)
    result = run_import(runner, path)
    assert result.exit_code == 1 and "the workbook unpacks to" in result.output
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0


def test_an_import_that_loses_a_race_says_so_without_a_traceback(
    runner, write, jurisdictions, monkeypatch
):
    from sqlalchemy.exc import IntegrityError

    from budget.budgets import importer

    def lost(*_args, **_kwargs):
        raise IntegrityError(
            "INSERT INTO budget_documents ...", {}, Exception("duplicate key value")
        )

    monkeypatch.setattr(importer, "import_budget", lost)
    path = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,472,1.00\n"
    )
    result = runner.invoke(args=["import", "budget", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "another import of the same data was committed at the same moment" in result.output
    assert "duplicate key value" in result.output
