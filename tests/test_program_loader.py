"""Program files: loaded strictly as routines are (FILE:LINE:COL, did-you-mean), dose changes applied to the
routine and kept inside its limits, the JSON Schema true to the loader, and the bundled programs valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from coach.paths import Places
from coach.program.catalog import ProgramNotFound, find_program, load_program_file
from coach.program.dose import apply, describe
from coach.program.model import DoseChange, ExerciseDose
from coach.routine.errors import RoutineError
from tests.helpers import run_coach

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "coach" / "program" / "program.schema.json").read_text(encoding="utf-8"))
BUNDLED = sorted((ROOT / "programs").glob("*.yaml"))

ROUTINE = """\
name: Tiny
phases:
  - name: Core
    exercises:
      - {name: Bridge, sets: 2, reps: 8, hold: 5s}
      - {name: Curl-up, sets: 3, reps: [6, 4, 2], hold: 10s}
      - {name: Plank, hold: 20s}
      - {name: Cat-cow, reps: 10, tempo: 4s}
      - {name: Walk, duration: 10m}
"""
PROGRAM = """\
name: Small
stages:
  - name: One
    routine: tiny.yaml
    aerobic: 10
  - name: Two
    routine: tiny.yaml
    change: {hold: +2s, reps: +1, sets: +1}
    aerobic: 15
flare_up:
  routine: tiny.yaml
