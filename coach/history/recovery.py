"""Sessions the history could not take, kept as files in the export format until it can.

When coach ends with a session whose newest state is not in the history (the history was
locked, the disk full or read-only, the file deleted), the session is written to a recovery
file: in `<data folder>/recovery`, or where that cannot be written, the user's cache folder,
or the temporary folder. Each file's name carries a key of the history it belongs to, so a
shared cache or temporary folder never hands one person's data folder another's sessions.
The next coach that opens that history for writing adds the sessions (by UUID, replacing an
older state of the same session) and removes the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from coach.fileio import write_atomically
from coach.history import exchange, model
from coach.history.errors import HistoryUnavailable
from coach.history.store import HistoryStore, save

PREFIX = "recovered-"


@dataclass(frozen=True)
class Recovered:
    sessions: int = 0
    files: tuple[Path, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def message(self) -> str | None:
        """One line for the person, or None when there was nothing to recover."""
        if not self.sessions and not self.problems:
            return None
        parts = []
        if self.sessions:
            if self.sessions == 1:
                parts.append("Recovered 1 session that could not be saved before; it is in your history now.")
            else:
                parts.append(f"Recovered {self.sessions} sessions that could not be saved before; they are in "
                             "your history now.")
        parts.extend(self.problems)
        return " ".join(parts)


def folders(data_dir: Path) -> list[Path]:
    """Where recovery files go, in order of preference."""
    import platformdirs

    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [
        data_dir / "recovery",
        Path(platformdirs.user_cache_dir("coach", appauthor=False)) / "recovery",
        Path(tempfile.gettempdir()) / f"coach-recovery-{uid}",
    ]


def _ours(folder: Path) -> bool:
    """Whether `folder` is this user's alone: owned by them, and nobody else may write in it. A shared
    cache or temporary folder must not let another user hand coach sessions to add to a history."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o022


def _key(history_db: Path) -> str:
    return hashlib.sha256(str(Path(history_db).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _owned(path: Path) -> bool:
    try:
        return path.lstat().st_uid == (os.getuid() if hasattr(os, "getuid") else path.lstat().st_uid)
    except OSError:
        return False


def write(sessions: Sequence[dict], history_db: Path, now: datetime | None = None) -> Path:
    """Write `sessions` (export format) to a new recovery file; its path, or the OSError of the last place tried."""
    now = now or datetime.now(timezone.utc)
    documents = [json.dumps(session, ensure_ascii=False) for session in sessions]
    text = exchange.dump(documents, now)
    name = f"{PREFIX}{_key(history_db)}-{now:%Y%m%dT%H%M%S}-{sessions[0]['uuid'][:8]}.json"
    failure: OSError | None = None
    for folder in folders(Path(history_db).parent):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _ours(folder):
                failure = PermissionError(f"{folder} is not yours alone")
                continue
            target = folder / name
            write_atomically(target, text)
        except OSError as error:
            failure = error
            continue
        return target
    assert failure is not None
    raise failure


def pending(history_db: Path) -> list[Path]:
    """The recovery files waiting for this history, oldest first."""
    pattern = f"{PREFIX}{_key(history_db)}-*.json"
    found: list[Path] = []
    for folder in folders(Path(history_db).parent):
        if not _ours(folder):
            continue
        try:
            found.extend(path for path in folder.glob(pattern)
                         if path.is_file() and not path.is_symlink() and _owned(path))
        except OSError:
            continue
    return sorted(found, key=lambda path: path.name)


def recover(store: HistoryStore, now: datetime | None = None) -> Recovered:
    """Add the sessions of every pending recovery file to `store`, removing each file once it is in.

    A file that cannot be read or is not a valid export is left where it is, and named in a problem.
    """
    if store.read_only:
        return Recovered()
    count, done, problems = 0, [], []
    for path in pending(store.path):
        try:
            sessions = exchange.read_file(path, now=now)
        except exchange.ExchangeError as error:
            problems.append(f"A recovery file could not be read and was left as it was: {error.problems[0]}")
            continue
        try:
            store.write(lambda connection: _add(connection, sessions))
        except HistoryUnavailable as error:
            problems.append(f"Recovery file {path} could not be added yet: {error}")
            break
        try:
            path.unlink()
        except OSError:
            pass  # adding it again later changes nothing: sessions are matched by UUID
        count += len(sessions)
        done.append(path)
    return Recovered(count, tuple(done), tuple(problems))


def _add(connection, sessions: Sequence[dict]) -> None:
    for session in sessions:
        row = {key: value for key, value in session.items() if key != "exercises"}
        if row["status"] == model.RUNNING:  # nothing runs it any more
            row["status"] = model.INTERRUPTED
        save(connection, row, session["exercises"])


def open_history(path: Path, reading: bool = False) -> tuple[HistoryStore, str | None]:
    """The history at `path` with pending recovery files added, and what to tell the person of them.

    `reading`: for commands that only read, a history that cannot be written is opened read-only.
    Raises HistoryUnavailable.
    """
    store = HistoryStore.open_for_reading(path) if reading else HistoryStore.open(path)
    return store, recover(store).message()
