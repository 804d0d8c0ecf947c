"""Turn a routine file into a Routine, reporting every problem with its FILE:LINE:COL and key path."""

from __future__ import annotations

from pathlib import Path

import yaml

from coach.routine.checks import NodeChecker, describe, join, nearest, short
from coach.routine.durations import format_duration
from coach.routine.model import CUE_SOUNDS, Exercise, Phase, PhaseKind, Routine, Side, TimedCue, Timing
from coach.routine.sound_files import sound_file
from coach.routine.yaml_source import read_nodes

MAX_EXERCISES = 500
MAX_SETS = 50
MAX_REPS = 500
MAX_SESSION_SECONDS = 6 * 60 * 60

ROUTINE_KEYS = ("name", "description", "safety", "weekly_goal", "defaults", "phases", "sounds")
DEFAULT_KEYS = ("rest", "get_ready", "rest_between_sets", "rest_between_reps", "switch_sides", "countdown")
PHASE_KEYS = ("name", "kind", "exercises")
TIMING_KEYS = ("rest", "rest_between_sets", "rest_between_reps", "switch_sides", "countdown")
EXERCISE_KEYS = ("name", "sets", "reps", "hold", "tempo", "duration", "sides", "cues", "say", "at", "pose",
                 "image", *TIMING_KEYS)
AT_KEYS = ("after", "half", "cue")


def load_routine(path: str | Path, display: str | None = None) -> Routine:
    """Load and validate a routine file; raise RoutineError listing every problem."""
    path = Path(path)
    name = display or str(path)
    root = read_nodes(path, name)
    checker = _Checker(name)
    return checker.result(checker.routine(root, path))


