"""SVG snapshots of the session screen, so a change to its layout is a visible diff.

Made with pytest-textual-snapshot; after an intended change, look at the new pictures and
accept them with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.helpers import FakeClock, advance, make_app, wait_for_screen
from coach.tui.screens.session import SessionScreen

pytestmark = pytest.mark.pilot  # pytest-textual-snapshot drives the app as Pilot does


def session_at(tmp_path, seconds: float):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)

    async def run_before(pilot) -> None:
        screen = await wait_for_screen(pilot, SessionScreen)
        while not screen.query("#sound-status"):  # composed
            await pilot.pause()
        await advance(pilot, clock, seconds)
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_the_session_screen_on_one_side_of_a_set(snap_compare, tmp_path, size):
    app, run_before = session_at(tmp_path, 20)  # Bird dog: set 1, left side, rep 1
    assert snap_compare(app, terminal_size=size, run_before=run_before)
