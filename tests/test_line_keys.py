"""The line key value object: one text form for pages, forms and the audit log."""

from __future__ import annotations

import pytest

from budget.line_keys import LineKey


def test_text_round_trip_and_views():
    key = LineKey("0901", "0901-0001", "070", "472", "01")
    assert key.text == "0901|0901-0001|070|472|01" and LineKey.parse(key.text) == key
    assert key.as_dict()["economic"] == "472" and LineKey.from_mapping(key.as_dict()) == key
    assert LineKey.parse("|||472|").shown == "472"


@pytest.mark.parametrize("text", ["", "a|b", "a|b|c||e", "a|b|c|d|e|f|g", "a|b|c||e|f", None])
def test_what_is_not_a_key(text):
    assert LineKey.parse(text) is None  # the economic account is required