class _Checker(NodeChecker):
    """A routine's node tree, read once."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.exercise_count = 0
        self.folder = Path(".")  # the routine file's folder: `image:` and `sounds:` paths are relative to it

    # -- the routine --------------------------------------------------------------

    def routine(self, root: yaml.Node, source: Path) -> Routine | None:
        self.folder = source.parent
        entries = self.mapping(root, "", ROUTINE_KEYS, "a routine")
        if entries is None:
            return None
        self.require(root, "", entries, ("name", "phases"))
        name = self.field(entries, "name", self.text, "")
        lines = lambda n, p: self.text(n, p, lines=True)  # noqa: E731
        description = self.field(entries, "description", lines, "")
        safety = self.field(entries, "safety", lines, "")
        weekly_goal = self.field(entries, "weekly_goal", lambda n, p: self.integer(n, p, 1, 14), "")
        timing = Timing()
        if "defaults" in entries:
            timing = self.defaults(entries["defaults"][1], "defaults")
        phases: list[Phase] = []
        if "phases" in entries:
            phases = self.phases(entries["phases"][1], "phases", timing)
        sounds = self.field(entries, "sounds", lambda n, p: self.sounds(n, p, source.parent), "", {})
        if self.problems or name is None:
            return None
        routine = Routine(
            name=name,
            phases=tuple(phases),
            description=description,
            safety=safety,
            weekly_goal=weekly_goal,
            get_ready=timing.get_ready,
            source=source,
            sounds=sounds,
        )
        self.check_length(routine, entries["phases"][0])
        return routine

    def defaults(self, node: yaml.Node, path: str) -> Timing:
        entries = self.mapping(node, path, DEFAULT_KEYS, "defaults")
        return Timing() if entries is None else self.timing(entries, path, Timing())

    def timing(self, entries: dict, path: str, inherited: Timing) -> Timing:
        def rest(key: str) -> float:
            return self.field(entries, key, lambda n, p: self.duration(n, p, True), path, getattr(inherited, key))

        return Timing(
            rest=rest("rest"),
            rest_between_sets=rest("rest_between_sets"),
            rest_between_reps=rest("rest_between_reps"),
            switch_sides=rest("switch_sides"),
            get_ready=rest("get_ready"),  # only `defaults:` may set it; an exercise's keys do not include it
            countdown=self.field(entries, "countdown", lambda n, p: self.integer(n, p, 0, 10), path, inherited.countdown),
        )

    def phases(self, node: yaml.Node, path: str, timing: Timing) -> list[Phase]:
        items = self.sequence(node, path, "phases")
        phases = []
        for index, item in enumerate(items or []):
            phase = self.phase(item, f"{path}[{index}]", timing)
            if phase is not None:
                phases.append(phase)
        return phases

    def phase(self, node: yaml.Node, path: str, timing: Timing) -> Phase | None:
        entries = self.mapping(node, path, PHASE_KEYS, "a phase")
        if entries is None:
            return None
        self.require(node, path, entries, ("name", "exercises"))
        name = self.field(entries, "name", self.text, path)
        kind = self.field(entries, "kind", self.phase_kind, path, PhaseKind.MAIN)
        exercises = []
        if "exercises" in entries:
            exercises_path = join(path, "exercises")
            for index, item in enumerate(self.sequence(entries["exercises"][1], exercises_path, "exercises") or []):
                self.exercise_count += 1
                if self.exercise_count > MAX_EXERCISES:
                    if self.exercise_count == MAX_EXERCISES + 1:
                        self.error(item, f"{exercises_path}[{index}]", f"a routine may hold at most {MAX_EXERCISES} exercises")
                    break
                exercise = self.exercise(item, f"{exercises_path}[{index}]", timing)
                if exercise is not None:
                    exercises.append(exercise)
        if name is None or not exercises:
            return None
        return Phase(name=name, kind=kind, exercises=tuple(exercises))

    def phase_kind(self, node: yaml.Node, path: str) -> PhaseKind | None:
        value = self.scalar(node)
        choices = [kind.value for kind in PhaseKind]
        if value not in choices:
            self.error(node, path, f"expected one of {', '.join(choices)}, got {describe(node)}{nearest(value, choices)}")
            return None
        return PhaseKind(value)

    # -- one exercise -------------------------------------------------------------

    def exercise(self, node: yaml.Node, path: str, inherited: Timing) -> Exercise | None:
        entries = self.mapping(node, path, EXERCISE_KEYS, "an exercise")
        if entries is None:
            return None
        before = len(self.problems)
        self.require(node, path, entries, ("name",))
        name = self.field(entries, "name", self.text, path)
        self.check_shape(node, path, entries)
        positive = lambda n, p: self.duration(n, p, False)  # noqa: E731
        hold = self.field(entries, "hold", positive, path)
        tempo = self.field(entries, "tempo", positive, path)
        duration = self.field(entries, "duration", positive, path)
        sets, reps = self.sets_and_reps(entries, path)
        sides = self.field(entries, "sides", self.sides, path, ())
        timing = self.timing(entries, path, inherited)
        cues = self.field(entries, "cues", self.cues, path, ())
        say = self.field(entries, "say", self.text, path)
        pose = self.field(entries, "pose", self.pose, path)
        image = self.field(entries, "image", self.image, path)
        at: tuple[TimedCue, ...] = ()
        if "at" in entries:
            timed = any(key in entries for key in ("duration", "hold", "tempo"))
            # A tempo pyramid's shortest set bounds where a cue can fall in every set.
            step_seconds = hold or duration or (tempo * min(reps) if tempo and reps else None)
            at = self.timed_cues(entries["at"][1], join(path, "at"), step_seconds, timed)
        if len(self.problems) > before or name is None:
            return None
        if duration is None and reps is None:
            reps = (1,) * sets
        return Exercise(
            name=name, sets=sets, reps=reps, hold=hold, tempo=tempo, duration=duration,
            sides=sides, timing=timing, cues=cues, say=say, at=at, pose=pose, image=image,
        )

    def pose(self, node: yaml.Node, path: str) -> str | None:
        """A pose of the library (`coach pose list`), by its name or an alias; its key."""
        from coach.pictures.library import PoseNotFound, find_key

        name = self.text(node, path)
        if name is None:
            return None
        try:
            return find_key(name)
        except PoseNotFound as error:
            self.error(node, path, str(error))
            return None

    def image(self, node: yaml.Node, path: str) -> Path | None:
        """Your own picture of the exercise: a PNG or JPEG file, relative to the routine's folder."""
        from coach.pictures.photo import image_file

        written = self.text(node, path)
        if written is None:
            return None
        file, problem = image_file(self.folder, written, f'"{short(written)}"')
        if problem is not None:
            self.error(node, path, problem)
        return file

    def check_shape(self, node: yaml.Node, path: str, entries: dict) -> None:
        """The combinations of duration, hold, tempo and reps that make sense."""
        given = [key for key in ("duration", "hold", "tempo") if key in entries]
        if len(given) > 1:
            later = max((entries[key][0] for key in given), key=lambda key_node: key_node.start_mark.index)
            self.error(later, path, f'give either "{given[0]}" or "{given[1]}", not both')
        if "duration" in entries and "reps" in entries:
            self.error(entries["reps"][0], path, 'give either "duration" or "reps", not both (use "hold" for timed reps)')
        if "tempo" in entries and "reps" not in entries:
            self.error(entries["tempo"][0], path, '"tempo" times each rep, so it needs "reps" too')
        if not given and "reps" not in entries:
            self.error(node, path, 'say how the exercise is done: give "duration", "hold", "reps", or "reps" with "tempo"')

    def sets_and_reps(self, entries: dict, path: str) -> tuple[int, tuple[int, ...] | None]:
        sets = self.field(entries, "sets", lambda n, p: self.integer(n, p, 1, MAX_SETS), path)
        if "reps" not in entries:
            return sets or 1, None
        reps_node = entries["reps"][1]
        reps_path = join(path, "reps")
        if isinstance(reps_node, yaml.SequenceNode):
            counts = [self.integer(item, f"{reps_path}[{i}]", 1, MAX_REPS) for i, item in enumerate(reps_node.value)]
            if not counts:
                self.error(reps_node, reps_path, "needs at least one number of reps")
                return sets or 1, None
            if len(counts) > MAX_SETS:
                self.error(reps_node, reps_path, f"lists {len(counts)} sets; the limit is {MAX_SETS}")
                return sets or 1, None
            if sets is not None and len(counts) != sets:
                self.error(reps_node, reps_path, f"lists the reps of {len(counts)} sets, but sets is {sets}; give one number per set")
            if any(count is None for count in counts):
                return sets or len(counts), None
            return len(counts), tuple(counts)  # type: ignore[arg-type]
        count = self.integer(reps_node, reps_path, 1, MAX_REPS)
        return sets or 1, None if count is None else (count,) * (sets or 1)

    def sides(self, node: yaml.Node, path: str) -> tuple[Side, ...] | None:
        if isinstance(node, yaml.SequenceNode):
            sides: list[Side] = []
            choices = [side.value for side in Side]
            for index, item in enumerate(node.value):
                value = self.scalar(item)
                if value not in choices:
                    self.error(item, f"{path}[{index}]",
                               f"expected left or right, got {describe(item)}{nearest(value, choices)}")
                    return None
                if Side(value) in sides:
                    self.error(item, f"{path}[{index}]", f'"{value}" is listed twice')
                    return None
                sides.append(Side(value))
            if not sides:
                self.error(node, path, "list at least one side, or write true for left then right")
                return None
            return tuple(sides)
        value = self.scalar(node)
        if not isinstance(value, bool):
            hint = ("; use `sides: true` for both sides (left, then right)"
                    if isinstance(value, str) and value.strip().casefold() in ("both", "each", "yes", "all") else "")
            self.error(node, path, f"expected true, false, or a list such as [right, left], got {describe(node)}{hint}")
            return None
        return (Side.LEFT, Side.RIGHT) if value else ()

    def cues(self, node: yaml.Node, path: str) -> tuple[str, ...] | None:
        if isinstance(node, yaml.SequenceNode):
            texts = [self.text(item, f"{path}[{index}]") for index, item in enumerate(node.value)]
            return None if None in texts else tuple(texts)  # type: ignore[arg-type]
        text = self.text(node, path)
        return None if text is None else (text,)

    def timed_cues(self, node: yaml.Node, path: str, step_seconds: float | None, timed: bool) -> tuple[TimedCue, ...]:
        items = self.sequence(node, path, "timed cues")
        if items is None:
            return ()
        if step_seconds is None:
            if not timed:  # otherwise the bad duration, hold or tempo has its own error
                self.error(node, path, 'timed cues need a timed step; give "duration", "hold" or "tempo"')
            return ()
        cues = []
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            entries = self.mapping(item, item_path, AT_KEYS, "a timed cue")
            if entries is None:
                continue
            self.require(item, item_path, entries, ("cue",))
            text = self.field(entries, "cue", self.text, item_path)
            after = self.field(entries, "after", lambda n, p: self.duration(n, p, False), item_path)
            half = self.field(entries, "half", self.boolean, item_path, False)
            if ("after" in entries) == ("half" in entries):
                self.error(item, item_path, 'give either "after" (a time into the step) or "half: true", exactly one')
                continue
            if "half" in entries and half is False:
                self.error(entries["half"][1], join(item_path, "half"), 'write "half: true", or remove the cue')
                continue
            if after is not None and after >= step_seconds:
                self.error(entries["after"][1], join(item_path, "after"),
                           f"{format_duration(after)} is past the end of the {format_duration(step_seconds)} step")
                continue
            if text is not None:
                cues.append(TimedCue(text=text, after=after, half=bool(half)))
        return tuple(cues)

    # -- cue sounds ---------------------------------------------------------------

    def sounds(self, node: yaml.Node, path: str, folder: Path) -> dict[str, Path] | None:
        """`sounds:` maps cue names to WAV files, relative to the routine's folder."""
        entries = self.mapping(node, path, CUE_SOUNDS, "cue sounds")
        if entries is None:
            return None
        files: dict[str, Path] = {}
        for cue, (_, value_node) in entries.items():
            cue_path = join(path, cue)
            written = self.text(value_node, cue_path)
            if written is None:
                continue
            file, problem = sound_file(folder, written, f'"{short(written)}"')
            if problem is not None:
                self.error(value_node, cue_path, problem)
            elif file is not None:
                files[cue] = file
        return files

    # -- whole-routine limits -----------------------------------------------------

    def check_length(self, routine: Routine, phases_key: yaml.Node) -> None:
        from coach.routine.expand import SessionTooLong, expand

        try:
            expand(routine, limit_seconds=MAX_SESSION_SECONDS)
        except SessionTooLong as error:
            self.error(phases_key, "phases", f"the session would last more than {format_duration(error.limit)}; "
                       "the limit is 6 hours, so split it into several routines")
