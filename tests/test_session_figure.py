"""The exercise's picture on the session screen: beside the clock where there is room, never at the clock's cost,
the start position before an exercise, the held position during a hold, and moving with a tempo's count."""

from __future__ import annotations

import pytest

from coach.pictures.choose import figure_for
from coach.routine.expand import StepKind, expand
from coach.routine.loader import load_routine
from coach.settings import Settings
from coach.tui.screens.session import SessionScreen
from coach.tui.session_layout import session_layout
from coach.tui.widgets.figure import Figure
from tests.helpers.tui import advance, make_app, screen_lines, wait_for_screen

TEMPO = """\
name: Tempo
defaults: {rest: 5s, get_ready: 3s, countdown: 0}
phases:
  - name: Warm-up
    kind: warmup
    exercises:
      - {name: Cat-cow, reps: 4, tempo: 4s}
      - {name: Child's pose, hold: 20s}
      - {name: Mystery move, hold: 10s}
"""


def steps(tmp_path):
    routine_file = tmp_path / "tempo.yaml"
    routine_file.write_text(TEMPO)
    return expand(load_routine(routine_file))


def test_the_frame_follows_the_step_and_the_tempo(tmp_path):
    timeline = steps(tmp_path)
    get_ready, cat_cow, rest, child, rest2, mystery = timeline
    assert get_ready.kind is StepKind.GET_READY and figure_for(get_ready, 1.0, cat_cow) == ("pose", "cat-cow", 0)
    assert [figure_for(cat_cow, t, rest)[2] for t in (0, 1, 1.9, 2, 3, 4, 5, 6.5)] == [0, 0, 0, 1, 1, 0, 0, 1]
    assert figure_for(rest, 2.0, child) == ("pose", "childs-pose", 0)  # the next one's start: get into position
    assert figure_for(child, 12.0, rest2) == ("pose", "childs-pose", 0)  # its held (and only) frame
    assert figure_for(mystery, 1.0, None) is None and figure_for(rest2, 1.0, mystery) is None


@pytest.mark.parametrize("size, where", [((80, 24), None), ((99, 40), None), ((100, 30), None), ((120, 35), "beside"),
                                          ((160, 50), "beside"), ((140, 12), None), ((100, 50), "above"),
                                          ((200, 60), "above")])
def test_the_picture_takes_room_only_the_clock_can_spare(size, where):
    from coach.tui.session_layout import _clock_scale
    from coach.tui.widgets.big_text import block_rows

    layout = session_layout(*size)
    assert (bool(layout.figure_columns), bool(layout.figure_rows)) == (where == "beside", where == "above")
    alone = _clock_scale(size[0], layout.clock_rows)
    if where == "beside":  # the digits stay 13 rows tall or more, two steps smaller at most
        beside = _clock_scale(size[0] - layout.figure_columns, layout.clock_rows)
        assert beside >= 5 and beside >= alone - 2 and layout.figure_columns <= size[0] // 3
    if where == "above":  # in rows the digits leave unused: the clock loses nothing
        assert layout.figure_rows <= layout.clock_rows - block_rows(alone)


@pytest.mark.pilot
async def test_the_figure_sits_beside_the_clock_and_moves_with_the_tempo(tmp_path, clock):
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await pilot.pause()
        figure = screen.query_one("#figure", Figure)
        assert figure.display and figure.shown == ("pose", "cat-cow", 0)  # get ready: the start position
        clock_box, figure_box = screen.query_one("#clock").region, figure.region
        assert figure_box.x >= clock_box.right and figure_box.width == session_layout(120, 35).figure_columns
        await advance(pilot, clock, 3.0)  # the first rep begins
        first = figure.shown
        drawn = "\n".join(line[figure_box.x:] for line in screen_lines(app))
        assert first == ("pose", "cat-cow", 0) and any(0x2800 < ord(ch) <= 0x28FF for ch in drawn)
        await advance(pilot, clock, 2.0)  # halfway through the rep
        assert figure.shown == ("pose", "cat-cow", 1)
        await pilot.pause()
        assert "\n".join(line[figure_box.x:] for line in screen_lines(app)) != drawn  # the screen moved too
        await advance(pilot, clock, 2.0)  # the next rep's first half
        assert figure.shown == ("pose", "cat-cow", 0)
        assert screen.query_one("#clock").text.strip()  # the clock is still there, as large as before


