"""Find routines by name or path: the bundled ones and the user's own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.paths import Places, bundled


@dataclass(frozen=True)
class RoutineFile:
    name: str  # the file name without .yaml; what `coach run NAME` takes
    path: Path
    bundled: bool


class RoutineNotFound(Exception):
    pass


def routine_files(places: Places) -> list[RoutineFile]:
    """Every routine, sorted by name; a user routine hides a bundled one of the same name."""
    found: dict[str, RoutineFile] = {}
    for folder, is_bundled in ((bundled("routines"), True), (places.user_routines, False)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                found[path.stem] = RoutineFile(path.stem, path, is_bundled)
    return sorted(found.values(), key=lambda entry: (not entry.bundled, entry.name))


def find_routine(reference: str, places: Places) -> Path:
    """A path for ROUTINE: an existing file path, or the name of a user or bundled routine."""
    as_path = Path(reference).expanduser()
    looks_like_path = "/" in reference or as_path.suffix in (".yaml", ".yml")
    if as_path.exists() or looks_like_path:
        return as_path
    for entry in routine_files(places):
        if entry.name == reference:
            return entry.path
    names = ", ".join(entry.name for entry in routine_files(places)) or "none"
    raise RoutineNotFound(f'no routine called "{reference}"; known routines: {names} (or give a file path)')
