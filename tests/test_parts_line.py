"""A line of parts (the summary's figures) breaks between parts, never inside one."""

from __future__ import annotations

import pytest
from textual.app import App

from coach.tui.widgets.parts_line import PartsLine, parts_in_lines

PARTS = ["Back basics", "Work 12:00 of 14:30 planned", "total 17:05 with rests", "9 of 11 exercises done",
         "paused 0:08"]


def test_parts_that_fit_share_a_line_and_a_part_that_does_not_starts_the_next():
    assert parts_in_lines(PARTS, 200) == " · ".join(PARTS)
    assert parts_in_lines(PARTS, 41).splitlines() == [  # the first two parts are 41 cells together
        "Back basics · Work 12:00 of 14:30 planned", "total 17:05 with rests", "9 of 11 exercises done · paused 0:08"]
    assert parts_in_lines(PARTS, 40).splitlines()[:2] == ["Back basics", "Work 12:00 of 14:30 planned"]


def test_wide_characters_are_measured_in_cells_and_a_part_too_wide_stands_alone():
    assert parts_in_lines(["腰痛体操", "abc"], 10).splitlines() == ["腰痛体操", "abc"]  # 8 cells + 3 + 3 > 10
    assert parts_in_lines(["x" * 50, "y"], 20).splitlines() == ["x" * 50, "y"]


@pytest.mark.pilot
@pytest.mark.parametrize("width", [40, 100])
async def test_drawn_the_widget_never_breaks_a_part(width):
    class Shown(App):
        def compose(self):
            yield PartsLine(PARTS)

    app = Shown()
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.pause()
        widget = app.query_one(PartsLine)
        drawn = ["".join(segment.text for segment in strip).rstrip()
                 for strip in app.screen._compositor.render_strips()][:widget.region.height]
        assert [line for line in drawn if line] == parts_in_lines(PARTS, width).splitlines()


@pytest.mark.pilot
async def test_compact_the_parts_wrap_as_words_do_to_save_lines():
    class Shown(App):
        def compose(self):
            yield PartsLine(PARTS)

    app = Shown()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(PartsLine)
        await pilot.pause()
        tidy = widget.region.height
        widget.set_compact(True)
        await pilot.pause()
        assert widget.region.height < tidy
