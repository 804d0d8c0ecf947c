"""The routine JSON Schema: valid itself, true to the bundled routines, and in step with the loader."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from coach.paths import schema_file
from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "coach" / "routine" / "routine.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BUNDLED = sorted((ROOT / "routines").glob("*.yaml"))
BUNDLED_NAMES = {"back-basics", "gentle-5", "core-strength", "low-impact-cardio", "desk-break"}
MODELINE = "# yaml-language-server: $schema="


def exercise(**keys) -> dict:
    return {"name": "R", "phases": [{"name": "P", "exercises": [{"name": "E", **keys}]}]}


def routine(**keys) -> dict:
    return {"name": "R", **keys, "phases": [{"name": "P", "exercises": [{"name": "E", "duration": 30}]}]}


def phase(**keys) -> dict:
    return {"name": "R", "phases": [{"name": "P", **keys}]}


def schema_accepts(document) -> bool:
    return VALIDATOR.is_valid(document)


def loader_accepts(document, tmp_path: Path) -> bool:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        load_routine(path)
    except RoutineError:
        return False
    return True


# -- the schema itself ---------------------------------------------------------------

def test_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_file_is_the_one_coach_uses():
    assert schema_file().resolve() == SCHEMA_PATH


def described_properties(node, path="#"):
    """(path, property schema) for every property under every "properties" in the schema."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}/properties/{name}", child
        for key, child in node.items():
            yield from described_properties(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from described_properties(child, f"{path}/{index}")


def test_schema_has_properties_to_describe():
    assert len(list(described_properties(SCHEMA))) >= 30


def test_every_property_in_the_schema_has_a_description():
    missing = [path for path, child in described_properties(SCHEMA) if not child.get("description")]
    assert missing == []


def test_schema_knows_exactly_the_loader_keys():
    from coach.routine.loader import AT_KEYS, DEFAULT_KEYS, EXERCISE_KEYS, PHASE_KEYS, ROUTINE_KEYS

    defs = SCHEMA["$defs"]
    assert set(SCHEMA["properties"]) == set(ROUTINE_KEYS)
    assert set(SCHEMA["properties"]["defaults"]["properties"]) == set(DEFAULT_KEYS)
    assert set(defs["phase"]["properties"]) == set(PHASE_KEYS)
    assert set(defs["exercise"]["properties"]) == set(EXERCISE_KEYS)
    assert set(defs["exercise"]["properties"]["at"]["items"]["properties"]) == set(AT_KEYS)


@pytest.mark.slow  # a child process
def test_coach_schema_prints_the_schema_file():
    result = subprocess.run([sys.executable, "-m", "coach", "schema"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout == SCHEMA_PATH.read_text(encoding="utf-8")
    assert json.loads(result.stdout) == SCHEMA


# -- bundled routines ------------------------------------------------------------------

def test_the_five_bundled_routines_exist():
    assert len(BUNDLED) >= 5
    assert BUNDLED_NAMES <= {path.stem for path in BUNDLED}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_routine_validates_against_the_schema(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [error.message for error in VALIDATOR.iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_routine_begins_with_a_schema_modeline_that_resolves(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    target = (path.parent / first[len(MODELINE):].strip()).resolve()
    assert target.parent == path.parent  # beside the routines, so it is there in a checkout and in the package
    assert target.read_bytes() == SCHEMA_PATH.read_bytes()  # the same schema (scripts/schema_patterns.py)


# -- schema and loader agree ---------------------------------------------------------------

INVALID = {
    "missing name": {"phases": exercise(duration=30)["phases"]},
    "missing phases": {"name": "R"},
    "empty phases": {"name": "R", "phases": []},
    "name not text": {"name": 5, "phases": exercise(duration=30)["phases"]},
    "empty name": {"name": "", "phases": exercise(duration=30)["phases"]},
    "unknown top-level key": routine(author="me"),
    "weekly goal too big": routine(weekly_goal=15),
    "weekly goal zero": routine(weekly_goal=0),
    "defaults unknown key": routine(defaults={"hold": 5}),
    "defaults negative rest": routine(defaults={"rest": -1}),
    "defaults countdown too big": routine(defaults={"countdown": 11}),
    "phase without exercises": phase(),
    "phase with empty exercises": phase(exercises=[]),
    "phase kind bad": phase(kind="strength", exercises=[{"name": "E", "duration": 3}]),
    "phase unknown key": phase(exercises=[{"name": "E", "duration": 3}], colour="red"),
    "exercise without a dose": exercise(sets=2),
    "exercise without a name": {"name": "R", "phases": [{"name": "P", "exercises": [{"duration": 3}]}]},
    "duration and hold": exercise(duration=30, hold=5),
    "duration and reps": exercise(duration=30, reps=5),
    "hold and tempo": exercise(hold=5, tempo=2, reps=5),
    "tempo without reps": exercise(tempo=3),
    "zero duration": exercise(duration=0),
    "negative hold": exercise(hold=-5, reps=3),
    "duration over four hours": exercise(duration=14401),
    "duration in words": exercise(duration="thirty"),
    "duration 1:75": exercise(duration="1:75"),
    "duration null": exercise(duration=None),
    "sets zero": exercise(sets=0, duration=5),
    "sets 51": exercise(sets=51, duration=5),
    "sets as text": exercise(sets="3", duration=5),
    "reps zero": exercise(reps=0),
    "reps 501": exercise(reps=501),
    "reps empty list": exercise(reps=[]),
    "reps list of 51": exercise(reps=[1] * 51),
    "reps list with text": exercise(reps=[3, "x"]),
    "sides both": exercise(duration=5, sides="both"),
    "sides twice": exercise(duration=5, sides=["left", "left"]),
    "sides empty": exercise(duration=5, sides=[]),
    "sides up": exercise(duration=5, sides=["up"]),
    "countdown 11": exercise(duration=5, countdown=11),
    "countdown negative": exercise(duration=5, countdown=-1),
    "cue empty": exercise(duration=5, cues=["ok", ""]),
    "cues mapping": exercise(duration=5, cues={"a": "b"}),
    "say number": exercise(duration=5, say=5),
    "at empty": exercise(duration=5, at=[]),
    "at not a list": exercise(duration=5, at="halfway"),
    "at without cue": exercise(duration=30, at=[{"half": True}]),
    "at with after and half": exercise(duration=30, at=[{"after": 5, "half": True, "cue": "x"}]),
    "at with neither": exercise(duration=30, at=[{"cue": "x"}]),
    "at half false": exercise(duration=30, at=[{"half": False, "cue": "x"}]),
    "at on reps you count": exercise(reps=2, at=[{"half": True, "cue": "x"}]),
    "at after zero": exercise(duration=30, at=[{"after": 0, "cue": "x"}]),
    "at unknown key": exercise(duration=30, at=[{"half": True, "cue": "x", "text": "y"}]),
    "unknown exercise key": exercise(duration=5, hlod=3),
    "description too long": routine(description="x" * 2001),
}

VALID = {
    "duration block": exercise(duration=30),
    "pyramid": exercise(reps=[6, 4, 2], hold=8),
    "pyramid with matching sets": exercise(sets=3, reps=[6, 4, 2], hold=8),
    "sets of reps": exercise(sets=3, reps=10),
    "sides true": exercise(duration=30, sides=True),
    "sides false": exercise(duration=30, sides=False),
    "sides list": exercise(duration=30, sides=["right", "left"]),
    "one side": exercise(duration=30, sides=["left"]),
    "tempo": exercise(reps=8, tempo=3),
    "tempo as text": exercise(reps=8, tempo="2.5s"),
    "manual reps": exercise(reps=12),
    "at half": exercise(duration=30, at=[{"half": True, "cue": "Halfway"}]),
    "at after": exercise(duration=30, at=[{"after": "10s", "cue": "Breathe"}, {"after": 20, "cue": "Nearly"}]),
    "at on holds": exercise(reps=3, hold=10, at=[{"after": 5, "cue": "Hold it"}]),
    "duration 1:30": exercise(duration="1:30"),
    "duration 1m30s": exercise(duration="1m30s"),
    "duration 1:02:03": exercise(duration="1:02:03"),
    "duration 1h": exercise(duration="1h"),
    "duration 45s": exercise(duration="45s"),
    "duration 1.5": exercise(duration=1.5),
    "duration four hours": exercise(duration=14400),
    "rest zero": exercise(duration=30, rest=0),
    "every timing key": exercise(duration=30, rest="10s", rest_between_sets="1m", rest_between_reps=1,
                                 switch_sides="0:05", countdown=0),
    "full defaults": routine(defaults={"rest": "10s", "get_ready": 0, "rest_between_sets": 30,
                                       "rest_between_reps": "3s", "switch_sides": 4, "countdown": 5}),
    "empty defaults": routine(defaults={}),
    "every top-level key": routine(description="d", safety="s", weekly_goal=14),
    "cues as one text": exercise(duration=5, cues="Breathe", say="Go"),
    "empty cue list": exercise(duration=5, cues=[]),
    "phase kinds": {"name": "R", "phases": [
        {"name": kind, "kind": kind, "exercises": [{"name": "E", "duration": 3}]}
        for kind in ("warmup", "main", "cooldown", "aerobic")
    ]},
}


def test_at_least_15_invalid_documents_are_checked():
    assert len(INVALID) >= 15


@pytest.mark.parametrize("document", INVALID.values(), ids=INVALID.keys())
def test_invalid_document_is_rejected_by_the_schema(document):
    assert not schema_accepts(document)


@pytest.mark.parametrize("document", INVALID.values(), ids=INVALID.keys())
def test_invalid_document_is_rejected_by_the_loader(document, tmp_path):
    assert not loader_accepts(document, tmp_path)


@pytest.mark.parametrize("document", VALID.values(), ids=VALID.keys())
def test_valid_document_is_accepted_by_the_schema(document):
    assert [error.message for error in VALIDATOR.iter_errors(document)] == []


@pytest.mark.parametrize("document", VALID.values(), ids=VALID.keys())
def test_valid_document_is_accepted_by_the_loader(document, tmp_path):
    assert loader_accepts(document, tmp_path)


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(exercise(sets=2.0, duration=5), id="sets 2.0"),
        pytest.param(routine(weekly_goal=3.0), id="weekly_goal 3.0"),
        pytest.param(exercise(duration="1e3"), id="duration '1e3'"),
        pytest.param(exercise(duration=5, rest="+5"), id="rest '+5'"),
        pytest.param(exercise(duration=5, rest=".5"), id="rest '.5'"),
        pytest.param({"name": "   ", "phases": exercise(duration=3)["phases"]}, id="blank name"),
        pytest.param(exercise(duration="90 s"), id="duration '90 s'"),
        pytest.param(exercise(duration=" 1:30 "), id="duration ' 1:30 '"),
        pytest.param(exercise(duration="1.5s"), id="duration '1.5s'"),
        pytest.param(exercise(duration=0.5), id="duration 0.5"),
        pytest.param(exercise(duration="s"), id="duration 's'"),
        pytest.param(exercise(duration="1:5"), id="duration '1:5'"),
        pytest.param(exercise(duration=5, rest="0"), id="rest '0'"),
        pytest.param(exercise(duration=5, sides=["right", "left", "right"]), id="three sides"),
        # A duration's range and its units are in the schema's pattern too (tests/test_schema_durations.py).
        pytest.param(exercise(hold="0s", reps=2), id="hold '0s'"),
        pytest.param(exercise(duration="5h"), id="duration '5h'"),
        pytest.param(exercise(duration="1m90s"), id="duration '1m90s'"),
        pytest.param(exercise(duration="4:00:01"), id="duration '4:00:01'"),
    ],
)
def test_schema_and_loader_agree_on_edge_values(document, tmp_path):
    assert schema_accepts(document) == loader_accepts(document, tmp_path)


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(exercise(sets=3, reps=[6, 4], hold=5), id="reps list shorter than sets"),
        pytest.param(exercise(duration=30, at=[{"after": 30, "cue": "x"}]), id="cue after the end of the step"),
        pytest.param(exercise(sets=50, duration="4h"), id="session over six hours"),
    ],
)
def test_rules_json_schema_cannot_express_are_enforced_by_the_loader(document, tmp_path):
    assert schema_accepts(document)
    assert not loader_accepts(document, tmp_path)
