"""Reading settings.yaml defensively, with PyYAML: what coach accepts, and what it does otherwise, is
described in coach/settings.py. Imported only when a settings file exists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import yaml

from coach.fileio import FileTooLarge, NotARegularFile, describe_size, read_limited
from coach.remind.schedule import QuietHours, ScheduleError, parse_days, parse_quiet, parse_times
from coach.safe_text import for_terminal
from coach.settings import (KNOWN_SETTINGS, MAX_BYTES, MAX_NAME, MAX_TERMINAL, PICTURES, RANGES, LoadedSettings, Settings,
                            shown)

try:  # libyaml is faster; the pure-Python loader is a fine fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_MAX_DEPTH = 16
_MAX_ITEMS = 2_000  # scalars, mappings and lists; a full settings file has about 13
_MAX_NUMBER_CHARS = 100  # a number written longer than this is out of range, whatever its digits
_MAX_WARNINGS = 10
_MAX_QUOTED_CHARS = 40
_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_LEGACY_KEY = "safety_acknowledged"
_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


@dataclass(frozen=True)
class _Range:
    low: int | float
    high: int | float

    @property
    def whole(self) -> bool:
        return isinstance(self.low, int)


_RANGES = {key: _Range(low, high) for key, (low, high) in RANGES.items()}
_FLAGS = ("sound", "voice")
_KNOWN = KNOWN_SETTINGS


class _Unusable(Exception):
    """The whole file is refused; `warning` says where and why."""

    def __init__(self, warning: str) -> None:
        super().__init__(warning)
        self.warning = warning


class _BadValue(Exception):
    pass


def read_settings(path: Path) -> LoadedSettings:
    """Settings from the file at `path`: a missing file means defaults; see coach/settings.py for the rest."""
    name = str(path)
    try:
        root = _read_root(path, name)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except _Unusable as refused:
        return LoadedSettings(Settings(), (for_terminal(f"{refused.warning}; using default settings"),))
    if root is None:  # an empty file, or one with only comments
        return LoadedSettings(Settings())
    if not isinstance(root, yaml.MappingNode):
        warning = f"{_at(name, root.start_mark)}: expected `key: value` lines; using default settings"
        return LoadedSettings(Settings(), (for_terminal(warning),))
    values, warnings, lines = _read_values(root, name)
    if len(warnings) > _MAX_WARNINGS:
        more = len(warnings) - _MAX_WARNINGS
        warnings[_MAX_WARNINGS:] = [f"{name}: {more} more problem{'s' if more > 1 else ''} not shown"]
    return LoadedSettings(Settings(**values), tuple(for_terminal(warning) for warning in warnings),
                          tuple((key, line) for key, line in lines.items() if key in values and key in _KNOWN))



def _read_values(root: yaml.MappingNode, name: str) -> tuple[dict[str, object], list[str], dict[str, int]]:
    values: dict[str, object] = {}
    first_lines: dict[str, int] = {}
    warnings: list[str] = []
    for key_node, value_node in root.value:
        where = _at(name, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            warnings.append(f"{where}: a setting's name must be plain text; this entry is ignored")
            continue
        key = key_node.value
        shown_key = _shorten(key)
        if key in first_lines:
            warnings.append(f"{where}: {shown_key}: already set on line {first_lines[key]}; this one is ignored")
            continue
        first_lines[key] = key_node.start_mark.line + 1
        if key == _LEGACY_KEY:
            try:  # only true is honoured; anything else, however written, means not acknowledged
                values[key] = _tag(value_node) == "bool" and _read_flag(value_node)
            except _BadValue:
                pass
        elif key not in _KNOWN:
            warnings.append(f"{where}: {shown_key}: {_unknown(key)}")
        else:
            try:
                values[key] = _READERS[key](value_node) if key in _READERS else (
                    _read_flag(value_node) if key in _FLAGS else _read_number(value_node, _RANGES[key]))
            except _BadValue as bad:
                default = shown(key, getattr(Settings(), key))
                warnings.append(f"{_at(name, value_node.start_mark)}: {key}: {bad}; using {default}")
    return values, warnings, first_lines


def _read_name(node: yaml.Node) -> str:
    """A line of plain text, at most MAX_NAME characters (control characters are shown as escapes wherever it is
    written out)."""
    if not isinstance(node, yaml.ScalarNode) or _tag(node) != "str":
        raise _BadValue(f"expected your name as text, got {_quoted(node)}")
    text = " ".join(node.value.split())
    if len(text) > MAX_NAME:
        raise _BadValue(f"is {len(text)} characters long; at most {MAX_NAME}")
    return text


def _read_words(node: yaml.Node) -> list[str]:
    """A list of plain values, or one value (which may hold commas): their text as written."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if len(items) > 50 or not all(isinstance(item, yaml.ScalarNode) for item in items):
        raise _BadValue(f"expected a list such as [mon, wed, fri], got {_quoted(node)}")
    return [item.value for item in items]


