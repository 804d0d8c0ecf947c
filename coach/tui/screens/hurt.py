"""What to do after "it hurts" (x) in a session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.safe_text import for_terminal
from coach.tui.screens.dialogs import Dialog


class HurtScreen(Dialog[str | None]):
    """After "it hurts": "next" (go on with the next exercise), "other" (try the other side, when
    `other_side` names it), "end" (end the session), or None for Escape: back, nothing done."""

    BINDINGS = [
        Binding("c", "answer('next')", "Continue with the next exercise"),
        Binding("o", "answer('other')", "Try the other side"),
        Binding("e,q", "answer('end')", "End the session"),
        Binding("escape", "answer(None)", "Back"),
    ]

    def __init__(self, exercise: str, other_side: str | None = None) -> None:
        super().__init__()
        self.exercise = exercise
        self.other_side = other_side

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide hurt"):
            yield Static(f"It hurts: {for_terminal(self.exercise)}", classes="dialog-title", markup=False)
            yield self.scrolling_body(
                "The session is paused. Whichever you choose, this exercise is marked as painful in your log.\n\n"
                "Ease out of the position slowly and rest. If the pain is sharp, spreads down a leg, "
                "or does not settle, end the session and tell your physical therapist or doctor.")
            other = f"[b]o[/b] try the {self.other_side} side    " if self.other_side else ""
            yield Static(f"{other}[b]c[/b] continue with the next exercise    [b]e[/b] end the session    "
                         "[b]Escape[/b] back (it was a mistake)", classes="dialog-keys")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "answer" and parameters == ("other",) and self.other_side is None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
