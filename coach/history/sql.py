"""The history's SQL: column lists and the statements the store and the journal's writer run."""

from __future__ import annotations

SESSION_COLUMNS = (
    "uuid", "routine_name", "routine_file", "routine_hash", "started", "ended", "status", "source",
    "planned_seconds", "active_seconds", "paused_seconds", "pain_before", "pain_after", "note",
)
# Columns added after SESSION_COLUMNS was first used by scripts that insert rows by it (such as
# bench/history_scale.py); writes and the export format use ROW_COLUMNS, which ends with these.
LATER_COLUMNS = ("exercise_total", "edited_at")
LATER_DEFAULTS = {"exercise_total": 0, "edited_at": None}  # for a writer that does not know them
ROW_COLUMNS = SESSION_COLUMNS + LATER_COLUMNS
EXERCISE_COLUMNS = (  # in StoredExercise's field order
    "position", "name", "phase", "phase_kind", "status", "planned_seconds", "active_seconds",
    "sets_completed", "set_count", "start_offset", "end_offset", "work_seconds", "planned_work_seconds",
)
TOTAL_COLUMNS = ("exercise_count", "done_count", "painful_count", "aerobic_seconds", "work_seconds")
# The work time of an exercise; one recorded before coach kept it apart counts its active time.
WORK = "COALESCE(work_seconds, active_seconds)"
SUMMARY_QUERY = f"""
    SELECT id, {", ".join(ROW_COLUMNS + TOTAL_COLUMNS)} FROM sessions
    WHERE started >= ? ORDER BY started, id
"""
# What a person can correct (coach history edit, e on the history screen): once corrected, a later write of
# the session's older copy (the summary still open, a recovery file) keeps the correction.
CORRECTABLE = ("pain_before", "pain_after", "note", "started")
UPSERT_SESSION = (
    f"INSERT INTO sessions ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"
    " ON CONFLICT (uuid) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in ROW_COLUMNS
                if column not in ("uuid", "source", "routine_hash", "edited_at", *CORRECTABLE))
    + "".join(f", {column} = CASE WHEN edited_at IS NULL THEN excluded.{column} ELSE {column} END"
              for column in CORRECTABLE)
    + ", routine_hash = COALESCE(excluded.routine_hash, routine_hash)"
    + ", edited_at = COALESCE(excluded.edited_at, edited_at)"  # a correction made meanwhile stays marked
)
INSERT_SESSION = (
    f"INSERT INTO sessions ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"
)
# A re-done exercise (after `back`) comes again with the same position and replaces its row.
UPSERT_EXERCISE = (
    f"INSERT OR REPLACE INTO exercises (session_id, {', '.join(EXERCISE_COLUMNS)})"
    f" VALUES (?, {', '.join('?' * len(EXERCISE_COLUMNS))})"
)
EXERCISE_QUERY = f"SELECT session_id, {', '.join(EXERCISE_COLUMNS)} FROM exercises"


def _json_value(column: str) -> str:
    """A column for json_object(); whole seconds as integers, as formatting REALs is SQLite's slow part."""
    if not column.endswith(("seconds", "offset")):
        return column
    return f"CASE WHEN {column} = CAST({column} AS INTEGER) THEN CAST({column} AS INTEGER) ELSE {column} END"


# A session in the export format's JSON, made by SQLite (several times faster than building and
# encoding dictionaries in Python) and kept in `session_exports`, so that exporting only reads it.
# The exercises come in position order because the search walks the (session_id, position) key.
SESSION_JSON = f"""
    json_object(
        {", ".join(f"'{column}', {_json_value('s.' + column)}" for column in ROW_COLUMNS)},
        'exercises', (
            SELECT json_group_array(json_object(
                {", ".join(f"'{column}', {_json_value('e.' + column)}" for column in EXERCISE_COLUMNS)}))
            FROM exercises AS e WHERE e.session_id = s.id))
"""
# exercise_total is raised to the exercises recorded when it is lower (0: a writer that did not know it).
REFRESH_TOTALS = f"""
    UPDATE sessions SET ({", ".join(TOTAL_COLUMNS)}, exercise_total) = (
        SELECT COUNT(*), COALESCE(SUM(status = 'done'), 0), COALESCE(SUM(status = 'pain'), 0),
               COALESCE(SUM(CASE WHEN phase_kind = 'aerobic' THEN {WORK} END), 0),
               COALESCE(SUM({WORK}), 0),
               MAX(sessions.exercise_total, COUNT(*))
        FROM exercises WHERE session_id = sessions.id)
    WHERE id = ?
"""
REFRESH_EXPORT = f"INSERT OR REPLACE INTO session_exports (session_id, json) SELECT s.id, {SESSION_JSON} FROM sessions AS s WHERE s.id = ?"
DOCUMENT_QUERY = """
    SELECT s.id, x.json FROM sessions AS s JOIN session_exports AS x ON x.session_id = s.id
    WHERE s.started >= ? ORDER BY s.started, s.id
"""
FRESH_DOCUMENT_QUERY = f"SELECT {SESSION_JSON} FROM sessions AS s WHERE s.id = ?"
