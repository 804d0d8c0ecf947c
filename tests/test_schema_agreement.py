"""The editor's verdict and coach's agree on generated routines, valid and broken: the routine schema (through Python's
jsonschema) accepts a routine exactly when `coach validate` does, except for the rules docs/routines.md lists as
only coach's to check (those examples are set aside, by the problem coach names)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = jsonschema.Draft202012Validator(json.loads((ROOT / "coach/routine/routine.schema.json").read_text()))
ONLY_COACH = ("past the end of", "lists the reps of", "the session would last", "exercises in all")

durations = st.one_of(st.integers(-2, 15000), st.sampled_from([0.5, 1.5, 30.0]),
                      st.sampled_from(["30s", "1m30s", "1m90s", "0s", "5h", "4h", "1:30", "0:00", "2m", "30 sec", "",
                                       "45", "1h60m", "240m", "241m"]))
counts = st.one_of(st.integers(-1, 60), st.sampled_from(["3", 2.5, None]))
reps = st.one_of(counts, st.lists(st.integers(0, 60), min_size=0, max_size=4))
cue = st.one_of(st.sampled_from(["Breathe", "Slowly", ""]), st.integers(0, 3), st.none())
timed_cue = st.fixed_dictionaries({}, optional={"after": durations, "half": st.sampled_from([True, False, "yes"]),
                                                "cue": cue})
exercise = st.fixed_dictionaries(
    {"name": st.sampled_from(["Bird dog", "Plank", "", "x" * 3])},
    optional={"sets": counts, "reps": reps, "hold": durations, "tempo": durations, "duration": durations,
              "sides": st.sampled_from([True, False, ["left"], ["left", "right"], ["left", "left"], [], "both"]),
              "cues": st.lists(cue, max_size=2), "say": cue, "at": st.lists(timed_cue, max_size=2),
              "rest": durations, "switch_sides": durations, "countdown": st.integers(-1, 12),
              "colour": st.just("red")})
phase = st.fixed_dictionaries({"name": st.sampled_from(["Warm-up", "Core"]),
                               "exercises": st.lists(exercise, min_size=0, max_size=2)},
                              optional={"kind": st.sampled_from(["warmup", "main", "aerobic", "cooldown", "strength"])})
routines = st.fixed_dictionaries({"name": st.sampled_from(["Mine", ""]), "phases": st.lists(phase, min_size=0,
                                                                                            max_size=2)},
                                 optional={"defaults": st.fixed_dictionaries({}, optional={
                                     "rest": durations, "get_ready": durations, "countdown": st.integers(-1, 12)}),
                                     "weekly_goal": counts})


good_duration = st.one_of(st.integers(1, 600), st.sampled_from(["30s", "1m30s", "2m", "1:30", "45", "1h", "0:05"]))
shape = st.one_of(st.fixed_dictionaries({"duration": good_duration}),
                  st.fixed_dictionaries({"reps": st.integers(1, 20), "hold": good_duration}),
                  st.fixed_dictionaries({"reps": st.integers(1, 20), "tempo": st.sampled_from([2, "3s", 4])}),
                  st.fixed_dictionaries({"reps": st.integers(1, 20)}))
extras = st.fixed_dictionaries({}, optional={"sets": st.integers(1, 5), "sides": st.just(True),
                                             "cues": st.just(["Slowly"]), "rest": st.sampled_from([0, "10s", 15]),
                                             "countdown": st.integers(0, 10)})
# One wrong key, or none, in an exercise that is otherwise right: where disagreements hide.
wrong = st.one_of(st.just({}), st.builds(lambda key, value: {key: value},
                                         st.sampled_from(["hold", "tempo", "duration", "rest", "sets", "reps",
                                                          "countdown", "switch_sides"]),
                                         st.one_of(durations, counts)))
near_exercise = st.builds(lambda name, made, more, changed: {"name": name, **made, **more, **changed},
                          st.sampled_from(["Bird dog", "Plank"]), shape, extras, wrong)
near_routines = st.builds(lambda exercises: {"name": "Mine", "phases": [{"name": "Core", "exercises": exercises}]},
                          st.lists(near_exercise, min_size=1, max_size=3))


class _Written(yaml.SafeDumper):
    """Every value written out: a list met twice is not made an alias (coach refuses aliases, as documented)."""

    def ignore_aliases(self, data) -> bool:
        return True


def loader_verdict(document: dict) -> tuple[bool, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text(yaml.dump(document, Dumper=_Written, sort_keys=False), encoding="utf-8")
        try:
            load_routine(path)
        except RoutineError as error:
            return False, [str(problem) for problem in error.problems]
    return True, []


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(near_routines, routines))
def test_the_schema_and_coach_give_the_same_verdict(document):
    accepted, problems = loader_verdict(document)
    if any(words in problem for problem in problems for words in ONLY_COACH):
        return  # a rule only coach checks (docs/routines.md)
    assert VALIDATOR.is_valid(document) == accepted, (document, problems,
                                                      [error.message for error in VALIDATOR.iter_errors(document)][:3])
