"""Durations written as text: the routine schema's pattern accepts exactly what the loader accepts (1 s, or 0 where
zero is allowed, up to 4 hours; no unit overflowing into the next), and the schema holds the patterns the grammar
gives (scripts/schema_patterns.py writes them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.routine.duration_pattern import duration_pattern, integers
from coach.routine.durations import MAX_SECONDS, parse_duration

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "coach" / "routine" / "routine.schema.json").read_text(encoding="utf-8"))
PATTERNS = {zero: re.compile(duration_pattern(zero)) for zero in (False, True)}


def loader_accepts(text: str, allow_zero: bool) -> bool:
    seconds = parse_duration(text)
    return seconds is not None and (0 if allow_zero else 1) <= seconds <= MAX_SECONDS


def schema_accepts(text: str, allow_zero: bool) -> bool:
    return bool(PATTERNS[allow_zero].fullmatch(text))


def numbers() -> st.SearchStrategy[str]:
    small = st.integers(0, 300).map(str)
    edge = st.sampled_from(["0", "00", "1", "59", "60", "239", "240", "241", "3", "4", "5", "14399", "14400", "14401",
                            "99999999999999999999"])
    whole = st.one_of(small, edge, st.integers(0, 20000).map(str))
    padded = st.tuples(st.sampled_from(["", "0", "00"]), whole).map("".join)
    return st.tuples(padded, st.sampled_from(["", "", ".0", ".5", ".05", ".", ".9999"])).map("".join)


def durations() -> st.SearchStrategy[str]:
    space = st.sampled_from(["", "", " ", "  ", "\t"])
    unit = st.tuples(numbers(), space, st.sampled_from(["h", "m", "s", "H", "min", "sec", ""]), space).map("".join)
    units = st.lists(unit, min_size=1, max_size=3).map("".join)
    clock = st.lists(numbers(), min_size=2, max_size=3).map(":".join)
    noise = st.text(alphabet="0123456789hms:. \t٣x-+e", max_size=10)
    return st.tuples(space, st.one_of(units, clock, numbers(), noise), space).map("".join)


@settings(max_examples=3000, deadline=None)
@given(durations(), st.booleans())
def test_the_schema_pattern_and_the_loader_agree_on_every_duration(text, allow_zero):
    assert schema_accepts(text, allow_zero) == loader_accepts(text, allow_zero), (text, allow_zero)


@pytest.mark.parametrize("text", ["0s", "0", "0:00", "0.5s", "00:00:00", "0h0m0.9s", "4h1s", "241m", "14400.5", "5h",
                                  "1m90s", "2m60s", "1h60m", "4:00:01", "240:01", "30 sec", "1h30", "٣٠s", "1e2"])
def test_what_the_issue_found_slipping_through_is_caught(text):
    assert not schema_accepts(text, False) and not loader_accepts(text, False)


@pytest.mark.parametrize("text", ["1s", "45s", "1m30s", " 1h 5m ", "4h", "240m", "14400", "1:30", "4:00:00",
                                  "0:00:01", "1.5s", "0m1s", "3h59m59.9s"])
def test_what_people_write_is_accepted(text):
    assert schema_accepts(text, False) and loader_accepts(text, False)


def test_zero_is_accepted_where_the_loader_allows_it():
    assert schema_accepts("0", True) and schema_accepts("0s", True) and schema_accepts("0:00", True)


@pytest.mark.parametrize("low, high", [(0, 9), (0, 59), (0, 239), (1, 14399), (7, 1234), (10, 99), (100, 100)])
def test_integer_ranges_are_exact(low, high):
    pattern = re.compile(integers(low, high))
    assert [number for number in range(0, high + 50) if pattern.fullmatch(str(number))] == list(range(low, high + 1))


def duration_sites(node, found):
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list) and len(branches) == 2 and branches[0].get("maximum") == MAX_SECONDS:
            found.append(node)
        for value in node.values():
            duration_sites(value, found)
    elif isinstance(node, list):
        for value in node:
            duration_sites(value, found)
    return found


def test_the_schema_holds_the_patterns_the_grammar_gives():
    sites = duration_sites(SCHEMA, [])
    assert len(sites) == 13  # hold, tempo, duration, at.after, and every rest and timing default and override
    for site in sites:
        number, text = site["anyOf"]
        assert text["pattern"] == duration_pattern(number["minimum"] == 0), "run python scripts/schema_patterns.py"
        assert site["errorMessage"].startswith("Expected a duration from ")


def test_the_validator_refuses_an_overflowing_unit_with_words():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    document = {"name": "R", "phases": [{"name": "P", "exercises": [{"name": "E", "hold": "1m90s", "reps": 2}]}]}
    assert not validator.is_valid(document)
    assert validator.is_valid({**document, "phases": [{"name": "P", "exercises": [{"name": "E", "hold": "1m30s",
                                                                                    "reps": 2}]}]})
