"""Block-letter text for the countdown (and PAUSED), scaled to the largest size that fits."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
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

    def scale_for(self, width: int, height: int) -> int:
        for scale in range(self.max_scale, 0, -1):
            if ROWS * scale <= height and block_width(self.text, scale) <= width:
                return scale
        return 0

    def render(self) -> Text:
        width, height = self.content_size
        scale = self.scale_for(width, height)
        if scale == 0:
            return Text(self.text, style="bold", justify="center")
        lines = block_lines(self.text, scale)
        pad = max(0, (width - block_width(self.text, scale)) // 2)
        top = max(0, (height - len(lines)) // 2)
        return Text("\n" * top + "\n".join(" " * pad + line for line in lines))
