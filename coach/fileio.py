"""Write files atomically, so a killed process never leaves one half-written."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, text: str | bytes, mode: int | None = None, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place (text as UTF-8).
    `mode`: the permissions the file gets (a temporary file is made private, 0600).
    `durable=False` skips waiting for the disk, for a cache, whose reader passes over a file a crash left empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _written_beside(path, text, durable)
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _written_beside(path: Path, text: str | bytes, durable: bool = True) -> str:
    """A new temporary file in `path`'s folder holding `text` (as UTF-8) or the bytes given, on disk; its name."""
    import tempfile  # here: it costs start-up 6 ms, and only writing needs it

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


class NotARegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected; reading it could hang or never end."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.path = path
        self.kind = kind


class FileTooLarge(OSError):
    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"{path} is larger than {describe_size(limit)}")
        self.path = path
        self.limit = limit


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:g} MiB"
    return f"{size / 1024:g} KiB"


def kind_of(mode: int) -> str:
    """What a file of this st_mode is, in words, for messages."""
    import stat

    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return words
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, refusing at once anything else or anything over `limit`.

    The file is opened without blocking, so a FIFO is refused instead of waiting for a writer, and
    the check is made on the opened file, so it cannot be swapped between looking and reading.
    Raises NotARegularFile, FileTooLarge, or the OSError of the open.
    """
    import stat

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(Path(path), kind_of(info.st_mode))
        if info.st_size > limit:
            raise FileTooLarge(Path(path), limit)
        chunks, size = [], 0
        while size <= limit:  # the size can grow after fstat; never read past the limit
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(Path(path), limit)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def write_new_atomically(path: Path, text: str | bytes, replace: bool = False) -> None:
    """Write `text` to `path` through a temporary file beside it, never leaving it half-written.

    Without `replace`, the file is linked into place, which fails with FileExistsError if something
    appeared at `path` meanwhile, so nothing is ever overwritten. (Where the file system has no hard
    links, the temporary file is renamed after one more look.)
    """
    if replace:
        write_atomically(path, text)
        return
    temporary = _written_beside(path, text)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares)
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
