"""The pain check-in: one key from 0 to 9, t for 10, s to skip."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.safe_text import for_terminal
from coach.session import pain
from coach.tui.screens.dialogs import Dialog

BACK = -1  # what the check-in answers when the person pressed Escape


class PainCheckinScreen(Dialog[int | None]):
    """Answers the pain score 0–10, or None when skipped; BACK for Escape.

    `note`: (title, text) read first on the same screen, such as a routine's safety note, so the
    start of a session is one dialog, not two in a row."""

    BINDINGS = [
        *(Binding(key, f"score({score})", str(score), show=False) for key, score in pain.KEYS.items()),
        Binding("s", "score(None)", "Skip"),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "app.keys", "Keys", show=False),  # a modal screen hides the app's own
    ]

    KEYS = """\
0 … 9, t   your pain now, 0 (none) to 10 (t)
s          skip the question
Escape     go back; nothing starts"""

    def __init__(self, question: str = "How is your back right now?", note: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.question = question
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide checkin"):
            if self.note is not None:
                title, text = self.note
                yield Static(for_terminal(title), classes="dialog-title", markup=False)
                yield self.scrolling_body(text, classes="checkin-note")
            yield Static(self.question, classes="dialog-title")
            yield Static("0 = no pain   ·   10 = worst imaginable", classes="dialog-body scale-help")
            yield Static("0  1  2  3  4  5  6  7  8  9  [b]t[/b]=10", classes="pain-scale")
            yield Static("Press a number.   [b]s[/b] skip   [b]Escape[/b] back", classes="dialog-keys")

    def action_score(self, score: int | None) -> None:
        self.dismiss(score)

    def action_back(self) -> None:
        """Escape goes back to where the person was, and starts nothing."""
        self.dismiss(BACK)
