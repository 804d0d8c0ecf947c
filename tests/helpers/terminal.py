"""coach in a real pseudo-terminal: what a person's terminal would see, and signals as the system sends them."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path


class CoachInTerminal:
    """`coach ARGS` in a pty; `output` accumulates every byte it wrote."""

    def __init__(self, *args: str, home: Path, env: dict | None = None, size: tuple[int, int] = (100, 30)) -> None:
        import fcntl
        import struct
        import termios

        environment = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm-256color", **(env or {})}
        self.pid, self.terminal = pty.fork()
        if self.pid == 0:  # the child: coach
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
                os.execve(sys.executable, [sys.executable, "-m", "coach", *args], environment)
            finally:
                os._exit(127)
        self.output = b""
        self.status: int | None = None

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def pump(self, seconds: float) -> None:
        """Read what coach writes for `seconds` (or until it closes the terminal)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.terminal >= 0:
            if not select.select([self.terminal], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self.terminal, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, words: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never appeared; the end of the output: {self.text[-600:]!r}")
            self.pump(0.1)

    def press(self, keys: str) -> None:
        os.write(self.terminal, keys.encode())

    def signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel sends SIGHUP."""
        os.close(self.terminal)
        self.terminal = -1

    def wait(self, timeout: float = 20.0) -> int:
        """The exit status (as subprocess gives it), reading the output meanwhile."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = os.waitstatus_to_exitcode(status)
                self.pump(0.2)
                return self.status
            if self.terminal >= 0:
                self.pump(0.05)
            else:
                time.sleep(0.05)
        self.kill()
        raise AssertionError("coach did not end in time")

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass

    def close(self) -> None:
        self.kill()
        if self.terminal >= 0:
            os.close(self.terminal)
            self.terminal = -1
