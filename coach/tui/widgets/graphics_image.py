"""textual-image's widget for a graphics protocol, loaded only when a picture is drawn with one, and without the
terminal queries textual-image makes as it is imported.

What textual-image 0.12 asks the terminal, and when: importing anything under `textual_image.renderable` or
`textual_image.widget` runs `textual_image.renderable`'s `__init__`, which, when stdout is a terminal, writes
`ESC [ c` (device attributes: Sixel if the reply lists 4) and then, unless that said Sixel, a Kitty graphics
query (`ESC _ G …a=q… ESC \\`), each waiting up to 0.1 s for a reply read from stdin in cbreak mode; then
`textual_image.widget`'s `__init__` measures a cell in pixels (the TIOCGWINSZ ioctl, else `ESC [ 16 t` with its
own 0.1 s wait). Under Textual, whose thread reads stdin, the replies would arrive as key presses and the waits
would hold the screen. So the import runs with stdout looking like no terminal (no query, no wait), and the
cell's size in pixels is set from the ioctl beforehand; the protocol is coach's choice (pictures/graphics.py).
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from functools import lru_cache
from io import StringIO

from coach.pictures.graphics import KITTY, SIXEL

log = logging.getLogger(__name__)
GUESSED_CELL = (10, 20)  # textual-image's own guess (a VT340's cell), for a terminal that does not say


def cell_pixels() -> tuple[int, int] | None:
    """A terminal cell's width and height in pixels, as the terminal reports them to the kernel; None if not."""
    import fcntl
    import struct
    import termios

    for stream in (sys.__stdout__, sys.__stderr__):  # Textual draws on stderr; either is the terminal
        try:
            rows, columns, width, height = struct.unpack(
                "HHHH", fcntl.ioctl(stream.fileno(), termios.TIOCGWINSZ, b"\0" * 8))
        except (AttributeError, OSError, ValueError):
            continue
        if rows and columns and width and height:
            return width // columns, height // rows
    return None


def pixels_per_cell() -> tuple[int, int]:
    """The cell's size in pixels now (a font zoom changes it), told to textual-image too, which would otherwise
    keep the size it measured first; its guess for a terminal that does not say."""
    from textual_image import _terminal

    cell = cell_pixels() or GUESSED_CELL
    _terminal.get_cell_size._result = _terminal.CellSize(*cell)  # type: ignore[attr-defined]
    return cell


@lru_cache(maxsize=None)
def image_widget(protocol: str):
    """textual-image's widget class for `protocol`, or None (drawn in braille then) when it cannot be used: not
    installed, failing to load, or Sixel on a terminal that does not say how large a cell is (a Sixel picture
    is drawn in pixels, and one of the wrong size would spill over the clock; Kitty's is scaled to its cells)."""
    cell = cell_pixels()
    if cell is None and protocol == SIXEL:
        return None
    try:
        with _no_terminal_on_stdout():
            from textual_image import _terminal

            _terminal.get_cell_size._result = _terminal.CellSize(*(cell or GUESSED_CELL))  # type: ignore[attr-defined]
            from textual_image.widget import SixelImage, TGPImage
    except Exception:  # noqa: BLE001 - any failure to load means braille, never a traceback on the mat
        # debug, not warning: with no handler set, logging prints a warning to stderr, which is Textual's screen
        log.debug("textual-image could not be loaded; drawing the pictures in braille", exc_info=True)
        return None
    return {KITTY: _kept_in_the_terminal(TGPImage), SIXEL: SixelImage}.get(protocol)


def _kept_in_the_terminal(tgp_image: type) -> type:
    """textual-image's Kitty widget, keeping its picture in the terminal while the widget is drawn again.

    textual-image 0.12's widget deletes its picture from the terminal and sends it anew each time it renders, which
    is each time it is shown or laid out again: at every change of a tempo's frame, or of step. Kitty keeps a picture
    until told to delete it, and the placeholders that place it are text: redrawing them needs nothing sent."""

    class KeptTGPImage(tgp_image, Renderable=tgp_image._Renderable):
        _kept_for: tuple | None = None

        def render(self):
            drawn_for = (id(self.image), self._get_styled_size(), self.size)
            if self._renderable is not None and drawn_for == self._kept_for:
                return self._renderable
            self._kept_for = drawn_for
            return super().render()

    return KeptTGPImage


@contextmanager
def _no_terminal_on_stdout():
    """textual-image probes only when `sys.__stdout__.isatty()`: for the import, it is not. Textual writes
    through its own reference to stderr, so nothing else notices."""
    real = sys.__stdout__
    sys.__stdout__ = StringIO()
    try:
        yield
    finally:
        sys.__stdout__ = real
