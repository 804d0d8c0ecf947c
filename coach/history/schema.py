"""The history database's schema: forward migrations, numbered by `PRAGMA user_version`."""

from __future__ import annotations

import sqlite3
from typing import Callable

from coach.session.pain import LEAST, MOST

Migration = Callable[[sqlite3.Connection], None]


def _create_tables(connection: sqlite3.Connection) -> None:
    connection.execute(f"""
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            routine_name TEXT NOT NULL,
            routine_file TEXT,
            routine_hash TEXT,
            started TEXT NOT NULL,
            ended TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('running', 'completed', 'stopped', 'pain_stopped', 'interrupted')),
            source TEXT NOT NULL CHECK (source IN ('guided', 'manual', 'imported')),
            planned_seconds REAL NOT NULL DEFAULT 0,
            active_seconds REAL NOT NULL DEFAULT 0,
            paused_seconds REAL NOT NULL DEFAULT 0,
            pain_before INTEGER CHECK (pain_before BETWEEN {LEAST} AND {MOST}),
            pain_after INTEGER CHECK (pain_after BETWEEN {LEAST} AND {MOST}),
            note TEXT,
            -- How many exercises the routine has, reached or not: a session cut short after 2 of 5
            -- is 40% done, not 100%. The store keeps it at least exercise_count.
            exercise_total INTEGER NOT NULL DEFAULT 0 CHECK (exercise_total >= 0),
            -- Totals of the session's exercises, kept by the store on every write
            -- (store.refresh_derived), so that listing 5,000 sessions reads one small table
            -- instead of grouping 75,000 exercise rows each time.
            exercise_count INTEGER NOT NULL DEFAULT 0,
            done_count INTEGER NOT NULL DEFAULT 0,
            painful_count INTEGER NOT NULL DEFAULT 0,
            aerobic_seconds REAL NOT NULL DEFAULT 0
        )""")
    # `started` is UTC ISO 8601 with a fixed format, so text order is time order.
    connection.execute("CREATE INDEX sessions_by_started ON sessions (started)")
    connection.execute("CREATE INDEX sessions_by_status ON sessions (status)")
    # The primary key (session_id, position) is the index for a session's exercises,
    # and what makes a re-done exercise replace its row.
    connection.execute("""
        CREATE TABLE exercises (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            phase TEXT NOT NULL,
            phase_kind TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'partial', 'pain')),
            planned_seconds REAL NOT NULL DEFAULT 0,
            active_seconds REAL NOT NULL DEFAULT 0,
            sets_completed INTEGER NOT NULL DEFAULT 0,
            set_count INTEGER NOT NULL DEFAULT 1,
            start_offset REAL,
            end_offset REAL,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID""")
    # Each session in the export format, exercises included, also kept by the store on every
    # write: making the JSON of 10 years takes SQLite over 100 ms, reading it back 30 ms. A table
    # of its own keeps `sessions` small to scan.
    connection.execute("""
        CREATE TABLE session_exports (
            session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            json TEXT NOT NULL
        )""")


def _add_work_time(connection: sqlite3.Connection) -> None:
    """Work time (holds, reps, durations) apart from the rests inside an exercise. Older rows keep NULL:
    the totals count their active time instead."""
    connection.execute("ALTER TABLE exercises ADD COLUMN work_seconds REAL")
    connection.execute("ALTER TABLE exercises ADD COLUMN planned_work_seconds REAL")
    connection.execute("ALTER TABLE sessions ADD COLUMN work_seconds REAL NOT NULL DEFAULT 0")
    connection.execute("""
        UPDATE sessions SET work_seconds = (
            SELECT COALESCE(SUM(active_seconds), 0) FROM exercises WHERE session_id = sessions.id)""")


def _add_corrections(connection: sqlite3.Connection) -> None:
    """Corrections: when a session was last edited, and the UUIDs of deleted sessions (tombstones), so an
    export carries deletions and an import elsewhere does not bring a deleted session back."""
    connection.execute("ALTER TABLE sessions ADD COLUMN edited_at TEXT")
    connection.execute("""
        CREATE TABLE deleted_sessions (
            uuid TEXT PRIMARY KEY,
            deleted_at TEXT NOT NULL
        ) WITHOUT ROWID""")


def _add_programs(connection: sqlite3.Connection) -> None:
    """Programs: what was started, set and stopped, and every decision, in `program_events`; which sessions
    were run under a program and at which stage, in `program_sessions`; and the next-morning check of a
    session, in `next_day` (an answer of NULL with no pain: the person skipped the question)."""
    connection.execute("""
        CREATE TABLE program_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('start', 'set_stage', 'stop', 'decision')),
            program TEXT NOT NULL,
            file TEXT,
            stage INTEGER CHECK (stage >= 1),
            from_stage INTEGER CHECK (from_stage >= 1),
            flare INTEGER NOT NULL DEFAULT 0,
            action TEXT,
            reasons TEXT,
            sessions TEXT
        )""")
    connection.execute("""
        CREATE TABLE program_sessions (
            uuid TEXT PRIMARY KEY,
            start_id INTEGER NOT NULL REFERENCES program_events (id),
            stage INTEGER NOT NULL CHECK (stage >= 1),
            flare INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID""")
    connection.execute(f"""
        CREATE TABLE next_day (
            uuid TEXT PRIMARY KEY,
            answer TEXT CHECK (answer IN ('better', 'same', 'worse')),
            pain INTEGER CHECK (pain BETWEEN {LEAST} AND {MOST}),
            answered_at TEXT NOT NULL
        ) WITHOUT ROWID""")


def _add_reminders(connection: sqlite3.Connection) -> None:
    """Reminders: each one shown (or printed where there is no notification service), and what the person did
    with it: snoozed, skipped the day, started, or dismissed. `slot` is the local time reminded about
    ("2026-11-30T18:00"), so that no time is reminded about twice."""
    connection.execute("""
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            slot TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('shown', 'printed', 'snoozed', 'skipped', 'started', 'dismissed'))
        )""")
    connection.execute("CREATE INDEX reminders_by_slot ON reminders (slot)")


# MIGRATIONS[n] brings a database from version n to n + 1. Only ever append to this list.
MIGRATIONS: list[Migration] = [_create_tables, _add_work_time, _add_corrections, _add_programs, _add_reminders]
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x636F6163  # "coac" in the file header (PRAGMA application_id): this file is coach's history
COACH_TABLES = {"sessions", "exercises", "session_exports", "deleted_sessions", "program_events", "program_sessions",
                "next_day", "reminders"}
LEGACY_TABLES = {"sessions", "exercises", "session_exports"}  # a history from before the application_id mark


def schema_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def migrate(connection: sqlite3.Connection, refresh: Migration | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION in one transaction; returns the version it had.

    `refresh` runs in the same transaction after an upgrade of a history that had a schema already: it
    rebuilds what the store derives from the rows (totals, the kept export JSON) with today's code.

    The version is read again under the write lock, so two coaches opening a new
    database at once migrate it once. The caller has refused newer versions already.
    """
    if schema_version(connection) == SCHEMA_VERSION and _application_id(connection) == APPLICATION_ID:
        return SCHEMA_VERSION
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = schema_version(connection)
        if found > SCHEMA_VERSION:  # another coach, newer, got there first
            connection.execute("ROLLBACK")
            return found
        for migration in MIGRATIONS[found:]:
            migration(connection)
        if found and refresh is not None:
            refresh(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("COMMIT")
    except BaseException:
        # A full disk makes SQLite roll back by itself; rolling back again would hide the real error.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return found


def _application_id(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA application_id").fetchone()[0]
