"""A person's own picture of an exercise (`image:`): checked when the routine loads, like a cue sound (a regular file,
a size cap, a PNG or JPEG within 4000×4000, decoded once with the decompression-bomb guard), then drawn in half
blocks beside the clock instead of coach's own figure."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image

from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.figure import Figure
from tests.helpers.tui import make_app, screen_lines, wait_for_screen

ROUTINE = """\
name: Mine
defaults: {{rest: 5s, get_ready: 3s}}
phases:
  - name: Main
    kind: main
    exercises:
      - {{name: My stretch, hold: 20s, image: {image}}}
"""


def png(width: int = 40, height: int = 30, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def with_size(data: bytes, width: int, height: int) -> bytes:
    """The PNG with its header claiming another size (its CRC made right again)."""
    header = data[12:16] + struct.pack(">II", width, height) + data[24:29]
    return data[:8] + data[8:12] + header + struct.pack(">I", zlib.crc32(header)) + data[33:]


def load(tmp_path, name: str):
    routine = tmp_path / "mine.yaml"
    routine.write_text(ROUTINE.format(image=name))
    return load_routine(routine)


def test_a_good_picture_is_found_beside_the_routine(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "stretch.png").write_bytes(png())
    exercise = load(tmp_path, "pics/stretch.png").phases[0].exercises[0]
    assert exercise.image == (tmp_path / "pics" / "stretch.png").resolve()


@pytest.mark.parametrize("make, words", [
    (lambda path: path.write_bytes(with_size(png(), 50_000, 50_000)), "more pixels than is safe to decode"),
    (lambda path: path.write_bytes(with_size(png(), 5000, 100)), "is 5000×100 pixels; a picture may be at most"),
    (lambda path: path.write_bytes(png()[:60]), "cannot be decoded"),
    (lambda path: path.write_bytes(b"GIF89a" + b"\0" * 40), "is not a picture coach can read"),
    (lambda path: path.write_text("just text"), "is not a picture coach can read"),
    (lambda path: os.mkfifo(path), "is not a file; give a PNG or JPEG picture"),
    (lambda path: path.write_bytes(b"\x89PNG" + b"\0" * (6 * 1024 * 1024)), "a picture may be at most 5 MiB"),
    (lambda path: None, "no such file"),
])
def test_a_hostile_picture_is_refused_where_it_is_named(tmp_path, make, words):
    make(tmp_path / "bad.png")
    with pytest.raises(RoutineError) as refused:
        load(tmp_path, "bad.png")
    [problem] = [str(item) for item in refused.value.problems]
    assert problem.startswith(f"{tmp_path / 'mine.yaml'}:7:") and "exercises[0].image: " in problem
    assert words in problem


def test_a_gif_named_png_is_refused_by_its_content(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    (tmp_path / "anim.png").write_bytes(out.getvalue())
    with pytest.raises(RoutineError, match="is a GIF image; give a PNG or JPEG picture"):
        load(tmp_path, "anim.png")


@pytest.mark.pilot
async def test_the_picture_shows_beside_the_clock_in_colour(tmp_path, clock):
    (tmp_path / "stretch.png").write_bytes(png(colour=(10, 200, 30)))
    routine_text = ROUTINE.format(image=str(tmp_path / "stretch.png"))
    app = make_app(tmp_path, routine_text, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await wait_for_screen(pilot, SessionScreen)
        await pilot.pause()
        figure = screen.query_one("#figure", Figure)
        assert figure.display and figure.shown == ("image", str(tmp_path / "stretch.png"), 0)
        lines = screen_lines(app)
        assert sum(line.count("▀") for line in lines) > 100
        strips = app.screen._compositor.render_strips()
        colours = {str(segment.style.color.triplet) for strip in strips for segment in strip
                   if segment.text == "▀" and segment.style and segment.style.color}
        assert any("10" in colour and "200" in colour for colour in colours)