"""


@pytest.fixture
def places(tmp_path) -> Places:
    return Places.resolve(tmp_path / "home")


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    (tmp_path / "tiny.yaml").write_text(ROUTINE, encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, places: Places, text: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load_program_file(write(tmp_path, text), places, display="p.yaml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_the_bundled_programs_load_and_the_schema_accepts_them(path, places):
    program = load_program_file(path, places)
    assert len(program.stages) >= 3 and program.flare_up.routine.name
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(yaml.safe_load(path.read_text()))) == []
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=program.schema.json"  # a copy beside them, in the package too
    assert (path.parent / "program.schema.json").read_bytes() == (ROOT / "coach/program/program.schema.json").read_bytes()


def test_back_to_activity_grows_holds_then_reps_then_a_third_set_then_core_strength(places):
    program = load_program_file(ROOT / "programs" / "back-to-activity.yaml", places)
    names = [stage.name for stage in program.stages]
    assert names == ["Foundation", "Longer holds", "More reps", "A third set", "Core strength"]
    bird_dog = [next(e for e in stage.plan.exercises if e.name == "Bird dog") for stage in program.stages[:4]]
    assert [(e.hold, e.reps, e.sets) for e in bird_dog] == [
        (8, (6,), 1), (10, (6,), 1), (10, (8,), 1), (10, (8, 8), 2)]
    assert program.stages[-1].plan.name == "Core strength"
    assert program.aerobic_ladder == (10, 15, 20, 25, 30) and program.weekly.bouts == (3, 4)


def test_dose_changes_apply_to_what_each_exercise_has(tmp_path, places):
    program = load_program_file(write(tmp_path, PROGRAM), places)
    one, two = ([(e.name, e.hold, e.reps, e.sets, e.tempo, e.duration) for e in stage.plan.exercises]
                for stage in program.stages)
    assert one[0] == ("Bridge", 5, (8, 8), 2, None, None)
    assert two == [
        ("Bridge", 7, (9, 9, 9), 3, None, None),
        ("Curl-up", 12, (7, 5, 3, 3), 4, None, None),  # a pyramid's new set repeats its last
        ("Plank", 22, (1, 1), 2, None, None),  # single holds: another set, not another rep
        ("Cat-cow", None, (11, 11), 2, 4, None),
        ("Walk", None, None, 2, None, 600),
    ]
    assert describe(program.stages[1].change) == "holds +2 s, reps +1, sets +1"
    assert describe(program.stages[0].change) == "as written"


def test_an_exercise_can_be_set_outright(tmp_path, places):
    routine = load_program_file(write(tmp_path, PROGRAM), places).stages[0].routine
    changed = apply(routine, DoseChange(hold=2, exercises={"Bridge": ExerciseDose(hold=9, reps=12, sets=1)}))
    bridge, curl = changed.exercises[:2]
    assert (bridge.hold, bridge.reps, bridge.sets) == (9, (12,), 1)
    assert curl.hold == 12  # the others still take the stage's change
    assert apply(routine, DoseChange()) is routine


@pytest.mark.parametrize("change, expected", [
    ("    change: {hold: -30s}\n", 'p.yaml:8:13: stages[1]: this stage gives "Bridge" a hold of -25 s; holds must be from 1 '
                                    "second to 4 hours"),
    ("    change: {sets: +60}\n", 'p.yaml:8:13: stages[1]: this stage gives "Bridge" 62 sets; the limit is 1 to 50'),
    ("    change: {hold: +2 weeks}\n", "p.yaml:8:20: stages[1].change.hold: expected seconds to add, such as +2s or -5s"),
    ("    change: {hlod: +2s}\n", 'p.yaml:8:14: stages[1].change: unknown key "hlod"; did you mean "hold"?'),
    ("    exercises:\n      Brige: {hold: 10s}\n", 'p.yaml:9:7: stages[1].exercises: "Brige" is not an exercise of '
                                                   'Tiny; did you mean "Bridge"?'),
    ("    exercises:\n      Walk: {reps: 3}\n", 'p.yaml:9:14: stages[1].exercises.Walk: "Walk" has no reps to set'),
    ("    exercises:\n      Cat-cow: {hold: 3s}\n", 'p.yaml:9:17: stages[1].exercises.Cat-cow: "Cat-cow" has no hold to set (it is timed by its tempo)'),
])
def test_a_stage_that_breaks_the_routine_format_is_located(tmp_path, places, change, expected):
    text = PROGRAM.replace("    aerobic: 15\n", "") .replace("    change: {hold: +2s, reps: +1, sets: +1}\n", change)
    found = problems(tmp_path, places, text)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_every_problem_is_reported_with_its_place(tmp_path, places):
    text = ("name: Small\nweekly: {sessions: 20, bouts: [4, 3]}\nstages:\n  - name: One\n    routine: back-basic\n"
            "flare_up: {routine: tiny.yaml, green_days: 0}\nrules: {green_pain: 6, red_pain: 5, advnce_after: 3}\n")
    found = problems(tmp_path, places, text)
    assert found[0] == "p.yaml:2:20: weekly.sessions: must be from 1 to 14, got 20"
    assert found[1] == "p.yaml:2:31: weekly.bouts: the least (4) is more than the most (3); write [least, most]"
    assert found[2].startswith('p.yaml:5:14: stages[0].routine: no routine called "back-basic"; did you mean back-basics')
    assert found[3] == "p.yaml:6:44: flare_up.green_days: must be from 1 to 14, got 0"
    assert found[4] == "p.yaml:7:8: rules: green_pain (6) must be below red_pain (5)"
    assert found[5] == 'p.yaml:7:37: rules: unknown key "advnce_after"; did you mean "advance_after"?'
    assert len(found) == 6


def test_an_empty_file_says_what_a_program_needs(tmp_path, places):
    assert problems(tmp_path, places, "") == ['p.yaml:1:1: the file is empty; a program needs at least "name", '
                                              '"stages" and "flare_up"']


def test_a_broken_routine_is_named_at_the_stage_that_uses_it(tmp_path, places):
    (tmp_path / "bad.yaml").write_text("name: Bad\nphases: []\n", encoding="utf-8")
    found = problems(tmp_path, places, PROGRAM.replace("routine: tiny.yaml\n    aerobic: 10", "routine: bad.yaml"))
    assert found[0].startswith('p.yaml:4:14: stages[0].routine: routine "bad.yaml" has a problem: ')


def test_programs_are_found_by_file_name_or_shown_name(places):
    assert find_program("Back to activity", places).name == "back-to-activity.yaml"
    assert find_program("GENTLE-START", places).name == "gentle-start.yaml"
    with pytest.raises(ProgramNotFound, match="did you mean back-to-activity"):
        find_program("back to activty", places)


def test_the_schema_agrees_with_the_loader_on_keys():
    from coach.program.loader import CHANGE_KEYS, FLARE_KEYS, PROGRAM_KEYS, RULE_KEYS, STAGE_KEYS, WEEKLY_KEYS

    properties = SCHEMA["properties"]
    stage = properties["stages"]["items"]["properties"]
    assert set(properties) == set(PROGRAM_KEYS)
    assert set(properties["weekly"]["properties"]) == set(WEEKLY_KEYS)
    assert set(stage) == set(STAGE_KEYS) and set(stage["change"]["properties"]) == set(CHANGE_KEYS)
    assert set(properties["flare_up"]["properties"]) == set(FLARE_KEYS)
    assert set(properties["rules"]["properties"]) == set(RULE_KEYS)


def test_validate_and_show_take_program_files(tmp_path):
    path = write(tmp_path, PROGRAM)
    ok = run_coach("validate", str(path), str(ROOT / "routines" / "gentle-5.yaml"), home=tmp_path / "home")
    assert ok.returncode == 0 and f"{path}: ok" in ok.stdout
    broken = write(tmp_path, PROGRAM.replace("aerobic: 15", "aerobic: 0"), name="broken.yaml")
    bad = run_coach("validate", str(broken), home=tmp_path / "home")
    assert bad.returncode == 2 and f"{broken}:9:14: stages[1].aerobic: must be from 1 to 240, got 0" in bad.stdout
    shown = run_coach("show", str(path), "--stage", "2", home=tmp_path / "home")
    assert shown.returncode == 0 and shown.stdout.startswith("Small, stage 2: Two (Tiny)")
    assert "Bridge: 3 sets × 9 reps × 7 s hold" in shown.stdout
    assert run_coach("show", str(path), "--stage", "3", home=tmp_path / "home").returncode == 2


def test_a_routine_file_is_found_beside_the_program_wherever_coach_runs(tmp_path, places, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.yaml").write_text(ROUTINE, encoding="utf-8")
    monkeypatch.chdir(elsewhere)  # mine.yaml is here, not beside the program: it must not be found
    found = problems(tmp_path, places, PROGRAM.replace("tiny.yaml", "mine.yaml"))
    assert found[0].startswith('p.yaml:4:14: stages[0].routine: routine "mine.yaml" has a problem: ')
    assert "no such file" in found[0]
    monkeypatch.chdir(tmp_path.parent)
    assert load_program_file(write(tmp_path, PROGRAM), places).stages[0].routine.name == "Tiny"


def test_an_unknown_home_folder_and_a_name_given_twice_are_located_problems(tmp_path, places):
    found = problems(tmp_path, places, PROGRAM.replace("routine: tiny.yaml\n    aerobic: 10",
                                                       "routine: ~nosuchuser/r.yaml"))
    assert found[0].startswith('p.yaml:4:14: stages[0].routine: routine "~nosuchuser/r.yaml" has a problem: ')
    twice = PROGRAM.replace("    aerobic: 15\n", "    exercises:\n      Bridge: {hold: 6s}\n      Bridge: {reps: 3}\n")
    assert problems(tmp_path, places, twice) == [
        'p.yaml:11:7: stages[1].exercises: "Bridge" is given twice (first on line 10)']


def test_a_program_name_from_an_unknown_home_folder_is_not_found(tmp_path):
    result = run_coach("program", "start", "~nosuchuser", home=tmp_path / "home")
    assert result.returncode == 2 and 'no program called "~nosuchuser"' in result.stderr
    assert "Traceback" not in result.stderr
