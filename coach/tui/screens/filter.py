"""Choosing which routine or activity the history shows: a list to type into."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.safe_text import for_terminal
from coach.tui.screens.dialogs import Dialog

EVERYTHING = "All routines and activities"


class FilterScreen(Dialog[str | None]):
    """Answers the name chosen, "" for everything, or None for Escape (nothing changes)."""

    CSS_PATH = Path(__file__).with_name("history_dialogs.tcss")  # absolute: a subclass elsewhere finds it too

    BINDINGS = [
        Binding("escape", "cancel", "Back"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("question_mark", "app.keys", "Keys", show=False),
    ]
    KEYS = """\
type       narrow the list
↑ ↓        choose
Enter      show it
Escape     back; the history stays as it was"""

    def __init__(self, names: list[str], current: str | None = None) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide filter"):
            yield Static("Show one routine or activity", classes="dialog-title")
            yield Input(placeholder="type to narrow the list", id="filter-text")
            yield OptionList(id="filter-choices")
            yield Static("[b]Enter[/b] show    [b]Escape[/b] back", classes="dialog-keys")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter-text", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, typed: str) -> None:
        wanted = typed.strip().casefold()
        choices = self.query_one("#filter-choices", OptionList)
        choices.clear_options()
        shown = [name for name in self.names if wanted in name.casefold()]
        if not wanted:
            choices.add_option(Option(EVERYTHING, id=""))
        # As Text: an option given as a string is read as markup, and these names are the person's own.
        choices.add_options(Option(Text(for_terminal(name)), id=name) for name in shown)
        if choices.option_count:
            current = [index for index, name in enumerate(shown) if name == self.current]
            choices.highlighted = (current[0] + (0 if wanted else 1)) if current else 0

    def action_move(self, step: int) -> None:
        choices = self.query_one("#filter-choices", OptionList)
        if choices.option_count:
            choices.highlighted = max(0, min(choices.option_count - 1, (choices.highlighted or 0) + step))

    def on_input_submitted(self, _: Input.Submitted) -> None:
        choices = self.query_one("#filter-choices", OptionList)
        if choices.highlighted is not None and choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
