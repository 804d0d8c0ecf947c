"""What the session screen shows, straight from the engine (no Textual)."""

from coach.session.engine import SessionEngine
from coach.tui.display import describe
from tests.engine_helpers import FakeClock, exercise, steps


def test_extra_time_on_a_tempo_step_says_the_reps_are_done(tmp_path):
    clock = FakeClock()
    engine = SessionEngine("R", steps(tmp_path, exercise("March", reps=4, tempo=3), get_ready=0), now=clock)
    engine.start()
    assert describe(engine).detail == "Rep 1 of 4"
    engine.extend()
    clock.advance(11)
    engine.update()
    assert describe(engine).detail == "Rep 4 of 4"
    clock.advance(1)
    engine.update()
    assert describe(engine).detail == "All 4 reps done · extra time"
    assert describe(engine).clock == "0:15"
