"""Correcting one session from the history screen: its pain before and after, and its note."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from coach.history.model import StoredSession
from coach.history.report import session_line
from coach.safe_text import for_terminal
from coach.session.pain import SCALE, read_pain_score
from coach.tui.screens.dialogs import Dialog

NOTE_LIMIT = 500


class EditSessionScreen(Dialog[dict | None]):
    """Answers the changes ({"pain_before": 3, "note": None, ...}, only what differs), or None for Escape."""

    CSS_PATH = Path(__file__).with_name("history_dialogs.tcss")  # absolute: a subclass elsewhere finds it too

    BINDINGS = [
        Binding("escape", "cancel", "Back"),
        Binding("question_mark", "app.keys", "Keys", show=False),
    ]
    KEYS = """\
Tab        the next field
Enter      save the changes
Escape     back; nothing changes
(a pain score: 0 to 10; empty for none)"""

    def __init__(self, session: StoredSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical(classes="dialog wide edit-session"):
            yield Static("Correct this session", classes="dialog-title")
            yield Static(for_terminal(session_line(session)), classes="dialog-body", markup=False)
            yield Static("Pain before (0–10, empty for none)", classes="field-label")
            yield Input(_score(session.pain_before), id="pain-before", max_length=2)
            yield Static("Pain after (0–10, empty for none)", classes="field-label")
            yield Input(_score(session.pain_after), id="pain-after", max_length=2)
            yield Static("Note", classes="field-label")
            yield Input(session.note or "", id="note", max_length=NOTE_LIMIT)
            yield Static(id="edit-problem", markup=False)
            yield Static("[b]Tab[/b] next field    [b]Enter[/b] save    [b]Escape[/b] back", classes="dialog-keys")

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.save()

    def save(self) -> None:
        changes, problem = self.changes()
        if problem:
            self.query_one("#edit-problem", Static).update(problem)
            return
        self.dismiss(changes)

    def changes(self) -> tuple[dict, str | None]:
        """What differs from the session as stored, or a problem to show."""
        wanted: dict = {}
        for field, label in (("pain_before", "Pain before"), ("pain_after", "Pain after")):
            text = self.query_one(f"#{field.replace('_', '-')}", Input).value.strip()
            score = read_pain_score(text) if text else None
            if text and score is None:
                return {}, f"{label}: {text!r} is not a pain score; give a whole number from {SCALE}, or leave it empty"
            wanted[field] = score
        wanted["note"] = self.query_one("#note", Input).value.strip() or None
        return {key: value for key, value in wanted.items() if getattr(self.session, key) != value}, None

    def action_cancel(self) -> None:
        self.dismiss(None)


def _score(score: int | None) -> str:
    return "" if score is None else str(score)
