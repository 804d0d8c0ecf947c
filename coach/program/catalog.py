"""Find programs by name or path: the bundled ones (programs/) and the person's own (their data folder's
programs/), as routines are found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.paths import Places, expand_user
from coach.program.model import Program
from coach.routine.catalog import RoutineFile, find_routine, folded, scan
from coach.routine.errors import Problem, RoutineError

KIND = "programs"


class ProgramNotFound(Exception):
    pass


@dataclass(frozen=True)
class CatalogProgram:
    entry: RoutineFile
    program: Program | None
    problems: tuple[Problem, ...] = ()


def load_program_file(path: Path, places: Places, display: str | None = None) -> Program:
    """A program file loaded, its routines found as `coach run` finds them; RoutineError on any problem."""
    from coach.program.loader import load_program

    return load_program(path, lambda reference: find_routine(reference, places, names_only=True), display)


def find_program(reference: str, places: Places, names_only: bool = False) -> Path:
    """A path for PROGRAM: an existing file, or the file name of a bundled or own program, any case, with
    spaces or hyphens ("Back to activity" finds back-to-activity.yaml). `names_only`: a name of the catalog
    only, never a file in the current folder."""
    as_path = expand_user(reference)
    if as_path.exists() and not names_only:
        return as_path
    catalog = scan(places, KIND)
    wanted = folded(reference)
    for name, message in catalog.ambiguous.items():
        if folded(name) == wanted:
            raise ProgramNotFound(message)
    for entry in catalog.entries:
        if folded(entry.name) == wanted:
            return entry.path
    if ("/" in reference or as_path.suffix in (".yaml", ".yml")) and not names_only:
        return as_path  # the loader says the file is not there, with its path
    import difflib

    names = [entry.name for entry in catalog.entries]
    close = difflib.get_close_matches(wanted, [folded(name) for name in names], n=2, cutoff=0.6)
    meant = [name for name in names if folded(name) in close]
    if meant:
        raise ProgramNotFound(f'no program called "{reference}"; did you mean {" or ".join(meant)}? '
                              "(coach program list shows them all)")
    raise ProgramNotFound(f'no program called "{reference}"; known programs: {", ".join(names) or "none"} '
                          "(or give a file path)")


def load_programs(places: Places) -> tuple[list[CatalogProgram], list[str]]:
    """Every program, loaded and checked (or with its problems), and the notices of what was skipped."""
    catalog = scan(places, KIND)
    programs = []
    for entry in catalog.entries:
        try:
            programs.append(CatalogProgram(entry, load_program_file(entry.path, places)))
        except RoutineError as error:
            programs.append(CatalogProgram(entry, None, tuple(error.problems)))
    return programs, catalog.notices
