"""Every routine found, read and checked: for `coach list`, the home screen, the weekly goals and the report's
pictures. (Finding the files, and one routine by name, is routine/catalog.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.paths import Places
from coach.routine.catalog import Catalog, RoutineFile, scan
from coach.routine.errors import Problem, RoutineError
from coach.routine.model import Routine


@dataclass(frozen=True)
class CatalogRoutine:
    """One routine of the catalog, loaded: `routine` when it is valid, else its `problems`."""

    entry: RoutineFile
    routine: Routine | None
    problems: tuple[Problem, ...] = ()

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def path(self) -> Path:
        return self.entry.path

    @property
    def problem(self) -> str | None:
        """The first problem, for a one-line mention; None when the routine is valid."""
        return str(self.problems[0]) if self.problems else None

    @property
    def planned_seconds(self) -> float:
        from coach.routine.expand import expand, total_planned_seconds

        return total_planned_seconds(expand(self.routine)) if self.routine is not None else 0.0


@dataclass(frozen=True)
class LoadedCatalog:
    """Every routine found, each loaded, and what was passed over and why."""

    routines: list[CatalogRoutine]
    notices: list[str]

    def weekly_goals(self) -> dict[str, int]:
        """Each valid routine's own `weekly_goal`, by its shown name, in catalog order."""
        return {choice.routine.name: choice.routine.weekly_goal for choice in self.routines
                if choice.routine is not None and choice.routine.weekly_goal}


def chosen_poses(places: Places) -> dict[str, str]:
    """The pose each exercise's `pose:` names, by exercise name, over the valid routines (the first routine to name
    one wins): for the report, whose history keeps exercise names, not routines."""
    chosen: dict[str, str] = {}
    for choice in load_catalog(places).routines:
        for phase in choice.routine.phases if choice.routine is not None else ():
            for exercise in phase.exercises:
                if exercise.pose:
                    chosen.setdefault(exercise.name, exercise.pose)
    return chosen


def weekly_goals(places: Places) -> dict[str, int]:
    """The routines' own weekly goals, for the history (a routine that cannot be read has none)."""
    return load_catalog(places).weekly_goals()


def load_catalog(places: Places, catalog: Catalog | None = None) -> LoadedCatalog:
    """Every routine loaded and checked, for `coach list` and the home screen alike: a routine already
    checked and unchanged since is taken from the cache (routine/checked_cache.py)."""
    from coach.routine.checked_cache import load_checked

    catalog = catalog or scan(places)
    routines = []
    for entry in catalog.entries:
        try:
            routines.append(CatalogRoutine(entry, load_checked(entry.path, places.cache_dir)))
        except RoutineError as error:
            routines.append(CatalogRoutine(entry, None, tuple(error.problems)))
    return LoadedCatalog(routines, catalog.notices)
