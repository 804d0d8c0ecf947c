"""The quiet driver: its input thread sleeps until a key (or stopping) wakes it, and reads keys as Textual's does."""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from coach.tui.app import CoachApp
from coach.tui.history_app import HistoryApp
from coach.tui.quiet_driver import POLL_SECONDS, QuietLinuxDriver, quiet_driver_class, wait_seconds


def test_an_idle_parser_lets_the_thread_sleep_until_woken():
    assert wait_seconds(XTermParser(), now=lambda: 100.0) is None


def test_a_half_read_sequence_wakes_the_thread_when_its_timeout_is_due():
    parser = XTermParser()
    list(parser.feed("\x1b"))  # a lone Escape: the start of a sequence, or the Escape key once its timeout passes
    due = parser._timeout_time
    assert due is not None
    assert wait_seconds(parser, now=lambda: due - 0.03) == pytest.approx(0.03)
    assert wait_seconds(parser, now=lambda: due + 5) == 0.0
    assert wait_seconds(parser, now=lambda: due - 60) == POLL_SECONDS  # never longer than Textual's own wait


def test_a_parser_that_cannot_say_is_polled_as_textual_polls_it():
    class Other:
        pass

    assert wait_seconds(Other()) == POLL_SECONDS  # type: ignore[arg-type]


def test_coachs_apps_run_on_the_quiet_driver_where_textual_would_use_its_linux_one():
    assert quiet_driver_class(LinuxDriver) is QuietLinuxDriver
    assert quiet_driver_class(HeadlessDriver) is HeadlessDriver
    for app_class in (CoachApp, HistoryApp):
        chosen = App.get_driver_class(App())
        assert quiet_driver_class(chosen) is app_class.get_driver_class(App.__new__(app_class))


@contextmanager
def quiet_driver():
    """A quiet driver reading a pipe instead of the terminal (made inside the running loop, as Textual makes it);
    Textual's signal handlers put back afterwards. Gives (driver, the pipe's writing end)."""
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    read_end, write_end = os.pipe()
    try:
        made = QuietLinuxDriver(App())
        made.fileno = read_end
        made.received = []
        made.process_message = made.received.append
        made._open_wake_pipe()  # as start_application_mode does, before it starts the input thread
        try:
            yield made, write_end
        finally:
            made.exit_event.set()
            made.close()
    finally:
        for fd in (read_end, write_end):
            os.close(fd)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _keys(received) -> list[str]:
    return [event.key for event in received if isinstance(event, events.Key)]


