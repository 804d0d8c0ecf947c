"""Turn a routine file into a Routine, reporting every problem with its FILE:LINE:COL and key path."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.constructor import SafeConstructor

from coach.routine.durations import EXPECTED as DURATION_EXPECTED
from coach.routine.durations import MAX_SECONDS, format_duration, parse_duration, too_many_digits
from coach.routine.errors import Problem, RoutineError
from coach.routine.model import CUE_SOUNDS, Exercise, Phase, PhaseKind, Routine, Side, TimedCue, Timing
from coach.routine.sound_files import sound_file
from coach.routine.yaml_source import read_nodes
from coach.safe_text import for_terminal

MAX_EXERCISES = 500
MAX_SETS = 50
MAX_REPS = 500
MAX_SESSION_SECONDS = 6 * 60 * 60
MAX_TEXT = 2000

ROUTINE_KEYS = ("name", "description", "safety", "weekly_goal", "defaults", "phases", "sounds")
DEFAULT_KEYS = ("rest", "get_ready", "rest_between_sets", "rest_between_reps", "switch_sides", "countdown")
PHASE_KEYS = ("name", "kind", "exercises")
TIMING_KEYS = ("rest", "rest_between_sets", "rest_between_reps", "switch_sides", "countdown")
EXERCISE_KEYS = ("name", "sets", "reps", "hold", "tempo", "duration", "sides", "cues", "say", "at", *TIMING_KEYS)
AT_KEYS = ("after", "half", "cue")

_MISSING = object()
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
_OTHER_BASE = re.compile(r"^[-+]?0[0-9xXoObB]")
# C0 but tab and newline, DEL, C1 and lone surrogates: a terminal obeys the first three (ESC
# starts its escape sequences), and a surrogate cannot even be written out as UTF-8.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
).split()


def load_routine(path: str | Path, display: str | None = None) -> Routine:
    """Load and validate a routine file; raise RoutineError listing every problem."""
    path = Path(path)
    name = display or str(path)
    root = read_nodes(path, name)
    checker = _Checker(name)
    routine = checker.routine(root, path)
    if checker.problems:
        raise RoutineError(sorted(checker.problems, key=lambda problem: (problem.line or 0, problem.column or 0)))
    assert routine is not None
    return routine


class _Checker:
    """Walks the node tree once, collecting problems rather than stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.exercise_count = 0
        self._constructor = SafeConstructor()

    # -- reporting ---------------------------------------------------------------

    def error(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))

    # -- generic shapes -----------------------------------------------------------

    def mapping(self, node: yaml.Node, path: str, allowed: tuple[str, ...], what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected {what} (a mapping of keys), got {_describe(node)}")
            return None
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.error(key_node, path, f"keys must be plain words, got {_describe(key_node)}")
                continue
            key = key_node.value
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(key_node, path, f'duplicate key "{key}" (first given on line {first})')
                continue
            if key not in allowed:
                self.error(key_node, path, _unknown_key(key, allowed))
                continue
            entries[key] = (key_node, value_node)
        return entries

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return _MISSING
        if node.tag in _NUMBER_TAGS and not _DECIMAL.match(node.value):
            # YAML 1.1 reads 010 as octal, 0x10 as hex and 1:5 as base 60: take only what a
            # person means. A clock form goes on as text, for the duration parser to judge.
            return node.value if ":" in node.value else _MISSING
        if node.tag in _NUMBER_TAGS and too_many_digits(node.value):
            # Out of every range; infinity says so without int() meeting thousands of digits.
            return -math.inf if node.value.startswith("-") else math.inf
        try:
            return self._constructor.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - e.g. "!!bool maybe" or "!!int ''": PyYAML raises all sorts
            return _MISSING

    def text(self, node: yaml.Node, path: str, lines: bool = False) -> str | None:
        """Trimmed text; `lines` allows line breaks inside it (a description, a safety note)."""
        value = self.scalar(node)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            value = node.value
        if not isinstance(value, str) or isinstance(value, bool):
            self.error(node, path, f"expected text, got {_describe(node)}")
            return None
        control = _CONTROL.search(value)  # before trimming, which would quietly drop some
        value = value.strip()
        if control:
            self.error(node, path, f"contains {_character(control.group())}; remove it")
            return None
        if not lines and "\n" in value:
            self.error(node, path, "contains a line break; write it on one line")
            return None
        if not value:
            self.error(node, path, "must not be empty")
            return None
        if len(value) > MAX_TEXT:
            self.error(node, path, f"is {len(value)} characters long; the limit is {MAX_TEXT}")
            return None
        return value

    def integer(self, node: yaml.Node, path: str, low: int, high: int) -> int | None:
        value = self.scalar(node)
        if isinstance(value, float) and value.is_integer():  # 3.0 is a whole number, as JSON Schema agrees
            value = int(value)
        too_long = isinstance(value, float) and math.isinf(value)  # from scalar(): too many digits
        if isinstance(value, bool) or not (isinstance(value, int) or too_long):
            hint = ("; write a number, not a string (no quotes)"
                    if isinstance(value, str) and value.strip().isdigit() else "")
            self.error(node, path, f"expected a whole number from {low} to {high}, got {_describe(node)}{hint}")
            return None
        if not low <= value <= high:
            self.error(node, path, f"must be from {low} to {high}, got {_short(node.value)}")
            return None
        return value

    def boolean(self, node: yaml.Node, path: str) -> bool | None:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.error(node, path, f"expected true or false, got {_describe(node)}")
            return None
        return value

    def duration(self, node: yaml.Node, path: str, allow_zero: bool) -> float | None:
        value = self.scalar(node)
        seconds: float | None
        if isinstance(value, bool) or value is _MISSING or value is None:
            seconds = None
        elif isinstance(value, (int, float)):
            seconds = float(value)  # infinity, for too many digits, fails the range check below
        elif isinstance(value, str):
            seconds = parse_duration(value)
        else:
            seconds = None
        if seconds is None:
            self.error(node, path, f"expected {DURATION_EXPECTED}, got {_describe(node)}")
            return None
        low = 0 if allow_zero else 1
        if seconds < low or seconds > MAX_SECONDS:
            allowed = "0 (none) up to 4 hours" if allow_zero else "1 second to 4 hours"
            self.error(node, path, f"must be from {allowed}, got {_short(node.value)}")
            return None
        return seconds

    def field(self, entries: dict, key: str, read: Callable[[yaml.Node, str], Any], path: str, default: Any = None) -> Any:
        if key not in entries:
            return default
        value = read(entries[key][1], _join(path, key))
        return default if value is None else value

    # -- the routine --------------------------------------------------------------

    def routine(self, root: yaml.Node, source: Path) -> Routine | None:
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

    def require(self, node: yaml.Node, path: str, entries: dict, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in entries:
                self.error(node, path, f'missing required key "{key}"')

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

    def sequence(self, node: yaml.Node, path: str, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list of {what}, got {_describe(node)}")
            return None
        if not node.value:
            self.error(node, path, f"needs at least one of {what}")
            return None
        return list(node.value)

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
            exercises_path = _join(path, "exercises")
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
            self.error(node, path, f"expected one of {', '.join(choices)}, got {_describe(node)}{_nearest(value, choices)}")
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
        at: tuple[TimedCue, ...] = ()
        if "at" in entries:
            timed = any(key in entries for key in ("duration", "hold", "tempo"))
            # A tempo pyramid's shortest set bounds where a cue can fall in every set.
            step_seconds = hold or duration or (tempo * min(reps) if tempo and reps else None)
            at = self.timed_cues(entries["at"][1], _join(path, "at"), step_seconds, timed)
        if len(self.problems) > before or name is None:
            return None
        if duration is None and reps is None:
            reps = (1,) * sets
        return Exercise(
            name=name, sets=sets, reps=reps, hold=hold, tempo=tempo, duration=duration,
            sides=sides, timing=timing, cues=cues, say=say, at=at,
        )

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
        reps_path = _join(path, "reps")
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
                               f"expected left or right, got {_describe(item)}{_nearest(value, choices)}")
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
            self.error(node, path, f"expected true, false, or a list such as [right, left], got {_describe(node)}{hint}")
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
                self.error(entries["half"][1], _join(item_path, "half"), 'write "half: true", or remove the cue')
                continue
            if after is not None and after >= step_seconds:
                self.error(entries["after"][1], _join(item_path, "after"),
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
            cue_path = _join(path, cue)
            written = self.text(value_node, cue_path)
            if written is None:
                continue
            file, problem = sound_file(folder, written, f'"{_short(written)}"')
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


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _nearest(value: object, choices: list[str]) -> str:
    """'; did you mean "cooldown"?' for a value close to one of `choices` (any case, hyphens or not)."""
    if not isinstance(value, str):
        return ""
    plain = value.strip().casefold().replace("-", "").replace("_", "").replace(" ", "")
    import difflib  # only a file with a mistake needs it: not on the way to the first frame

    close = [choice for choice in choices if choice == plain] or difflib.get_close_matches(plain, choices, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f'unknown key "{_short(key)}"; did you mean "{close[0]}"?'
    return f'unknown key "{_short(key)}"; expected one of: {", ".join(allowed)}'


def _short(text: str, limit: int = 40) -> str:
    """Text from the file, shortened for a message, its control characters shown as escapes."""
    return for_terminal(text if len(text) <= limit else text[: limit - 1] + "…")


def _character(character: str) -> str:
    """A control character or lone surrogate, named for a message: "a control character (U+001B ESC)"."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not a character"
    name = "DEL" if code == 0x7F else _CONTROL_NAMES[code if code < 0x20 else code - 0x80 + 0x20]
    return f"a control character (U+{code:04X} {name})"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value
    if node.tag in _NUMBER_TAGS:
        if _OTHER_BASE.match(node.value):
            return f"{_short(node.value)} (write plain decimal digits: YAML reads 010 as octal and 0x10 as hex)"
        return _short(node.value)
    return f'"{_short(node.value)}"'
