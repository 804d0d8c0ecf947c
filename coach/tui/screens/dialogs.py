"""The modal dialog every question is (`Dialog`), and a note to acknowledge. The other dialogs, each in a module
of its own: confirm.py (yes or no), hurt.py (after "it hurts"), keys.py (`?`), checkin.py and the history's own."""

from __future__ import annotations

import asyncio
from typing import TypeVar

from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.geometry import Size
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from coach.safe_text import for_terminal

Answer = TypeVar("Answer")
SMALL_HEIGHT = 20  # below this many rows, dialogs drop their blank lines
SHARE = 0.95  # of the screen's height a dialog may take (as .dialog's max-height in app.tcss)


class Dialog(ModalScreen[Answer]):
    """A modal dialog whose body (see `scrolling_body`) scrolls on a short terminal, so that its title, its
    question and its keys are always on screen, down to 40x12.

    A dialog is usually pushed, and its answer goes to whoever pushed it. One can also be the app's first
    screen (`coach run` starts with one): nothing is under it to go back to, so an empty screen covers it the
    moment it is answered, and the answer waits in `answered()` for the app (CoachApp._ask)."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._answered = asyncio.Event()
        self._answer: Answer | None = None
        self._fitted_to: Size | None = None

    def dismiss(self, result: Answer | None = None) -> AwaitComplete:
        if self.app.screen_stack[0] is not self:
            return super().dismiss(result)
        if self._answered.is_set():  # a second key before the app took the first answer changes nothing
            return AwaitComplete.nothing()
        self._answer = result
        self._answered.set()
        # Covered at once by an empty screen, as a pop would uncover Textual's: a key typed straight after
        # (Enter, then a digit for the check-in) then waits for the next question instead of reaching this one.
        return self.app.push_screen(Screen())

    async def answered(self) -> Answer | None:
        """The answer of a dialog that is the app's first screen, once it is given."""
        await self._answered.wait()
        return self._answer

    def on_resize(self, event: events.Resize) -> None:
        # The terminal's size, not the event's: where the terminal gives none (a pseudo-terminal of size
        # 0x0), Textual's two fallbacks (80x24 and 80x25) take turns, and fitting to each in turn never ended.
        size = self.app.size
        if size == self._fitted_to:
            return
        self._fitted_to = size
        self.set_class(size.height < SMALL_HEIGHT, "-small")
        self.call_after_refresh(self._fit_body)

    def scrolling_body(self, text: str, classes: str = "") -> Static:
        """Outside text (notes, safety notes) as the dialog's body: a plain Static while it fits, moved into a
        scroll container once `_fit_body` finds it does not (drawing a scroll container costs about 4 ms of
        CPU, on the way to `coach run`'s first frame)."""
        return Static(for_terminal(text, lines=True), classes=f"dialog-body dialog-note {classes}".strip(),
                      markup=False)

    async def _fit_body(self) -> None:
        box = self.query_one(".dialog")
        notes = box.query(".dialog-note")
        if not notes:
            return
        note = notes.first()
        others = sum(child.outer_size.height + child.styles.margin.height
                     for child in box.children if child is not note and child.display)
        room = max(1, int(self.size.height * SHARE) - box.styles.gutter.height - others - note.styles.margin.height)
        if isinstance(note, VerticalScroll):
            note.styles.max_height = room
        elif note.outer_size.height > room:  # it does not fit: the same text again, in a scroll container
            body = Static(note.content, classes=" ".join(note.classes - {"dialog-note"}), markup=False)
            scroll = VerticalScroll(body, classes="dialog-scroll dialog-note")
            scroll.styles.max_height = room
            # Only the note is replaced: composing the whole dialog again left the key bar of the screen
            # behind it blank, as Textual does not lay out a screen in the background.
            await box.mount(scroll, before=note)
            await note.remove()
            scroll.focus()  # so the arrow keys and Page Down scroll it


class NoticeScreen(Dialog[bool]):
    """A note to read before going on: Enter answers True, Escape False."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Continue"),
        Binding("escape", "answer(False)", "Back"),
    ]

    def __init__(self, title: str, body: str, accept: str = "Enter  I understand, continue",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.body = body
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(for_terminal(self.title_text), classes="dialog-title", markup=False)
            yield self.scrolling_body(self.body)
            yield Static(f"[b]{self.accept}[/b]    Escape  back", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


GENERAL_SAFETY = """\
Before you start

• Check with your doctor or physical therapist before starting a new exercise program.
• Move slowly and within comfort. Mild stretching discomfort is fine.
• Stop any exercise that causes sharp pain, or pain that spreads down a leg (press x).

Stop and seek care promptly if you have:
• new problems controlling your bladder or bowels;
• numbness in the groin or saddle area;
• new weakness in a leg;
• fever together with back pain.
"""
