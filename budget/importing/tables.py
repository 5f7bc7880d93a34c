"""Reading import files: CSV (UTF-8, with or without BOM) and XLSX (first sheet).

Both give chunks of pandas DataFrames whose cells are stripped strings ('' = missing) and whose
`_row` column is the file's row number (header = row 1), so every importer validates one shape.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _

from budget.importing.problems import ImportFailed, Problem

CHUNK_ROWS = 250_000
ROW = "_row"
OVERFLOW = "__overflow__"

# A workbook's unpacked size (a million-line budget unpacks to about 300 MiB).
MAX_XLSX_PART_BYTES = 512 * 2**20
MAX_XLSX_TOTAL_BYTES = 1024 * 2**20
MAX_SHARED_STRINGS_BYTES = 128 * 2**20  # held in memory whole while the sheet is read


@dataclass(frozen=True)
class Columns:
    """The columns of one import format."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.optional


class TableFile:
    """An import file, checked for encoding and header before any row is read."""

    def __init__(self, path: str | Path, columns: Columns, chunk_rows: int = CHUNK_ROWS):
        self.path = Path(path)
        self.name = self.path.name
        self.columns = columns
        self.chunk_rows = chunk_rows
        self.kind = self.path.suffix.lower()
        if self.kind not in (".csv", ".xlsx"):
            self._fail(0, "", _("unsupported file type: use .csv or .xlsx"))
        if not self.path.is_file():
            self._fail(0, "", _("file not found"))
        self.estimated_rows = 0
        if self.kind == ".csv":
            self.header = self._csv_header()
        else:
            self.header = self._xlsx_header()
        self._check_header()

    # --- header -----------------------------------------------------------------------------
    def _fail(self, row: int, column: str, message: str):
        raise ImportFailed([Problem(row, column, message, self.path.name)])

    def _check_header(self) -> None:
        if len(self.header) == 1 and ";" in self.header[0]:
            self._fail(
                1, "", "the columns are separated by ';': save the file as comma-separated CSV"
            )
        problems = []
        seen: set[str] = set()
        for name in self.header:
            if not name:
                continue  # an unnamed column is allowed only while it stays empty
            if name in seen:
                problems.append(Problem(1, name, _("column appears twice"), self.name))
            elif name not in self.columns.all:
                expected = ", ".join(self.columns.all)
                problems.append(
                    Problem(
                        1,
                        name,
                        _("unknown column (expected: %(columns)s)", columns=expected),
                        self.name,
                    )
                )
            seen.add(name)
        for name in self.columns.required:
            if name not in seen:
                problems.append(Problem(1, name, _("required column is missing"), self.name))
        if problems:
            raise ImportFailed(problems)

    def _csv_header(self) -> list[str]:
        # Check the encoding of the whole file first, streaming, so a bad byte is reported
        # with its row instead of failing half-way through parsing.
        decoder = codecs.getincrementaldecoder("utf-8")()
        line = 1
        self._blank_lines = False
        previous_end = b""
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 20):
                joined = previous_end + block[:2]
                if (
                    b"\n\n" in block
                    or b"\n\r\n" in block
                    or b"\n\n" in joined
                    or b"\n\r\n" in joined
                ):
                    self._blank_lines = True
                previous_end = block[-2:]
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as error:
                    line += block[: error.start].count(b"\n")
                    self._fail(
                        line, "", _("the file is not UTF-8 text: save it as CSV UTF-8 and retry")
                    )
                line += block.count(b"\n")
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self._fail(
                    line, "", _("the file is not UTF-8 text: save it as CSV UTF-8 and retry")
                )
        self.estimated_rows = max(line - 2, 0)
        try:
            head = pd.read_csv(
                self.path,
                encoding="utf-8-sig",
                dtype=str,
                nrows=0,
                header=0,
                keep_default_na=False,
            )
        except pd.errors.EmptyDataError:
            self._fail(1, "", _("the file is empty: a header row is required"))
        except (pd.errors.ParserError, ValueError) as error:
            self._fail(1, "", _("cannot read the CSV header: %(reason)s", reason=error))
        return [_header_name(name) for name in head.columns]

    def _xlsx_header(self) -> list[str]:
        from openpyxl import load_workbook

        self._check_xlsx_sizes()
        try:
            self._workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a damaged file
            self._fail(
                0,
                "",
                _("not a readable XLSX workbook (%(reason)s)", reason=error.__class__.__name__),
            )
        sheet = self._workbook.worksheets[0]
        self.estimated_rows = max((sheet.max_row or 1) - 1, 0)  # declared: for progress only
        # Read every row there is, not the size the file declares: a stale <dimension> would
        # otherwise end the import early and silently.
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if not first:
            self._fail(1, "", _("the sheet is empty: a header row is required"))
        return [_header_name(cell_text(value)) for value in first]

    def _check_xlsx_sizes(self) -> None:
        """Refuse a workbook that would unpack to more than memory allows (a small file can
        hold one huge shared string): its parts' declared sizes are read without unpacking."""
        import zipfile

        try:
            with zipfile.ZipFile(self.path) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError) as error:
            self._fail(
                0,
                "",
                _("not a readable XLSX workbook (%(reason)s)", reason=error.__class__.__name__),
            )
        largest = max((part.file_size for part in parts), default=0)
        total = sum(part.file_size for part in parts)
        shared = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
        if shared > MAX_SHARED_STRINGS_BYTES:
            self._fail(
                0,
                "",
                _(
                    "the workbook's text unpacks to %(size)s MiB (at most %(largest)s MiB): "
                    "save it as CSV, or split it",
                    size=shared // 2**20,
                    largest=MAX_SHARED_STRINGS_BYTES // 2**20,
                ),
            )
        if largest > MAX_XLSX_PART_BYTES or total > MAX_XLSX_TOTAL_BYTES:
            self._fail(
                0,
                "",
                _(
                    "the workbook unpacks to %(size)s MiB (at most %(largest)s MiB, %(part)s MiB "
                    "a part): save it as CSV, or split it",
                    size=total // 2**20,
                    largest=MAX_XLSX_TOTAL_BYTES // 2**20,
                    part=MAX_XLSX_PART_BYTES // 2**20,
                ),
            )

    # --- rows -------------------------------------------------------------------------------
    def chunks(self) -> Iterator[pd.DataFrame]:
        """DataFrames of at most `chunk_rows` non-empty rows, all known columns present.

        A file with no data rows yields nothing.
        """
        source = self._csv_chunks() if self.kind == ".csv" else self._xlsx_chunks()
        for frame in source:
            frame = self._shape(frame)
            if not frame.empty:
                yield frame

    def _csv_chunks(self) -> Iterator[pd.DataFrame]:
        if not self._blank_lines:
            try:
                yield from self._read_with_pyarrow()
                return
            except _SlowPathNeeded:
                pass
        yield from self._read_with_pandas()

    def _read_with_pyarrow(self) -> Iterator[pd.DataFrame]:
        """The fast path: pyarrow's reader, strings only.

        It counts records as the pandas reader does, but skips blank lines (which would shift the
        row numbers) and reports malformed rows without their row: files with either take the
        slower path below, which names every row exactly. The whole file is parsed (into compact
        Arrow arrays) before the first chunk is handed on, so the switch is always clean.
        """
        import pyarrow as pa
        from pyarrow import csv as arrow_csv

        names = [name or f"__unnamed_{i}" for i, name in enumerate(self.header)]
        try:
            reader = arrow_csv.open_csv(
                self.path,
                read_options=arrow_csv.ReadOptions(
                    column_names=names, skip_rows=1, block_size=1 << 23
                ),
                parse_options=arrow_csv.ParseOptions(newlines_in_values=True),
                convert_options=arrow_csv.ConvertOptions(
                    column_types={name: pa.string() for name in names},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            table = pa.Table.from_batches(list(reader), schema=reader.schema)
        except (pa.ArrowInvalid, pa.ArrowException) as error:
            raise _SlowPathNeeded from error
        import pyarrow.compute as compute

        # Trimmed here, column by column in Arrow, which is far cheaper than in pandas.
        table = pa.table({name: compute.utf8_trim_whitespace(table[name]) for name in names})
        for start in range(0, table.num_rows, self.chunk_rows):
            frame = table.slice(start, self.chunk_rows).to_pandas()
            frame[ROW] = range(start + 2, start + 2 + len(frame))
            frame.attrs["trimmed"] = True
            yield frame

    def _read_with_pandas(self) -> Iterator[pd.DataFrame]:
        # One more column than the header names: a row with an extra value fills it (and is
        # reported) instead of pandas silently turning the first column into an index.
        names = [name or f"__unnamed_{i}" for i, name in enumerate(self.header)] + [OVERFLOW]
        reader = pd.read_csv(
            self.path,
            encoding="utf-8-sig",
            dtype=str,
            header=None,
            skiprows=1,
            names=names,
            index_col=False,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=self.chunk_rows,
        )
        start = 2
        try:
            for frame in reader:
                frame[ROW] = range(start, start + len(frame))
                start += len(frame)
                yield frame
        except pd.errors.ParserError as error:
            ragged = re.search(r"Expected \d+ fields in line (\d+), saw (\d+)", str(error))
            if ragged:
                line, seen = (int(n) for n in ragged.groups())
                self._too_many_values(line, seen)
            self._fail(0, "", _("malformed CSV: %(reason)s", reason=error))

    def _too_many_values(self, row: int, seen: int | None = None) -> None:
        if seen:
            message = _(
                "%(seen)s values, but the header names %(count)s columns",
                seen=seen,
                count=len(self.header),
            )
        else:
            message = _(
                "more values, but the header names %(count)s columns", count=len(self.header)
            )
        self._fail(row, "", message)

    def _xlsx_chunks(self) -> Iterator[pd.DataFrame]:
        sheet = self._workbook.worksheets[0]
        names = [name or f"__unnamed_{i}" for i, name in enumerate(self.header)]
        width = len(names)
        rows: list[list[str]] = []
        numbers: list[int] = []
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            cells = [cell_text(v) for v in values[:width]]
            extra = [cell_text(v) for v in values[width:]]
            if any(extra):
                self._fail(number, "", _("a value stands right of the last named column"))
            cells += [""] * (width - len(cells))
            rows.append(cells)
            numbers.append(number)
            if len(rows) >= self.chunk_rows:
                yield _frame(rows, names, numbers)
                rows, numbers = [], []
        if rows:
            yield _frame(rows, names, numbers)
        self._workbook.close()

    def _shape(self, frame: pd.DataFrame) -> pd.DataFrame:
        cells = [c for c in frame.columns if c != ROW]
        trimmed = frame.attrs.get("trimmed", False)
        for column in cells:
            if not trimmed:
                frame[column] = frame[column].str.strip()
            nul = frame[column].str.contains("\x00", regex=False)
            if nul.any():
                row = int(frame.loc[nul, ROW].iloc[0])
                self._fail(row, column, _("contains a NUL character: is this really a text file?"))
        # Blank lines and rows of empty cells are skipped; they keep their numbers.
        empty = (frame[cells] == "").all(axis=1)
        frame = frame.loc[~empty]
        if OVERFLOW in cells:
            extra = frame[OVERFLOW] != ""
            if extra.any():
                self._too_many_values(int(frame.loc[extra, ROW].iloc[0]))
        for column in cells:
            if column.startswith("__unnamed_") and (frame[column] != "").any():
                row = int(frame.loc[frame[column] != "", ROW].iloc[0])
                self._fail(row, "", _("a value stands in a column without a header"))
        frame = frame[[c for c in cells if not c.startswith("__")] + [ROW]]
        for column in self.columns.all:
            if column not in frame.columns:
                frame = frame.assign(**{column: ""})
        return frame


class _SlowPathNeeded(Exception):
    """The fast CSV reader cannot name the rows of this file exactly."""


def _frame(rows: list[list[str]], names: list[str], numbers: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=names, dtype=str)
    frame[ROW] = numbers
    return frame


def _header_name(value: object) -> str:
    return str(value).strip().lstrip("\ufeff").strip().lower()


def cell_text(value: object) -> str:
    """A spreadsheet cell as contract text: numbers exactly as a spreadsheet shows them.

    Spreadsheet programs store numbers as binary doubles and show at most 15 significant
    digits; reading the double back with 15 significant digits recovers the typed decimal
    (1234567890123.45, not 1234567890123.4500732421875), and a computed 0.30000000000000004
    becomes 0.3.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return format(Decimal(format(value, ".15g")).normalize(), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_whole(path, columns: Columns):
    """A small import file (registries, tags, plans) as one frame, with its problem list.

    A file without data rows ends the import here.
    """
    from budget.importing.problems import Problems

    table = TableFile(path, columns)
    problems = Problems(table.name)
    chunks = list(table.chunks())
    if not chunks:
        problems.add(0, "", _("the file has no data rows"))
        problems.raise_if_any()
    return table.name, pd.concat(chunks, ignore_index=True), problems
