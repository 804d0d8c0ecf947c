"""Pictures as pixels on a graphics terminal: the protocol chosen from the environment alone, textual-image's widget
in the figure's place (Kitty or Sixel escapes in what it draws), braille for `unicode`, and braille, without a
traceback, when textual-image is missing or fails."""

from __future__ import annotations

import sys
from io import StringIO

import pytest

from coach.pictures.graphics import KITTY, SIXEL, fitted_picture, graphics_protocol
from coach.settings import Settings
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets import graphics_image
from coach.tui.widgets.figure import Figure
from tests.helpers.tui import advance, make_app, screen_lines, wait_for_screen
from tests.test_session_figure import TEMPO

KITTY_ENV = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}


@pytest.mark.parametrize("pictures, environ, protocol", [
    ("auto", {"TERM": "xterm-kitty"}, KITTY),
    ("auto", {"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, KITTY),  # kitty +kitten ssh keeps TERM
    ("auto", {"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"}, KITTY),
    ("auto", {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, SIXEL),  # no Kitty placeholders there
    ("auto", {"TERM": "foot"}, SIXEL),
    ("auto", {"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.4.19"}, SIXEL),
    ("auto", {"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.2.9"}, None),
    ("auto", {"TERM": "xterm-256color", "KONSOLE_VERSION": "230805"}, SIXEL),
    ("auto", {"TERM": "xterm-256color", "KONSOLE_VERSION": "210804"}, None),  # before Konsole's Sixel
    ("auto", {"TERM": "xterm-256color"}, None),  # xterm, VTE terminals, the Linux console: braille
    ("auto", {}, None),
    ("auto", {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0", "KITTY_WINDOW_ID": "1"}, None),
    ("auto", {"TERM": "screen-256color", "KITTY_WINDOW_ID": "1"}, None),
    ("auto", {"TERM": "xterm-kitty", "STY": "1234.pts-0.host"}, None),
    ("auto", {"TERM": "xterm-256color", "COACH_GRAPHICS": "kitty"}, KITTY),
    ("auto", {"TERM": "xterm-256color", "COACH_GRAPHICS": " Sixel "}, SIXEL),
    ("auto", {"TERM": "xterm-kitty", "COACH_GRAPHICS": "none"}, None),
    ("auto", {"TERM": "xterm-kitty", "COACH_GRAPHICS": "iterm"}, None),  # unknown: the safe choice
    ("auto", {"TMUX": "/tmp/tmux-0/default,1,0", "COACH_GRAPHICS": "sixel"}, SIXEL),  # forcing is forcing
    ("unicode", {"TERM": "xterm-kitty", "COACH_GRAPHICS": "kitty"}, None),
    ("off", {"TERM": "xterm-kitty", "COACH_GRAPHICS": "kitty"}, None),
])
def test_the_protocol_comes_from_the_environment_and_the_setting(pictures, environ, protocol):
    assert graphics_protocol(pictures, environ) == protocol


def test_a_pose_is_fitted_to_the_cells_standing_on_their_bottom_edge():
    picture = fitted_picture("pose", "cat-cow", 0, 300, 200)
    assert picture.size == (300, 200) and picture.mode == "RGBA"
    box = picture.getbbox()  # what is not transparent: the pose's white card
    assert box[3] == 200 and (box[0], 300 - box[2]) in ((box[0], box[0]), (box[0], box[0] + 1))
    assert picture.getpixel((box[0] + 1, box[1] + 1))[:3] == (255, 255, 255)


def test_on_a_background_the_pose_is_drawn_opaque_with_that_colour_around_it():
    """For Sixel, which has no transparency: the colour behind the picture, not the terminal's palette's guess."""
    picture = fitted_picture("pose", "cat-cow", 0, 300, 200, (18, 19, 20))
    transparent = fitted_picture("pose", "cat-cow", 0, 300, 200)
    assert picture.mode == "RGB" and picture.size == (300, 200)
    assert picture.getpixel((0, 0)) == picture.getpixel((299, 0)) == (18, 19, 20)
    box = transparent.getbbox()
    assert picture.getpixel((box[0] + 1, box[1] + 1)) == (255, 255, 255)  # the card, where it was


def test_a_picture_of_ones_own_that_cannot_be_read_now_is_none(tmp_path):
    assert fitted_picture("image", str(tmp_path / "gone.png"), 0, 100, 100) is None


@pytest.fixture
def graphics(monkeypatch):
    """A terminal whose cell is 8×16 pixels, what is written to stdout kept, and textual-image loaded anew."""
    written = StringIO()
    monkeypatch.setattr(sys, "__stdout__", written)
    monkeypatch.setattr(graphics_image, "cell_pixels", lambda: (8, 16))
    graphics_image.image_widget.cache_clear()
    yield written
    graphics_image.image_widget.cache_clear()


def braille_in(app, figure) -> list[str]:
    box = figure.region
    return [ch for line in screen_lines(app)[box.y:box.bottom] for ch in line[box.x:box.right]
            if 0x2800 < ord(ch) <= 0x28FF]


async def session_figure(pilot) -> Figure:
    screen = await wait_for_screen(pilot, SessionScreen)
    await pilot.pause()
    await pilot.pause()  # textual-image's widget is mounted after the first frame
    return screen.query_one("#figure", Figure)


async def through_the_tempo(pilot, clock, figure, each_second=lambda: None) -> None:
    """12 s of TEMPO, a second at a time: the get-ready, then reps whose start and end positions alternate."""
    frames = []
    for _ in range(12):
        await advance(pilot, clock, 1.0)
        await pilot.pause()
        each_second()
        frames.append(figure.shown[2])
    assert frames.count(0) >= 2 and frames.count(1) >= 2 and "".join(map(str, frames)).count("01") >= 2


@pytest.mark.pilot
async def test_on_kitty_the_figure_is_textual_images_widget_sending_the_png(tmp_path, clock, graphics,
                                                                          monkeypatch):
    from textual_image.widget import TGPImage

    monkeypatch.setenv("COACH_GRAPHICS", "kitty")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        pixels = figure.query_one(TGPImage)
        columns, rows = figure.content_size.width, figure.content_size.height
        assert pixels.image.size == (columns * 8, rows * 16) and pixels.region == figure.content_region
        assert braille_in(app, figure) == []
        sent = graphics.getvalue()  # the picture goes to the terminal as Kitty APC messages, then is placed
        assert sent.startswith("\x1b_G") and "f=100" in sent and "a=p,i=" in sent and f"c={columns},r={rows},U=1" in sent
        drawn = "".join(screen_lines(app))
        assert drawn.count(chr(0x10EEEE)) == columns * rows  # Kitty's placeholder, one a cell


@pytest.mark.pilot
async def test_on_a_sixel_terminal_the_figure_draws_sixels(tmp_path, clock, graphics, monkeypatch):
    from textual_image.widget import SixelImage

    monkeypatch.setenv("COACH_GRAPHICS", "sixel")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        assert figure.query_one(SixelImage).image.size == (figure.content_size.width * 8,
                                                           figure.content_size.height * 16)
        drawn = "".join(screen_lines(app))
        assert "\x1bP" in drawn and drawn.count("\x1bP") == 1 and braille_in(app, figure) == []


@pytest.mark.pilot
async def test_a_tempos_two_frames_are_each_encoded_once_however_often_they_alternate(tmp_path, clock, graphics,
                                                                                        monkeypatch):
    """Sixel encoding costs tenths of a second a picture at this size: each frame keeps its widget, shown in turn."""
    from textual_image.widget import SixelImage
    from textual_image.widget import sixel as sixel_widget

    encoded = []
    real = sixel_widget.image_to_sixels
    monkeypatch.setattr(sixel_widget, "image_to_sixels", lambda image, *rest: (encoded.append(image.size),
                                                                                real(image, *rest))[1])
    monkeypatch.setenv("COACH_GRAPHICS", "sixel")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)

        def one_shown() -> None:
            shown = [widget for widget in figure.query(SixelImage) if widget.visible]
            assert len(shown) == 1 and len(figure.query(SixelImage)) <= 2

        await through_the_tempo(pilot, clock, figure, one_shown)
        assert len(encoded) == 2  # the start position's picture and the end position's, once each
        drawn = "".join(screen_lines(app))
        assert drawn.count("\x1bP") == 1 and braille_in(app, figure) == []


@pytest.mark.pilot
async def test_on_kitty_each_frame_is_sent_to_the_terminal_once_however_often_it_shows(tmp_path, clock, graphics,
                                                                                       monkeypatch):
    """Kitty keeps a picture until told to delete it: showing a frame again sends nothing but its placeholders."""
    monkeypatch.setenv("COACH_GRAPHICS", "kitty")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        await through_the_tempo(pilot, clock, figure)
        sent = graphics.getvalue()
        assert sent.count("a=p,") == 2 and sent.count("a=d,") == 0  # two pictures placed; none deleted
        columns, rows = figure.content_size.width, figure.content_size.height
        assert "".join(screen_lines(app)).count(chr(0x10EEEE)) == columns * rows


@pytest.mark.pilot
async def test_sixel_on_a_terminal_that_does_not_give_its_cells_size_draws_braille(tmp_path, clock, graphics,
                                                                                   monkeypatch):
    monkeypatch.setattr(graphics_image, "cell_pixels", lambda: None)
    monkeypatch.setenv("COACH_GRAPHICS", "sixel")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        assert not figure.children and braille_in(app, figure)


@pytest.mark.pilot
async def test_pictures_unicode_draws_braille_even_where_pixels_are_forced(tmp_path, clock, graphics, monkeypatch):
    monkeypatch.setenv("COACH_GRAPHICS", "kitty")
    app = make_app(tmp_path, TEMPO, clock, settings=Settings(safety_acknowledged=True, pictures="unicode"))
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        assert not figure.children and braille_in(app, figure) and graphics.getvalue() == ""


@pytest.mark.parametrize("failure", ["missing", "failing"])
@pytest.mark.pilot
async def test_textual_image_missing_or_failing_means_braille_and_no_traceback(tmp_path, clock, graphics,
                                                                               monkeypatch, capfd, failure):
    if failure == "missing":
        monkeypatch.setitem(sys.modules, "textual_image.widget", None)  # as if not installed
    else:
        import coach.pictures.graphics

        def broken(*args):
            raise OSError("no pixels today")

        monkeypatch.setattr(coach.pictures.graphics, "fitted_picture", broken)
    monkeypatch.setenv("COACH_GRAPHICS", "kitty")
    app = make_app(tmp_path, TEMPO, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        figure = await session_figure(pilot)
        await pilot.pause()
        assert not figure.children and braille_in(app, figure)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err + graphics.getvalue() and app.return_code in (None, 0)


def test_loading_textual_image_asks_the_terminal_nothing(graphics, monkeypatch):
    """Even with stdout a terminal: the import sees none, so textual-image sends no query and waits for no reply."""
    class Terminal(StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "__stdout__", terminal)
    for name in [name for name in sys.modules if name.startswith("textual_image")]:
        monkeypatch.delitem(sys.modules, name)
    asked = []
    monkeypatch.setattr("select.select", lambda *args: asked.append(args) or ([], [], []))
    widget = graphics_image.image_widget(KITTY)
    assert widget.__mro__[1].__name__ == "TGPImage" and terminal.getvalue() == "" and asked == []
    assert sys.__stdout__ is terminal
