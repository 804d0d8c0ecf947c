"""What the therapist's report says, worked out from the history: a pure function of the sessions, their
exercises, the morning answers and the program's decisions over a period. The renderers (html.py,
markdown.py) only lay it out, so every format says the same figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Mapping, Sequence

from coach.history.model import StoredSession
from coach.history.program_log import DecisionRecord as Decision
from coach.history.stats import OVER, counts_toward_goal, local_start, week_of
from coach.routine.durations import format_clock

SELF_REPORTED = "coach is a self-help timer; these figures are self-reported"
TREND_WEEKS = 2  # the pain trend compares the first this many weeks with the last


@dataclass(frozen=True)
class WeekRow:
    monday: date
    sessions: int
    aerobic_minutes: float
    sessions_met: bool
    aerobic_met: bool
    partial: bool = False  # the period starts or ends inside this week

    @property
    def label(self) -> str:
        return f"{self.monday:%d %b}" + (" (part)" if self.partial else "")


@dataclass(frozen=True)
class PainPoint:
    when: datetime  # local
    routine: str
    before: int | None
    after: int | None
    next_day: str | None = None  # better / same / worse, the next morning
    next_day_pain: int | None = None


@dataclass(frozen=True)
class ExerciseRow:
    name: str
    done: int  # times done in full
    attempted: int  # times reached
    painful: int
    first_dose: str
    latest_dose: str
    kind: str | None = None  # its phase's kind ("main", "aerobic"), for its picture
    pose: str | None = None  # the pose its routine's `pose:` names (else its picture is found by its name)

    @property
    def completion(self) -> int:
        return round(100 * self.done / self.attempted) if self.attempted else 0


@dataclass(frozen=True)
class Event:
    when: datetime  # local
    what: str
    detail: str = ""
    note: str | None = None
    session: str | None = None  # the uuid of the session it is about (none for a program's decision)


@dataclass(frozen=True)
class Report:
    person: str | None
    start: date
    end: date  # inclusive
    made: date
    sessions_goal: int
    aerobic_goal: int
    summary: tuple[str, ...]
    weeks: tuple[WeekRow, ...]
    pain: tuple[PainPoint, ...]
    exercises: tuple[ExerciseRow, ...]
    events: tuple[Event, ...]
    notes: tuple[tuple[datetime, str, str], ...]  # (when, routine, note), oldest first
    sessions_done: int = 0
    aerobic_minutes: float = 0.0
    pain_before_mean: float | None = None
    pain_after_mean: float | None = None
    reminders: str | None = None  # what reminders did in the period, a line (coach.history.reminder_log)

    @property
    def period(self) -> str:
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"


def build(sessions: Sequence[StoredSession], exercises: Mapping[str, Sequence[dict]], start: date, end: date,
          made: date, *, sessions_goal: int, aerobic_goal: int, person: str | None = None,
          next_day: Mapping[str, tuple[str | None, int | None]] | None = None,
          decisions: Sequence[Decision] = (), notes: bool = True, tz: tzinfo | None = None,
          poses: Mapping[str, str] | None = None) -> Report:
    """The report for the days `start` to `end` (local, inclusive). `exercises`: each session's exercises
    (export-format rows) by its uuid; `next_day`: (answer, pain) by uuid; `poses`: the pose keys the routines'
    `pose:` give, by exercise name (routine.loaded_catalog.chosen_poses)."""
    next_day = next_day or {}
    chosen = sorted((session for session in sessions if start <= local_start(session, tz).date() <= end),
                    key=lambda session: session.started)
    weeks = _weeks(chosen, start, end, sessions_goal, aerobic_goal, tz)
    done = sum(1 for session in chosen if counts_toward_goal(session))
    minutes = sum(session.aerobic_seconds for session in chosen) / 60
    pain = tuple(PainPoint(local_start(session, tz), session.routine_name, session.pain_before, session.pain_after,
                           *next_day.get(session.uuid, (None, None)))
                 for session in chosen if session.status in OVER and (
                     session.pain_before is not None or session.pain_after is not None or session.uuid in next_day))
    befores = [point.before for point in pain if point.before is not None]
    afters = [point.after for point in pain if point.after is not None]
    summary = _summary(chosen, weeks, done, minutes, sessions_goal, aerobic_goal, start, end, tz)
    events = _events(chosen, exercises, decisions, start, end, tz, notes)
    with_events = {event.session for event in events}
    return Report(
        person=person, start=start, end=end, made=made, sessions_goal=sessions_goal, aerobic_goal=aerobic_goal,
        summary=summary, weeks=weeks, pain=pain, exercises=_exercises(chosen, exercises, poses or {}),
        events=events,
        # A note already beside its stop in the events is not repeated: each note is on the page once.
        notes=tuple((local_start(session, tz), session.routine_name, session.note) for session in chosen
                    if session.note and session.uuid not in with_events) if notes else (),
        sessions_done=done, aerobic_minutes=minutes,
        pain_before_mean=statistics.fmean(befores) if befores else None,
        pain_after_mean=statistics.fmean(afters) if afters else None)


def _weeks(sessions: Sequence[StoredSession], start: date, end: date, sessions_goal: int, aerobic_goal: int,
           tz: tzinfo | None) -> tuple[WeekRow, ...]:
    counted: dict[date, int] = {}
    aerobic: dict[date, float] = {}
    for session in sessions:
        monday = week_of(local_start(session, tz).date())
        if counts_toward_goal(session):
            counted[monday] = counted.get(monday, 0) + 1
        aerobic[monday] = aerobic.get(monday, 0.0) + session.aerobic_seconds / 60
    rows = []
    monday = week_of(start)
    while monday <= end:
        sessions_done, minutes = counted.get(monday, 0), aerobic.get(monday, 0.0)
        rows.append(WeekRow(monday, sessions_done, minutes, sessions_done >= sessions_goal, minutes >= aerobic_goal,
                            monday < start or monday + timedelta(days=6) > end))
        monday += timedelta(days=7)
    return tuple(rows)


def _summary(sessions: Sequence[StoredSession], weeks: Sequence[WeekRow], done: int, minutes: float,
             sessions_goal: int, aerobic_goal: int, start: date, end: date, tz: tzinfo | None) -> tuple[str, ...]:
    span = ((end - start).days + 1) / 7  # weeks in the period, a part week as a part
    whole = [week for week in weeks if week.monday >= start and week.monday + timedelta(days=6) <= end]
    met = sum(1 for week in whole if week.sessions_met)
    hurts = sum(1 for session in sessions if session.status == "pain_stopped")
    # "It hurts" also marks an exercise painful when the person goes on (the other side, the next exercise).
    marked = sum(session.painful_count for session in sessions) - hurts
    days = (end - start).days + 1
    lines = [
        f"Sessions: {done} in {days} day{'s' * (days != 1)} ({done / span:.1f} a week; goal {sessions_goal} a week)",
        f"Aerobic exercise: {round(minutes)} minutes ({minutes / span:.0f} a week; goal {aerobic_goal} a week)",
        f"Whole weeks that met the session goal: {met} of {len(whole)}",
        _trend(sessions, start, end, tz),
        f'"It hurts": {hurts} stop{"s" * (hurts != 1)}'
        + (f", and {marked} exercise{'s' * (marked != 1)} marked painful where the session went on" if marked > 0
           else ""),
    ]
    return tuple(lines)


def _trend(sessions: Sequence[StoredSession], start: date, end: date, tz: tzinfo | None) -> str:
    """Pain in the first two weeks of the period against the last two, before and after sessions."""
    first_end = start + timedelta(days=7 * TREND_WEEKS)
    last_start = end - timedelta(days=7 * TREND_WEEKS - 1)
    if last_start < first_end:
        return "Pain trend: the period is too short to compare its first and last two weeks"

    def mean(chosen: list[StoredSession], field: str) -> str:
        values = [getattr(session, field) for session in chosen if getattr(session, field) is not None]
        return f"{statistics.fmean(values):.1f}" if values else "–"

    first = [session for session in sessions if local_start(session, tz).date() < first_end]
    last = [session for session in sessions if local_start(session, tz).date() >= last_start]
    return (f"Pain trend (first two weeks → last two weeks): before sessions {mean(first, 'pain_before')} → "
            f"{mean(last, 'pain_before')}, after {mean(first, 'pain_after')} → {mean(last, 'pain_after')}")


def _dose(exercise: dict) -> str:
    """What was delivered: sets, and the work time ("2 of 2 sets, 1:20 work")."""
    count = exercise.get("set_count", 1)
    sets = f"{exercise.get('sets_completed', 0)} of {count} set{'s' * (count != 1)}"
    work = exercise.get("work_seconds")
    work = exercise.get("active_seconds", 0.0) if work is None else work
    return f"{sets}, {format_clock(work or 0)} work"


def _exercises(sessions: Sequence[StoredSession], exercises: Mapping[str, Sequence[dict]],
               poses: Mapping[str, str]) -> tuple[ExerciseRow, ...]:
    rows: dict[str, dict] = {}
    for session in sessions:
        for exercise in exercises.get(session.uuid, ()):
            if not _reached(session, exercise):
                continue  # after a stop: left undone, not avoided
            name = str(exercise.get("name", ""))
            row = rows.setdefault(name, {"done": 0, "attempted": 0, "painful": 0, "first": None, "latest": None,
                                         "kind": exercise.get("phase_kind")})
            row["attempted"] += 1
            if exercise.get("status") == "pain":
                row["painful"] += 1
            if exercise.get("status") == "done":
                row["done"] += 1
                dose = _dose(exercise)
                row["first"] = row["first"] or dose
                row["latest"] = dose
    return tuple(ExerciseRow(name, row["done"], row["attempted"], row["painful"], row["first"] or "–",
                             row["latest"] or "–", row["kind"] if isinstance(row["kind"], str) else None,
                             poses.get(name))
                 for name, row in sorted(rows.items(), key=lambda item: (-item[1]["attempted"], item[0])))


def _reached(session: StoredSession, exercise: dict) -> bool:
    """Whether the session got to this exercise: done, painful, begun, or skipped in a session that went on to
    its end. The exercises after a stop or an interruption were never reached."""
    return (exercise.get("status") in ("done", "pain") or exercise.get("start_offset") is not None
            or session.status == "completed")


def _events(sessions: Sequence[StoredSession], exercises: Mapping[str, Sequence[dict]], decisions: Sequence[Decision],
            start: date, end: date, tz: tzinfo | None, notes: bool = True) -> tuple[Event, ...]:
    """Stops, interruptions, painful exercises and program changes; with the session's note unless `notes` is
    False (then the person's words are left out everywhere, and program reasons, coach's own, stay)."""
    events = []
    for session in sessions:
        painful = [str(exercise.get("name", "")) for exercise in exercises.get(session.uuid, ())
                   if exercise.get("status") == "pain"]
        when = local_start(session, tz)
        note = session.note if notes else None
        if session.status == "pain_stopped":
            events.append(Event(when, '"It hurts" stop', f"{session.routine_name}: {', '.join(painful) or 'an exercise'}",
                                note, session.uuid))
        elif painful:
            events.append(Event(when, "Marked painful", f"{session.routine_name}: {', '.join(painful)}", note,
                                session.uuid))
        if session.status == "stopped":
            events.append(Event(when, "Stopped early", session.routine_name, note, session.uuid))
        elif session.status == "interrupted":
            events.append(Event(when, "Interrupted", f"{session.routine_name} (coach was closed)", note, session.uuid))
    names = {"advance": "moved on", "step_back": "stepped back", "flare_up": "flare-up", "recover": "back from a flare-up",
             "start": "stage set"}
    last: tuple[int, bool] | None = None
    for decision in sorted(decisions, key=lambda item: item.at):
        where = (decision.stage, decision.flare)
        when = decision.at.astimezone(tz)
        if start <= when.date() <= end and where != last and decision.action in names:
            stage = "flare-up routine" if decision.flare else f"stage {decision.stage}"
            events.append(Event(when, f"Program: {names[decision.action]}", f"{decision.program}, {stage}",
                                " ".join(decision.reasons)))
        last = where
    return tuple(sorted(events, key=lambda event: event.when))


def parse_exercises(documents: Sequence[str]) -> dict[str, list[dict]]:
    """Each session's exercises by uuid, from the history's export JSON (HistoryStore.documents)."""
    import json

    found: dict[str, list[dict]] = {}
    for text in documents:
        try:
            session = json.loads(text)
        except ValueError:
            continue
        if isinstance(session, dict) and isinstance(session.get("exercises"), list):
            found[str(session.get("uuid"))] = [item for item in session["exercises"] if isinstance(item, dict)]
    return found

