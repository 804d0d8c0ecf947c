"""The history as a file: the JSON export and import format (also `coach history --json`), and CSV.

    {"format": "coach-history", "version": 1, "exported": "<UTC ISO 8601>",
     "sessions": [{"uuid": ..., "routine_name": ..., ..., "exercises": [{"position": 0, ...}]}]}

A session's fields are the columns of the `sessions` table (without the local id); each exercise's
are those of `exercises`. Unknown keys are ignored on import, so a newer file of the same version
still reads. `exercise_total` (the exercises in the routine, reached or not) came later: a file
without it is taken to list every exercise of each session.

Import refuses a whole file when any session is implausible: it ends before it starts, starts or
ends in the future (beyond CLOCK_SKEW, for a computer whose clock is a little ahead), or has more
than MOST_SECONDS of time (a day) for the session or one exercise. It also refuses, with a located
message and never a traceback, what no coach writes: two sessions with one uuid, integers of more
than MOST_DIGITS digits, nesting deeper than MOST_DEPTH, and lone surrogates (half of a character,
from an escape such as "\\ud800"), which can be neither stored nor shown.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from coach.fileio import FileTooLarge, NotARegularFile, describe_size, read_limited
from coach.history import model
from coach.history.model import StoredSession, parse_time, utc_text
from coach.history.stats import completion, exercise_total, local_start
from coach.safe_text import for_csv, for_terminal, json_for_terminal
from coach.session import pain
from coach.session.pain import is_pain_score

FORMAT = "coach-history"
FORMAT_VERSION = 3  # 2: "deleted" (tombstones) and "edited_at"; 3: "program" (the program's log); older read as they were
MOST_PROBLEMS_SHOWN = 10
MAX_TEXT = 10_000
MOST_SECONDS = 24 * 60 * 60  # planned or active time of a session or one exercise
MOST_ASIDE_SECONDS = 30 * 24 * 60 * 60  # pauses, and offsets (which include pauses)
MOST_COUNT = 1_000  # exercises in a session, sets of an exercise (routines allow 500 and 50)
CLOCK_SKEW = timedelta(days=1)
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
MOST_FILE_BYTES = 64 * 1024 * 1024  # ten years export to 15-20 MB; 64 MiB of hostile JSON parses to ~1.6 GB
MOST_DIGITS = 18  # in an integer: 10**18 still fits SQLite's 64 bits, and no field comes near
FORMAT_DEPTH = 5  # the export's own nesting: document, sessions, session, exercises, exercise
MOST_DEPTH = 20


class ExchangeError(Exception):
    """A file that is not a coach history export; `problems` are located messages for people."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- writing ---------------------------------------------------------------------------

def dump(documents: Iterable[str], exported: datetime, deleted: Iterable[tuple[str, str]] = (),
         program: dict | None = None) -> str:
    """The export file around sessions already in JSON (HistoryStore.documents): one session a line.
    `deleted`: (uuid, deleted_at) of sessions deleted here, so that an import elsewhere deletes them too.
    `program`: the program's log (history.program_log.export_data), so that it goes on elsewhere."""
    head = {"format": FORMAT, "version": FORMAT_VERSION, "exported": utc_text(exported)}
    tombstones = [{"uuid": uuid, "deleted_at": deleted_at} for uuid, deleted_at in deleted]
    if tombstones:
        head["deleted"] = tombstones
    if program:
        head["program"] = program
    opening = json.dumps(head)[:-1]
    body = ",\n".join(documents)
    return f"{opening}, \"sessions\": [\n{body}\n]}}\n" if body else f"{opening}, \"sessions\": []}}\n"


class Export(list):
    """The sessions of an export file (a list of rows), with its tombstones in `deleted` and the program's log
    in `program` (events, sessions and next_day lists; empty when the file has none)."""

    def __init__(self, sessions: Iterable[dict] = (), deleted: Iterable[dict] = (), program: dict | None = None) -> None:
        super().__init__(sessions)
        self.deleted = list(deleted)
        self.program = program or {}


CSV_COLUMNS = (
    "started_local", "routine", "status", "source", "work_minutes", "total_minutes", "planned_minutes",
    "completion_percent",
    "exercises", "done", "painful", "aerobic_minutes", "pain_before", "pain_after", "note", "uuid",
)


