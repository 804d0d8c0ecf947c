"""Text made of parts joined by " · " that breaks between parts, never inside one."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widgets import Static

SEPARATOR = " · "


def parts_in_lines(parts: list[str], width: int) -> str:
    """`parts` joined by " · ", a new line started before any part that would not fit in `width` cells.
    A part wider than `width` alone on its line is left for the widget to wrap."""
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + SEPARATOR + part) <= width:
            lines[-1] += SEPARATOR + part
        else:
            lines.append(part)
    return "\n".join(lines)


class PartsLine(Static):
    """A Static of `parts`, laid out again (between parts) whenever its width changes. No markup is read.
    `compact`: on a short screen, where a line saved matters more, the parts simply wrap as words do."""

    def __init__(self, parts: list[str], **options) -> None:
        super().__init__(SEPARATOR.join(parts), markup=False, **options)
        self.parts = parts
        self.compact = False
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        self._width = event.size.width
        self._lay_out()

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._lay_out()

    def _lay_out(self) -> None:
        joined = SEPARATOR.join(self.parts)
        self.update(joined if self.compact or not self._width else parts_in_lines(self.parts, self._width))
