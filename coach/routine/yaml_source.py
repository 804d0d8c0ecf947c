"""Read a routine file into a YAML node tree safely: bounded size, depth and aliases, and located errors."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from coach.fileio import FileTooLarge, NotARegularFile, kind_of, read_limited
from coach.routine.errors import Problem, RoutineError
from coach.safe_text import for_terminal

try:  # libyaml is much faster on large hostile files; the pure-Python loader is a fine fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
# Scalars, mappings and lists, counted as the parser meets them. The largest valid routine
# (500 exercises with every key) has about 27,000; stopping here keeps a hostile 1 MiB file
# from being built into a tree at all.
MAX_EVENTS = 60_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


def read_nodes(path: Path, display: str | None = None,
               needs: str = 'a routine needs at least "name" and "phases"') -> yaml.Node:
    """The document's root node, or a RoutineError naming the file and place of the problem.
    `needs`: what an empty file is told it lacks."""
    name = display or str(path)
    text = _read_text(path, name)
    _check_events(text, name)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:  # pragma: no cover - the event pass sees these first
        raise RoutineError([_yaml_problem(name, error, text)]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value):
        raise RoutineError(
            [Problem(name, 1, 1, "", f"the file is empty; {needs}")]
        )
    return root


def _read_text(path: Path, name: str) -> str:
    """The file's text. Only a regular file is read: a FIFO or a device could block or never end."""
    try:
        data = read_limited(path, MAX_BYTES)
    except NotARegularFile as error:
        raise _unread(name, f"is {error.kind}, not a routine file") from None
    except FileTooLarge:
        raise _unread(name, "the file is larger than 1 MiB; routine files are limited to 1 MiB") from None
    except FileNotFoundError:
        raise _unread(name, "no such file; check the path, or run `coach list` for routine names") from None
    except PermissionError:
        raise _unread(name, "cannot be read: permission denied") from None
    except OSError as error:
        raise _unread(name, _open_failure(path, error)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RoutineError([Problem(name, 1, 1, "", "the file is UTF-16 text; save it as UTF-8")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise RoutineError(
            [Problem(name, line, column, "", "this is a binary file, not a YAML routine (it contains NUL bytes)")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        bad = data[error.start]
        raise RoutineError(
            [Problem(name, line, column, "", f"the file is not UTF-8 text (byte 0x{bad:02X}); save it as UTF-8")]
        ) from None


def _unread(name: str, message: str) -> RoutineError:
    return RoutineError([Problem(name, None, None, "", message)])


def _open_failure(path: Path, error: OSError) -> str:
    """Why `path` could not be opened; a socket, for one, fails to open rather than to read."""
    try:
        kind = kind_of(os.stat(path).st_mode)
    except OSError:
        kind = "a regular file"
    if kind != "a regular file":
        return f"is {kind}, not a routine file"
    return f"cannot be read: {error.strerror or error}"


_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte `offset`, counted in characters and YAML's line breaks."""
    before = data[:offset].decode("utf-8", errors="replace")
    return _text_position(before, len(before))


def _text_position(text: str, index: int) -> tuple[int, int]:
    lines = _LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _check_events(text: str, name: str) -> None:
    """One streaming pass that refuses what the tree builder must never see.

    Aliases are refused outright: a routine has no need of them, and refusing them
    is what makes an alias bomb ("billion laughs") harmless. Nesting is capped before
    PyYAML's recursive composer could meet it.
    """
    depth = 0
    documents = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_Loader), 1):
            if count > MAX_EVENTS:
                raise _stop(name, event.start_mark, f"the file holds more than {MAX_EVENTS:,} YAML items; "
                            "a routine is far smaller (at most 500 exercises)")
            if isinstance(event, yaml.AliasEvent):
                raise _stop(name, event.start_mark, "aliases (*name) are not allowed in routine files; write the value out")
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in _STANDARD_TAGS:
                raise _stop(name, event.start_mark, f'the YAML tag "{for_terminal(tag)}" is not allowed in routine files')
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _stop(name, event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels; a routine never needs that")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _stop(name, event.start_mark, "the file holds more than one YAML document (---); keep one routine per file")
    except yaml.MarkedYAMLError as error:
        raise RoutineError([_yaml_problem(name, error, text)]) from None
    except yaml.reader.ReaderError as error:
        # libyaml counts error.position in bytes, PyYAML in characters; the character itself is
        # unambiguous (YAML allows it nowhere), so its first appearance is the place.
        line, column = _text_position(text, max(0, text.find(chr(error.character))))
        raise RoutineError([Problem(name, line, column, "", f"character U+{error.character:04X} is not allowed in YAML; remove it")]) from None
    except yaml.YAMLError as error:
        raise RoutineError([Problem(name, None, None, "", f"not valid YAML: {error}")]) from None


def _stop(name: str, mark: yaml.Mark, message: str) -> RoutineError:
    return RoutineError([Problem(name, mark.line + 1, mark.column + 1, "", message)])


def _yaml_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "not valid YAML"
    if mark is not None and _line_has_tab(text, mark.line):
        problem += " (a tab is on this line: YAML indents with spaces only)"
    if error.context and error.context not in problem:
        problem = f"{error.context}: {problem}"
    if error.context and error.context.startswith("while parsing a block") and mark is not None:
        problem += (f". This usually means the indentation is off: line {mark.line + 1} should line up with the "
                    "key or the '- ' above it that it belongs to (indent with spaces, the same amount at each level)")
    message = for_terminal(f"not valid YAML: {problem}")  # the pure-Python parser quotes what it found
    if mark is None:
        return Problem(name, None, None, "", message)
    return Problem(name, mark.line + 1, mark.column + 1, "", message)


def _line_has_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    return 0 <= line_index < len(lines) and "\t" in lines[line_index]
