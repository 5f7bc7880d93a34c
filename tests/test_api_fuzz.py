"""A property-based fuzz of the API from its own OpenAPI document (schemathesis).

Whatever a client sends to any operation of /api/v1 (ids past 2^63, years of any size, strange
text, bodies of any shape, valid or not), the API answers without a server error, with the status
codes and content types its document lists and bodies that match its schemas. Each operation is
fuzzed twice: with the path pinned to the worked example's jurisdiction-year, so that queries and
bodies reach the code behind them, and with every part of the address generated.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from budget.api.openapi import openapi_document
from budget.extensions import db
from tests.conftest import DATA

EXAMPLE = DATA / "example"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PINNED = {"code": "RS-X", "year": 2024}


SCHEMA = schemathesis.openapi.from_dict(openapi_document())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def auth(app, runner, make_user, token_for):
    for kind in ("measures", "budget", "tags", "plans", "questionnaire"):
        result = runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")])
        assert result.exit_code == 0, result.output
    make_user("finance", "RS-X")
    token = token_for("finance-rs-x@test.example")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def fuzz(app, operation, auth, mode: GenerationMode, path: dict | None = None) -> list[int]:
    """Send generated requests to one operation; the status of each (checks raise on failure)."""
    statuses: list[int] = []
    pinned = {p.name: path[p.name] for p in operation.path_parameters if path and p.name in path}

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,  # the same cases on every run: a failure here is reproducible
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=pinned or None))
    def run(case):
        response = case.call_and_validate(app=app, headers=auth, checks=CHECKS)
        statuses.append(response.status_code)

    run()
    return statuses


def cases(pinned: dict | None = None) -> list:
    """(operation, mode) pairs: invalid requests only where an operation reads some input that
    is not pinned."""
    pairs = []
    for operation in OPERATIONS:
        modes = [GenerationMode.POSITIVE]
        definition = operation.definition.raw
        inputs = [p for p in definition.get("parameters", []) if p["name"] not in (pinned or {})]
        if inputs or definition.get("requestBody"):
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            pairs.append(pytest.param(operation, mode, id=f"{operation.label} {mode.value}"))
    return pairs


@pytest.mark.parametrize(("operation", "mode"), cases(PINNED))
def test_queries_and_bodies_of_the_example_year_never_fail(app, auth, operation, mode):
    statuses = fuzz(app, operation, auth, mode, PINNED)
    assert statuses and max(statuses) < 500
    if operation.method.upper() == "GET" and mode is GenerationMode.POSITIVE:
        assert 200 in statuses, statuses  # the cases reached the example's data


@pytest.mark.parametrize(("operation", "mode"), cases())
def test_any_address_never_fails(app, auth, operation, mode):
    statuses = fuzz(app, operation, auth, mode)
    assert statuses and max(statuses) < 500
