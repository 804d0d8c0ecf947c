"""After the session: what was done, pain now, an optional note, and whether it is all saved.

Pain after and the note go to the journal the moment they are given, so closing the terminal
here loses nothing. The screen says in its body whether the history has the session; when it
cannot be saved, `r` tries again, and coach keeps it in a recovery file when it ends.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from coach.history.report import EXERCISE_COLUMNS, EXERCISE_DROP_ORDER, exercise_cells
from coach.routine.durations import format_clock
from coach.safe_text import for_terminal
from coach.session import pain
from coach.tui.messages import OpenHistory
from coach.session.journal import Journal, SaveState
from coach.session.records import ExerciseStatus, SessionRecord, SessionStatus
from coach.tui.table_fit import Fitted, fill_table, fit_columns
from coach.tui.widgets.key_footer import KeyFooter
from coach.tui.widgets.parts_line import PartsLine

PAIN_RISE_ADVISORY = 2
PAIN_QUESTION = "How is your back now?  0–9, t = 10,  s to skip"

NOTHING_DONE = "Session over: no exercise was completed."
HEADINGS = {
    SessionStatus.COMPLETED: "Session complete. Well done.",
    SessionStatus.STOPPED: "Session ended early. What you did is kept.",
    SessionStatus.PAIN_STOPPED: "Session ended because something hurt.",
}

SMALL_HEIGHT = 20
TABLE_GUTTER = 4  # the screen's padding and the table's scrollbar

def save_line(state: SaveState | None) -> str:
    """The body line that says whether the history has this session."""
    if state is None:
        return ""
    if state.saved:
        return "✓ Saved to your history."
    if state.problem is None:
        return "Saving to your history…"
    return (f"✗ NOT SAVED to your history: {state.problem}. Press r to try again. If it still fails, coach "
            "keeps the session in a recovery file when you leave and adds it to the history next time.")


def summary_figures(session: SessionRecord) -> list[str]:
    """Work (holds, reps, durations) against the work planned; the whole time, rests included, under its
    own name; then exercises done and time paused. One part each, for a line to break between them."""
    done = sum(1 for record in session.exercises if record.status is ExerciseStatus.DONE)
    work = f"Work {format_clock(session.work_seconds)}"
    if session.planned_work_seconds:
        work += f" of {format_clock(session.planned_work_seconds)} planned"
    parts = [work, f"total {format_clock(session.active_seconds)} with rests",
             f"{done} of {len(session.exercises)} exercises done"]
    if session.paused_seconds >= 1:
        parts.append(f"paused {format_clock(session.paused_seconds)}")
    return parts


def pain_advisory(before: int | None, after: int | None) -> str | None:
    if before is None or after is None or after - before < PAIN_RISE_ADVISORY:
        return None
    return (f"Your pain went from {before} to {after}. That can happen; go gently. Consider the gentle-5 "
            "routine next time, and tell your physical therapist or doctor if it persists.")


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = "#exercises"
    BINDINGS = [
        *(Binding(key, f"pain({score})", show=False) for key, score in pain.KEYS.items()),
        Binding("s", "pain(None)", "Skip pain", id="summary.skip-pain"),
        Binding("n", "write_note", "Note", id="summary.note"),
        Binding("r", "retry_save", "Retry save", id="summary.retry"),
        Binding("escape", "leave_note", show=False),
        Binding("h", "history", "History", id="summary.history"),
        Binding("q", "leave", "Leave", id="summary.leave"),
    ]

    KEYS = """\
