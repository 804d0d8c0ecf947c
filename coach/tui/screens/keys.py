"""`?`: the keys of the screen on top."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.tui.screens.dialogs import Dialog


def show_keys(app) -> None:
    """`?` anywhere: the keys of the screen on top (each main screen says them in its KEYS)."""
    screen = app.screen
    if isinstance(screen, KeysScreen):
        return
    keys = getattr(screen, "KEYS", None)
    if keys is None:  # a dialog: its keys are written in it
        app.notify("The keys of this dialog are shown at its foot.", timeout=4)
        return
    app.push_screen(KeysScreen(keys))


class KeysScreen(Dialog[None]):
    """The keys of one screen; any of Escape, q, ? or Enter closes it."""

    BINDINGS = [Binding("escape,q,question_mark,enter", "close", "Close")]

    def __init__(self, keys: str) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Keys", classes="dialog-title")
            yield self.scrolling_body(self.keys)
            yield Static("[b]Escape[/b] close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
