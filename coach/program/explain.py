"""A decision in words for the screens: the summary's "Next time" and the home screen's Today card."""

from __future__ import annotations

from coach.program.decide import Action, Colour, Decision
from coach.program.model import Program

SEE_THERAPIST = "If the pain does not settle by tomorrow morning, contact your physical therapist."


def next_time_lines(program: Program, decision: Decision) -> list[str]:
    """What the session just done means for next time: a headline, the reasons, and on red the advice
    to contact the physical therapist."""
    stage = f"stage {decision.stage}, {program.stages[decision.stage - 1].name}"
    headline = {
        Action.ADVANCE: f"Next time: {stage}.",
        Action.STEP_BACK: f"Next time: {stage}, a step back.",
        Action.FLARE_UP: f"Next time: the flare-up routine, {program.flare_up.routine.name}.",
        Action.RECOVER: f"Next time: back to {stage}.",
    }.get(decision.action, "Next time: the same plan.")
    lines = [headline, *decision.reasons]
    if decision.colour is Colour.RED and not any("physical therapist" in line for line in lines):
        lines.append(SEE_THERAPIST)
    return lines


def stage_title(program: Program, decision: Decision) -> str:
    """"Stage 2 of 5 · Longer holds", or "Flare-up · Gentle 5"."""
    if decision.flare:
        return f"Flare-up · {program.flare_up.routine.name}"
    return f"Stage {decision.stage} of {len(program.stages)} · {program.stages[decision.stage - 1].name}"


def today_lines(program: Program, decision: Decision, planned_seconds: float, week_sessions: tuple[int, int],
                week_aerobic: tuple[float, int]) -> list[str]:
    """The home screen's Today card: the stage, today's plan and its time, the reason, this week's counts."""
    from coach.routine.durations import format_duration

    activity = f" {program.activity}" if program.activity else " aerobic"
    bout = f", and a {decision.aerobic_minutes}-minute{activity} bout" if decision.aerobic_minutes else ""
    done, goal = week_sessions
    minutes, aerobic_goal = week_aerobic
    return [
        f"Today · {program.name} · {stage_title(program, decision)}",
        f"{decision.plan.name} ({format_duration(planned_seconds)}){bout}",
        decision.reasons[0] if decision.reasons else "",
        f"This week: {done} of {goal} sessions · {round(minutes)} of {aerobic_goal} aerobic minutes",
    ]