def _read_days(node: yaml.Node) -> tuple[int, ...]:
    try:
        return parse_days(_read_words(node))
    except ScheduleError as error:
        raise _BadValue(str(error)) from None


def _read_times(node: yaml.Node) -> tuple[time, ...]:
    try:  # the text as written: YAML 1.1 would read an unquoted 18:00 as the number 1080
        return parse_times(_read_words(node))
    except ScheduleError as error:
        raise _BadValue(str(error)) from None


def _read_quiet(node: yaml.Node) -> QuietHours | None:
    if isinstance(node, yaml.ScalarNode) and _tag(node) == "null":
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise _BadValue(f"expected HH:MM-HH:MM, got {_quoted(node)}")
    try:
        return parse_quiet(node.value)
    except ScheduleError as error:
        raise _BadValue(str(error)) from None


def _read_terminal(node: yaml.Node) -> str:
    """A command line (the program and its options), at most MAX_TERMINAL characters."""
    if not isinstance(node, yaml.ScalarNode) or _tag(node) != "str":
        raise _BadValue(f"expected a command such as \"gnome-terminal --\", got {_quoted(node)}")
    text = node.value.strip()
    if len(text) > MAX_TERMINAL or any(ord(character) < 32 for character in text):
        raise _BadValue(f"must be one line of at most {MAX_TERMINAL} characters")
    return text


def _read_flag(node: yaml.Node) -> bool:
    not_a_flag = _BadValue(f"must be true or false, not {_quoted(node)}")
    if _tag(node) != "bool" or not isinstance(node, yaml.ScalarNode):
        raise not_a_flag
    try:  # an explicit tag (`!!bool maybe`) reaches the constructor with any text at all
        return yaml.constructor.SafeConstructor().construct_yaml_bool(node)
    except Exception:  # noqa: BLE001 - PyYAML raises KeyError, ConstructorError and more here
        raise not_a_flag from None


def _read_number(node: yaml.Node, bounds: _Range) -> int | float:
    kind = "a whole number" if bounds.whole else "a number"
    not_a_number = _BadValue(f"must be {kind} from {bounds.low} to {bounds.high}, not {_quoted(node)}")
    if _tag(node) not in (("int",) if bounds.whole else ("int", "float")) or not isinstance(node, yaml.ScalarNode):
        raise not_a_number
    out_of_range = _BadValue(f"must be from {bounds.low} to {bounds.high}")
    digits = node.value.replace("_", "").lstrip("+-")
    if len(digits) > _MAX_NUMBER_CHARS:  # before int(), which refuses more than 4,300 digits
        raise out_of_range
    constructor = yaml.constructor.SafeConstructor()
    try:
        if _tag(node) == "int":
            number: int | float = constructor.construct_yaml_int(node)
        else:
            number = constructor.construct_yaml_float(node)
    except Exception:  # noqa: BLE001 - "0x_", or `!!int ''` and `!!float "-"`: PyYAML raises all sorts
        raise not_a_number from None
    if not bounds.low <= number <= bounds.high:  # NaN fails this too
        raise out_of_range
    return number if bounds.whole else float(number)


