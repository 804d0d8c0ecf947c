"""What the session screen shows, derived from the engine alone (no Textual here, so it is easy to test)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.pictures.choose import figure_for
from coach.routine.durations import format_clock, format_duration, shown_seconds
from coach.routine.expand import Step, StepKind
from coach.safe_text import for_terminal
from coach.session.engine import EngineState, SessionEngine
from coach.session.records import ExerciseStatus

TITLES = {
    StepKind.GET_READY: "Get ready",
    StepKind.REST_BETWEEN_REPS: "Rest",
    StepKind.REST_BETWEEN_SETS: "Rest between sets",
    StepKind.SWITCH_SIDES: "Switch sides",
    StepKind.REST: "Rest",
}


@dataclass(frozen=True)
class SessionDisplay:
    """Everything on the session screen; two equal displays need no redraw."""

    phase_line: str
    phase_kind: str
    step_kind: str  # "work", "rest", "get-ready" or "switch": drives the colours
    title: str
    clock: str
    detail: str
    cue: str
    next_line: str
    progress: float
    progress_text: str
    paused: bool
    manual: bool
    cue_highlighted: bool = False  # an `at:` cue is on the cue line
    side: str = ""  # "Left side" while an exercise is on one side (its work, rests and the switch to it)
    figure: tuple[str, str, int] | None = None  # the exercise's picture (coach.pictures.choose.Figure)


def step_style(step: Step) -> str:
    if step.kind is StepKind.WORK:
        return "work"
    if step.kind is StepKind.GET_READY:
        return "get-ready"
    if step.kind is StepKind.SWITCH_SIDES:
        return "switch"
    return "rest"


def _title(step: Step) -> str:
    if step.is_work:
        return step.exercise.name
    if step.kind is StepKind.SWITCH_SIDES and step.side:
        return f"Switch to the {step.side.value} side"  # the one line left at the smallest size
    return TITLES[step.kind]


def where_line(step: Step) -> str:
    """Set 2 of 3 · Right side · Rep 4 of 8 (the parts that apply)."""
    parts = []
    if step.set_count > 1:
        parts.append(f"Set {step.set_number} of {step.set_count}")
    if step.side:
        parts.append(f"{step.side.value.capitalize()} side")
    return " · ".join(parts)


def describe(engine: SessionEngine) -> SessionDisplay:
    step = engine.step
    phase = step.phase
    # Where this is in the whole session, beside the phase it is in; a new phase is announced.
    phase_line = f"{phase.name} · exercise {step.exercise_index + 1} of {engine.exercise_count}"
    announced = _phase_announcement(engine)
    if announced:
        phase_line = announced
    remaining = engine.remaining()
    if remaining is None:
        clock = format_clock(engine.elapsed_in_step())
    else:
        clock = format_clock(shown_seconds(remaining))
    elapsed, left = engine.session_elapsed(), engine.session_remaining()
    # Names and cues come from the routine file: every line passes the terminal sanitiser.
    return SessionDisplay(
        phase_line=for_terminal(phase_line),
        phase_kind=(engine.upcoming_step().phase.kind.value  # type: ignore[union-attr]
                    if announced and announced.startswith("Next phase") else phase.kind.value),
        step_kind=step_style(step),
        title=for_terminal(_title(step)),
        side=f"{step.side.value.capitalize()} side" if step.side and step.kind is not StepKind.REST else "",
        clock=clock,
        detail=for_terminal(_detail(engine)),
        cue=for_terminal(_cue(engine)),
        cue_highlighted=bool(engine.timed_cue) and step.is_work,
        next_line=for_terminal(_next_line(engine)),
        progress=_quantised(plan_position(engine)),
        progress_text=_whole_minutes(elapsed, left),
        paused=engine.state is EngineState.PAUSED,
        manual=step.is_manual,
        figure=figure_for(step, engine.elapsed_in_step(), engine.upcoming_step()),
    )


PROGRESS_STEPS = 200  # finer than the bar can show (two steps a cell at 100 cells), coarse enough to
# change every few seconds, not every second: each change repaints the rows between it and the clock


def plan_position(engine: SessionEngine) -> float:
    """How far through the plan the session is: the planned time of the steps passed or skipped, plus
    the time into this one (up to its plan), over the planned total. Skips move it on; `+` holds it."""
    planned = engine.session.planned_seconds
    if engine.finished:
        return 1.0
    if planned <= 0:  # counted reps only: by exercise
        return engine.step.exercise_index / max(1, engine.exercise_count)
    passed = sum(step.planned_seconds or 0 for step in engine.steps[:engine.index])
    into = min(engine.done_in_plan_step(), engine.steps[engine.index].planned_seconds or 0)
    return max(0.0, min(1.0, (passed + into) / planned))


def _quantised(share: float) -> float:
    return round(share * PROGRESS_STEPS) / PROGRESS_STEPS


def _whole_minutes(elapsed: float, left: float) -> str:
    """The session's progress in whole minutes: the step's own seconds are on the big clock, and a
    line that changes once a minute costs no repaint the other 59 seconds."""
    ahead = "under a minute left" if 0 < left < 60 else f"{max(1, round(left / 60))} min left"
    return f"{int(elapsed // 60)} min done · {ahead}"


PHASE_ANNOUNCED = 5.0  # seconds a new phase's name, size and length stay on the phase line


def _phase_announcement(engine: SessionEngine) -> str | None:
    """'Next phase: Core · 5 exercises · 8 min' in the rest before a phase, and 'Core · …' in its first
    seconds; None otherwise."""
    step, upcoming = engine.step, engine.upcoming_step()
    if step.kind is StepKind.REST and upcoming is not None and upcoming.phase_index != step.phase_index:
        return f"Next phase: {_phase_summary(engine, upcoming)}"
    index = engine.index
    starts_phase = index == 0 or engine.steps[index - 1].phase_index != step.phase_index
    if starts_phase and engine.elapsed_in_step() < PHASE_ANNOUNCED and engine.exercise_count > 1:
        return f"New phase: {_phase_summary(engine, step)}"
    return None


def _phase_summary(engine: SessionEngine, step: Step) -> str:
    exercises = len(step.phase.exercises)
    seconds = sum(each.planned_seconds or 0 for each in engine.steps if each.phase_index == step.phase_index)
    parts = [step.phase.name, f"{exercises} exercise{'s' if exercises != 1 else ''}"]
    if seconds >= 0.5:  # its timed steps ("1 min" for 31 s would mislead); manual reps have no planned time
        parts.append(f"{round(seconds)} s" if seconds < 59.5 else f"{round(seconds / 60)} min")
    return " · ".join(parts)


def _detail(engine: SessionEngine) -> str:
    step = engine.step
    parts = [where_line(step)] if where_line(step) else []
    if step.kind is StepKind.WORK:
        if step.is_manual:
            parts.append(f"{step.rep_count} reps")
        elif step.rep_seconds and step.rep_count and engine.elapsed_in_step() >= step.rep_seconds * step.rep_count:
            parts.append(f"All {step.rep_count} reps done · extra time")  # after `+` on a tempo step
        elif step.rep_count:
            parts.append(f"Rep {engine.rep_number()} of {step.rep_count}")
    elif step.kind is StepKind.GET_READY:  # with the side it leads into: after "it hurts", the other side
        upcoming = engine.upcoming_step()
        side = upcoming.side if upcoming is not None and upcoming.exercise is step.exercise else None
        return f"Get into position · {side.value} side" if side else "Get into position"
    elif step.kind is StepKind.SWITCH_SIDES:
        return f"{step.exercise.name} · now the {step.side.value} side" if step.side else step.exercise.name
    elif step.kind in (StepKind.REST_BETWEEN_REPS, StepKind.REST_BETWEEN_SETS):
        return f"{step.exercise.name} · {where_line(step)}".rstrip(" ·")
    elif step.kind is StepKind.REST:  # praise only for an exercise done in full, not one cut short with n
        record = engine.records.get(step.exercise_index)
        done = record is None or record.status is ExerciseStatus.DONE
        return f"Well done: {step.exercise.name}" if done else f"Rest after {step.exercise.name}"
    return " · ".join(parts)


def _cue(engine: SessionEngine) -> str:
    step = engine.step
    form = list(step.exercise.cues)
    if engine.timed_cue and step.is_work:  # beside the form cues, for a few seconds
        return "  ·  ".join([f"▶ {engine.timed_cue}", *form])
    if step.is_manual and step.is_work:  # the form cues still matter while counting reps
        return "  ·  ".join([*form, "Press Enter when done"])
    if step.kind in (StepKind.WORK, StepKind.SWITCH_SIDES, StepKind.REST_BETWEEN_REPS, StepKind.REST_BETWEEN_SETS):
        return "  ·  ".join(step.exercise.cues)
    if step.kind is StepKind.GET_READY:
        return "  ·  ".join(step.exercise.cues)
    return "Breathe. Relax your back."


def _next_line(engine: SessionEngine) -> str:
    step, upcoming, following = engine.step, engine.upcoming_step(), engine.next_exercise_step()
    if upcoming is None:
        return "Last one — then you're done"
    if step.kind in (StepKind.REST, StepKind.GET_READY):
        target = upcoming
        return f"Next: {target.exercise.name} · {target.exercise.dose()}"
    if upcoming.exercise_index != step.exercise_index:
        return f"Next: {upcoming.exercise.name}"
    if upcoming.kind is StepKind.REST:
        then = f", then {following.exercise.name}" if following else ""
        return f"Next: rest {format_duration(upcoming.planned_seconds)}{then}"
    if upcoming.kind is StepKind.SWITCH_SIDES:
        return f"Next: switch to the {upcoming.side.value} side" if upcoming.side else "Next: switch sides"
    if upcoming.kind is StepKind.REST_BETWEEN_SETS:
        return f"Next: rest {format_duration(upcoming.planned_seconds)}, then set {upcoming.set_number} of {upcoming.set_count}"
    if upcoming.kind is StepKind.REST_BETWEEN_REPS:
        return f"Next: rest {format_duration(upcoming.planned_seconds)}, then rep {upcoming.rep_number} of {upcoming.rep_count}"
    if upcoming.rep_number and upcoming.rep_number > 1:
        return f"Next: rep {upcoming.rep_number} of {upcoming.rep_count}"
    return f"Next: {where_line(upcoming) or upcoming.exercise.name}"
