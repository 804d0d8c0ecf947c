"""Fitting a table's columns to the screen: drop the least important whole, then cut one column's text.

Pure (no Textual), so each width can be tested alone. Used by home's routines and the history's
sessions, so that no label is cut at the edge of the screen and nothing needs a sideways scroll.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from textual.widgets import DataTable

from rich.cells import cell_len, set_cell_size
from rich.text import Text

CELL_PADDING = 2  # a DataTable cell's padding, one each side


@dataclass(frozen=True)
class Fitted:
    kept: tuple[int, ...]  # the columns shown, by index, in their order
    cut_column: int | None = None
    cut_width: int | None = None  # cells the cut column's text is cut to (… at the end)

    def header(self, header: Sequence[str]) -> list[str]:
        return [header[index] for index in self.kept]

    def row(self, row: Sequence[str]) -> list[str]:
        return [cut_cells(row[index], self.cut_width) if index == self.cut_column and self.cut_width else row[index]
                for index in self.kept]


def cut_cells(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in "…" when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…"


def fit_columns(header: Sequence[str], rows: Sequence[Sequence[str]], width: int, drop_order: Sequence[int] = (),
                shrink: int | None = None, least: int = 8) -> Fitted:
    """The columns of `header`/`rows` that fit `width` cells: columns in `drop_order` go first, one by
    one, until the rest fit; if they still do not, column `shrink` is cut, down to `least` cells."""
    widths = [max([cell_len(title)] + [cell_len(str(row[index])) for row in rows]) for index, title in enumerate(header)]
    kept = list(range(len(header)))

    def total() -> int:
        return sum(widths[index] + CELL_PADDING for index in kept)

    for index in drop_order:
        if total() <= width:
            break
        kept.remove(index)
    if total() > width and shrink is not None and shrink in kept:
        return Fitted(tuple(kept), shrink, max(least, widths[shrink] - (total() - width)))
    return Fitted(tuple(kept))


def fill_table(table: DataTable, fitted: Fitted, header: Sequence[str], rows: Sequence[Sequence[str]],
               keys: Sequence[str] | None = None) -> None:
    """Put `rows` in `table` in the columns `fitted` keeps (as Text: no markup is read from them); the
    cursor stays on the row it was on."""
    row = table.cursor_row
    table.clear(columns=True)
    table.add_columns(*fitted.header(header))
    for index, cells in enumerate(rows):
        table.add_row(*(Text(cell) for cell in fitted.row(cells)), key=None if keys is None else keys[index])
    if table.row_count:
        table.move_cursor(row=min(max(row, 0), table.row_count - 1))
