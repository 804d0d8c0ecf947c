"""Block-letter text for the countdown (and PAUSED), scaled to the largest size that fits."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

# 3 x 5 glyphs; each "#" is drawn 2*scale cells wide and scale cells tall,
# because a terminal cell is about twice as tall as it is wide.
GLYPHS = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "3": ["###", "..#", ".##", "..#", "###"],
    "4": ["#.#", "#.#", "###", "..#", "..#"],
    "5": ["###", "#..", "###", "..#", "###"],
    "6": ["###", "#..", "###", "#.#", "###"],
    "7": ["###", "..#", ".#.", ".#.", ".#."],
    "8": ["###", "#.#", "###", "#.#", "###"],
    "9": ["###", "#.#", "###", "..#", "###"],
    ":": [".", "#", ".", "#", "."],
    "P": ["###", "#.#", "###", "#..", "#.."],
    "A": [".#.", "#.#", "###", "#.#", "#.#"],
    "U": ["#.#", "#.#", "#.#", "#.#", "###"],
    "S": ["###", "#..", "###", "..#", "###"],
    "E": ["###", "#..", "##.", "#..", "###"],
    "D": ["##.", "#.#", "#.#", "#.#", "##."],
}
ROWS = 5


def block_lines(text: str, scale: int) -> list[str]:
    """The text drawn in block glyphs at `scale`; characters with no glyph are left out."""
    glyphs = [GLYPHS[char] for char in text if char in GLYPHS]
    lines = []
    for row in range(ROWS):
        cells = ".".join(glyph[row] for glyph in glyphs)
        drawn = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        lines.extend([drawn.rstrip()] * scale)
    return lines


def block_width(text: str, scale: int) -> int:
    glyphs = [GLYPHS[char] for char in text if char in GLYPHS]
    cells = sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)
    return cells * 2 * scale


class BigText(Widget):
    """Text in block letters as large as the widget allows; plain bold text when even 1x won't fit."""

    text: reactive[str] = reactive("", layout=False)
    """What to draw: digits, ':' and the letters of PAUSED have block glyphs."""

    def __init__(self, text: str = "", *, max_scale: int = 6, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.max_scale = max_scale
        self.set_reactive(BigText.text, text)
        self._cached_for: tuple | None = None
        self._cached: list[Strip] = []

    def scale_for(self, width: int, height: int) -> int:
        for scale in range(self.max_scale, 0, -1):
            if ROWS * scale <= height and block_width(self.text, scale) <= width:
                return scale
        return 0

    def render_line(self, y: int) -> Strip:
        """One row, from strips made once per text and size (the Line API: no per-second Text layout)."""
        width, height = self.content_size
        key = (self.text, width, height, self.rich_style)
        if key != self._cached_for:
            self._cached_for = key
            self._cached = self._strips(width, height)
        return self._cached[y] if 0 <= y < len(self._cached) else Strip.blank(width, self.rich_style)

    def _strips(self, width: int, height: int) -> list[Strip]:
        style = self.rich_style
        scale = self.scale_for(width, height)
        if scale == 0:  # too small for blocks: plain bold text, centred
            line = self.text[:width].center(width)
            return [Strip([Segment(line, style + Style(bold=True))], width)]
        lines = block_lines(self.text, scale)
        pad = max(0, (width - block_width(self.text, scale)) // 2)
        top = max(0, (height - len(lines)) // 2)
        blank = Strip.blank(width, style)
        drawn = [Strip([Segment((" " * pad + line).ljust(width)[:width], style)], width) for line in lines]
        return [blank] * top + drawn
