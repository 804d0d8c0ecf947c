"""A stage's dose changes applied to its routine: holds longer, more reps, another set, or one exercise
set outright. The result is an ordinary Routine, so expanding, showing and running it need nothing new."""

from __future__ import annotations

from dataclasses import replace

from coach.program.model import DoseChange, ExerciseDose
from coach.routine.model import Exercise, Routine


def apply(routine: Routine, change: DoseChange) -> Routine:
    """`routine` with `change` applied to every exercise; the routine itself when nothing changes.
    The caller checks the limits (program loader): values here may fall outside them."""
    if change.is_none:
        return routine
    phases = tuple(replace(phase, exercises=tuple(_changed(exercise, change) for exercise in phase.exercises))
                   for phase in routine.phases)
    return replace(routine, phases=phases)


def _changed(exercise: Exercise, change: DoseChange) -> Exercise:
    own = change.exercises.get(exercise.name, ExerciseDose())
    hold = exercise.hold
    if hold is not None:
        hold = own.hold if own.hold is not None else hold + change.hold
    reps = exercise.reps
    counted = reps is not None and not (exercise.hold is not None and set(reps) <= {1})  # one hold a set: no reps
    sets = own.sets if own.sets is not None else exercise.sets + change.sets
    if reps is not None:
        reps = tuple(reps) + (reps[-1],) * max(0, sets - len(reps))  # a new set repeats the last (a pyramid's too)
        reps = reps[:sets]
        if own.reps is not None:
            reps = (own.reps,) * sets
        elif counted:
            reps = tuple(count + change.reps for count in reps)
    return replace(exercise, hold=hold, reps=reps, sets=sets)


def describe(change: DoseChange) -> str:
    """The change in a few words, for `coach show` and `program list`: "holds +2 s, reps +2, sets +1"."""
    from coach.routine.durations import format_duration

    parts = []
    if change.hold:
        parts.append(f"holds {'+' if change.hold > 0 else '−'}{format_duration(abs(change.hold))}")
    if change.reps:
        parts.append(f"reps {change.reps:+d}")
    if change.sets:
        parts.append(f"sets {change.sets:+d}")
    if change.exercises:
        parts.append(", ".join(sorted(change.exercises)) + " set outright")
    return ", ".join(parts) or "as written"
