"""Running programs for the bench: timed whole processes, and programs in a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

from bench.figures.rows import BenchError

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TERMINAL_SIZE = (100, 30)  # columns, rows


def venv_program(name: str) -> Path:
    """A console script installed next to the bench's own Python (the project's .venv)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise BenchError(f"{path} is missing; run the bench with `make bench` so the venv is set up")
    return path


def use_bytecode_cache() -> Path:
    """Let every measured program keep its compiled bytecode, as a person's coach does.

    A shell with PYTHONDONTWRITEBYTECODE set (this workplace sets it) would make each start of
    coach compile its modules from source again, and the start-up figures would measure the
    compiler. The cache is kept outside the checkout; warm-up runs fill it.
    """
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coach-bench" / "pycache"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    return folder


def coach_home(acknowledged: bool = True) -> Path:
    """A fresh COACH_HOME; with the safety notice already acknowledged, a session starts at once."""
    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    if acknowledged:
        (home / "state.json").write_text('{"safety_acknowledged": true}', encoding="utf-8")
    return home


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured program: a known terminal, the bench's COACH_HOME, nothing inherited
    that would change what coach does (a stray COACH_EXIT_AFTER_FIRST_FRAME would end a session at once)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COACH_", "TEXTUAL"))}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", COACH_HOME=str(home), **extra)
    return env


# Runs one program and reports its wall time, peak RSS (KiB) and exit code. It is a fresh, bare
# Python (about 8.5 MB), because a child's ru_maxrss starts at its parent's high-water mark: spawned
# from the bench itself (50 MB or more), coach would seem to use the bench's memory.
_LAUNCHER = """\
import os, resource, sys, time
null = os.open(os.devnull, os.O_RDWR)
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)])
_, status = os.waitpid(pid, 0)
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class Finished:
    seconds: float
    exit_code: int
    peak_rss_mb: float


def timed_run(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> Finished:
    """Start to exit of one process, and its own peak RSS."""
    try:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _LAUNCHER, *argv], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{shlex.join(argv)} did not finish within {timeout:g} s") from None
    if done.returncode != 0:
        raise BenchError(f"could not time {shlex.join(argv)}: {done.stderr.strip()[-300:]}")
    seconds, peak_kib, exit_code = done.stdout.split()
    return Finished(float(seconds), int(exit_code), int(peak_kib) / 1024)


def hyperfine_runs(argv: list[str], env: dict[str, str], runs: int) -> list[float] | None:
    """Seconds per run from hyperfine, or None when it is not installed."""
    program = shutil.which("hyperfine")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        export = Path(folder) / "hyperfine.json"
        subprocess.run([program, "--shell=none", "--warmup", "1", "--runs", str(max(runs, 2)),
                        "--export-json", str(export), shlex.join(argv)],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return json.loads(export.read_text())["results"][0]["times"]


# A Textual frame is drawn from the top-left cell: the first cursor-home marks the first painted screen
# (the escape sequences before it set the terminal's modes and draw nothing).
FRAME_START = b"\x1b[1;1H"


class PtyProgram:
    """A program running in its own pseudo-terminal, as in a terminal window that nobody types into.

    The bench reads everything the program draws (a terminal would), so it never blocks on a full pty.
    """

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = TERMINAL_SIZE) -> None:
        self.argv = argv
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: give the terminal its size before the program can ask for it
            try:
                columns, rows = size
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.closed_at: float | None = None  # when the program let go of the terminal
        self.first_frame_at: float | None = None  # when its first full frame began to arrive
        self.exit_code: int | None = None
        self.drawn = bytearray()  # the last few KiB, to explain a program that stopped early
        self._cpu_clock: bool | None = None  # whether cpu_seconds reads the process's CPU clock (None: not yet asked)

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def read(self) -> None:
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: every holder of the terminal's other end has gone
            data = b""
        if not data:
            self.closed_at = time.perf_counter()
            return
        self.drawn += data
        if self.first_frame_at is None and FRAME_START in self.drawn[-(len(data) + len(FRAME_START)):]:
            self.first_frame_at = time.perf_counter()
        del self.drawn[:-4096]

    def cpu_seconds(self) -> float:
        """CPU time of the process so far, threads that have ended included: the kernel's CPU clock of the process,
        in nanoseconds; where it cannot be read, user plus system time from /proc/PID/stat, in clock ticks of 10 ms
        (at 0.5 % over 30 s, each tick is 0.03 % of the figure). One program is always read the same way, so a
        difference is never taken between the two."""
        if self._cpu_clock is None:
            try:
                time.clock_gettime(_process_cpu_clock(self.pid))
                self._cpu_clock = True
            except OSError:
                self._cpu_clock = False
        if self._cpu_clock:
            return time.clock_gettime(_process_cpu_clock(self.pid))
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise BenchError(f"no VmHWM in /proc/{self.pid}/status")

    def still_running(self) -> None:
        """Raise, with what the program last drew, if it has already ended."""
        if self.open and not self._reaped():
            return
        tail = self.drawn.decode("utf-8", "replace")[-800:]
        raise BenchError(f"{shlex.join(self.argv)} ended early (exit {self.exit_code}); it last drew: {tail!r}")

    def wait(self, timeout: float) -> float:
        """Seconds from start to exit; the program must exit by itself, with 0, within `timeout`."""
        pump([self], time.perf_counter() + timeout)
        if self.open:
            self.stop()
            raise BenchError(f"{shlex.join(self.argv)} did not exit within {timeout:g} s")
        self._reap(5.0)
        self.stop()
        if self.exit_code != 0:
            tail = self.drawn.decode("utf-8", "replace")[-800:]
            raise BenchError(f"{shlex.join(self.argv)} exited {self.exit_code}; it last drew: {tail!r}")
        return self.closed_at - self.started

    def first_frame_seconds(self) -> float:
        """Seconds from start to the first painted frame (call after wait())."""
        if self.first_frame_at is None:
            raise BenchError(f"{shlex.join(self.argv)} drew no frame")
        return self.first_frame_at - self.started

    def stop(self) -> None:
        """End the program if it still runs (SIGTERM, then SIGKILL), reap it, and close the terminal."""
        for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
            if self.exit_code is not None:
                break
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            self._reap(grace)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _reaped(self) -> bool:
        if self.exit_code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code is not None

    def _reap(self, grace: float) -> bool:
        deadline = time.perf_counter() + grace
        while not self._reaped():
            if time.perf_counter() > deadline:
                return False
            if self.open:  # keep reading, or a program that is still drawing could block on the pty
                pump([self], time.perf_counter() + 0.01)
            else:
                time.sleep(0.001)
        return True


def _process_cpu_clock(pid: int) -> int:
    """The clock id of another process's CPU time (Linux: CPUCLOCK_SCHED of the whole thread group)."""
    return ((~pid) << 3) | 2


def pump(programs: list[PtyProgram], until: float) -> None:
    """Read what the programs draw until `until` (perf_counter time) or until all have closed."""
    while True:
        waiting = {program.fd: program for program in programs if program.open and program.fd >= 0}
        left = until - time.perf_counter()
        if not waiting or left <= 0:
            return
        ready, _, _ = select.select(list(waiting), [], [], left)
        for fd in ready:
            waiting[fd].read()
