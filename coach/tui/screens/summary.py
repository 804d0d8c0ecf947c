"""After the session: what was done, pain now, an optional note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from coach.routine.durations import format_clock
from coach.session.journal import Journal
from coach.session.records import ExerciseStatus, SessionRecord, SessionStatus
from coach.tui.screens.checkin import TEN_KEY

PAIN_RISE_ADVISORY = 2

NOTHING_DONE = "Session over: no exercise was completed."
HEADINGS = {
    SessionStatus.COMPLETED: "Session complete. Well done.",
    SessionStatus.STOPPED: "Session ended early. What you did is kept.",
    SessionStatus.PAIN_STOPPED: "Session ended because something hurt.",
}
STATUS_MARKS = {
    ExerciseStatus.DONE: "✓ done",
    ExerciseStatus.PARTIAL: "◐ partial",
    ExerciseStatus.SKIPPED: "– skipped",
    ExerciseStatus.PAIN: "✗ painful",
}


def summary_figures(session: SessionRecord) -> str:
    done = sum(1 for record in session.exercises if record.status is ExerciseStatus.DONE)
    text = (f"Active {format_clock(session.active_seconds)} of {format_clock(session.planned_seconds)} planned"
            f" · {done} of {len(session.exercises)} exercises done")
    if session.paused_seconds >= 1:
        text += f" · paused {format_clock(session.paused_seconds)}"
    return text


def pain_advisory(before: int | None, after: int | None) -> str | None:
    if before is None or after is None or after - before < PAIN_RISE_ADVISORY:
        return None
    return (f"Your pain went from {before} to {after}. That can happen; go gently. Consider the gentle-5 "
            "routine next time, and tell your physical therapist or doctor if it persists.")


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = "#exercises"
    BINDINGS = [
        *(Binding(str(score), f"pain({score})", show=False) for score in range(10)),
        Binding(TEN_KEY, "pain(10)", show=False),
        Binding("s", "pain(None)", "Skip pain", id="summary.skip-pain"),
        Binding("n", "write_note", "Note", id="summary.note"),
        Binding("escape", "leave_note", show=False),
        Binding("h", "history", "History", id="summary.history"),
        Binding("q", "leave", "Leave", id="summary.leave"),
    ]

    def __init__(self, session: SessionRecord, journal: Journal) -> None:
        super().__init__()
        self.session = session
        self.journal = journal
        self.pain_answered = False

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="summary-title", markup=False)
        yield Static(f"{self.session.routine_name} · {summary_figures(self.session)}", id="summary-figures", markup=False)
        if getattr(self.app, "store", None) is None:
            yield Static("Your history is unavailable, so this session is not saved.", id="summary-unsaved")
        table: DataTable = DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "Exercise", "Status", "Active", "Planned", "Sets")
        for record in self.session.exercises:
            table.add_row(
                str(record.position + 1), Text(record.name), STATUS_MARKS[record.status],
                format_clock(record.active_seconds), "manual" if record.manual else format_clock(record.planned_seconds),
                f"{record.sets_completed}/{record.set_count}",
            )
        yield table
        yield Static("How is your back now?  0–9, t = 10,  s to skip", id="pain-question")
        yield Static(id="advisory", markup=False)
        yield Input(placeholder="A note for your log (optional). Enter saves it.", id="note", max_length=500)
        yield Footer()

    def _heading(self) -> str:
        done = any(record.status is ExerciseStatus.DONE for record in self.session.exercises)
        if self.session.status is SessionStatus.COMPLETED and not done:
            return NOTHING_DONE
        return HEADINGS.get(self.session.status, "Session over.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pain":
            return not self.pain_answered
        return True

    def action_pain(self, score: int | None) -> None:
        if self.pain_answered:
            return
        self.pain_answered = True
        self.refresh_bindings()
        self.session.pain_after = score
        before = self.session.pain_before
        if score is None:
            text = "Pain check skipped."
        elif before is None:
            text = f"Pain now: {score}"
        else:
            text = f"Pain: {before} before → {score} now"
        self.query_one("#pain-question", Static).update(text + "    ·    n  write a note    ·    q  leave")
        advisory = pain_advisory(before, score)
        if advisory:
            self.query_one("#advisory", Static).update(advisory)
            self.query_one("#advisory").add_class("-shown")

    def action_write_note(self) -> None:
        self.query_one("#note", Input).focus()

    def action_leave_note(self) -> None:
        self.query_one("#exercises", DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.session.note = event.value.strip() or None
        saved = getattr(self.app, "store", None) is not None
        self.notify("Note added; it is saved when you leave." if saved else "Note kept for this summary only: history unavailable.")
        self.action_leave_note()

    def _record(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        self.session.note = note or self.session.note
        self.journal.summary_closed(self.session)

    def action_history(self) -> None:
        self._record()  # so the history shows this session's pain and note too
        self.app.open_history()  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self._record()
        self.dismiss(None)
