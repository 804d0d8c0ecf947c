"""Reading a YAML node tree strictly: every problem kept with its FILE:LINE:COL and key path.

The shared base of the routine and program loaders. Numbers are taken only as a person means them
(no octal, hex or base 60), text may hold no control characters, and an unknown key gets a
did-you-mean.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable

import yaml
from yaml.constructor import SafeConstructor

from coach.routine.durations import EXPECTED as DURATION_EXPECTED
from coach.routine.durations import MAX_SECONDS, parse_duration, too_many_digits
from coach.routine.errors import Problem, RoutineError
from coach.safe_text import for_terminal

MAX_TEXT = 2000

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


class NodeChecker:
    """Walks a node tree once, collecting problems rather than stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()

    # -- reporting ---------------------------------------------------------------

    def result(self, value):
        """`value` when the tree had no problem; otherwise RoutineError with every problem, in file order."""
        if self.problems:
            raise RoutineError(sorted(self.problems, key=lambda problem: (problem.line or 0, problem.column or 0)))
        assert value is not None
        return value

    def error(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))

    # -- generic shapes -----------------------------------------------------------

    def mapping(self, node: yaml.Node, path: str, allowed: tuple[str, ...], what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected {what} (a mapping of keys), got {describe(node)}")
            return None
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.error(key_node, path, f"keys must be plain words, got {describe(key_node)}")
                continue
            key = key_node.value
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(key_node, path, f'duplicate key "{key}" (first given on line {first})')
                continue
            if key not in allowed:
                self.error(key_node, path, unknown_key(key, allowed))
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
            self.error(node, path, f"expected text, got {describe(node)}")
            return None
        control = _CONTROL.search(value)  # before trimming, which would quietly drop some
        value = value.strip()
        if control:
            self.error(node, path, f"contains {character(control.group())}; remove it")
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
            self.error(node, path, f"expected a whole number from {low} to {high}, got {describe(node)}{hint}")
            return None
        if not low <= value <= high:
            self.error(node, path, f"must be from {low} to {high}, got {short(node.value)}")
            return None
        return value

    def boolean(self, node: yaml.Node, path: str) -> bool | None:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.error(node, path, f"expected true or false, got {describe(node)}")
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
            self.error(node, path, f"expected {DURATION_EXPECTED}, got {describe(node)}")
            return None
        low = 0 if allow_zero else 1
        if seconds < low or seconds > MAX_SECONDS:
            allowed = "0 (none) up to 4 hours" if allow_zero else "1 second to 4 hours"
            self.error(node, path, f"must be from {allowed}, got {short(node.value)}")
            return None
        return seconds

    def field(self, entries: dict, key: str, read: Callable[[yaml.Node, str], Any], path: str, default: Any = None) -> Any:
        if key not in entries:
            return default
        value = read(entries[key][1], join(path, key))
        return default if value is None else value

    def require(self, node: yaml.Node, path: str, entries: dict, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in entries:
                self.error(node, path, f'missing required key "{key}"')

    def sequence(self, node: yaml.Node, path: str, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list of {what}, got {describe(node)}")
            return None
        if not node.value:
            self.error(node, path, f"needs at least one of {what}")
            return None
        return list(node.value)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def nearest(value: object, choices: list[str]) -> str:
    """'; did you mean "cooldown"?' for a value close to one of `choices` (any case, hyphens or not)."""
    if not isinstance(value, str):
        return ""
    plain = value.strip().casefold().replace("-", "").replace("_", "").replace(" ", "")
    import difflib  # only a file with a mistake needs it: not on the way to the first frame

    close = [choice for choice in choices if choice == plain] or difflib.get_close_matches(plain, choices, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f'unknown key "{short(key)}"; did you mean "{close[0]}"?'
    return f'unknown key "{short(key)}"; expected one of: {", ".join(allowed)}'


def short(text: str, limit: int = 40) -> str:
    """Text from the file, shortened for a message, its control characters shown as escapes."""
    return for_terminal(text if len(text) <= limit else text[: limit - 1] + "…")


def character(character: str) -> str:
    """A control character or lone surrogate, named for a message: "a control character (U+001B ESC)"."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not a character"
    name = "DEL" if code == 0x7F else _CONTROL_NAMES[code if code < 0x20 else code - 0x80 + 0x20]
    return f"a control character (U+{code:04X} {name})"


def describe(node: yaml.Node) -> str:
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
            return f"{short(node.value)} (write plain decimal digits: YAML reads 010 as octal and 0x10 as hex)"
        return short(node.value)
    return f'"{short(node.value)}"'