@pytest.mark.pilot
async def test_no_figure_on_a_small_screen_or_when_pictures_are_off(tmp_path, clock):
    small = make_app(tmp_path, TEMPO, clock)
    async with small.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        assert not any(figure.display for figure in screen.query(Figure))
    off = make_app(tmp_path, TEMPO, clock, settings=Settings(safety_acknowledged=True, pictures="off"))
    async with off.run_test(size=(160, 50)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        assert not any(figure.display for figure in screen.query(Figure))
        assert not any(0x2800 < ord(ch) <= 0x28FF for line in screen_lines(off) for ch in line)


@pytest.mark.parametrize("size, shown", [((120, 35), True), ((80, 24), False), ((40, 12), False)])
@pytest.mark.pilot
async def test_the_home_screen_shows_a_routines_exercises_as_pictures_where_there_is_room(tmp_path, size, shown):
    from coach.tui.screens.home import HomeScreen
    from tests.test_tui_home import home_app

    app = home_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        figures = home.query_one("#routine-figures")
        braille = [ch for line in screen_lines(app) for ch in line if 0x2800 < ord(ch) <= 0x28FF]
        assert figures.display is shown and bool(braille) is shown
        if shown:
            assert figures.region.bottom <= home.query_one("KeyFooter").region.y  # above the keys, on screen
            below = screen_lines(app)[figures.region.y:figures.region.bottom]
            labels = next(line for line in below if "Cat-cow" in line)  # each picture is named under it
            assert "Pelvic tilt" in labels and below.index(labels) > 0


@pytest.mark.pilot
async def test_on_a_tall_screen_the_picture_goes_above_the_clock(tmp_path, clock):
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await pilot.pause()
        above, beside = screen.query_one("#figure-above", Figure), screen.query_one("#figure", Figure)
        assert above.display and not beside.display and above.shown == ("pose", "cat-cow", 0)
        assert above.region.bottom <= screen.query_one("#clock").region.y


@pytest.mark.pilot
async def test_an_exercise_without_a_picture_leaves_the_clock_its_room(tmp_path, clock):
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        screen.action_skip_exercise()  # Cat-cow
        screen.action_skip_exercise()  # Child's pose
        await advance(pilot, clock, 0.0)
        for _ in range(6):
            if screen._shown and screen._shown.title == "Mystery move":
                break
            await advance(pilot, clock, 1.0)
        figure = screen.query_one("#figure", Figure)
        assert screen._shown.figure is None and not figure.display
        assert screen.query_one("#clock").region.width == 120


@pytest.mark.pilot
async def test_the_moving_part_is_drawn_in_the_accent_colour(tmp_path, clock):
    """The figure's rows are the braille drawing, cell for cell, with the moving part's cells in the accent."""
    from rich.color import Color

    from coach.pictures.library import poses
    from coach.pictures.render import to_braille

    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await advance(pilot, clock, 3.0)
        figure = screen.query_one("#figure", Figure)
        columns, rows = figure.content_size
        picture = to_braille(poses()["cat-cow"], 0, columns, rows)
        lines = [figure.render_line(y) for y in range(rows)]
        assert [line.text for line in lines] == list(picture.rows)
        accent = Color.parse(app.current_theme.accent)
        coloured = set()
        for y, line in enumerate(lines):
            x = 0
            for segment in line:
                if segment.style is not None and segment.style.color == accent:
                    coloured.update((y, x + offset) for offset in range(len(segment.text)))
                x += len(segment.text)
        assert picture.moving and coloured == set(picture.moving)