def _until(condition, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.slow  # real time: the thread's waits are the point
async def test_the_input_thread_sleeps_reads_keys_and_stops_when_told(monkeypatch):
    with quiet_driver() as (made, keyboard):
        _run_input_thread(made, keyboard, monkeypatch)


@pytest.mark.slow  # real time
async def test_after_a_suspend_the_input_thread_starts_again_on_a_new_pipe(monkeypatch):
    """Textual closes the driver when suspending (Ctrl+Z) and starts its input again on resuming (fg)."""
    with quiet_driver() as (made, keyboard):
        _run_input_thread(made, keyboard, monkeypatch)
        made.exit_event.clear()  # as disable_input leaves it
        made.close()
        assert made._wake_read is None
        made.exit_event.set()  # nothing to wake, and nothing written anywhere
        made.exit_event.clear()
        made.received.clear()
        made._open_wake_pipe()
        _run_input_thread(made, keyboard, monkeypatch)


def _run_input_thread(made, keyboard, monkeypatch) -> None:
    ticks = []
    real_tick = XTermParser.tick
    monkeypatch.setattr(XTermParser, "tick", lambda parser: (ticks.append(1), real_tick(parser))[1])
    thread = threading.Thread(target=made.run_input_thread, daemon=True)
    thread.start()
    time.sleep(0.6)
    assert len(ticks) <= 1  # Textual's own thread would have woken 6 times by now

    os.write(keyboard, b"a")
    assert _until(lambda: _keys(made.received) == ["a"])
    os.write(keyboard, b"\x1b")  # Escape alone: reported once its timeout passes, with no other key to wake it
    assert _until(lambda: _keys(made.received) == ["a", "escape"])
    os.write(keyboard, b"\x1b[A")  # a whole sequence at once: one key
    assert _until(lambda: _keys(made.received) == ["a", "escape", "up"])

    made.exit_event.set()
    thread.join(timeout=2)
    assert not thread.is_alive()


HOLD = """\
name: One long hold
defaults: {get_ready: 1s}
phases:
  - name: Cool-down
    kind: cooldown
    exercises:
      - {name: Child's pose, duration: 600s}
"""


@pytest.mark.slow  # a real coach in a real pseudo-terminal, stopped and continued by signals
def test_coach_stopped_and_continued_reads_keys_again(tmp_path):
    """Ctrl+Z then fg (SIGTSTP, SIGCONT): Textual suspends the driver and starts it again; keys must still work."""
    from tests.helpers.terminal import CoachInTerminal

    home = tmp_path / "home"
    home.mkdir()
    (home / "state.json").write_text('{"safety_acknowledged": true}', encoding="utf-8")
    routine = tmp_path / "hold.yaml"
    routine.write_text(HOLD, encoding="utf-8")
    terminal = CoachInTerminal("run", str(routine), "--no-checkin", "--mute", home=home)
    try:
        terminal.wait_for("Pause")
        terminal.signal(signal.SIGTSTP)
        terminal.pump(0.5)
        terminal.signal(signal.SIGCONT)
        terminal.pump(0.5)
        before = len(terminal.output)
        terminal.press(" ")
        deadline = time.monotonic() + 10
        while b"Resume" not in terminal.output[before:]:
            assert time.monotonic() < deadline, f"space did nothing after fg: {terminal.text[-400:]!r}"
            terminal.pump(0.1)
        terminal.press("q")
        terminal.wait_for("End this session?")
        terminal.press("y")
        terminal.wait_for("How is your back now?")
        terminal.press("s")
        terminal.pump(0.3)
        terminal.press("q")
        assert terminal.wait() == 0
    finally:
        terminal.close()


class _Terminal:
    """Stands in for the terminal file: what was written, and what of it was flushed."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.flushed = 0

    def write(self, data: str) -> None:
        self.written.append(data)

    def flush(self) -> None:
        self.flushed = len(self.written)


class _OutputThread:
    """Stands in for Textual's output thread: what was queued for it."""

    def __init__(self) -> None:
        self.queued: list[str] = []

    def write(self, data: str) -> None:
        self.queued.append(data)


def _driver_on(app: App) -> tuple[QuietLinuxDriver, _Terminal, _OutputThread]:
    made = QuietLinuxDriver(app)
    made._file, made._writer_thread = _Terminal(), _OutputThread()
    return made, made._file, made._writer_thread


async def test_the_first_frame_is_written_at_once_and_later_ones_through_textuals_output_thread():
    made, terminal, thread = _driver_on(App())
    made.write("\x1b[?1049h")
    made.write("first frame")
    made.flush()
    assert terminal.written == ["\x1b[?1049h", "first frame"] and terminal.flushed == 2
    assert thread.queued == []
    made.first_frame_shown()
    made.write("second frame")
    made.flush()
    assert thread.queued == ["second frame"]
    assert terminal.written == ["\x1b[?1049h", "first frame"]


async def test_coachs_apps_tell_their_driver_once_a_frame_has_been_shown():
    for app_class in (CoachApp, HistoryApp):
        app = App.__new__(app_class)
        made, terminal, thread = _driver_on(App())
        app._driver = made
        made.write("first frame")
        app.post_display_hook()  # Textual calls it after each frame it writes
        made.write("second frame")
        assert terminal.written == ["first frame"], app_class.__name__
        assert thread.queued == ["second frame"], app_class.__name__
