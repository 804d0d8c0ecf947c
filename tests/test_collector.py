"""The garbage collector is paused while coach starts and runs again from the first frame."""

from __future__ import annotations

import gc

import pytest

from coach import collector
from tests.helpers.tui import make_app


@pytest.fixture
def collector_on():
    """Whatever a test does, the collector is left as it was found: on."""
    gc.enable()
    yield
    collector.resume()
    gc.enable()


def test_pause_stops_the_collector_and_resume_starts_it(collector_on):
    collector.pause()
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled()


def test_resume_leaves_alone_a_collector_that_someone_else_stopped(collector_on):
    gc.disable()
    collector.pause()  # already off: not ours to turn back on
    collector.resume()
    assert not gc.isenabled()


def test_resume_twice_is_harmless(collector_on):
    collector.pause()
    collector.resume()
    gc.disable()  # turned off again by someone else after our resume
    collector.resume()
    assert not gc.isenabled()


@pytest.mark.pilot
async def test_the_app_lets_the_collector_run_once_its_first_frame_is_drawn(tmp_path, collector_on):
    collector.pause()
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled()


@pytest.mark.pilot
async def test_the_history_app_lets_the_collector_run_once_its_first_frame_is_drawn(collector_on):
    from coach.tui.history_app import HistoryApp
    from coach.tui.screens.history import HistoryData

    collector.pause()
    app = HistoryApp(HistoryData())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled()


def test_the_command_line_pauses_the_collector_until_a_screen_command_reaches_its_screen(
        tmp_path, monkeypatch, collector_on):
    from coach.cli import main
    from coach.tui import launch

    seen = []
    monkeypatch.setattr(launch, "launch", lambda *args, **options: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr("coach.cli.routines.no_terminal", lambda command: False)
    assert main(["--data-dir", str(tmp_path), "run", "back-basics"]) == 0
    assert seen == [False]  # the app turns it back on at its first frame
    assert gc.isenabled()  # and whatever happened there, it is on once coach is done


def test_a_command_that_shows_no_screen_runs_with_the_collector_on(tmp_path, monkeypatch, collector_on):
    from coach.cli import main, routines

    seen = []
    monkeypatch.setattr(routines, "show_settings", lambda args, places: seen.append(gc.isenabled()) or 0)
    assert main(["--data-dir", str(tmp_path), "settings"]) == 0
    assert seen == [True]
