"""The program's part of the history: starts, stages set by hand, stops and decisions (`program_events`),
the sessions run under a program (`program_sessions`), and each session's next-morning check (`next_day`).

Everything a decision needs is read back from here and from the sessions themselves, so the decision is
made again, the same, from the log alone (coach.program.decide).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Sequence

from coach.history.model import parse_time, utc_text
from coach.program.decide import Decision, NextDay, ProgramHistory, ProgramSession, StageSet
from coach.session.pain import is_pain_score

if TYPE_CHECKING:
    from coach.history.store import HistoryStore

NEXT_DAY_ANSWERS = tuple(answer.value for answer in NextDay)


@dataclass(frozen=True)
class ActiveProgram:
    """The program being followed: the `start` event that began it."""

    start_id: int
    name: str
    file: str
    started: datetime  # UTC
    start_stage: int


@dataclass(frozen=True)
class DecisionRecord:
    """A decision as recorded: for the history screen's stage over time, and a therapist's report."""

    at: datetime
    program: str
    from_stage: int | None
    stage: int
    flare: bool
    action: str
    reasons: tuple[str, ...]
    sessions: tuple[str, ...]


@dataclass(frozen=True)
class NextDayQuestion:
    """A session to ask about the next morning."""

    uuid: str
    routine_name: str
    started: datetime
    pain_before: int | None


def active(store: HistoryStore) -> ActiveProgram | None:
    """The program started last, unless it was stopped since."""
    rows = store.read("SELECT id, kind, program, file, at, stage FROM program_events"
                      " WHERE kind IN ('start', 'stop') ORDER BY at DESC, id DESC LIMIT 1")
    if not rows or rows[0][1] != "start":
        return None
    start_id, _, name, file, at, stage = rows[0]
    return ActiveProgram(start_id, str(name), file if isinstance(file, str) else "",
                         _time(at) or datetime.fromtimestamp(0, timezone.utc),
                         stage if isinstance(stage, int) and stage >= 1 else 1)


def start(store: HistoryStore, name: str, file: str, stage: int, now: datetime) -> ActiveProgram:
    """Start (or restart) a program at `stage`; the one followed before, if any, ends."""
    following = active(store)

    def write(connection):
        if following is not None:
            connection.execute("INSERT INTO program_events (at, kind, program) VALUES (?, 'stop', ?)",
                           (utc_text(now), following.name))
        connection.execute("INSERT INTO program_events (at, kind, program, file, stage) VALUES (?, 'start', ?, ?, ?)",
                           (utc_text(now), name, file, stage))

    store.write(write)
    found = active(store)
    assert found is not None
    return found


def stop(store: HistoryStore, program: ActiveProgram, now: datetime) -> None:
    store.write(lambda connection: connection.execute(
        "INSERT INTO program_events (at, kind, program) VALUES (?, 'stop', ?)", (utc_text(now), program.name)))


def set_stage(store: HistoryStore, program: ActiveProgram, stage: int, from_stage: int, now: datetime) -> None:
    """A stage set by hand; recorded, and from now on the rules go on from it."""
    store.write(lambda connection: connection.execute(
        "INSERT INTO program_events (at, kind, program, stage, from_stage) VALUES (?, 'set_stage', ?, ?, ?)",
        (utc_text(now), program.name, stage, from_stage)))


def record_decision(store: HistoryStore, program: ActiveProgram, decision: Decision, from_stage: int | None,
                    now: datetime) -> None:
    """Keep a decision (made after a session, a start or a stage set by hand), with what it rested on."""
    store.write(lambda connection: connection.execute(
        "INSERT INTO program_events (at, kind, program, stage, from_stage, flare, action, reasons, sessions)"
        " VALUES (?, 'decision', ?, ?, ?, ?, ?, ?, ?)",
        (utc_text(now), program.name, decision.stage, from_stage, int(decision.flare), decision.action.value,
         json.dumps(list(decision.reasons)), json.dumps(list(decision.based_on)))))


def decisions(store: HistoryStore) -> list[DecisionRecord]:
    """Every decision recorded, oldest first."""
    rows = store.read("SELECT at, program, from_stage, stage, flare, action, reasons, sessions FROM program_events"
                      " WHERE kind = 'decision' ORDER BY at, id")
    return [DecisionRecord(_time(at), str(program), from_stage, stage, bool(flare), str(action),
                           tuple(_strings(reasons)), tuple(_strings(sessions)))
            for at, program, from_stage, stage, flare, action, reasons, sessions in rows
            if _time(at) is not None and isinstance(stage, int)]


def tag_session(store: HistoryStore, uuid: str, program: ActiveProgram, stage: int, flare: bool) -> None:
    """Mark a session as run under `program`, at `stage` (or on its flare-up routine)."""
    store.write(lambda connection: connection.execute(
        "INSERT OR REPLACE INTO program_sessions (uuid, start_id, stage, flare) VALUES (?, ?, ?, ?)",
        (uuid, program.start_id, stage, int(flare))))


def answer_next_day(store: HistoryStore, uuid: str, answer: NextDay | None, pain: int | None, now: datetime) -> None:
    """The next-morning check of a session; no answer and no pain records that the person skipped it."""
    if pain is not None and not is_pain_score(pain):
        raise ValueError(f"pain {pain!r} is not on the 0 to 10 scale")
    store.write(lambda connection: connection.execute(
        "INSERT OR REPLACE INTO next_day (uuid, answer, pain, answered_at) VALUES (?, ?, ?, ?)",
        (uuid, None if answer is None else answer.value, pain, utc_text(now))))


def next_day_question(store: HistoryStore, today: date, tz: tzinfo | None = None) -> NextDayQuestion | None:
    """The session to ask about this morning, once: yesterday's newest session run under a program (or, with
    none, yesterday's newest guided session), unless one of yesterday's sessions has an answer (or a skip)
    already. A check days later would not be the 24-hour rule, so only yesterday's are asked about. A session
    stopped at once with "it hurts" is asked about too: that is when the next morning matters most."""
    rows = store.read("SELECT s.uuid, s.routine_name, s.started, s.pain_before, n.uuid IS NOT NULL, p.uuid IS NOT NULL"
                      " FROM sessions AS s LEFT JOIN next_day AS n ON n.uuid = s.uuid"
                      " LEFT JOIN program_sessions AS p ON p.uuid = s.uuid"
                      " WHERE s.source = 'guided' AND s.status != 'running'"
                      " AND (s.done_count > 0 OR s.painful_count > 0 OR s.status = 'pain_stopped')"
                      " ORDER BY s.started DESC LIMIT 50")
    yesterday = []
    for uuid, routine_name, started, pain_before, answered, tagged in rows:
        when = _time(started)
        if when is None:
            continue
        day = when.astimezone(tz).date()
        if day < today - timedelta(days=1):
            break
        if day == today - timedelta(days=1):
            yesterday.append((bool(answered), bool(tagged), NextDayQuestion(uuid, routine_name, when, pain_before)))
    if not yesterday or any(answered for answered, _, _ in yesterday):
        return None
    return next((question for _, tagged, question in yesterday if tagged), yesterday[0][2])


def next_day_answers(store: HistoryStore) -> dict[str, tuple[str | None, int | None]]:
    """Every session's morning answer (better/same/worse or None, pain or None) by uuid; skipped ones left out."""
    return {uuid: (answer, pain) for uuid, answer, pain in store.read("SELECT uuid, answer, pain FROM next_day")
            if answer is not None or pain is not None}


