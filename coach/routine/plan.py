"""Render a routine's expanded plan for `coach show`: plain text, a Markdown plan card, or JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Mapping

from coach.routine.durations import format_duration
from coach.routine.expand import Step, rest_after, total_planned_seconds
from coach.routine.model import Routine


def exercise_seconds(steps: tuple[Step, ...]) -> dict[int, float]:
    """Planned seconds of each exercise, by position, not counting the rest after it."""
    seconds: dict[int, float] = defaultdict(float)
    for step in steps:
        if step.is_own:
            seconds[step.exercise_index] += step.planned_seconds or 0
    return seconds


def _manual_count(steps: tuple[Step, ...]) -> int:
    return sum(1 for step in steps if step.is_manual)


def _rests(exercise) -> str:
    timing = exercise.timing
    parts = []
    if exercise.hold is not None and max(exercise.reps or (1,)) > 1 and timing.rest_between_reps:
        parts.append(f"{format_duration(timing.rest_between_reps)} between reps")
    if exercise.sets > 1 and timing.rest_between_sets:
        parts.append(f"{format_duration(timing.rest_between_sets)} between sets")
    if len(exercise.sides) > 1 and timing.switch_sides:
        parts.append(f"{format_duration(timing.switch_sides)} to switch sides")
    return ", ".join(parts)


def _total_line(steps: tuple[Step, ...]) -> str:
    line = f"Total planned time: {format_duration(total_planned_seconds(steps))}"
    manual = _manual_count(steps)
    if manual:
        line += f", plus {manual} manual step{'s' if manual > 1 else ''} you finish with Enter"
    return line


def render_text(routine: Routine, steps: tuple[Step, ...]) -> str:
    lines = [routine.name]
    if routine.description:
        lines.append(routine.description)
    if routine.safety:
        lines.append(f"Safety: {routine.safety}")
    lines.append("")
    by_exercise = exercise_seconds(steps)
    rests_after = rest_after(steps)
    if routine.get_ready:
        lines.append(f"Get ready: {format_duration(routine.get_ready)}")
    position = 0
    for phase in routine.phases:
        lines.append(f"{phase.name} ({phase.kind})")
        for exercise in phase.exercises:
            timed = format_duration(by_exercise[position]) if by_exercise[position] else "manual"
            lines.append(f"  {position + 1:>2}. {exercise.name}: {exercise.dose()}  [{timed}]")
            rests = _rests(exercise)
            if rests:
                lines.append(f"      {rests}")
            for cue in exercise.cues:
                lines.append(f"      · {cue}")
            for timed in exercise.at:
                lines.append(f"      ▶ {timed.when()}: {timed.text}")
            if position in rests_after:
                lines.append(f"      then rest {format_duration(rests_after[position])}")
            position += 1
        lines.append("")
    lines.append(_total_line(steps))
    return "\n".join(lines)


def render_markdown(routine: Routine, steps: tuple[Step, ...], pictures: Mapping[int, str] | None = None) -> str:
    """A printable plan card, with a box to tick for each exercise. `pictures`: the link to each exercise's picture
    (by its position in the routine), for a Picture column."""
    lines = [f"# {routine.name}", ""]
    if routine.description:
        lines += [routine.description, ""]
    if routine.safety:
        lines += [f"> **Safety:** {routine.safety}", ""]
    by_exercise = exercise_seconds(steps)
    rests_after = rest_after(steps)
    position = 0
    for phase in routine.phases:
        picture_head = ("| Picture ", "|---") if pictures is not None else ("", "")
        lines += [f"## {phase.name}", "", f"| ✓ | Exercise | Dose | Rests | Form {picture_head[0]}|",
                  f"|---|---|---|---|---{picture_head[1]}|"]
        for exercise in phase.exercises:
            form = "; ".join([*exercise.cues, *(f"{timed.when()}: {timed.text}" for timed in exercise.at)])
            form = form.replace("|", "\\|")
            rests = _rests(exercise) or "—"
            if position in rests_after:
                then = f"then {format_duration(rests_after[position])}"
                rests = f"{rests}; {then}" if rests != "—" else then
            dose = exercise.dose()
            if by_exercise[position]:
                dose += f" ({format_duration(by_exercise[position])})"
            picture = ""
            if pictures is not None:
                link = pictures.get(position)
                picture = f" {f'![{exercise.name}]({link})' if link else '—'} |"
            lines.append(f"| ☐ | {exercise.name} | {dose} | {rests} | {form} |{picture}")
            position += 1
        lines.append("")
    lines.append(f"**{_total_line(steps)}**")
    return "\n".join(lines) + "\n"


def _number(seconds: float | None) -> float | int | None:
    """Whole seconds as integers, so JSON reads 5, not 5.0."""
    return int(seconds) if seconds is not None and float(seconds).is_integer() else seconds


def timeline_data(routine: Routine, steps: tuple[Step, ...]) -> dict:
    return {
        "routine": routine.name,
        "total_planned_seconds": _number(total_planned_seconds(steps)),
        "manual_steps": _manual_count(steps),
        "steps": [
            {
                "kind": step.kind.value,
                "exercise": step.exercise.name,
                "exercise_index": step.exercise_index,
                "phase": step.phase.name,
                "phase_kind": step.phase.kind.value,
                "set": step.set_number,
                "sets": step.set_count,
                "side": step.side.value if step.side else None,
                "rep": step.rep_number,
                "reps": step.rep_count,
                "planned_seconds": _number(step.planned_seconds),
            }
            for step in steps
        ],
    }


def render_json(routine: Routine, steps: tuple[Step, ...]) -> str:
    return json.dumps(timeline_data(routine, steps), indent=2, ensure_ascii=False)
