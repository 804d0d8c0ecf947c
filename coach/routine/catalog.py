"""Find routines by name or path: the bundled ones and the user's own. (Reading every routine found, for
`coach list` and the home screen, is routine/loaded_catalog.py.)"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coach.fileio import kind_of
from coach.paths import Places, bundled, expand_user
from coach.safe_text import for_terminal

if TYPE_CHECKING:
    from coach.routine.loaded_catalog import LoadedCatalog

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RoutineFile:
    """A routine file found in the bundled or the user's folder, not yet read."""

    name: str  # the file name without .yaml; what `coach run NAME` takes
    path: Path
    bundled: bool


@dataclass(frozen=True)
class Catalog:
    """The routines found, and what was passed over and why, for the user to see."""

    entries: list[RoutineFile]
    # One line each, such as "…/pipe.yaml: is a FIFO (named pipe), not a routine file; skipped".
    notices: list[str]
    # Names that two files in one folder claim (a.yaml and a.yml), with the notice that says so.
    ambiguous: dict[str, str] = field(default_factory=dict)


class RoutineNotFound(Exception):
    pass


def scan(places: Places, kind: str = "routines") -> Catalog:
    """Every routine (or, with kind="programs", every program), sorted by name; a user's file hides a
    bundled one of the same name.

    Only regular files are listed (a link to one is fine). Entries are looked at with stat
    alone, so a FIFO or a device is never opened. A name that two files in one folder claim
    (a.yaml beside a.yml) is listed under neither, and hides a bundled routine of that name.
    """
    found: dict[str, RoutineFile] = {}
    ambiguous: dict[str, str] = {}
    notices: list[str] = []
    for folder, is_bundled in ((bundled(kind), True), (places.data_dir / kind, False)):
        by_name: dict[str, list[Path]] = {}
        for path in _regular_files(folder, notices):
            by_name.setdefault(path.stem, []).append(path)
        for name, paths in by_name.items():
            found.pop(name, None)
            ambiguous.pop(name, None)
            if len(paths) == 1:
                found[name] = RoutineFile(name, paths[0], is_bundled)
            else:
                files = " and ".join(path.name for path in paths)
                ambiguous[name] = for_terminal(
                    f'{folder}: {files} both name the routine "{name}"; rename or remove one')
    entries = sorted(found.values(), key=lambda entry: (not entry.bundled, entry.name))
    return Catalog(entries, notices + list(ambiguous.values()), ambiguous)


def routine_files(places: Places) -> list[RoutineFile]:
    """Every routine, sorted by name; see scan() for what is left out and why."""
    return scan(places).entries


def _regular_files(folder: Path, notices: list[str]) -> list[Path]:
    """The .yaml and .yml regular files in `folder`, sorted; a notice for each other entry."""
    try:
        paths = sorted(path for path in folder.iterdir() if path.suffix in SUFFIXES)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        notices.append(for_terminal(f"{folder}: cannot be read: {error.strerror or error}; its routines are not listed"))
        return []
    regular = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode  # follows a link; never opens the file
        except OSError as error:
            notices.append(for_terminal(f"{path}: cannot be read: {error.strerror or error}; skipped"))
            continue
        if stat.S_ISREG(mode):
            regular.append(path)
        else:
            notices.append(for_terminal(f"{path}: is {kind_of(mode)}, not a {folder.name.removesuffix('s')} file; "
                                        "skipped"))
    return regular


def find_routine(reference: str, places: Places, names_only: bool = False) -> Path:
    """A path for ROUTINE: an existing file path, the file name of a user or bundled routine, or its
    display name ("Back basics"), any case. Raises RoutineNotFound saying which routines were
    meant (for a name two routines share) or which come nearest (for one no routine has)."""
    as_path = expand_user(reference)
    if as_path.exists() and not names_only:
        return as_path
    looks_like_path = ("/" in reference or as_path.suffix in SUFFIXES) and not names_only
    catalog = scan(places)
    for entry in catalog.entries:
        if entry.name == reference:
            return entry.path
    wanted = folded(reference)
    for name, message in catalog.ambiguous.items():
        if folded(name) == wanted:
            raise RoutineNotFound(message)
    from coach.routine.loaded_catalog import load_catalog

    loaded = load_catalog(places, catalog)
    # A file name or a shown name, any case; one routine meant by both is one routine.
    meant = {choice.path: choice.name for choice in loaded.routines
             if folded(choice.name) == wanted
             or (choice.routine is not None and folded(choice.routine.name) == wanted)}
    if len(meant) == 1:
        return next(iter(meant))
    if len(meant) > 1:
        raise RoutineNotFound(f'"{reference}" names more than one routine: {", ".join(sorted(meant.values()))}; '
                              "give its file name")
    if looks_like_path:  # "routines/mine.yaml" that is not there: the loader says so, with the path
        return as_path
    raise RoutineNotFound(_not_found(reference, loaded))


def folded(name: str) -> str:
    """A name as people may type it: any case, spaces or hyphens alike."""
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())


def _not_found(reference: str, loaded: LoadedCatalog) -> str:
    import difflib

    names = {choice.name: choice.name for choice in loaded.routines}
    names.update({folded(choice.routine.name): choice.name for choice in loaded.routines if choice.routine})
    names.update({folded(choice.name): choice.name for choice in loaded.routines})
    close = difflib.get_close_matches(folded(reference), list(names), n=3, cutoff=0.6)
    nearest = list(dict.fromkeys(names[name] for name in close))
    if nearest:
        return f'no routine called "{reference}"; did you mean {" or ".join(nearest)}? (coach list shows them all)'
    known = ", ".join(choice.name for choice in loaded.routines) or "none"
    return f'no routine called "{reference}"; known routines: {known} (or give a file path)'
