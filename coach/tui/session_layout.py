"""Which parts of the session screen fit a terminal of a given size, in order of what matters on a mat.

Pure: a width and height in, a SessionLayout out, so every size can be tested without an app.

Always first, in this order: the time left, the exercise name, the set/side/rep line, the current
cue and the key hints. Then, while rows remain, in this order: a 3-row clock, a second cue row, a
second row for the set/side/rep line on a narrow screen, a 5-row clock, the phase line, next-up,
progress, the sound line, a title band, a third cue row and blank rows between groups. Whatever is
left goes to the clock, whose digits grow to fill it. From FIGURE_WIDTH columns, when the clock has
FIGURE_ROWS rows, the exercise's picture goes above the digits where they leave rows unused (a tall
screen), or else beside them, up to a third of the width, where the digits stay at least 13 rows
tall and lose at most two steps of size (figure_place). From LARGE up the name is drawn in block
letters and the side gets a banner of its own, so "LEFT" can be read from the floor.
"""

from __future__ import annotations

from dataclasses import dataclass

LARGE = (140, 40)
FIGURE_WIDTH = 100  # from this width, and FIGURE_ROWS of clock, the exercise's picture sits beside the clock
FIGURE_ROWS = 8
FIGURE_MOST_COLUMNS = 56
SIDE_BANNER_ROWS = 5
NARROW = 50  # below this width the set/side/rep line may need two rows


@dataclass(frozen=True)
class SessionLayout:
    clock: bool = True
    title_rows: int = 0  # 1: a plain line; 3: a band; 5: a band with the name in block letters
    detail_rows: int = 0
    cue_rows: int = 0
    footer: bool = False
    phase_line: bool = False
    next_line: bool = False
    progress: bool = False
    sound_status: bool = False
    spacing: bool = False  # a blank row above the title, next-up and progress
    side_banner: bool = False  # the side in block letters (LARGE and up)
    clock_rows: int = 1  # the rows left for the clock, which takes the rest of the screen
    paused_rows: int = 1  # the PAUSED sign, taken from the clock's rows while paused
    figure_columns: int = 0  # the picture beside the clock (0: none; the first thing to go)
    figure_rows: int = 0  # the picture above the clock, on a tall screen (0: none)

    @property
    def title_scale(self) -> int:
        """The largest block letters for the name: only in the 5-row band; 0 for plain text."""
        return 2 if self.title_rows >= 5 else 0


def session_layout(width: int, height: int) -> SessionLayout:
    left = height
    chosen: dict[str, int | bool] = {}

    def take(name: str, rows: int, value: int | bool = True) -> bool:
        nonlocal left
        if rows > left:
            return False
        left -= rows
        chosen[name] = value
        return True

    # The five things always shown, as long as a row remains for each: clock, name, where, cue, keys.
    take("clock", 1)
    take("title_rows", 1, 1)
    take("detail_rows", 1, 1)
    take("cue_rows", 1, 1)
    take("footer", 1)
    clock = 1
    if take("clock3", 2):
        clock = 3
    take("cue_rows", 1, 2)
    if width < NARROW:
        take("detail_rows", 1, 2)
    if clock == 3 and take("clock5", 2):
        clock = 5
    for name in ("phase_line", "next_line", "progress", "sound_status"):
        take(name, 1)
    take("title_rows", 2, 3)
    if chosen.get("cue_rows") == 2 and chosen.get("title_rows") == 3:
        take("cue_rows", 1, 3)
    take("spacing", 3)
    if width >= LARGE[0] and height >= LARGE[1]:
        take("title_rows", 2, 5)
        if chosen.get("title_rows") == 5:
            take("side_banner", SIDE_BANNER_ROWS + 1)  # and a blank row above it
    clock += left
    figure, figure_rows = figure_place(width, clock)
    return SessionLayout(
        clock=True,
        title_rows=int(chosen.get("title_rows", 0)),
        detail_rows=int(chosen.get("detail_rows", 0)),
        cue_rows=int(chosen.get("cue_rows", 0)),
        footer=bool(chosen.get("footer", False)),
        phase_line=bool(chosen.get("phase_line", False)),
        next_line=bool(chosen.get("next_line", False)),
        progress=bool(chosen.get("progress", False)),
        sound_status=bool(chosen.get("sound_status", False)),
        spacing=bool(chosen.get("spacing", False)),
        side_banner=bool(chosen.get("side_banner", False)),
        clock_rows=clock,
        paused_rows=paused_rows(clock),
        figure_columns=figure,
        figure_rows=figure_rows,
    )


FIGURE_LEAST_COLUMNS = 24
FIGURE_LEAST_SCALE = 5  # digits 13 rows tall: the least the clock keeps beside a picture
FIGURE_MOST_STEPS = 2  # … and the most steps of size it gives up for one
FIGURE_MOST_ROWS = 16
CLOCK_SAMPLE = "00:00"  # the clock as it mostly reads


def figure_place(width: int, clock_rows: int) -> tuple[int, int]:
    """Where the exercise's picture goes: (columns beside the clock, rows above it); (0, 0) for nowhere.

    Above the clock when the clock's digits leave FIGURE_ROWS rows unused (a tall screen): it then costs the timer
    nothing. Else beside it, up to a third of the width, when the digits stay as large as without it, or at least
    FIGURE_LEAST_SCALE (13 rows tall) having lost at most FIGURE_MOST_STEPS steps of size. The picture is the first
    thing to go on a small screen."""
    if width < FIGURE_WIDTH or clock_rows < FIGURE_ROWS:
        return 0, 0
    from coach.tui.widgets.big_text import block_rows

    alone = _clock_scale(width, clock_rows)
    spare = clock_rows - block_rows(alone)
    if spare >= FIGURE_ROWS:
        return 0, min(spare, FIGURE_MOST_ROWS)
    for columns in range(min(FIGURE_MOST_COLUMNS, width // 3), FIGURE_LEAST_COLUMNS - 1, -1):
        beside = _clock_scale(width - columns, clock_rows)
        if beside == alone or beside >= max(FIGURE_LEAST_SCALE, alone - FIGURE_MOST_STEPS):
            return columns, 0
    return 0, 0


def _clock_scale(width: int, rows: int) -> int:
    from coach.tui.widgets.big_text import block_rows, block_width

    return next((scale for scale in range(12, 0, -1)
                 if block_rows(scale) <= rows and block_width(CLOCK_SAMPLE, scale) <= width), 0)


def paused_rows(clock_rows: int) -> int:
    """PAUSED in block letters when the clock can spare the rows and keep its own 3-row digits; 0 when
    the clock has a single row (below 40x12): the title then says it."""
    if clock_rows >= 13:
        return 5
    if clock_rows >= 8:
        return 3
    return 1 if clock_rows >= 2 else 0
