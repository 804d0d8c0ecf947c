"""Helpers for driving the real app with Pilot and an injected clock."""

from __future__ import annotations

from pathlib import Path

from coach.paths import Places
from coach.routine.loader import load_routine
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.widgets.big_text import BigText
from tests.helpers.engine import FakeClock

SHORT_ROUTINE = """\
name: Test routine
defaults:
  rest: 5s
  get_ready: 3s
  rest_between_sets: 4s
  rest_between_reps: 2s
  switch_sides: 3s
  countdown: 3
phases:
  - name: Warm-up
    kind: warmup
    exercises:
      - name: Cat-cow
        reps: 2
        hold: 5s
        cues: ["Arch slowly, then round"]
  - name: Core
    kind: main
    exercises:
      - name: Bird dog
        sets: 2
        reps: [2, 1]
        hold: 4s
        sides: true
        cues: [Keep your back flat]
      - name: Dead bug
        reps: 8
"""


def make_app(tmp_path: Path, text: str = SHORT_ROUTINE, clock: FakeClock | None = None, **options) -> CoachApp:
    routine_file = tmp_path / "routine.yaml"
    routine_file.write_text(text, encoding="utf-8")
    options.setdefault("settings", Settings(safety_acknowledged=True))
    options.setdefault("no_checkin", True)
    return CoachApp(Places(tmp_path / "data", tmp_path / "data"), routine=load_routine(routine_file),
                    now=clock or FakeClock(), **options)


async def wait_for_screen(pilot, screen_type, attempts: int = 50):
    """Let the app settle until `screen_type` is on top (screen switches take a few messages)."""
    for _ in range(attempts):
        if isinstance(pilot.app.screen, screen_type):
            return pilot.app.screen
        await pilot.pause()
    raise AssertionError(f"expected {screen_type.__name__}, got {type(pilot.app.screen).__name__}")


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    """Move time on and let the session screen catch up, as its wake-up timer would."""
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


def text_of(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    return widget.text if isinstance(widget, BigText) else str(widget.content)


def screen_lines(app) -> list[str]:
    """The terminal as a person sees it: the composited screen, one string per row."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