def _read_pictures(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and node.value in PICTURES:
        return node.value
    if isinstance(node, yaml.ScalarNode) and _tag(node) == "bool":  # `pictures: off` in YAML 1.1 is false
        return "off" if node.value.lower() in ("off", "no", "false", "n") else "auto"
    raise _BadValue(f"must be auto, unicode or off, not {_quoted(node)}")


_READERS = {"name": _read_name, "reminder_days": _read_days, "reminder_times": _read_times,
            "quiet_hours": _read_quiet, "terminal": _read_terminal, "pictures": _read_pictures}


def _unknown(key: str) -> str:
    import difflib  # only a settings file with a mistake needs it

    close = difflib.get_close_matches(key, _KNOWN, n=1)
    if close:
        return f"unknown setting, ignored; did you mean {close[0]}?"
    return f"unknown setting, ignored; the settings are {', '.join(_KNOWN)}"


def _tag(node: yaml.Node) -> str:
    return node.tag.removeprefix(_YAML_TAG)


def _quoted(node: yaml.Node) -> str:
    """The value as a warning shows it; the same wording as coach/routine/loader.py's `_describe`."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _tag(node) == "null":
        return "nothing (null)"
    if _tag(node) in ("bool", "int", "float"):
        return _shorten(node.value)
    return f'"{_shorten(node.value)}"'


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_QUOTED_CHARS else text[: _MAX_QUOTED_CHARS - 1] + "…"



def _at(name: str, mark: yaml.Mark) -> str:
    return f"{name}:{mark.line + 1}:{mark.column + 1}"


def _read_root(path: Path, name: str) -> yaml.Node | None:
    """The document's root node (None when empty). Raises FileNotFoundError or _Unusable."""
    try:
        data = read_limited(path, MAX_BYTES)
    except FileNotFoundError:
        raise
    except NotARegularFile as error:
        raise _Unusable(f"{name}: is {error.kind}, not a regular file") from None
    except FileTooLarge:
        raise _Unusable(f"{name}: is larger than {describe_size(MAX_BYTES)}, the limit for a settings file") from None
    except OSError as error:
        raise _Unusable(f"{name}: cannot be read ({error.strerror or error})") from None
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as some editors write
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data[:error.start].decode("utf-8", errors="replace"))
        raise _Unusable(f"{name}:{line}:{column}: is not UTF-8 text (byte 0x{data[error.start]:02X})") from None
    try:
        _check_events(text, name)
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _at(name, mark) if mark else name
        raise _Unusable(f"{where}: not valid YAML ({error.problem or error.context})") from None
    except yaml.reader.ReaderError as error:
        # libyaml counts error.position in bytes, PyYAML in characters; the character itself is unambiguous,
        # and the reader stops at its first appearance.
        line, column = _position(text[:text.find(chr(error.character))])
        raise _Unusable(f"{name}:{line}:{column}: character U+{error.character:04X} is not allowed in YAML") from None
    except yaml.YAMLError as error:  # pragma: no cover - the errors above are all PyYAML raises while reading
        raise _Unusable(f"{name}: not valid YAML ({error})") from None


def _check_events(text: str, name: str) -> None:
    """One streaming pass that refuses, before any tree is built, what a settings file never needs:
    aliases (so an alias bomb costs nothing), non-standard tags, deep nesting, many items, several documents."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=_Loader), 1):
        where = _at(name, event.start_mark)
        tag = getattr(event, "tag", None)
        if count > _MAX_ITEMS:
            raise _Unusable(f"{where}: holds more than {_MAX_ITEMS:,} YAML items; a settings file has a handful")
        if isinstance(event, yaml.AliasEvent):
            raise _Unusable(f"{where}: aliases (*{event.anchor}) are not allowed in a settings file")
        if tag and tag != "!" and tag not in _STANDARD_TAGS:
            raise _Unusable(f'{where}: the YAML tag "{tag}" is not allowed in a settings file')
        if isinstance(event, yaml.DocumentStartEvent) and count > 2:  # the first is the second event
            raise _Unusable(f"{where}: holds more than one YAML document (---)")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _Unusable(f"{where}: nesting is deeper than {_MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character just after `before`, counting YAML's line breaks."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1