def csv_text(sessions: Iterable[StoredSession], tz: tzinfo | None = None) -> str:
    """One row a session. Text cells pass through for_csv: a routine name or note that a spreadsheet
    would run as a formula is defused, and control characters show as escapes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        share = completion(session)
        writer.writerow(for_csv(cell) for cell in [
            local_start(session, tz).isoformat(timespec="seconds"), session.routine_name, session.status,
            session.source, round(session.work_seconds / 60, 1), round(session.active_seconds / 60, 1),
            round(session.planned_seconds / 60, 1),
            "" if share is None else round(share * 100), exercise_total(session), session.done_count,
            session.painful_count, round(session.aerobic_seconds / 60, 1),
            _blank(session.pain_before), _blank(session.pain_after), session.note or "", session.uuid,
        ])
    return out.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


# -- reading ---------------------------------------------------------------------------

class _Invalid(Exception):
    pass


class _LongNumber(float):
    """An integer written with more than MOST_DIGITS digits. It is never converted (that takes time
    growing with the square of its length, and Python refuses past 4,300 digits); to every range
    check it is infinite, so each field refuses it, and messages show it as written."""

    text: str

    def __new__(cls, text: str) -> _LongNumber:
        number = super().__new__(cls, "-inf" if text.startswith("-") else "inf")
        number.text = text
        return number


def _integer(text: str) -> int | float:
    """json's parse_int: the integer, unless it is too long to be any field's."""
    return _LongNumber(text) if len(text.lstrip("-")) > MOST_DIGITS else int(text)


def _any_text(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected text, found {_show(value)}")
    if len(value) > MAX_TEXT:
        raise _Invalid(f"longer than {MAX_TEXT} characters")
    return value


def _text(value: object) -> str:
    """Text that is not blank."""
    if not _any_text(value).strip():
        raise _Invalid(f"expected some text, found {_show(value)}")
    return value  # type: ignore[return-value]


def _time(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a date and time like \"2024-06-03T07:12:00+00:00\", found {_show(value)}")
    try:
        moment = parse_time(value)
    except (ValueError, OverflowError):  # OverflowError: a time zone moves it past year 9999
        raise _Invalid(f"{_show(value)} is not an ISO 8601 date and time like \"2024-06-03T07:12:00+00:00\"") from None
    if moment < EARLIEST:
        raise _Invalid(f"{_show(value)} is before 1970")
    return utc_text(moment)


def _seconds(most: int) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value < 0:
            raise _Invalid(f"expected a number of seconds, 0 or more, found {_show(value)}")
        if value > most:  # Infinity too
            raise _Invalid(f"{_show(value)} seconds is more than {_span(most)}; the most is {most:,}")
        return float(value)
    return check


def _span(seconds: int) -> str:
    days = seconds // 86400
    return "a day" if days == 1 else f"{days} days"


def _count(least: int, most: int = MOST_COUNT) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise _Invalid(f"expected a whole number from {least} to {most:,}, found {_show(value)}")
        return value
    return check


def _pain(value: object) -> int:
    if not is_pain_score(value):
        raise _Invalid(f"expected a pain score from {pain.SCALE}, found {_show(value)}")
    return value


def _one_of(choices: Sequence[str]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise _Invalid(f"{_show(value)} is not one of {', '.join(choices)}")
        return value  # type: ignore[return-value]
    return check


def _optional(check: Callable[[object], object]) -> Callable[[object], object]:
    def optional(value: object) -> object:
        return None if value is None else check(value)
    optional.optional = True  # type: ignore[attr-defined]
    return optional


def _show(value: object) -> str:
    """A value from the file for a message: short, and safe to print (see safe_text)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = value.text if isinstance(value, _LongNumber) else json_for_terminal(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:39] + "…"