0 … 9, t   how your back is now (t = 10); another number changes it
s          skip the pain question
n          write a note (kept as you type; Escape leaves the note)
r          try saving again, when the summary says it is not saved
h          your history
q          leave
?          these keys"""

    class SaveStateChanged(Message):
        """The journal tried to save (posted from its writer thread)."""

    def __init__(self, session: SessionRecord, journal: Journal,
                 next_time: Callable[[SessionRecord], list[str]] | None = None) -> None:
        """`next_time`: under a program, what this session means for next time (it changes with pain after)."""
        super().__init__()
        self.session = session
        self.journal = journal
        self.next_time = next_time
        self.pain_answered = False
        self._save_state: SaveState | None = None
        self._rows = [exercise_cells(record) for record in session.exercises]
        self._fitted: Fitted | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="summary-title", markup=False)
        yield PartsLine([for_terminal(self.session.routine_name), *summary_figures(self.session)],
                        id="summary-figures")
        yield Static(id="save-status", markup=False)
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        yield Static(PAIN_QUESTION, id="pain-question")
        yield Static(id="advisory", markup=False)
        yield Static(id="next-time", markup=False)
        yield Input(placeholder="A note for your log (optional); kept as you type.", id="note", max_length=500)
        yield KeyFooter()

    def _heading(self) -> str:
        done = any(record.status is ExerciseStatus.DONE for record in self.session.exercises)
        if self.session.status is SessionStatus.COMPLETED and not done:
            return NOTHING_DONE
        return HEADINGS.get(self.session.status, "Session over.")

    def on_resize(self, event: events.Resize) -> None:
        """A short terminal: no blank lines and a one-line note field, so the table keeps rows to show."""
        small = event.size.height < SMALL_HEIGHT
        self.set_class(small, "-small")
        self.query_one("#note", Input).compact = small
        self.query_one("#summary-figures", PartsLine).set_compact(small)
        fitted = fit_columns(EXERCISE_COLUMNS, self._rows, event.size.width - TABLE_GUTTER, EXERCISE_DROP_ORDER,
                             shrink=1)
        if fitted != self._fitted:
            self._fitted = fitted
            fill_table(self.query_one("#exercises", DataTable), fitted, EXERCISE_COLUMNS, self._rows)

    def on_mount(self) -> None:
        self.journal.watch(lambda: self.post_message(self.SaveStateChanged()))
        self._show_save_state()
        self._show_next_time()

    def _show_next_time(self) -> None:
        widget = self.query_one("#next-time", Static)
        lines = self.next_time(self.session) if self.next_time is not None else []
        if lines and not self.pain_answered:  # what comes next rests on the answer: ask for it first
            lines = ["What comes next in your program depends on how your back is now: press 0–9 or t."]
        widget.update(for_terminal("\n".join(lines), lines=True))  # names from program and routine files
        widget.display = bool(lines)
        widget.set_class(any("physical therapist" in line for line in lines), "-warning")

    def on_unmount(self) -> None:
        self.journal.watch(None)

    def on_summary_screen_save_state_changed(self, _: SaveStateChanged) -> None:
        self._show_save_state()

    def _show_save_state(self) -> None:
        state = self.journal.save_state(self.session)
        if state == self._save_state and self.is_mounted:
            return
        self._save_state = state
        status = self.query_one("#save-status", Static)
        status.update(for_terminal(save_line(state)))
        status.display = bool(save_line(state))
        status.set_class(state is not None and not state.saved and state.problem is not None, "-failed")
        status.set_class(state is not None and state.saved, "-saved")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_save":
            state = self._save_state
            return state is not None and not state.saved and state.problem is not None
        return True

    def action_pain(self, score: int | None) -> None:
        """Record pain after at once; another key changes the answer."""
        self.pain_answered = True
        self.session.pain_after = score
        self._save()
        before = self.session.pain_before
        if score is None:
            text = "Pain check skipped."
        elif before is None:
            text = f"Pain now: {score}"
        else:
            text = f"Pain: {before} before → {score} now"
        self.query_one("#pain-question", Static).update(
            text + "    ·    another number changes it    ·    n  write a note    ·    q  leave")
        advisory = pain_advisory(before, score)
        self.query_one("#advisory", Static).update(advisory or "")
        self.query_one("#advisory").set_class(advisory is not None, "-shown")
        self._show_next_time()

    def action_write_note(self) -> None:
        self.query_one("#note", Input).focus()

    def action_leave_note(self) -> None:
        self.query_one("#exercises", DataTable).focus()

    def action_retry_save(self) -> None:
        self.journal.retry(self.session)
        self._show_save_state()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every change to the note is saved, so a closed terminal keeps what was typed."""
        note = event.value.strip() or None
        if note != self.session.note:
            self.session.note = note
            self._save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.session.note = event.value.strip() or None
        self._save()
        self.action_leave_note()

    def _save(self) -> None:
        self.journal.summary_changed(self.session)
        self._show_save_state()

    def action_history(self) -> None:
        self.post_message(OpenHistory())

    def action_leave(self) -> None:
        self.dismiss(None)
