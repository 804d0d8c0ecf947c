"""Small modal questions: yes/no, a note to acknowledge, the keys, and what to do after "it hurts"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.safe_text import for_terminal


class ConfirmScreen(ModalScreen[bool]):
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


class NoticeScreen(ModalScreen[bool]):
    """A note to read before going on: Enter answers True, Escape False."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Continue"),
        Binding("escape", "answer(False)", "Back"),
    ]

    def __init__(self, title: str, body: str, accept: str = "Enter  I understand, continue") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(for_terminal(self.title_text), classes="dialog-title", markup=False)
            yield Static(for_terminal(self.body, lines=True), classes="dialog-body", markup=False)
            yield Static(f"[b]{self.accept}[/b]    Escape  back", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HurtScreen(ModalScreen[bool]):
    """After "it hurts": True to go on with the next exercise, False to end the session."""

    BINDINGS = [
        Binding("c", "answer(True)", "Continue with the next exercise"),
        Binding("e,q,escape", "answer(False)", "End the session"),
    ]

    def __init__(self, exercise: str) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide hurt"):
            yield Static(f"Stopped {for_terminal(self.exercise)}", classes="dialog-title", markup=False)
            yield Static(
                "It is marked as painful in your log.\n\n"
                "Ease out of the position slowly and rest. If the pain is sharp, spreads down a leg, "
                "or does not settle, end the session and tell your physical therapist or doctor.",
                classes="dialog-body",
            )
            yield Static("[b]c[/b] continue with the next exercise    [b]e[/b] end the session", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


KEYS_HELP = """\
Home
  ↑ ↓        choose a routine
  Enter      start it
  h          history
  ?          these keys
  q          quit

During a session
  space      pause / resume
  n  →       skip to the next exercise
  b  ←       back: restart this exercise (or the previous one within 3 s)
  +          add 15 seconds to this step
  Enter      done (for reps you count yourself)
  m          mute / unmute sound
  x          it hurts: stop this exercise
  q          quit (asks first; what you did is kept)
"""


class KeysScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Keys", classes="dialog-title")
            yield Static(KEYS_HELP, classes="dialog-body", markup=False)
            yield Static("[b]Escape[/b] close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