SESSION_FIELDS: dict[str, Callable[[object], object]] = {
    "uuid": _text,
    "routine_name": _text,
    "routine_file": _optional(_any_text),
    "routine_hash": _optional(_text),
    "started": _time,
    "ended": _optional(_time),
    "status": _one_of(model.SESSION_STATUSES),
    "source": _one_of(model.SOURCES),
    "planned_seconds": _seconds(MOST_SECONDS),
    "active_seconds": _seconds(MOST_SECONDS),
    "paused_seconds": _seconds(MOST_ASIDE_SECONDS),
    "pain_before": _optional(_pain),
    "pain_after": _optional(_pain),
    "note": _optional(_any_text),
    "exercise_total": _optional(_count(0)),  # missing: the exercises listed
    "edited_at": _optional(_time),  # missing: never corrected
}
EXERCISE_FIELDS: dict[str, Callable[[object], object]] = {
    "position": _count(0, MOST_COUNT - 1),
    "phase": _text,
    "phase_kind": _one_of(model.PHASE_KINDS),
    "name": _text,
    "status": _one_of(model.EXERCISE_STATUSES),
    "planned_seconds": _seconds(MOST_SECONDS),
    "active_seconds": _seconds(MOST_SECONDS),
    "sets_completed": _count(0),
    "set_count": _count(1),
    "start_offset": _optional(_seconds(MOST_ASIDE_SECONDS)),
    "end_offset": _optional(_seconds(MOST_ASIDE_SECONDS)),
    "work_seconds": _optional(_seconds(MOST_SECONDS)),  # missing: an export from before work time was kept
    "planned_work_seconds": _optional(_seconds(MOST_SECONDS)),
}


def read_file(path: Path, now: datetime | None = None) -> Export:
    """The sessions of the export file at `path`, as read_document gives them; ExchangeError otherwise.

    At most MOST_FILE_BYTES (64 MiB) are read. A FIFO, a device such as /dev/zero, a socket or a
    folder is refused at once, without reading (see fileio.read_limited), and so is text that is not
    UTF-8. Every message starts with the path.
    """
    where = for_terminal(path)
    advice = "give an export file, made with coach export FILE"
    try:
        data = read_limited(path, MOST_FILE_BYTES)
    except NotARegularFile as error:
        raise ExchangeError([f"{where}: this is {error.kind}, not a file; {advice}"]) from None
    except FileTooLarge:
        raise ExchangeError([f"{where}: larger than {describe_size(MOST_FILE_BYTES)}, which no coach history "
                             "export comes near (ten years of sessions is about 20 MB)"]) from None
    except OSError as error:
        raise ExchangeError([f"{where}: cannot read it: {error.strerror or error}"]) from None
    try:
        text = data.decode("utf-8-sig")  # a byte order mark, as some Windows editors write, is no harm
    except UnicodeDecodeError as error:
        raise ExchangeError([f"{where}: not a coach history export (byte {error.start:,} is not UTF-8 text); "
                             f"{advice}"]) from None
    return read_document(text, where, now)


