"""Why the history cannot be used, in words for people: the one error screens and commands catch."""

from __future__ import annotations

import errno
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 5.0  # WAL write transactions last milliseconds; this covers a second coach writing


class HistoryUnavailable(Exception):
    """The history cannot be opened or written; the message says why and what would fix it.

    `kind` lets callers react without parsing words: "read-only", "full", "busy", "damaged",
    "foreign", "newer", "folder" or "other".
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


def unavailable(error: BaseException, path: Path) -> HistoryUnavailable:
    """The HistoryUnavailable for an SQLite or OS error met at `path`."""
    return HistoryUnavailable(*_explained(error, path))


def explain(error: BaseException, path: Path) -> str:
    """What went wrong with the history at `path`, and what would fix it."""
    return _explained(error, path)[0]


def _explained(error: BaseException, path: Path) -> tuple[str, str]:
    name = getattr(error, "sqlite_errorname", "") or ""
    number = getattr(error, "errno", None)
    folder = path.parent
    try:
        if path.is_dir():  # SQLite calls this a disk I/O error
            return not_a_file(path), "folder"
    except OSError:
        pass
    if name.startswith("SQLITE_FULL") or number == errno.ENOSPC or "database or disk is full" in str(error):
        return (f"disk full: the disk holding {folder} has no space left; free some space so coach can "
                "save your sessions", "full")
    if (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"))
            or number in (errno.EACCES, errno.EPERM, errno.EROFS)):
        return (f"cannot write the history in {folder} (it is read-only or not yours); make the folder "
                "writable, or choose another with --data-dir DIR or COACH_HOME", "read-only")
    if name.startswith("SQLITE_IOERR") and _nearly_full(folder):  # e.g. no room for the -shm file
        return (f"disk full: the disk holding {folder} has no space left; free some space so coach can "
                "save your sessions", "full")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path} stayed locked by another program for more than {BUSY_TIMEOUT_SECONDS:g} s; "
                "close it and try again", "busy")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged(path, str(error)), "damaged"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk failed while writing {path} ({error}); check the disk and free space", "other"
    reason = getattr(error, "strerror", None) or str(error)
    return f"{path}: {reason}", "other"


NEARLY_FULL_BYTES = 256 * 1024


def _nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def damaged(path: Path, detail: str) -> str:
    return (f"{path} is damaged or is not a coach history ({detail}). coach left it exactly as it was; "
            "move it aside (for example rename it to history.db.broken) and coach will start a new history")


def foreign(path: Path, detail: str) -> str:
    return (f"{path} is not a coach history ({detail}). coach left it exactly as it was; move it aside, "
            "or choose another data folder with --data-dir DIR or COACH_HOME")


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold the history because it, or a folder above it, is a file; None when it can."""
    for place in (folder, *folder.parents):
        try:
            if place.is_dir():
                return None
            if not place.exists():
                continue
        except OSError:  # cannot even look; opening will say why
            return None
        if place == folder:
            return (f"the data folder {folder} is a file, not a folder; move it aside, or choose another "
                    "folder with --data-dir DIR or COACH_HOME")
        return (f"cannot keep the history in {folder}: {place} is a file, not a folder; choose another "
                "folder with --data-dir DIR or COACH_HOME")
    return None


def not_a_file(path: Path) -> str:
    return (f"{path} is a folder, not a history file. coach left it as it was; move it aside (for example "
            "rename it to history.db.folder) and coach will start a new history")


def newer(path: Path, found: int, known: int) -> str:
    return (f"{path} was written by a newer coach (history format {found}; this coach reads up to "
            f"{known}). coach left it unchanged; update coach to use it")


class SessionNotFound(Exception):
    """No session, or more than one, answers to an id; or a correction that does not apply to it."""
