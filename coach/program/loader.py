"""Turn a program file into a Program, reporting every problem with its FILE:LINE:COL and key path,
as routine files are: unknown keys get a did-you-mean, and a stage's dose changes must leave every
exercise inside the routine format's limits."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Callable

import yaml

from coach.program import dose
from coach.paths import expand_user
from coach.program.model import DoseChange, ExerciseDose, FlareUp, Program, Rules, Stage, Weekly
from coach.routine.checks import NodeChecker, describe, join, nearest, short
from coach.routine.durations import MAX_SECONDS, format_duration, parse_duration
from coach.routine.errors import RoutineError
from coach.routine.loader import MAX_REPS, MAX_SESSION_SECONDS, MAX_SETS, load_routine
from coach.routine.model import Routine
from coach.routine.yaml_source import read_nodes
from coach.session import pain

PROGRAM_KEYS = ("name", "description", "safety", "activity", "weekly", "stages", "flare_up", "rules")
WEEKLY_KEYS = ("sessions", "aerobic_minutes", "bouts")
STAGE_KEYS = ("name", "routine", "change", "exercises", "aerobic")
CHANGE_KEYS = ("hold", "reps", "sets")
FLARE_KEYS = ("routine", "green_days")
RULE_KEYS = tuple(rule.name for rule in fields(Rules))
MAX_STAGES = 50
MOST_HOLD_CHANGE = 600.0  # seconds a stage may add to or take from every hold
MOST_COUNT_CHANGE = 100  # reps or sets a stage may add or take away
MOST_BOUT_MINUTES = 240
RULE_RANGES = {"advance_after": (1, 20), "flare_reds": (1, 10), "flare_days": (1, 60), "aerobic_weeks": (1, 12)}
PAIN_RULE_RANGE = (pain.LEAST, pain.MOST)  # every other rule is a number of pain points

FindRoutine = Callable[[str], Path]
"""A routine reference (a file name such as back-basics, a shown name, or a path relative to the program's
folder) to its file; raises catalog.RoutineNotFound with a message for people."""


def load_program(path: str | Path, find_routine: FindRoutine, display: str | None = None) -> Program:
    """Load and check a program file and every routine it names; raise RoutineError listing every problem."""
    path = Path(path)
    name = display or str(path)
    root = read_nodes(path, name, needs='a program needs at least "name", "stages" and "flare_up"')
    checker = _Checker(name, path.parent, find_routine)
    return checker.result(checker.program(root, path))


class _Checker(NodeChecker):
    def __init__(self, file: str, folder: Path, find_routine: FindRoutine) -> None:
        super().__init__(file)
        self.folder = folder
        self.find_routine = find_routine

    def program(self, root: yaml.Node, source: Path) -> Program | None:
        entries = self.mapping(root, "", PROGRAM_KEYS, "a program")
        if entries is None:
            return None
        self.require(root, "", entries, ("name", "stages", "flare_up"))
        name = self.field(entries, "name", self.text, "")
        lines = lambda n, p: self.text(n, p, lines=True)  # noqa: E731
        description = self.field(entries, "description", lines, "")
        safety = self.field(entries, "safety", lines, "")
        activity = self.field(entries, "activity", self.text, "")
        weekly = self.field(entries, "weekly", self.weekly, "", Weekly())
        stages = self.field(entries, "stages", self.stages, "", ())
        flare_up = self.field(entries, "flare_up", self.flare_up, "")
        rules = self.field(entries, "rules", self.rules, "", Rules())
        if self.problems or name is None or flare_up is None:
            return None
        return Program(name=name, stages=stages, flare_up=flare_up, weekly=weekly, rules=rules,
                       description=description, safety=safety, activity=activity, source=source)

    # -- parts ---------------------------------------------------------------------

    def weekly(self, node: yaml.Node, path: str) -> Weekly | None:
        entries = self.mapping(node, path, WEEKLY_KEYS, "the weekly goals")
        if entries is None:
            return None
        default = Weekly()
        return Weekly(
            sessions=self.field(entries, "sessions", lambda n, p: self.integer(n, p, 1, 14), path, default.sessions),
            aerobic_minutes=self.field(entries, "aerobic_minutes", lambda n, p: self.span(n, p, 0, 1000), path,
                                       default.aerobic_minutes),
            bouts=self.field(entries, "bouts", lambda n, p: self.span(n, p, 0, 21), path, default.bouts),
        )

    def span(self, node: yaml.Node, path: str, low: int, high: int) -> tuple[int, int] | None:
        """A number, or [least, most]."""
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) != 2:
                self.error(node, path, f"expected one number, or two as [least, most], got a list of {len(node.value)}")
                return None
            least, most = (self.integer(item, f"{path}[{index}]", low, high) for index, item in enumerate(node.value))
            if least is None or most is None:
                return None
            if least > most:
                self.error(node, path, f"the least ({least}) is more than the most ({most}); write [least, most]")
                return None
            return least, most
        value = self.integer(node, path, low, high)
        return None if value is None else (value, value)

    def stages(self, node: yaml.Node, path: str) -> tuple[Stage, ...] | None:
        items = self.sequence(node, path, "stages")
        if items is None:
            return None
        if len(items) > MAX_STAGES:
            self.error(node, path, f"lists {len(items)} stages; the limit is {MAX_STAGES}")
            return None
        stages = [self.stage(item, f"{path}[{index}]") for index, item in enumerate(items)]
        return None if None in stages else tuple(stages)  # type: ignore[arg-type]

    def stage(self, node: yaml.Node, path: str) -> Stage | None:
        entries = self.mapping(node, path, STAGE_KEYS, "a stage")
        if entries is None:
            return None
        self.require(node, path, entries, ("name", "routine"))
        before = len(self.problems)
        name = self.field(entries, "name", self.text, path)
        routine = self.field(entries, "routine", self.routine, path)
        change = self.field(entries, "change", self.change, path, DoseChange())
        aerobic = self.field(entries, "aerobic", lambda n, p: self.integer(n, p, 1, MOST_BOUT_MINUTES), path)
        own: dict[str, ExerciseDose] = {}
        if "exercises" in entries:
            own = self.exercise_doses(entries["exercises"][1], join(path, "exercises"), routine) or {}
        if len(self.problems) > before or name is None or routine is None:
            return None
        change = DoseChange(hold=change.hold, reps=change.reps, sets=change.sets, exercises=own)
        plan = dose.apply(routine, change)
        self.check_plan(plan, entries.get("change", entries.get("exercises", (node, node)))[1], path, name)
        return Stage(name=name, routine=routine, change=change, plan=plan, aerobic_minutes=aerobic)

    def routine(self, node: yaml.Node, path: str) -> Routine | None:
        from coach.routine.catalog import RoutineNotFound

        reference = self.text(node, path)
        if reference is None:
            return None
        if "/" in reference or reference.startswith("~") or Path(reference).suffix in (".yaml", ".yml"):
            written = expand_user(reference)  # a file: relative to the program's folder, wherever coach runs
            file = written if written.is_absolute() else self.folder / written
        else:
            try:
                file = self.find_routine(reference)  # a routine's name, from the catalog
            except RoutineNotFound as error:
                self.error(node, path, str(error))
                return None
        try:
            return load_routine(file)
        except RoutineError as error:
            more = f" (and {len(error.problems) - 1} more; run `coach validate {file}`)" if len(error.problems) > 1 else ""
            self.error(node, path, f'routine "{short(reference)}" has a problem: {error.problems[0]}{more}')
            return None

    def change(self, node: yaml.Node, path: str) -> DoseChange | None:
        entries = self.mapping(node, path, CHANGE_KEYS, "dose changes")
        if entries is None:
            return None
        count = lambda n, p: self.integer(n, p, -MOST_COUNT_CHANGE, MOST_COUNT_CHANGE)  # noqa: E731
        return DoseChange(hold=self.field(entries, "hold", self.signed_seconds, path, 0.0),
                          reps=self.field(entries, "reps", count, path, 0),
                          sets=self.field(entries, "sets", count, path, 0))

    def signed_seconds(self, node: yaml.Node, path: str) -> float | None:
        """+2s, -5, 10 s: seconds added (or, with a minus, taken away)."""
        value = self.scalar(node)
        seconds: float | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value)
        elif isinstance(value, str):
            text = value.strip()
            sign = -1.0 if text.startswith(("-", "−")) else 1.0
            amount = parse_duration(text.lstrip("+-−").strip())
            seconds = None if amount is None else sign * amount
        if seconds is None or abs(seconds) > MOST_HOLD_CHANGE:
            self.error(node, path, f"expected seconds to add, such as +2s or -5s (at most {MOST_HOLD_CHANGE:g} s either "
                       f"way), got {describe(node)}")
            return None
        return seconds

    def exercise_doses(self, node: yaml.Node, path: str, routine: Routine | None) -> dict[str, ExerciseDose] | None:
        """`exercises:` maps an exercise's name in the routine to its dose at this stage."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected exercise names with their dose (a mapping), got {describe(node)}")
            return None
        names = [exercise.name for exercise in routine.exercises] if routine is not None else None
        doses: dict[str, ExerciseDose] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = self.text(key_node, path)
            if name is None:
                continue
            if name in lines:
                self.error(key_node, path, f'"{short(name)}" is given twice (first on line {lines[name]})')
                continue
            lines[name] = key_node.start_mark.line + 1
            if names is not None and name not in names:
                self.error(key_node, path, f'"{short(name)}" is not an exercise of {short(routine.name)}'
                           f"{nearest(name, names)}")
                continue
            entries = self.mapping(value_node, join(path, name), CHANGE_KEYS, "a dose")
            if entries is None:
                continue
            where = join(path, name)
            exercise = next(each for each in routine.exercises if each.name == name) if routine is not None else None
            if exercise is not None and "hold" in entries and exercise.hold is None:
                self.error(entries["hold"][0], where, f'"{short(name)}" has no hold to set (it is timed by '
                           f'{"its duration" if exercise.duration is not None else "its tempo" if exercise.tempo else "you"})')
                continue
            if exercise is not None and "reps" in entries and exercise.reps is None:
                self.error(entries["reps"][0], where, f'"{short(name)}" has no reps to set (it is one timed block)')
                continue
            if not entries:
                self.error(value_node, where, "sets nothing; give hold, reps or sets, or remove it")
                continue
            doses[name] = ExerciseDose(
                hold=self.field(entries, "hold", lambda n, p: self.duration(n, p, False), where),
                reps=self.field(entries, "reps", lambda n, p: self.integer(n, p, 1, MAX_REPS), where),
                sets=self.field(entries, "sets", lambda n, p: self.integer(n, p, 1, MAX_SETS), where))
        return doses

    def check_plan(self, plan: Routine, node: yaml.Node, path: str, stage: str) -> None:
        """The stage's plan stays inside the routine format's limits."""
        from coach.routine.expand import SessionTooLong, expand

        for exercise in plan.exercises:
            problem = None
            if exercise.hold is not None and not 1 <= exercise.hold <= MAX_SECONDS:
                hold = f"{exercise.hold:g} s" if exercise.hold < 1 else format_duration(exercise.hold)
                problem = f"a hold of {hold}; holds must be from 1 second to 4 hours"
            elif not 1 <= exercise.sets <= MAX_SETS:
                problem = f"{exercise.sets} sets; the limit is 1 to {MAX_SETS}"
            elif exercise.reps and not all(1 <= count <= MAX_REPS for count in exercise.reps):
                problem = f"{min(exercise.reps)} to {max(exercise.reps)} reps; the limit is 1 to {MAX_REPS}"
            if problem:
                self.error(node, path, f'this stage gives "{short(exercise.name)}" {problem}')
                return
        try:
            expand(plan, limit_seconds=MAX_SESSION_SECONDS)
        except SessionTooLong:
            self.error(node, path, f'"{short(stage)}" would last more than 6 hours; the limit of a routine')

    def flare_up(self, node: yaml.Node, path: str) -> FlareUp | None:
        entries = self.mapping(node, path, FLARE_KEYS, "the flare-up plan")
        if entries is None:
            return None
        self.require(node, path, entries, ("routine",))
        routine = self.field(entries, "routine", self.routine, path)
        green_days = self.field(entries, "green_days", lambda n, p: self.integer(n, p, 1, 14), path, 2)
        return None if routine is None else FlareUp(routine=routine, green_days=green_days)

    def rules(self, node: yaml.Node, path: str) -> Rules | None:
        entries = self.mapping(node, path, RULE_KEYS, "rules")
        if entries is None:
            return None
        values = {}
        for key in entries:
            low, high = RULE_RANGES.get(key, PAIN_RULE_RANGE)
            value = self.field(entries, key, lambda n, p, low=low, high=high: self.integer(n, p, low, high), path)
            if value is not None:
                values[key] = value
        rules = Rules(**values)
        if rules.green_pain >= rules.red_pain:
            self.error(node, path, f"green_pain ({rules.green_pain}) must be below red_pain ({rules.red_pain})")
        if rules.amber_rise >= rules.red_rise:
            self.error(node, path, f"amber_rise ({rules.amber_rise}) must be below red_rise ({rules.red_rise})")
        return rules
