"""Property tests: the loader never crashes, its errors are always located, and totals add up."""

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.routine.errors import RoutineError
from coach.routine.expand import expand, total_planned_seconds
from coach.routine.loader import (
    AT_KEYS, DEFAULT_KEYS, EXERCISE_KEYS, PHASE_KEYS, ROUTINE_KEYS, load_routine,
)
from coach.routine.model import Routine

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAME = "prop.yaml"


def load_text(data: str | bytes) -> Routine | RoutineError:
    """Write `data` to a fresh file and load it: a Routine, or the RoutineError it raised."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        if isinstance(data, str):
            path.write_bytes(data.encode("utf-8"))
        else:
            path.write_bytes(data)
        try:
            return load_routine(path, display=NAME)
        except RoutineError as error:
            return error


def assert_located(error: RoutineError, *, every_problem_has_a_line: bool = False) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file == NAME
        assert str(problem).startswith(NAME)
        if every_problem_has_a_line:
            assert problem.line is not None, str(problem)
        if problem.line is not None:
            assert problem.line >= 1
            assert problem.column is not None and problem.column >= 1


def assert_routine_or_located_error(result, **options) -> None:
    if isinstance(result, RoutineError):
        assert_located(result, **options)
    else:
        assert isinstance(result, Routine)
        steps = expand(result)
        assert total_planned_seconds(steps) == sum(step.planned_seconds or 0 for step in steps)


# -- (a) any text ------------------------------------------------------------------------

# YAML-ish fragments make random text reach the parser and the checker far more often than
# uniformly random characters do. (Tags are left out: their known crashes have their own tests.)
FRAGMENTS = st.sampled_from([
    "name: ", "phases:", "\n", "  ", "- ", ": ", "exercises:", "duration: ", "hold: ", "reps: ", "tempo: ",
    "sides: ", "at:", "cue: ", "half: true", "after: ", "[", "]", "{", "}", ",", "'", '"', "#", "---", "&a ",
    "*a", "30", "1:30", "1m30s", "-1", "0", ".nan", "true", "null", "~", "x", "kind: ", "warmup", "\t", "|", ">",
])
YAMLISH = st.lists(FRAGMENTS | st.text(max_size=3), max_size=60).map("".join)


@SETTINGS
@given(st.text())
def test_any_text_gives_a_routine_or_a_located_error(text):
    assert_routine_or_located_error(load_text(text))


@SETTINGS
@given(YAMLISH)
def test_any_yaml_like_text_gives_a_routine_or_a_located_error(text):
    assert_routine_or_located_error(load_text(text))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_a_routine_or_a_located_error(data):
    assert_routine_or_located_error(load_text(data))


# -- (b) any YAML document -------------------------------------------------------------------

KEY_NAMES = sorted(set(ROUTINE_KEYS + DEFAULT_KEYS + PHASE_KEYS + EXERCISE_KEYS + AT_KEYS))
KEYS = st.sampled_from(KEY_NAMES) | st.text(max_size=8) | st.integers(-5, 5) | st.booleans() | st.none()
SCALARS = (
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.integers() | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["30", "45s", "1m30s", "1:30", "1:02:03", "1h5m", "1:75", "thirty", "nan", "inf", "",
                       "left", "right", "warmup", "main", "cooldown", "aerobic", "true"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=40,
)


def shaped(values):
    """Routine-shaped documents whose leaves are arbitrary: they reach the deep checks."""
    at = st.fixed_dictionaries({}, optional={"after": values, "half": values, "cue": values})
    exercise = st.fixed_dictionaries(
        {"name": values},
        optional={key: values for key in EXERCISE_KEYS if key not in ("name", "at")} | {"at": st.lists(at, max_size=3) | values},
    )
    phase = st.fixed_dictionaries(
        {"name": values}, optional={"kind": values, "exercises": st.lists(exercise, max_size=4) | values},
    )
    defaults = st.fixed_dictionaries({}, optional={key: values for key in DEFAULT_KEYS})
    return st.fixed_dictionaries(
        {"name": values, "phases": st.lists(phase, max_size=3) | values},
        optional={"description": values, "safety": values, "weekly_goal": values, "defaults": defaults | values},
    )


@SETTINGS
@given(DOCUMENTS | shaped(DOCUMENTS))
def test_any_yaml_document_gives_a_routine_or_a_located_error(document):
    text = yaml.safe_dump(document, sort_keys=False)
    assert_routine_or_located_error(load_text(text), every_problem_has_a_line=True)


@SETTINGS
@given(shaped(SCALARS))
def test_routine_shaped_document_gives_a_routine_or_a_located_error(document):
    text = yaml.safe_dump(document, sort_keys=False)
    assert_routine_or_located_error(load_text(text), every_problem_has_a_line=True)


# -- (c) valid routines: the total is what the parameters say ----------------------------------

BUILT_IN = {"rest": 15, "rest_between_sets": 20, "rest_between_reps": 2, "switch_sides": 5}
TIMING_KEYS = tuple(BUILT_IN)


@dataclass
class Plan:
    """What one generated exercise is, in numbers, for computing its expected time."""

    shape: str  # duration | hold | tempo | manual
    seconds: float  # duration, hold or tempo; 0 for manual
    reps: list[int]  # reps of each set (one entry per set; [1, ...] for duration)
    side_count: int
    timing: dict


def written(seconds: int, form: int) -> object:
    """`seconds` in one of the forms a routine file may use."""
    minutes, secs = divmod(seconds, 60)
    return [
        seconds,
        f"{seconds}",
        f"{seconds}s",
        f"{minutes}m{secs}s" if minutes else f"{secs}s",
        f"{minutes}:{secs:02d}",
        f"{minutes}m" if minutes and not secs else seconds,
    ][form]


FORMS = st.integers(0, 5)


@st.composite
def durations(draw, low: int, high: int):
    seconds = draw(st.integers(low, high))
    return seconds, written(seconds, draw(FORMS))


@st.composite
def timings(draw):
    """Some timing keys, as (numbers for the arithmetic, values for the file)."""
    numbers, values = {}, {}
    for key in draw(st.lists(st.sampled_from(TIMING_KEYS), unique=True)):
        seconds, value = draw(durations(0, 30))
        numbers[key], values[key] = seconds, value
    return numbers, values


@st.composite
def exercises(draw, inherited: dict):
    shape = draw(st.sampled_from(["duration", "hold", "tempo", "manual"]))
    own_numbers, own_values = draw(timings())
    timing = inherited | own_numbers
    document = {"name": draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10))} | own_values
    sets = draw(st.integers(1, 3))
    if shape == "duration":
        seconds, document["duration"] = draw(durations(1, 90))
        reps = [1] * sets
        if sets > 1 or draw(st.booleans()):
            document["sets"] = sets
    else:
        if shape == "tempo":
            seconds = draw(st.sampled_from([1, 1.5, 2, 2.5, 3, 4]))
            document["tempo"] = seconds
        elif shape == "hold":
            seconds, document["hold"] = draw(durations(1, 20))
        else:
            seconds = 0
        style = draw(st.sampled_from(["list", "list with sets", "number", "number with sets"]))
        if style.startswith("list"):
            reps = draw(st.lists(st.integers(1, 6), min_size=sets, max_size=sets))
            document["reps"] = reps
        else:
            count = draw(st.integers(1, 6))
            reps = [count] * sets
            document["reps"] = count
        if style.endswith("with sets") or (style == "number" and sets > 1):
            document["sets"] = sets
    sides = draw(st.sampled_from([None, True, False, ["right", "left"], ["left", "right"], ["left"], ["right"]]))
    if sides is not None:
        document["sides"] = sides
    side_count = 2 if sides is True else len(sides) if isinstance(sides, list) else 1
    if shape != "manual" and draw(st.booleans()):
        step = seconds if shape != "tempo" else seconds * min(reps)  # a cue must fit every set
        document["at"] = [{"half": True, "cue": "Halfway"}]
        if step > 1:
            document["at"].append({"after": draw(st.integers(1, math.ceil(step) - 1)), "cue": "Now"})
    return Plan(shape, seconds, reps, side_count, timing), document


def expected_seconds(plan: Plan, is_last: bool) -> float:
    timing = plan.timing
    total = 0.0
    for set_index, reps in enumerate(plan.reps):
        if set_index > 0:
            total += timing["rest_between_sets"]
        if plan.shape == "duration":
            side = plan.seconds
        elif plan.shape == "tempo":
            side = plan.seconds * reps
        elif plan.shape == "hold":
            side = plan.seconds * reps + timing["rest_between_reps"] * (reps - 1)
        else:
            side = 0
        total += side * plan.side_count + timing["switch_sides"] * (plan.side_count - 1)
    if not is_last:
        total += timing["rest"]
    return total


def expected_step_count(plan: Plan, is_last: bool) -> int:
    timing = plan.timing
    count = 0
    for set_index, reps in enumerate(plan.reps):
        if set_index > 0 and timing["rest_between_sets"] > 0:
            count += 1
        if plan.shape == "hold":
            per_side = reps + (reps - 1 if timing["rest_between_reps"] > 0 else 0)
        else:
            per_side = 1
        count += per_side * plan.side_count + (plan.side_count - 1 if timing["switch_sides"] > 0 else 0)
    if not is_last and timing["rest"] > 0:
        count += 1
    return count


@st.composite
def valid_routines(draw):
    """(YAML text, expected total seconds, expected number of steps) for a valid routine."""
    default_numbers, default_values = draw(timings())
    get_ready = draw(st.one_of(st.none(), st.integers(0, 20)))
    if get_ready is not None:
        default_values["get_ready"] = written(get_ready, draw(FORMS))
    inherited = BUILT_IN | default_numbers
    document = {"name": "Generated"}
    if default_values:
        document["defaults"] = default_values
    plans, phases = [], []
    for phase_index in range(draw(st.integers(1, 3))):
        phase = {"name": f"Phase {phase_index}"}
        kind = draw(st.sampled_from([None, "warmup", "main", "cooldown", "aerobic"]))
        if kind:
            phase["kind"] = kind
        phase["exercises"] = []
        for _ in range(draw(st.integers(1, 4))):
            plan, exercise = draw(exercises(inherited))
            plans.append(plan)
            phase["exercises"].append(exercise)
        phases.append(phase)
    document["phases"] = phases
    ready = 5 if get_ready is None else get_ready
    total = ready + sum(expected_seconds(plan, index == len(plans) - 1) for index, plan in enumerate(plans))
    count = (1 if ready > 0 else 0) + sum(expected_step_count(plan, index == len(plans) - 1) for index, plan in enumerate(plans))
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True), total, count


@SETTINGS
@given(valid_routines())
def test_valid_routine_loads_and_its_total_is_the_arithmetic_total(generated):
    text, total, count = generated
    result = load_text(text)
    assert not isinstance(result, RoutineError), f"{result}\n---\n{text}"
    steps = expand(result)
    assert total_planned_seconds(steps) == sum(step.planned_seconds or 0 for step in steps)
    assert total_planned_seconds(steps) == total
    assert len(steps) == count
