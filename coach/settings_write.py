"""The one place coach writes the person's settings file: `coach remind set` saves the schedule there.

Only the lines of the keys being set change. Every other line, comments and blank lines included, stays
byte for byte, and a key that is set again keeps its place in the file. The file is written atomically
beside itself, and through a symbolic link to where it points (a dotfiles folder keeps its file).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from coach.fileio import read_limited, write_atomically
from coach.settings import MAX_BYTES


class SettingsNotWritable(Exception):
    """The file cannot be changed safely; the message says why, and nothing was written."""


def set_keys(path: Path, values: dict[str, str | None]) -> Path:
    """Set each top-level key to the YAML line given (its value only, e.g. '[mon, wed]'), or remove it (None).
    Returns the file written. Raises SettingsNotWritable."""
    try:
        target = path.resolve(strict=True) if path.is_symlink() else path
    except (OSError, RuntimeError) as error:  # a link to nowhere, or a loop
        raise SettingsNotWritable(f"{path}: is a symbolic link that leads nowhere ({error}); nothing was "
                                  "changed") from None
    mode = None
    try:
        text = read_limited(target, MAX_BYTES).decode("utf-8")
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsNotWritable(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error}); "
                                  "nothing was changed") from None
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends
    spans = _spans(text, path, set(values))
    edits = []  # (start, end, new lines): the first entry of a key set is replaced, every other one removed
    for key, value in values.items():
        for index, (first, last) in enumerate(spans.get(key, [])):
            edits.append((first, last, [f"{key}: {value}{newline}"] if index == 0 and value is not None else []))
    for first, last, new in sorted(edits, reverse=True):  # from the bottom up, so earlier lines keep their place
        lines[first:last] = new
    for key, value in values.items():
        if value is not None and key not in spans:
            if lines and not lines[-1].endswith(("\n", "\r")):
                lines[-1] += newline
            lines.append(f"{key}: {value}{newline}")
    written = "".join(lines)
    _spans(written, path, set())  # what is written must read back as a mapping
    try:
        write_atomically(target, written, mode)
    except OSError as error:
        raise SettingsNotWritable(f"{path}: cannot be written ({error.strerror or error}); nothing was changed") \
            from None
    return target


def _spans(text: str, path: Path, keys: set[str]) -> dict[str, list[tuple[int, int]]]:
    """The lines [start, end) of each top-level entry whose key is in `keys`, in file order."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        raise SettingsNotWritable(f"{where}: is not valid YAML ({_first_line(error)}); fix it first, nothing was "
                                  "changed") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise SettingsNotWritable(f"{path}: is not a list of `key: value` lines; fix it first, nothing was changed")
    lines = text.splitlines()
    spans: dict[str, list[tuple[int, int]]] = {}
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in keys:
            start = key_node.start_mark.line
            end = max(start + 1, value_node.end_mark.line + (1 if value_node.end_mark.column > 0 else 0))
            while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1  # a block's end is where the next key starts: blank lines and comments before it stay
            spans.setdefault(key_node.value, []).append((start, end))
    return spans


def _first_line(error: yaml.YAMLError) -> str:
    from coach.safe_text import for_terminal

    return for_terminal(str(error).splitlines()[0] if str(error) else type(error).__name__)