def history_of(store: HistoryStore, program: ActiveProgram, tz: tzinfo | None = None) -> ProgramHistory:
    """Everything decide() needs about `program`, read from the log."""
    rows = store.read(
        "SELECT s.uuid, s.started, s.status, s.done_count, s.exercise_total, s.exercise_count, s.painful_count,"
        " s.pain_before, s.pain_after, n.answer, n.pain FROM program_sessions AS p"
        " JOIN sessions AS s ON s.uuid = p.uuid LEFT JOIN next_day AS n ON n.uuid = p.uuid"
        " WHERE p.start_id = ? AND s.status != 'running' ORDER BY s.started", (program.start_id,))
    rows = [row for row in rows if _time(row[1]) is not None]
    sessions = tuple(
        ProgramSession(uuid=uuid, at=parse_time(started).astimezone(tz).replace(tzinfo=None),
                       completed=status == "completed",
                       all_done=done >= max(total or 0, count or 0) and done > 0,
                       hurt=status == "pain_stopped" or (painful or 0) > 0,
                       pain_before=before, pain_after=after,
                       next_day=NextDay(answer) if answer in NEXT_DAY_ANSWERS else None, next_day_pain=next_pain)
        for uuid, started, status, done, total, count, painful, before, after, answer, next_pain in rows)
    sets = tuple(StageSet(_time(at).astimezone(tz).replace(tzinfo=None), stage) for at, stage in store.read(
        "SELECT at, stage FROM program_events WHERE kind = 'set_stage' AND at >= ? AND id != ? ORDER BY at, id",
        (utc_text(program.started), program.start_id))
        if _time(at) is not None and isinstance(stage, int))
    aerobic: dict[date, float] = {}
    for started, seconds in store.read("SELECT started, aerobic_seconds FROM sessions"
                                       " WHERE aerobic_seconds > 0 AND started >= ?", (utc_text(program.started),)):
        if _time(started) is None:
            continue
        day = parse_time(started).astimezone(tz).date()
        aerobic[day] = aerobic.get(day, 0.0) + seconds / 60
    return ProgramHistory(started=program.started.astimezone(tz).replace(tzinfo=None),
                          start_stage=program.start_stage, sessions=sessions, stage_sets=sets, aerobic_minutes=aerobic)