def read_document(text: str, where: str, now: datetime | None = None) -> Export:
    """The sessions of an export file, checked and normalised; ExchangeError lists what is wrong.

    `now` (default: the clock) is what "in the future" is measured from.
    """
    latest = (now or datetime.now(timezone.utc)) + CLOCK_SKEW
    try:
        document = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise ExchangeError([f"{where}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"]) from None
    except RecursionError:  # json gives up near a thousand levels: far past MOST_DEPTH
        raise ExchangeError([f"{where}: {_TOO_DEEP}"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError([f'{where}: not a coach history export (expected "format": "{FORMAT}" at the top; '
                             "make one with coach export FILE)"])
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ExchangeError([f"{where}: version: expected a whole number, found {_show(version)}"])
    if version > FORMAT_VERSION:
        raise ExchangeError([f"{where}: written by a newer coach (export version {version}; this coach reads "
                             f"up to {FORMAT_VERSION}); update coach to import it"])
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise ExchangeError([f"{where}: sessions: expected a list of sessions, found {_show(sessions)}"])
    problems = [f"{where}: {problem}" for problem in _structure_problems(document)]
    _refuse(problems, where)
    checked = []
    for index, session in enumerate(sessions):
        checked.append(_check_session(session, f"{where}: sessions[{index}]", problems, latest))
    problems.extend(_repeated_uuids(checked, where))
    deleted = _check_deleted(document.get("deleted", []), where, problems, latest)
    program = _check_program(document.get("program", {}), where, problems, latest)
    _refuse(problems, where)
    return Export(checked, deleted, program)


MOST_TOMBSTONES = 100_000  # deleted sessions in one file: more than ten years of sessions
MOST_UUID_CHARS = 64


def _uuid(value: object) -> str:
    text = _text(value)
    if len(text) > MOST_UUID_CHARS or not all(char.isalnum() or char in "-_" for char in text):
        raise _Invalid(f"{_show(value)} is not a session id (letters, digits, - and _, at most {MOST_UUID_CHARS})")
    return text


TOMBSTONE_FIELDS: dict[str, Callable[[object], object]] = {"uuid": _uuid, "deleted_at": _time}


def _check_deleted(deleted: object, where: str, problems: list[str], latest: datetime) -> list[dict]:
    """The tombstones of an export: each a session's uuid and when it was deleted (not in the future)."""
    if not isinstance(deleted, list):
        problems.append(f"{where}: deleted: expected a list of deleted sessions, found {_show(deleted)}")
        return []
    if len(deleted) > MOST_TOMBSTONES:
        problems.append(f"{where}: deleted: {len(deleted):,} deleted sessions; an export holds at most "
                        f"{MOST_TOMBSTONES:,}")
        return []
    checked = []
    for index, item in enumerate(deleted):
        row = _check_fields(item, TOMBSTONE_FIELDS, f"{where}: deleted[{index}]", problems)
        if row.get("deleted_at") is not None and parse_time(row["deleted_at"]) > latest:
            problems.append(f"{where}: deleted[{index}].deleted_at: {row['deleted_at']} is in the future")
        checked.append(row)
    return checked


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, found {_show(value)}")
    return value


def _list_of(check: Callable[[object], object], most: int) -> Callable[[object], list]:
    def checked(value: object) -> list:
        if not isinstance(value, list) or len(value) > most:
            raise _Invalid(f"expected a list of at most {most}, found {_show(value)}")
        return [check(item) for item in value]
    return checked


def _short_text(value: object) -> str:
    text = _text(value)
    if len(text) > MOST_NAME_CHARS:
        raise _Invalid(f"longer than {MOST_NAME_CHARS} characters")
    return text


MOST_PROGRAM_ROWS = 100_000  # events, marked sessions or morning answers in one file: decades of them
MOST_NAME_CHARS = 2_000  # a program's or a file's name, as a program file allows
STAGE = _count(1, 1_000)
EVENT_FIELDS: dict[str, Callable[[object], object]] = {
    "at": _time,
    "kind": _one_of(("start", "set_stage", "stop", "decision")),
    "program": _short_text,
    "file": _optional(_short_text),
    "stage": _optional(STAGE),
    "from_stage": _optional(STAGE),
    "flare": _flag,
    "action": _optional(_one_of(("start", "advance", "hold", "step_back", "flare_up", "recover"))),
    "reasons": _optional(_list_of(_short_text, 20)),
    "sessions": _optional(_list_of(_uuid, 1_000)),
}
MARK_FIELDS: dict[str, Callable[[object], object]] = {
    "uuid": _uuid, "started": _time, "program": _short_text, "stage": STAGE, "flare": _flag}
ANSWER_FIELDS: dict[str, Callable[[object], object]] = {
    "uuid": _uuid, "answer": _optional(_one_of(("better", "same", "worse"))), "pain": _optional(_pain),
    "answered_at": _time}


def _check_program(program: object, where: str, problems: list[str], latest: datetime) -> dict:
    """The program's log of an export (version 3): events, the sessions run under a program, morning answers."""
    if not isinstance(program, dict):
        problems.append(f"{where}: program: expected an object, found {_show(program)}")
        return {}
    checked = {}
    for part, fields, stamp in (("events", EVENT_FIELDS, "at"), ("sessions", MARK_FIELDS, "started"),
                                ("next_day", ANSWER_FIELDS, "answered_at")):
        rows = program.get(part, [])
        if not isinstance(rows, list) or len(rows) > MOST_PROGRAM_ROWS:
            problems.append(f"{where}: program.{part}: expected a list of at most {MOST_PROGRAM_ROWS:,}, "
                            f"found {_show(rows)}")
            continue
        checked[part] = []
        for index, item in enumerate(rows):
            row = _check_fields(item, fields, f"{where}: program.{part}[{index}]", problems)
            if row.get(stamp) is not None and parse_time(row[stamp]) > latest:
                problems.append(f"{where}: program.{part}[{index}].{stamp}: {row[stamp]} is in the future")
            checked[part].append(row)
    return checked


def _refuse(problems: list[str], where: str) -> None:
    """Raise ExchangeError with the first MOST_PROBLEMS_SHOWN problems, if there are any."""
    if problems:
        shown = problems[:MOST_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"{where}: … and {len(problems) - len(shown)} more problems")
        raise ExchangeError(shown)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs a high and a low; these are alone
_TOO_DEEP = (f"nested more than {MOST_DEPTH} levels deep, where a coach history export has {FORMAT_DEPTH}; "
             "make one with coach export FILE")


def _structure_problems(value: dict | list, path: str = "", depth: int = 1) -> Iterator[str]:
    """Nesting deeper than MOST_DEPTH, and lone surrogates in any text or name, anywhere in `value`
    (in the fields checked later and in those ignored alike); `path` is where `value` is."""
    if depth > MOST_DEPTH:
        yield f"{path}: {_TOO_DEEP}"
        return
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        if isinstance(key, str) and _LONE_SURROGATE.search(key):
            yield f"{_place(path, key)}: the name {_surrogate(key)}"
        if isinstance(item, (dict, list)):
            yield from _structure_problems(item, _place(path, key), depth + 1)
        elif isinstance(item, str) and _LONE_SURROGATE.search(item):
            yield f"{_place(path, key)}: {_surrogate(item)}"


def _place(path: str, key: str | int) -> str:
    """`path` followed by a list index or an object key, as in sessions[3].note."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not key.isidentifier():
        return f"{path}[{_show(key)}]"
    return f"{path}.{key}" if path else key


def _surrogate(text: str) -> str:
    code = ord(_LONE_SURROGATE.search(text).group())  # type: ignore[union-attr]
    return (f"{_show(text)} has a lone surrogate (\\u{code:04x}), half of a character: it can be neither "
            "stored nor shown")


def _repeated_uuids(sessions: list[dict], where: str) -> Iterator[str]:
    first_with: dict[str, int] = {}
    for index, row in enumerate(sessions):
        uuid = row.get("uuid")
        if uuid in first_with:
            yield (f"{where}: sessions[{index}].uuid: {_show(uuid)} is also the uuid of sessions[{first_with[uuid]}] "
                   "(each session has its own)")
        elif uuid is not None:
            first_with[uuid] = index


def _check_session(session: object, where: str, problems: list[str], latest: datetime) -> dict:
    row = _check_fields(session, SESSION_FIELDS, where, problems)
    for name in ("started", "ended", "edited_at"):
        if row.get(name) is not None and parse_time(row[name]) > latest:
            problems.append(f"{where}.{name}: {row[name]} is in the future (a history holds what was done)")
    if row.get("started") is not None and row.get("ended") is not None and row["ended"] < row["started"]:
        problems.append(f"{where}.ended: {row['ended']} is before the session started ({row['started']})")
    exercises = session.get("exercises", []) if isinstance(session, dict) else []
    if not isinstance(exercises, list):
        problems.append(f"{where}.exercises: expected a list, found {_show(exercises)}")
        exercises = []
    row["exercises"] = [_check_fields(exercise, EXERCISE_FIELDS, f"{where}.exercises[{index}]", problems)
                        for index, exercise in enumerate(exercises)]
    positions = [exercise.get("position") for exercise in row["exercises"]]
    repeated = sorted({position for position in positions if positions.count(position) > 1 and position is not None})
    if repeated:
        problems.append(f"{where}.exercises: position {', '.join(map(str, repeated))} appears more than once")
    for index, exercise in enumerate(row["exercises"]):
        start, end = exercise.get("start_offset"), exercise.get("end_offset")
        if start is not None and end is not None and end < start:
            problems.append(f"{where}.exercises[{index}].end_offset: {end:g} is before its start_offset ({start:g})")
    listed = len(row["exercises"])
    if "exercise_total" in row:  # not when the session itself is not an object
        if row["exercise_total"] is None:
            row["exercise_total"] = listed
        elif row["exercise_total"] < listed:
            problems.append(f"{where}.exercise_total: {row['exercise_total']} is fewer than the exercises "
                            f"listed ({listed})")
    return row


def _check_fields(item: object, fields: Mapping[str, Callable[[object], object]], where: str,
                  problems: list[str]) -> dict:
    if not isinstance(item, dict):
        problems.append(f"{where}: expected an object, found {_show(item)}")
        return {}
    row = {}
    for name, check in fields.items():
        if name not in item:
            if getattr(check, "optional", False) or name == "paused_seconds":
                row[name] = 0.0 if name == "paused_seconds" else None
                continue
            problems.append(f"{where}: {name} is missing")
            continue
        try:
            row[name] = check(item[name])
        except _Invalid as error:
            problems.append(f"{where}.{name}: {error}")
    return row
