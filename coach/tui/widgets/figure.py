"""The exercise's picture on the session screen: a pose drawn in braille to the widget's size, the moving part in
the accent colour, or, on a terminal with a graphics protocol (pictures/graphics.py), as pixels through
textual-image. Drawings are kept by (pose, frame, size), so a tempo's two frames cost one drawing each, and the
widget keeps its rows as strips (Textual's Line API), so a clock that ticks beside it costs no redrawing here."""

from __future__ import annotations

import logging
from functools import lru_cache
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coach.pictures.graphics import SIXEL
from coach.pictures.library import poses
from coach.pictures.render import TextPicture, to_braille

log = logging.getLogger(__name__)
KEPT = 2  # textual-image widgets kept: a tempo's two frames
SIXEL_COLOURS = 16  # a VT340's colour registers, and xterm's by default


@lru_cache(maxsize=64)
def _drawn(key: str, frame: int, columns: int, rows: int) -> TextPicture:
    return to_braille(poses()[key], frame, columns, rows)


class Figure(Widget):
    """Shows `shown`: ("pose", key, frame) drawn in braille, ("image", path, 0) in half blocks, or nothing; or,
    given a graphics `protocol` (pictures.graphics.graphics_protocol), either as pixels in textual-image's widget,
    its one child."""

    DEFAULT_CSS = """
    Figure { height: 100%; padding: 0 1; color: $text; }
    """
    shown: reactive[tuple[str, str, int] | None] = reactive(None, layout=False)
    """("pose", key, frame), ("image", path, 0) or None: what choose.figure_for says to show."""

    def __init__(self, *, protocol: str | None = None, id: str | None = None) -> None:  # noqa: A002 - Textual's
        super().__init__(id=id)
        self._protocol = protocol  # the graphics protocol to draw with, None for braille
        self._strips_for: tuple | None = None  # what the strips below were drawn for
        self._strips: list[Strip] = []
        self._blank = Strip.blank(0)
        self._pixels_class = None  # textual-image's widget class for the protocol, once loaded
        # textual-image's widgets, one a picture drawn (by (shown, columns, rows)), the last KEPT of them kept: a
        # tempo's two frames then swap by showing one widget and hiding the other, and Sixel's encoding of each
        # (tenths of a second of CPU at this size) is made once, not at every change of frame
        self._pixels: dict[tuple, Widget] = {}

    def on_mount(self) -> None:
        if self._protocol is not None:
            # After the first frame, so loading textual-image (~10 ms, Pillow's ~35 ms more) never delays it.
            # On the Figure's own queue, as its watchers run, so that no two of them change its widgets at once.
            self.call_after_refresh(self.call_later, self._mount_pixels)

    async def _mount_pixels(self) -> None:
        from coach.tui.widgets.graphics_image import image_widget

        self._pixels_class = image_widget(self._protocol) if self._protocol else None
        if self._pixels_class is None:
            self._fall_back()
            return
        await self._show_pixels()

    async def watch_shown(self) -> None:
        await self._show_pixels()

    async def on_resize(self) -> None:
        await self._show_pixels()

    async def on_show(self) -> None:  # shown again after an exercise without a picture
        await self._show_pixels()

    async def _show_pixels(self) -> None:
        """Show the textual-image widget that draws the picture at this size, made (and mounted) if none does."""
        if self._pixels_class is None or not self.is_mounted:
            return
        columns, rows = self.content_size.width, self.content_size.height
        wanted = (self.shown, columns, rows)
        if self.shown is None or columns < 8 or rows < 3 or not self.display:  # nothing to draw, or nowhere to
            for widget in self._pixels.values():
                widget.visible = False
            return
        if wanted not in self._pixels:
            from coach.pictures.graphics import fitted_picture
            from coach.tui.widgets.graphics_image import pixels_per_cell

            width, height = pixels_per_cell()
            try:
                # Sixel has no alpha, and may have as few as 16 colours: the colour behind the picture, and 16
                picture = fitted_picture(*self.shown, columns * width, rows * height, self.background_colors[1].rgb,
                                         SIXEL_COLOURS if self._protocol == SIXEL else None)
            except Exception:  # noqa: BLE001 - a picture that cannot be drawn as pixels is drawn in braille
                log.debug("the picture could not be drawn as pixels; drawing braille", exc_info=True)
                self._fall_back()
                return
            widget = self._pixels_class(picture)
            # All in one place (docked to the same edge, they overlap), shown by their visibility: showing one
            # then repaints its cells, with no new layout of the screen.
            widget.styles.dock = "top"
            widget.styles.width = widget.styles.height = "100%"
            widget.visible = False
            self._pixels[wanted] = widget
            await self.mount(widget)
        # What to show now, not what was wanted before the mount: the picture may have changed meanwhile.
        now = (self.shown, self.content_size.width, self.content_size.height)
        for key, widget in self._pixels.items():
            widget.visible = key == now
        for key in [key for key in list(self._pixels)[:-KEPT] if key != now]:  # the oldest first (made in order)
            widget = self._pixels.pop(key, None)
            if widget is not None:
                await self._let_go(widget)

    @staticmethod
    async def _let_go(widget: Widget) -> None:
        widget.image = None  # Kitty keeps a picture until told to let it go
        await widget.remove()

    def _fall_back(self) -> None:
        """Braille from now on."""
        self._protocol = self._pixels_class = None
        for widget in self._pixels.values():
            widget.remove()
        self._pixels.clear()
        self.refresh()

    def on_unmount(self) -> None:
        for widget in self._pixels.values():
            widget.image = None  # Kitty keeps a picture until told to let it go

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows again only when the picture, its size or its colours changed: checked once a frame."""
        columns, rows = self.content_size
        theme = self.app.current_theme
        key = (self.shown, columns, rows, self._protocol, self.rich_style, theme.accent if theme else None)
        if key != self._strips_for:
            self._strips_for = key
            self._strips = self._draw(columns, rows, key[-2], key[-1])
            self._blank = Strip.blank(columns, key[-2])
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        return self._strips[y] if 0 <= y < len(self._strips) else self._blank

    def _draw(self, columns: int, rows: int, base: Style, accent: str | None) -> list[Strip]:
        if self.shown is None or columns < 8 or rows < 3 or self._protocol is not None:
            return []  # with a protocol, textual-image's widget draws it (nothing until it is mounted)
        kind, name, frame = self.shown
        if kind == "image":
            return _photo(name, columns, rows, base)
        picture = _drawn(name, frame, columns, rows)
        moving = base + Style.parse(f"bold {accent}" if accent else "bold red")
        strips = []
        for row, line in enumerate(picture.rows):
            line = line[:columns].ljust(columns)
            runs = groupby(range(columns), key=lambda column: (row, column) in picture.moving)
            segments = []
            for is_moving, cells in runs:
                run = list(cells)
                segments.append(Segment(line[run[0]:run[-1] + 1], moving if is_moving else base))
            strips.append(Strip(segments, columns))
        return strips


def _photo(path: str, columns: int, rows: int, base: Style) -> list[Strip]:
    from coach.pictures.photo import half_blocks

    return [Strip([Segment("▀", base + Style(color=top, bgcolor=bottom)) for top, bottom in row]
                  ).extend_cell_length(columns, base)
            for row in half_blocks(path, columns, rows)]
