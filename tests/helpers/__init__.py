"""Test helpers, one import path: `from tests.helpers import FakeClock, make_app, ...`.

- engine.py: a fake clock and wall, routines written from dicts, an engine with a recorder;
- tui.py: the real app on a fake clock, and waiting for screens with Pilot;
- terminal.py: coach in a real pseudo-terminal, for signals and what a terminal sees;
- mounts.py: a read-only bind mount and a tiny tmpfs (root only; they skip otherwise);
- cli.py: coach as a separate process (run_coach).

The fixtures built on them (`clock`, `coach_home`) are in tests/conftest.py.
"""

from tests.helpers.cli import run_coach
from tests.helpers.engine import FakeClock, FakeWall, Recorder, exercise, make_engine, routine, steps
from tests.helpers.tui import SHORT_ROUTINE, advance, make_app, screen_lines, text_of, wait_for_screen

__all__ = ["FakeClock", "FakeWall", "Recorder", "SHORT_ROUTINE", "advance", "exercise", "make_app", "make_engine",
           "routine", "run_coach", "screen_lines", "steps", "text_of", "wait_for_screen"]
