"""Where coach keeps things: the data and config folders, user routines and the bundled files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "coach"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Places:
    """The folders one run of coach uses.

    `--data-dir DIR` or `COACH_HOME` puts everything (data and settings) in one
    folder; otherwise platformdirs picks the platform's usual places.
    """

    data_dir: Path
    config_dir: Path
    cache_root: Path | None = None
    """Where coach keeps what it can make again (see `cache_dir`); None: a `cache` folder in the data folder."""

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike | None = None) -> Places:
        home = data_dir or os.environ.get("COACH_HOME")
        if home:
            folder = Path(home).expanduser().resolve()
            return cls(data_dir=folder, config_dir=folder)
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache_root=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @property
    def user_routines(self) -> Path:
        return self.data_dir / "routines"

    @property
    def user_programs(self) -> Path:
        return self.data_dir / "programs"

    @property
    def cache_dir(self) -> Path:
        """Files coach can make again: routines already checked (`checked-routines/`) and the settings as last
        read (`checked-settings.json`). Without COACH_HOME this is the system's cache folder for coach, where
        recovery files also go when the data folder cannot take them (history/recovery.py), so only those two are
        safe to delete."""
        return self.cache_root or self.data_dir / "cache"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.yaml"

    @property
    def state_file(self) -> Path:
        """What coach remembers for itself (coach.state); settings.yaml is the person's and never written."""
        return self.data_dir / "state.json"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.db"


def bundled(folder: str) -> Path:
    """A folder shipped with coach: inside the installed package, or at the top of a checkout."""
    installed = _PACKAGE / "_bundled" / folder
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / folder


def schema_file(kind: str = "routine") -> Path:
    """The JSON Schema of a routine file, or (kind="program") of a program file."""
    return _PACKAGE / kind / f"{kind}.schema.json"


def expand_user(text: str) -> Path:
    """`text` as a path, with ~ and ~user expanded where they can be; as written where they cannot
    (~nosuchuser, or no home folder), so the file is then simply not found, with its name."""
    try:
        return Path(text).expanduser()
    except (RuntimeError, KeyError):
        return Path(text)


def published_schema(places: Places, kind: str = "routine") -> Path:
    """The schema in the data folder (`schema/routine.schema.json`), written there (atomically) when it is missing
    or differs from this coach's, so that the schema line of a routine file of yours keeps working whichever way
    coach was installed, and after it moves. This coach's own file when the data folder cannot take it."""
    from coach.fileio import read_limited, write_atomically

    source = schema_file(kind)
    target = places.data_dir / "schema" / source.name
    text = source.read_bytes()
    try:
        if target.is_symlink() or not target.exists() or read_limited(target, 4 * len(text) + 1024) != text:
            write_atomically(target, text, 0o644)
    except OSError:
        return source
    return target
