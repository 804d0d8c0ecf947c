"""A yes-or-no question (ending a session early, deleting a session)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.safe_text import for_terminal
from coach.tui.screens.dialogs import Dialog


class ConfirmScreen(Dialog[bool]):
    """Answers True for y, False for n or Escape."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(for_terminal(self.question), classes="dialog-title", markup=False)
            if self.detail:
                yield Static(for_terminal(self.detail, lines=True), classes="dialog-body", markup=False)
            yield Static("[b]y[/b] yes    [b]n[/b] no", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
