"""Import problems: every one names the file, the row (header = row 1) and the column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

REPORTED_LIMIT = 200  # problems kept with their text; all are counted


@dataclass(frozen=True, order=True)
class Problem:
    row: int  # 1 = header row, 0 = the file as a whole
    column: str
    message: str
    file: str = field(compare=False, default="")

    def __str__(self) -> str:
        where = [self.file]
        if self.row:
            where.append(_("row %(row)s", row=self.row))
        if self.column:
            where.append(_("column %(column)s", column=self.column))
        return f"{', '.join(where)}: {self.message}"

    def json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFailed(Exception):
    """Raised when a file has problems; nothing has been written."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = sorted(problems)
        self.total = len(problems) if total is None else total
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        hidden = self.total - len(self.problems)
        if hidden > 0:
            lines.append(_("... and %(count)s more problems", count=hidden))
        return "\n".join(lines)


class Problems:
    """Collects the problems of one file; `raise_if_any` ends the import without writing."""

    def __init__(self, file: str):
        self.file = file
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.kept) < REPORTED_LIMIT:
            self.kept.append(Problem(row, column, message, self.file))

    def add_rows(self, rows: Iterable[int], column: str, message) -> None:
        """Add one problem per row; `message` is text or a function of the row's position
        (called only for the problems that are kept with their text)."""
        for position, row in enumerate(rows):
            if len(self.kept) >= REPORTED_LIMIT:
                self.count += 1
                continue
            self.add(int(row), column, message(position) if callable(message) else message)

    def __bool__(self) -> bool:
        return self.count > 0

    def raise_if_any(self) -> None:
        if self.count:
            raise ImportFailed(self.kept, self.count)
