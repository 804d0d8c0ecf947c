"""Write the duration patterns into the routine schema, from coach.routine.duration_pattern, and the copies of the
routine and program schemas that sit beside the bundled routines and programs (their schema lines name them).

Every duration in the schema is an `anyOf` of a number (minimum 0 or 1, maximum 14400) and a string; the string's
`pattern` is set to the one the loader's grammar gives, and the pair gets a message in words for editors
(yaml-language-server's `errorMessage`). Run `python scripts/schema_patterns.py` after changing either;
tests/test_schema_durations.py fails until the schema matches.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.routine.duration_pattern import duration_pattern  # noqa: E402
from coach.routine.durations import MAX_SECONDS  # noqa: E402

SCHEMA = ROOT / "coach" / "routine" / "routine.schema.json"
BESIDE_ROUTINES = ROOT / "routines" / "routine.schema.json"  # the bundled routines' schema line names this copy


def message(allow_zero: bool) -> str:
    low = "0 (none)" if allow_zero else "1 second"
    return (f"Expected a duration from {low} to 4 hours: a number of seconds (30), or text like \"45s\", \"1m30s\", "
            "\"2m\", \"1h\" or \"1:30\". A unit may not overflow into the next: write \"2m30s\", not \"1m90s\".")


def durations(node):
    """Every (parent, number branch, string branch) of a duration in the schema."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list) and len(branches) == 2:
            number, text = branches
            if number.get("type") == "number" and number.get("maximum") == MAX_SECONDS and text.get("type") == "string":
                yield node, number, text
        for value in node.values():
            yield from durations(value)
    elif isinstance(node, list):
        for value in node:
            yield from durations(value)


def updated(schema: dict) -> dict:
    for parent, number, text in durations(schema):
        allow_zero = number.get("minimum") == 0
        text["pattern"] = duration_pattern(allow_zero)
        # yaml-language-server reports the branch it found closest, so each branch carries the words.
        parent["errorMessage"] = number["errorMessage"] = text["errorMessage"] = message(allow_zero)
        text["patternErrorMessage"] = message(allow_zero)
    return schema


def main() -> None:
    schema = updated(json.loads(SCHEMA.read_text(encoding="utf-8")))
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    SCHEMA.write_text(text, encoding="utf-8")
    BESIDE_ROUTINES.write_text(text, encoding="utf-8")
    program = ROOT / "coach" / "program" / "program.schema.json"  # the bundled programs' schema line names a copy
    (ROOT / "programs" / "program.schema.json").write_bytes(program.read_bytes())
    print(f"{SCHEMA}: {sum(1 for _ in durations(schema))} durations")


if __name__ == "__main__":
    main()
