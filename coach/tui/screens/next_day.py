"""The next-morning check: how is the back this morning, compared with before yesterday's session?
better / same / worse, then optionally the pain now (0–10). One key skips it. The 24-hour rule of the
program's progression reads the answer (coach.program.decide)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.program.decide import NextDay
from coach.safe_text import for_terminal
from coach.session import pain
from coach.tui.screens.dialogs import Dialog

QUESTION = "How is your back this morning, compared with before yesterday's session?"
Answer = tuple[NextDay | None, int | None]


class NextDayScreen(Dialog[Answer]):
    """Answers (better/same/worse, pain now or None); (None, None) when skipped."""

    BINDINGS = [
        Binding("b", "compare('better')", "Better"),
        Binding("s", "compare('same')", "Same"),
        Binding("w", "compare('worse')", "Worse"),
        *(Binding(key, f"score({score})", str(score), show=False) for key, score in pain.KEYS.items()),
        Binding("enter", "finish", "Done", show=False),
        Binding("escape,k", "skip", "Skip"),
        Binding("question_mark", "app.keys", "Keys", show=False),
    ]

    KEYS = """\
b  s  w    better, the same, or worse than before yesterday's session
0 … 9, t   then your pain now, 0 (none) to 10 (t); Enter leaves it out
k, Escape  skip the question"""

    def __init__(self, routine_name: str, when: str) -> None:
        """`when`: the session's day and time, as people read it ("Sunday 18:30")."""
        super().__init__()
        self.routine_name = routine_name
        self.when = when
        self.compared: NextDay | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide next-day"):
            yield Static("Good morning", classes="dialog-title")
            yield Static(f"{QUESTION}\n(Yesterday: {for_terminal(self.routine_name)}, {self.when})",
                         classes="dialog-body", id="next-day-question", markup=False)
            yield Static("[b]b[/b] better    [b]s[/b] the same    [b]w[/b] worse", classes="pain-scale",
                         id="next-day-choices")
            yield Static("[b]k[/b] skip    (coach uses this to adjust your program: pain should settle by the "
                         "next morning)", classes="dialog-keys", id="next-day-keys")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # First better/same/worse; then the pain score, or Enter without one.
        if action in ("score", "finish"):
            return self.compared is not None
        if action == "compare":
            return self.compared is None
        return True

    def action_compare(self, answer: str) -> None:
        self.compared = NextDay(answer)
        self.query_one("#next-day-question", Static).update(f"{self.compared.value.capitalize()} than before. "
                                                             "And your pain now?")
        self.query_one("#next-day-choices", Static).update("0  1  2  3  4  5  6  7  8  9  [b]t[/b]=10")
        self.query_one("#next-day-keys", Static).update("Press a number.   [b]Enter[/b] leave it out   "
                                                        "[b]k[/b] skip")
        self.refresh_bindings()

    def action_score(self, score: int) -> None:
        self.dismiss((self.compared, score))

    def action_finish(self) -> None:
        self.dismiss((self.compared, None))

    def action_skip(self) -> None:
        """Skip what is left: the whole question, or after better/same/worse, the pain score."""
        self.dismiss((self.compared, None))