def _time(text: object) -> datetime | None:
    """A stored UTC time, or None for one a hand-edited history has made unreadable."""
    try:
        return parse_time(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _strings(text: str | None) -> Sequence[str]:
    try:
        values = json.loads(text or "[]")
    except ValueError:
        return ()
    return [value for value in values if isinstance(value, str)] if isinstance(values, list) else ()


# -- moving a history: `coach export` carries the program's log, `coach import` merges it ------------------

EVENT_COLUMNS = ("at", "kind", "program", "file", "stage", "from_stage", "flare", "action", "reasons", "sessions")


def export_data(store: HistoryStore) -> dict:
    """The program log for an export: its events, which sessions were the program's, the morning answers."""
    events = [dict(zip(EVENT_COLUMNS, row)) for row in store.read(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM program_events ORDER BY at, id")]
    for event in events:
        event["flare"] = bool(event["flare"])
        event["reasons"] = list(_strings(event["reasons"])) if event["reasons"] is not None else None
        event["sessions"] = list(_strings(event["sessions"])) if event["sessions"] is not None else None
    sessions = [{"uuid": uuid, "started": at, "program": program, "stage": stage, "flare": bool(flare)}
                for uuid, at, program, stage, flare in store.read(
                    "SELECT p.uuid, e.at, e.program, p.stage, p.flare FROM program_sessions AS p"
                    " JOIN program_events AS e ON e.id = p.start_id ORDER BY e.at, p.uuid")]
    answers = [{"uuid": uuid, "answer": answer, "pain": pain, "answered_at": at} for uuid, answer, pain, at in
               store.read("SELECT uuid, answer, pain, answered_at FROM next_day ORDER BY answered_at, uuid")]
    if not (events or sessions or answers):
        return {}
    return {"events": events, "sessions": sessions, "next_day": answers}


def merge(connection, data: dict) -> int:
    """Merge an export's program log (checked by exchange) into the history, in the import's transaction;
    returns how many events were new. An event already here (the same time, kind, program, stage and
    action) is not added twice; a session's mark follows its program's start; a morning answer is replaced
    only by one given later."""
    def key(row) -> tuple:
        return tuple(row[name] for name in ("at", "kind", "program", "stage", "action"))

    here = {key(dict(zip(("at", "kind", "program", "stage", "action"), row))) for row in connection.execute(
        "SELECT at, kind, program, stage, action FROM program_events")}
    added = 0
    for event in data.get("events", ()):
        if key(event) in here:
            continue
        here.add(key(event))
        added += 1
        connection.execute(
            f"INSERT INTO program_events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
            (event["at"], event["kind"], event["program"], event.get("file"), event.get("stage"),
             event.get("from_stage"), int(bool(event.get("flare"))), event.get("action"),
             None if event.get("reasons") is None else json.dumps(event["reasons"]),
             None if event.get("sessions") is None else json.dumps(event["sessions"])))
    for mark in data.get("sessions", ()):
        start = connection.execute("SELECT id FROM program_events WHERE kind = 'start' AND at = ? AND program = ?"
                                   " ORDER BY id LIMIT 1", (mark["started"], mark["program"])).fetchone()
        if start is not None:
            connection.execute("INSERT OR IGNORE INTO program_sessions (uuid, start_id, stage, flare) VALUES (?, ?, ?, ?)",
                               (mark["uuid"], start[0], mark["stage"], int(mark["flare"])))
    for answer in data.get("next_day", ()):
        connection.execute(
            "INSERT INTO next_day (uuid, answer, pain, answered_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (uuid) DO UPDATE SET answer = excluded.answer, pain = excluded.pain,"
            " answered_at = excluded.answered_at WHERE excluded.answered_at > next_day.answered_at",
            (answer["uuid"], answer.get("answer"), answer.get("pain"), answer["answered_at"]))
    return added
