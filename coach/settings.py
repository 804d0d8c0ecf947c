"""The settings file (settings.yaml in the config folder): read leniently, written atomically."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

import yaml

from coach.fileio import write_atomically

_HEADER = "# coach settings. Edit freely; unknown keys are ignored and bad values fall back to defaults.\n"


@dataclass(frozen=True)
class Settings:
    safety_acknowledged: bool = False
    sound: bool = True  # false turns sound cues off for good
    volume: float = 0.8  # 0.0 to 1.0
    voice: bool = False  # spoken cues through espeak-ng
    weekly_sessions_goal: int = 3
    weekly_aerobic_minutes_goal: int = 90

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    warnings: tuple[str, ...] = ()


def load_settings(path: Path) -> LoadedSettings:
    """Settings from `path`; a missing file means defaults, a broken one a warning and defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError) as error:
        return LoadedSettings(Settings(), (f"{path}: cannot be read ({error}); using default settings",))
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        return LoadedSettings(Settings(), (f"{where}: not valid YAML; using default settings",))
    if not isinstance(data, dict):
        return LoadedSettings(Settings(), (f"{path}: expected a mapping of settings; using defaults",))
    values, warnings = {}, []
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = data[field.name]
        default = getattr(Settings(), field.name)
        if _fits(value, default):
            values[field.name] = float(value) if isinstance(default, float) else value
        else:
            warnings.append(f"{path}: {field.name}: {value!r} is not valid; using {default!r}")
    if "volume" in values and not 0.0 <= values["volume"] <= 1.0:
        warnings.append(f"{path}: volume must be from 0.0 to 1.0; using {Settings.volume}")
        del values["volume"]
    return LoadedSettings(Settings(**values), tuple(warnings))


def _fits(value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    return isinstance(value, type(default))


def remember(path: Path, **changes: object) -> None:
    """Write `changes` into the settings file, keeping every other value the person set.

    Raises ValueError, and writes nothing, when the file is there but is not a readable
    mapping: better to ask again next time than to overwrite the person's settings.
    """
    data: dict = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    if text.strip():
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError(f"{path} is not valid YAML") from None
        if not isinstance(loaded, dict):
            raise ValueError(f"{path} does not hold a mapping of settings")
        data = loaded
    data.update(changes)
    write_atomically(path, _HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
