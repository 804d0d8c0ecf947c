"""The exercise's picture on the session screen: a pose drawn in braille to the widget's size, the moving part in
the accent colour, or, on a terminal with a graphics protocol (pictures/graphics.py), as pixels through
textual-image. Drawings are kept by (pose, frame, size), so a tempo's two frames cost one drawing each."""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.pictures.graphics import graphics_protocol
from coach.pictures.library import poses
from coach.pictures.render import TextPicture, to_braille

log = logging.getLogger(__name__)


@lru_cache(maxsize=64)
def _drawn(key: str, frame: int, columns: int, rows: int) -> TextPicture:
    return to_braille(poses()[key], frame, columns, rows)


class Figure(Widget):
    """Shows `shown`: ("pose", key, frame) drawn in braille, ("image", path, 0) in half blocks, or nothing; or
    either as pixels in textual-image's widget, its one child, under `pictures: auto` on a graphics terminal.

    The setting is read from the app's `settings`, so the session screen need not pass it on."""

    DEFAULT_CSS = """
    Figure { height: 100%; padding: 0 1; color: $text; }
    """
    shown: reactive[tuple[str, str, int] | None] = reactive(None, layout=False)
    """("pose", key, frame), ("image", path, 0) or None: what choose.figure_for says to show."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._protocol: str | None = None  # the graphics protocol to draw with, None for braille
        self._pixels = None  # textual-image's widget, once mounted
        self._pixels_shown: tuple | None = None  # (shown, size) the widget was last given

    def on_mount(self) -> None:
        settings = getattr(self.app, "settings", None)
        self._protocol = graphics_protocol(getattr(settings, "pictures", "auto"), os.environ)
        if self._protocol is not None:
            # After the first frame, so loading textual-image (~10 ms, Pillow's ~35 ms more) never delays it.
            self.call_after_refresh(self._mount_pixels)

    async def _mount_pixels(self) -> None:
        from coach.tui.widgets.graphics_image import image_widget

        widget_class = image_widget(self._protocol) if self._protocol else None
        if widget_class is None:
            self._fall_back()
            return
        self._pixels = widget_class()
        self._pixels.styles.width = self._pixels.styles.height = "100%"
        await self.mount(self._pixels)
        self._show_pixels()

    def watch_shown(self) -> None:
        self._show_pixels()

    def on_resize(self) -> None:
        self._show_pixels()

    def _show_pixels(self) -> None:
        """Give textual-image's widget the picture at this size, when it changed."""
        if self._pixels is None or not self._pixels.is_mounted:
            return
        columns, rows = self.content_size.width, self.content_size.height
        wanted = (self.shown, columns, rows)
        if wanted == self._pixels_shown:
            return
        self._pixels_shown = wanted
        picture = None
        if self.shown is not None and columns >= 8 and rows >= 3:
            from coach.pictures.graphics import fitted_picture
            from coach.tui.widgets.graphics_image import pixels_per_cell

            width, height = pixels_per_cell()
            try:
                picture = fitted_picture(*self.shown, columns * width, rows * height)
            except Exception:  # noqa: BLE001 - a picture that cannot be drawn as pixels is drawn in braille
                log.debug("the picture could not be drawn as pixels; drawing braille", exc_info=True)
                self._fall_back()
                return
        self._pixels.image = picture

    def _fall_back(self) -> None:
        """Braille from now on."""
        self._protocol = None
        if self._pixels is not None:
            self._pixels.remove()
            self._pixels = None
        self.refresh()

    def on_unmount(self) -> None:
        if self._pixels is not None:
            self._pixels.image = None  # Kitty keeps a picture until told to let it go

    def render(self) -> Text:
        columns, rows = self.content_size.width, self.content_size.height
        if self.shown is None or columns < 8 or rows < 3 or self._protocol is not None:
            return Text("")  # with a protocol, textual-image's widget draws it (nothing until it is mounted)
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
