"""The garbage collector is paused while coach starts and runs again from the first frame."""

from __future__ import annotations

import gc

import pytest

from coach.tui import collector
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
