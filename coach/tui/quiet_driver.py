"""Textual's Linux and macOS driver, with an input thread that sleeps until there is something to do.

Textual's own input thread wakes ten times a second, whether or not a key was pressed, to see whether the app is
stopping and whether a lone Escape has waited long enough to count as the Escape key. In a session, where nobody
types for minutes, those wake-ups cost about as much CPU as the screen's once-a-second update (measured with
`make bench`). This thread waits on the terminal and on a pipe that stopping writes to, and wakes on a timer only
while a key sequence is half read.

What it reads, and how, is Textual's code unchanged (`LinuxDriver.run_input_thread`, Textual 8.2): only the wait
differs. Should a later Textual's parser no longer say when its timeout is due, the thread waits as Textual's does.

It also writes the first frame itself. Textual hands every write to an output thread, which must then win the
interpreter lock from a main thread busy with what follows the first paint (Ready, the work put off until after the
first frame): the frame reached the terminal 2–4 ms after it was drawn, measured in `make bench`'s pseudo-terminal.
Until the app has shown its first frame, this driver writes (and flushes) in the calling thread; from then on
through Textual's thread, which the queue keeps in order. Nothing was queued before, so nothing is written out of turn.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from threading import Event
from typing import Callable

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

POLL_SECONDS = 0.1  # Textual's own wait, kept while a sequence is half read or when the parser cannot say


class _WakingEvent(Event):
    """An Event whose set() also wakes the input thread from its wait."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()
        self._wake()


class QuietLinuxDriver(LinuxDriver):
    def __init__(self, app: App, **options) -> None:
        super().__init__(app, **options)
        self._wake_read: int | None = None  # the pipe stopping writes to: made as input starts, closed with close()
        self._wake_write: int | None = None
        self.exit_event = _WakingEvent(self._wake_input_thread)
        self._writes_directly = True  # until the first frame is out (see the module's docstring)

    def write(self, data: str) -> None:
        if self._writes_directly:
            self._file.write(data)
        else:
            super().write(data)

    def flush(self) -> None:
        if self._writes_directly:
            self._file.flush()
        else:
            super().flush()

    def first_frame_shown(self) -> None:
        """From now on, write through Textual's output thread."""
        self._writes_directly = False

    def start_application_mode(self) -> None:
        """Also after a suspend (Ctrl+Z, then fg): Textual closes the driver when suspending and starts it again."""
        self._open_wake_pipe()
        super().start_application_mode()

    def _open_wake_pipe(self) -> None:
        if self._wake_read is None:
            self._wake_read, self._wake_write = os.pipe()
            os.set_blocking(self._wake_read, False)
            os.set_blocking(self._wake_write, False)

    def _wake_input_thread(self) -> None:
        fd = self._wake_write
        if fd is None:  # no input thread was started, or the driver is closed
            return
        try:
            os.write(fd, b"!")
        except OSError:  # the pipe is full (a wake-up is pending anyway)
            pass

    def close(self) -> None:
        super().close()
        ends, self._wake_read, self._wake_write = (self._wake_read, self._wake_write), None, None
        for fd in ends:
            if fd is not None:
                os.close(fd)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (LinuxDriver.run_input_thread, but with a wait that ends on input,
        on stopping, or when a half-read sequence's timeout is due)."""
        wake = self._wake_read
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        if wake is not None:
            selector.register(wake, selectors.EVENT_READ)
        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ
        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        read = os.read

        def process_selector_events(selector_events: list[tuple[selectors.SelectorKey, int]],
                                    final: bool = False) -> None:
            for last, (selector_key, mask) in loop_last(selector_events):
                if selector_key.fd == wake:
                    _drain(wake)
                    continue
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:  # stdin is a pipe that has ended
                        break
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(wait_seconds(parser) if wake is not None else POLL_SECONDS))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(POLL_SECONDS), final=True)
        finally:
            selector.close()
            try:
                for _ in feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def wait_seconds(parser: XTermParser, now: Callable[[], float] = get_time) -> float | None:
    """How long the input thread may sleep: until a half-read sequence's timeout is due, else until woken.

    Textual's parser keeps that moment in `_timeout_time`, on its own clock (textual._time.get_time). Without it (a
    Textual that changed), the thread polls as Textual's own does."""
    if not hasattr(parser, "_timeout_time"):
        return POLL_SECONDS
    due = parser._timeout_time
    if due is None:
        return None
    return min(POLL_SECONDS, max(0.0, due - now()))


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except (BlockingIOError, OSError):
        pass


def quiet_driver_class(chosen: type[Driver]) -> type[Driver]:
    """The quiet driver where Textual chose its Linux/macOS one; any other (Windows, headless, a driver named in
    TEXTUAL_DRIVER) as it is."""
    return QuietLinuxDriver if chosen is LinuxDriver else chosen


class QuietInput:
    """For coach's apps (put before App among the bases): run on the quiet driver where Textual would run on its
    Linux/macOS one, and tell it when the first frame has been shown."""

    _driver: Driver | None  # App's, which this is mixed into

    def get_driver_class(self) -> type[Driver]:
        return quiet_driver_class(super().get_driver_class())  # type: ignore[misc]

    def post_display_hook(self) -> None:
        super().post_display_hook()  # type: ignore[misc]
        if isinstance(self._driver, QuietLinuxDriver):
            self._driver.first_frame_shown()
