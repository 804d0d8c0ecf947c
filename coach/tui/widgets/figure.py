"""The exercise's picture on the session screen: a pose drawn in braille to the widget's size, the moving part in
the accent colour. Drawings are kept by (pose, frame, size), so a tempo's two frames cost one drawing each."""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.pictures.library import poses
from coach.pictures.render import TextPicture, to_braille


@lru_cache(maxsize=64)
def _drawn(key: str, frame: int, columns: int, rows: int) -> TextPicture:
    return to_braille(poses()[key], frame, columns, rows)


class Figure(Widget):
    """Shows `shown`: ("pose", key, frame) drawn in braille, ("image", path, 0) in half blocks, or nothing."""

    DEFAULT_CSS = """
    Figure { height: 100%; padding: 0 1; color: $text; }
    """
    shown: reactive[tuple[str, str, int] | None] = reactive(None, layout=False)

    def render(self) -> Text:
        columns, rows = self.content_size.width, self.content_size.height
        if self.shown is None or columns < 8 or rows < 3:
            return Text("")
        kind, name, frame = self.shown
        if kind == "image":
            return _photo(name, columns, rows)
        picture = _drawn(name, frame, columns, rows)
        accent = self.app.current_theme.accent if self.app.current_theme else None
        text = Text("\n".join(picture.rows), no_wrap=True, overflow="crop")
        moving = f"bold {accent}" if accent else "bold red"
        for row, column in picture.moving:
            start = row * (columns + 1) + column
            text.stylize(moving, start, start + 1)
        return text


def _photo(path: str, columns: int, rows: int) -> Text:
    from coach.pictures.photo import half_blocks

    text = Text(no_wrap=True, overflow="crop")
    for index, row in enumerate(half_blocks(path, columns, rows)):
        if index:
            text.append("\n")
        for top, bottom in row:
            text.append("▀", style=f"{top} on {bottom}")
    return text
