"""`flask import ...`: one command per import format; all or nothing, problems on stderr."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError, OperationalError

from budget.extensions import db
from budget.importing.problems import ImportFailed

import_cli = AppGroup("import", help="Import data files (.csv or .xlsx) in the contract formats.")

FILE = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))


def _run(importer, *args, after=None, **kwargs) -> None:
    """Import, commit, and print a one-line summary (or the problems, and exit 1)."""
    try:
        result = importer(*args, **kwargs)
        extra = after(result) if after is not None else ""
        db.session.commit()
    except ImportFailed as failure:
        db.session.rollback()
        click.echo(failure.report(), err=True)
        noun = "problem" if failure.total == 1 else "problems"
        click.echo(f"Nothing was imported: {failure.total} {noun}.", err=True)
        sys.exit(1)
    except (IntegrityError, OperationalError) as error:
        # Another import (or a change on the web) wrote the same rows at the same moment and
        # committed first; this one is rolled back whole.
        db.session.rollback()
        reason = str(error.orig).splitlines()[0] if error.orig else error.__class__.__name__
        click.echo(
            "Nothing was imported: the database refused the write, most likely because another "
            f"import of the same data was committed at the same moment ({reason}). "
            "Run the import again.",
            err=True,
        )
        sys.exit(1)
    except BaseException:
        db.session.rollback()
        raise
    click.echo(f"Imported {result}{extra}.")


class TerminalProgress:
    """A progress bar on stderr when it is a terminal; silent in pipes, logs and CI."""

    def __init__(self):
        self.enabled = sys.stderr.isatty()
        self.bar = None
        self.phase = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = click.progressbar(length=total, label=phase, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@import_cli.command("jurisdictions")
@FILE
def import_jurisdictions_command(file: Path) -> None:
    """Create or update jurisdictions."""
    from budget.jurisdictions.importer import import_jurisdictions

    _run(import_jurisdictions, file)


@import_cli.command("measures")
@FILE
def import_measures_command(file: Path) -> None:
    """Create or update strategy and local action plan measures."""
    from budget.measures.importer import import_measures

    _run(import_measures, file)


@import_cli.command("budget")
@FILE
def import_budget_command(file: Path) -> None:
    """Import budget documents; a document imported again replaces the stored one."""
    from budget.budgets.importer import import_budget

    progress = TerminalProgress()
    try:
        _run(import_budget, file, who(), progress=progress, after=suggest_for_new_budgets)
    finally:
        progress.close()


def suggest_for_new_budgets(result) -> str:
    """A new budget arrives: propose tags from last year's approved ones and keyword rules."""
    from budget.tagging.suggestions import suggest_for_years

    created = suggest_for_years(result.years, result.line_texts, result.document_ids)
    return f"; {created} tag suggestions await a decision" if created else ""


@import_cli.command("tags")
@FILE
def import_tags_command(file: Path) -> None:
    """Import tags of budget line keys; the same line key and measure again updates the tag."""
    from budget.tagging.importer import import_tags

    _run(import_tags, file, who())


@import_cli.command("plans")
@FILE
def import_plans_command(file: Path) -> None:
    """Import the planned costs of action plan measures (recorded as approved)."""
    from budget.plans.importer import import_plans

    _run(import_plans, file, who())


@import_cli.command("questionnaire")
@FILE
def import_questionnaire_command(file: Path) -> None:
    """Import participation and transparency answers (recorded as approved)."""
    from budget.plans.importer import import_questionnaire

    _run(import_questionnaire, file, who())


@import_cli.command("indicators")
@FILE
def import_indicators_command(file: Path) -> None:
    """Import strategy and action plan indicators (recorded as approved)."""
    from budget.indicators.importer import import_indicators

    _run(import_indicators, file, who())


@import_cli.command("indicator-values")
@FILE
def import_indicator_values_command(file: Path) -> None:
    """Import measured indicator values; the same indicator, year and sex again replaces it."""
    from budget.indicators.importer import import_indicator_values

    _run(import_indicator_values, file, who())


@import_cli.command("exchange-rates")
@FILE
def import_exchange_rates_command(file: Path) -> None:
    """Import annual average exchange rates (units per 1 EUR); a rate again replaces it."""
    from budget.currencies.importer import import_exchange_rates

    _run(import_exchange_rates, file, who())
