"""Block-letter text (the countdown, PAUSED, banners), drawn at the largest size that fits.

A pixel of the 5-row font is `scale` cells wide and `scale` half-rows tall: a terminal cell is
about twice as tall as it is wide, so the upper and lower half blocks (▀ ▄) make square pixels.
Scale 1 is the 3-row font; each step up adds about two and a half rows. When even scale 1 does
not fit, the text is drawn as one plain bold line.
"""

from __future__ import annotations

import functools

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coach.tui.widgets.glyphs import GLYPHS, ROWS

HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def block_rows(scale: int) -> int:
    """Terminal rows the font takes at `scale`."""
    return (ROWS * scale + 1) // 2


def block_width(text: str, scale: int) -> int:
    """Terminal columns `text` takes at `scale`: its glyphs' pixel columns and a column between each two."""
    widths = [len(GLYPHS[char][0]) for char in text if char in GLYPHS]
    return (sum(widths) + max(0, len(widths) - 1)) * scale


def block_lines(text: str, scale: int) -> list[str]:
    """The text drawn in block glyphs at `scale`; characters with no glyph are left out."""
    glyphs = [_glyph_lines(char, scale) for char in text if char in GLYPHS]
    gap = " " * scale  # the one-pixel column between glyphs
    return [gap.join(glyph[row] for glyph in glyphs).rstrip() for row in range(block_rows(scale))]


@functools.lru_cache(maxsize=512)
def _glyph_lines(char: str, scale: int) -> tuple[str, ...]:
    """One glyph drawn at `scale`, row by row (each pixel column is drawn alone, so glyphs join exactly)."""
    pixels = GLYPHS[char]

    def ink(half_row: int, column: int) -> bool:
        row = half_row // scale
        return row < ROWS and pixels[row][column // scale] == "#"

    width = len(pixels[0]) * scale
    return tuple("".join(HALVES[ink(2 * row, column), ink(2 * row + 1, column)] for column in range(width))
                 for row in range(block_rows(scale)))


class BigText(Widget):
    """Text in block letters as large as the widget allows; plain bold text when even scale 1 won't fit.

    `max_scale` caps the size (0: always plain). `upper` draws letters as capitals, the only case
    the font has; text with a character the font lacks is drawn plain rather than with a gap.
    """

    text: reactive[str] = reactive("", layout=False, repaint=False)  # watch_text repaints what changed
    max_scale: reactive[int] = reactive(12, layout=False)

    def __init__(self, text: str = "", *, max_scale: int = 12, upper: bool = False,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.upper = upper
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.max_scale, max_scale)
        self._cached_for: tuple | None = None
        self._cached: list[Strip] = []
        self._blank = Strip.blank(0)

    def _drawn_text(self, text: str | None = None) -> str:
        text = self.text if text is None else text
        return text.upper() if self.upper else text

    def watch_text(self, old: str, new: str) -> None:
        """Repaint only the glyphs that changed ("0:43" to "0:42": the last digit), not the whole block."""
        region = self._changed_region(old, new)
        if region is None:
            self.refresh()
        else:
            self.refresh(region)

    def _changed_region(self, old: str, new: str) -> Region | None:
        """The cells that differ between `old` and `new` drawn at the current size; None when the
        layout of the glyphs changes (another length, another scale, plain text)."""
        width, height = self.content_size
        old, new = self._drawn_text(old), self._drawn_text(new)
        if not self.is_mounted or len(old) != len(new) or any(char not in GLYPHS for char in old):
            return None
        widths = [len(GLYPHS[char][0]) if char in GLYPHS else -1 for char in new]
        if widths != [len(GLYPHS[char][0]) for char in old]:
            return None
        scale = self.scale_for(width, height)
        if scale == 0:
            return None
        changed = [index for index, (before, after) in enumerate(zip(old, new)) if before != after]
        if not changed:  # the same glyphs ("a" and "A" drawn as capitals)
            return Region(0, 0, 0, 0)
        starts = [sum(widths[:index]) + index for index in range(len(widths))]  # one pixel between glyphs
        left = starts[changed[0]] * scale
        right = (starts[changed[-1]] + widths[changed[-1]]) * scale
        pad = max(0, (width - block_width(new, scale)) // 2)
        top = max(0, (height - block_rows(scale)) // 2)
        return Region(pad + left, top, right - left, block_rows(scale))

    def scale_for(self, width: int, height: int) -> int:
        text = self._drawn_text()
        if not text or any(char not in GLYPHS for char in text):
            return 0
        for scale in range(self.max_scale, 0, -1):
            if block_rows(scale) <= height and block_width(text, scale) <= width:
                return scale
        return 0

    def render_lines(self, crop: Region) -> list[Strip]:
        """Check once per frame, not once per row, that the strips are for this text, size and style."""
        width, height = self.content_size
        key = (self.text, self.max_scale, width, height, self.rich_style)
        if key != self._cached_for:
            self._cached_for = key
            self._cached = self._strips(width, height)
            self._blank = Strip.blank(width, self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One row, from the strips made once per text and size (the Line API: no per-second Text layout)."""
        return self._cached[y] if 0 <= y < len(self._cached) else self._blank

    def _strips(self, width: int, height: int) -> list[Strip]:
        style = self.rich_style
        scale = self.scale_for(width, height)
        blank = Strip.blank(width, style)
        if scale == 0:  # too small for blocks: plain bold text, centred both ways
            text = self.text if cell_len(self.text) <= width else set_cell_size(self.text, max(0, width - 1)) + "…"
            line = set_cell_size(" " * max(0, (width - cell_len(text)) // 2) + text, width)
            return [blank] * max(0, (height - 1) // 2) + [Strip([Segment(line, style + Style(bold=True))], width)]
        text = self._drawn_text()
        lines = block_lines(text, scale)
        pad = max(0, (width - block_width(text, scale)) // 2)
        top = max(0, (height - len(lines)) // 2)
        drawn = [Strip([Segment((" " * pad + line).ljust(width)[:width], style)], width) for line in lines]
        return [blank] * top + drawn
