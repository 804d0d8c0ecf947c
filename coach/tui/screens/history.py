"""History: this week against the goals, the streak, sessions per week, pain over time, every session.

The layout follows the terminal: the weekly bars narrow (5, 4 or 3 cells a week), then drop their oldest
weeks, to leave the goals column room; the pain chart (points, with gridlines at 0, 3, 6 and 10) takes 11
rows or more where that leaves the sessions table rows, and elsewhere (80x24, or many routine goals) is
hidden until `p` puts it in place of this week's figures, so the chart and the sessions share the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Callable, Sequence

from rich.markup import escape
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from coach.history import report
from coach.history.model import StoredExercise, StoredSession
from coach.history.stats import (PAIN_DAYS, WEEKS_SHOWN, RoutineGoal, Stats, compute, matches_routine, pain_points,
                                 routine_goals, routine_names)
from coach.history.errors import HistoryUnavailable, SessionNotFound
from coach.safe_text import for_terminal
from coach.session import pain
from coach.settings import Settings
from coach.tui.services import HistorySource
from coach.tui.table_fit import Fitted, fill_table, fit_columns
from coach.tui.widgets.key_footer import KeyFooter

PAIN_TICKS = (-90, -60, -30, 0)  # days from today
PAIN_BANDS = (0, 3, 6, 10)  # gridlines: 0–3 fine, 4–5 take care, 6 and up stop and ask
PAGE_ROWS = 100  # sessions added to the table at a time
PAGE_MARGIN = 30  # rows from the end at which the next page comes
GOALS_WIDTH = 36  # cells the goals column wants beside the weekly bars (its longest line, padded)
GOALS_LEAST = 29  # its min-width in history.tcss, and the padding
PAIN_ROWS, TABLE_LEAST = 11, 7  # the pain chart's least height; the sessions table's (a header and 6 rows)
HEADER_AND_FOOTER = 2
GOALS_WIDEST, GOALS_PADDING = 50, 1  # its max-width and left padding in history.tcss
SESSION_DROP_ORDER = (2, 3, 5)  # on a narrow screen the sessions table drops duration, done % and then status
TABLE_GUTTER = 4  # the table's margins and its scrollbar
SMALL = (60, 20)
CALENDAR_FROM = 130  # columns from which the month calendar sits beside the weekly bars
CALENDAR_WIDTH = 34  # its widest line (the legend) and its padding
DETAIL_WIDTH, DETAIL_GUTTER = 90, 8  # the session dialog's width, and its border, padding and scrollbar
TOP_MARGIN = 1  # #history-top's left margin, in history.tcss
BARS_PADDING = 1  # #week-bars' left padding, in history.tcss
COMPACT_BELOW = 100  # screens narrower than this list sessions in compact rows (report.compact_session_cells)
_STYLES = Path(__file__).with_name("history.tcss")  # absolute, so subclasses elsewhere find it too


class HistoryData:
    """A history held in memory, for tests and for a coach whose store is unavailable."""

    def __init__(self, sessions: Sequence[StoredSession] = (),
                 exercises: dict[int, list[StoredExercise]] | None = None) -> None:
        self._sessions = sorted(sessions, key=lambda session: (session.started, session.id))
        self._exercises = exercises or {}

    def sessions(self) -> list[StoredSession]:
        return list(self._sessions)

    def exercises(self, session_id: int) -> list[StoredExercise]:
        return list(self._exercises.get(session_id, ()))

    def edit_session(self, uuid: str, changes: dict, now: datetime) -> StoredSession:
        fields = {key: value for key, value in changes.items() if key in ("pain_before", "pain_after", "note")}
        index = next(index for index, session in enumerate(self._sessions) if session.uuid == uuid)
        self._sessions[index] = replace(self._sessions[index], **fields, edited_at=now)
        return self._sessions[index]

    def delete_sessions(self, uuids: Sequence[str], now: datetime) -> list[StoredSession]:
        kept = [session for session in self._sessions if session.uuid in uuids]
        self._sessions = [session for session in self._sessions if session.uuid not in uuids]
        return kept

    def restore_sessions(self, kept: Sequence[StoredSession]) -> None:
        self._sessions = sorted([*self._sessions, *kept], key=lambda session: (session.started, session.id))


@dataclass(frozen=True)
class _Loaded:
    sessions: list[StoredSession]
    stats: Stats
    today: date
    routine_goals: tuple[RoutineGoal, ...] = ()
    stages: str = ""  # the program's stage over time, when one has been followed


def goals_width(width: int, bars: tuple[int, int], small: bool = False) -> int:
    """The cells a line of the goals column has on a screen `width` wide, beside bars of `bar_layout`'s
    shape (or, below SMALL, on its own), as history.tcss sizes it: what the bars leave, 28 to 50."""
    if small:
        return width - TOP_MARGIN - GOALS_PADDING
    room = width - TOP_MARGIN - BARS_PADDING - (CALENDAR_WIDTH if width >= CALENDAR_FROM else 0)
    return max(GOALS_LEAST - GOALS_PADDING, min(GOALS_WIDEST, room - report.week_bars_width(*bars))) - GOALS_PADDING


def bar_layout(width: int) -> tuple[int, int]:
    """(cells a week, weeks shown) for the bar chart on a screen `width` wide: all WEEKS_SHOWN weeks, as
    wide as leaves the goals column GOALS_WIDTH cells; on a narrower screen, the newest weeks that fit
    beside the goals column at its narrowest (GOALS_LEAST), so this week is never cut off."""
    room = width - TOP_MARGIN - BARS_PADDING - (CALENDAR_WIDTH if width >= CALENDAR_FROM else 0)
    for column in report.BAR_COLUMNS:
        if room - report.week_bars_width(column, WEEKS_SHOWN) >= GOALS_WIDTH:
            return column, WEEKS_SHOWN
    column = report.BAR_COLUMNS[-1]
    weeks = WEEKS_SHOWN
    while weeks > 1 and room - report.week_bars_width(column, weeks) < GOALS_LEAST:
        weeks -= 1
    return column, weeks


class HistoryScreen(Screen[None]):
    CSS_PATH = _STYLES
    AUTO_FOCUS = "#history-sessions"
    BINDINGS = [
        Binding("f", "filter", "Filter", id="history.filter"),
        Binding("p", "toggle_pain", "Pain chart", id="history.pain"),
        Binding("e", "edit", "Edit", id="history.edit"),
        Binding("d", "delete", "Delete", id="history.delete"),
        Binding("u", "undo", "Undo delete", id="history.undo"),
        Binding("r", "report", "Report", id="history.report"),
        Binding("escape,q", "leave", "Back", id="history.back"),
        Binding("left", "month(-1)", "Month", priority=True, show=False),
        Binding("right", "month(1)", "Month", priority=True, show=False),
    ]
    # history.tcss sizes the pain chart by these (11 rows when medium, more when tall), and hides it where
    # _place_pain finds it would leave the sessions too few rows (-pain-tight).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-medium"), (36, "-tall")]

    KEYS = """\
↑ ↓        move through your sessions
Enter      the session's exercises
f          show one routine or activity: type to narrow the list, Enter to choose
p          show or hide the pain chart
e          correct the session's pain scores and note
d          delete the session (asks first)
u          bring back the session deleted last (while this screen is open)
r          write the report for your physical therapist (the last 6 weeks) and say where
← →        the month before or after, on the calendar (a wide terminal)
Escape  q  back
?          these keys"""

    def __init__(self, source: HistorySource, settings: Settings | None = None, today: date | None = None,
                 tz: tzinfo | None = None, problem: str | None = None,
                 wait_for_writes: Callable[[float], bool] | None = None,
                 routine_goals: Callable[[], dict[str, int]] | None = None,
                 write_report: Callable[[], Path] | None = None) -> None:
        """`problem`: why the history could not be opened (HistoryUnavailable's message); the screen
        then says so, instead of reading `source` and showing an empty history as "No sessions yet".
        `wait_for_writes(timeout)`: let the writes of a session just ended land before reading.
        `routine_goals()`: the routines' own weekly goals by name (read on the loading thread).
        `write_report()`: write the therapist's report and return its path (`r`; on a thread)."""
        super().__init__()
        self.routine_goals = routine_goals
        self.write_report = write_report
        self.source = source
        self.problem = problem
        self.wait_for_writes = wait_for_writes
        self.bars = (5, WEEKS_SHOWN)  # cells a week, weeks shown (bar_layout)
        self.compact = False  # compact table rows, for a narrow screen
        self.fitted: Fitted | None = None  # the sessions table's columns that fit
        self._made_cells: dict[tuple[int, bool], list[str]] = {}
        self._undo: object | None = None  # what delete_sessions kept of the session deleted last
        self._top_rows = 10  # #history-top's height, as last laid out
        self.month: tuple[int, int] | None = None  # the calendar's (year, month); this month at first
        self.settings = settings or Settings()
        self.today = today
        self.tz = tz
        self.loaded: _Loaded | None = None
        self.routine: str | None = None
        """The routine the table and pain chart show; None for all."""
        self._row_sessions: dict[object, StoredSession] = {}
        self._unlisted: list[StoredSession] = []  # filtered sessions not in the table yet, newest first

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-top"):
            with Vertical(id="history-goals"):
                yield Static("Loading your history…", id="week-goals", markup=False)  # routine names in it
                yield Static(id="streak")
                yield Static(id="routine-filter", markup=False)
            yield Static(id="week-bars")
            yield Static(id="calendar", markup=False)
        yield PlotextPlot(id="pain-chart")
        yield Static(report.START_HINT, id="empty-hint")
        yield Static(id="history-problem", markup=False)
        yield Static(id="program-stages", markup=False)
        yield DataTable(id="history-sessions", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#history-sessions", DataTable).add_columns(*report.COLUMNS)
        self.bars = bar_layout(self.app.size.width)
        self.compact = self.app.size.width < COMPACT_BELOW
        if self.problem is not None:
            self._present_problem(self.problem)
            return
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= CALENDAR_FROM and event.size.height >= SMALL[1], "-calendar")
        # Below 60x20 the weekly bars and the streak give way to the sessions.
        small = event.size.width < SMALL[0] or event.size.height < SMALL[1]
        bars = bar_layout(event.size.width)
        if bars != self.bars or small != self.has_class("-small"):
            self.bars = bars
            self.set_class(small, "-small")
            if self.loaded is not None:
                self._show_bars(self.loaded.stats)
                self._show_goals()
        compact = event.size.width < COMPACT_BELOW
        fitted = self._fit(event.size.width)
        if compact != self.compact or fitted != self.fitted:
            self.compact = compact
            self._show_filtered()  # the rows again, in the other form or other columns
        self.call_after_refresh(self._place_pain)

    def _place_pain(self) -> None:
        """Show the pain chart under this week's figures only where that leaves the sessions TABLE_LEAST rows;
        elsewhere (80x24, or many routine goals) it is hidden, and `p` puts it in the figures' place."""
        top = self.query_one("#history-top")
        if top.display:  # when `p` has hidden it, the height it had still stands
            self._top_rows = top.outer_size.height
        stages = self.query_one("#program-stages").display
        room = self.size.height - HEADER_AND_FOOTER - self._top_rows - (1 if stages else 0)
        self.set_class(room < PAIN_ROWS + TABLE_LEAST, "-pain-tight")

    def _show_goals(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        width = goals_width(self.app.size.width, self.bars, small=self.has_class("-small"))
        per_routine = report.routine_goals_text(loaded.routine_goals, width)
        self.query_one("#week-goals", Static).update(report.goals_text(loaded.stats)
                                                     + (f"\n{per_routine}" if per_routine else ""))

    def _show_bars(self, stats: Stats) -> None:
        column, weeks = self.bars
        self.query_one("#week-bars", Static).update(report.week_bars(stats, column=column, weeks=weeks))

    def _filtered(self) -> list[StoredSession]:
        sessions = self.loaded.sessions if self.loaded is not None else []
        if self.routine is not None:
            sessions = [session for session in sessions if matches_routine(session, self.routine)]
        return sessions

    def _fit(self, width: int) -> Fitted | None:
        """The columns that fit, measured on the newest page of rows (later pages are cut the same way)."""
        if self.loaded is None:
            return None
        this_year = self.loaded.today.year
        rows = [self._cells(session, this_year) for session in self._filtered()[::-1][:PAGE_ROWS]]
        return fit_columns(report.COLUMNS, rows, width - TABLE_GUTTER, SESSION_DROP_ORDER, shrink=1)

    def _cells(self, session: StoredSession, this_year: int) -> list[str]:
        """A session's row, made once per form (the fit of the columns and the table both need it)."""
        key = (session.id, self.compact)
        cells = self._made_cells.get(key)
        if cells is None:
            cells = self._made_cells[key] = self._make_cells(session, this_year)
        return cells

    def _make_cells(self, session: StoredSession, this_year: int) -> list[str]:
        if self.compact:
            return _plain(report.compact_session_cells(session, this_year, self.tz))
        cells = report.session_cells(session, self.tz)
        return _plain((cells[0], report.cut(cells[1], report.ROUTINE_WIDEST), *cells[2:]))

    # -- loading (on a thread: the database never holds up the screen) ------------------

    @work(thread=True, exclusive=True, group="history-load")
    def _load(self) -> None:
        if self.wait_for_writes is not None:
            self.wait_for_writes(2.0)  # opened from a summary: let its pain score and note land first
        try:
            sessions = self.source.sessions()
        except HistoryUnavailable as error:
            self.app.call_from_thread(self._show_problem, str(error))
            return
        today = self.today or date.today()
        settings = self.settings
        stats = compute(sessions, today, settings.weekly_sessions_goal, settings.weekly_aerobic_minutes_goal, self.tz)
        goals = routine_goals(sessions, self.routine_goals() if self.routine_goals else {}, today, self.tz)
        self.app.call_from_thread(self._show, _Loaded(sessions, stats, today, tuple(goals), self._stages()))

    def _stages(self) -> str:
        """The program's stage over time, from the decisions recorded (a history in memory has none)."""
        if not hasattr(self.source, "read"):
            return ""
        from coach.history import program_log

        try:
            return report.stage_timeline(program_log.decisions(self.source), self.tz)
        except Exception:  # noqa: BLE001 - the sessions still show; only the program's line is missing
            return ""

    def _show_problem(self, message: str) -> None:
        if self.is_mounted:  # the person may have left while the history was read
            self._present_problem(message)

    def _present_problem(self, message: str) -> None:
        """Say the history is unavailable, in place of everything that would look like an empty history."""
        self.problem = message
        self.query_one("#history-problem", Static).update(report.unavailable_text(message))
        self.add_class("-problem")

    def _show(self, loaded: _Loaded) -> None:
        if not self.is_mounted:  # the person left before the history arrived
            return
        self.loaded = loaded
        self._made_cells.clear()  # a session may have changed since (its pain after, its note)
        stats = loaded.stats
        self._show_goals()
        self.query_one("#streak", Static).update(report.streak_text(stats))
        self._show_bars(stats)
        self._show_calendar()
        self.set_class(not loaded.sessions, "-empty")
        stages = self.query_one("#program-stages", Static)
        stages.update(loaded.stages)
        stages.display = bool(loaded.stages)
        self._show_filtered()
        self.call_after_refresh(self._place_pain)

    def _show_filtered(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        sessions = self._filtered()
        label = for_terminal(self.routine) if self.routine else "all"
        count = f"{len(sessions):,} session" + ("" if len(sessions) == 1 else "s")
        self.query_one("#routine-filter", Static).update(f"Routine: {label} · {count}\n"
                                                         "⏎ exercises · f filter")
        self.fitted = self._fit(self.size.width or self.app.size.width)
        table = self.query_one("#history-sessions", DataTable)
        table.clear(columns=True)  # the columns too: their widths fit the rows they had
        table.add_columns(*(self.fitted.header(report.COLUMNS) if self.fitted else report.COLUMNS))
        self._row_sessions = {}
        self._unlisted = sessions[::-1]  # newest first
        self._list_more()
        self._draw_pain(sessions, loaded.today)

    def _list_more(self) -> None:
        """Add the next page of sessions to the table.

        DataTable measures every new cell when it next idles (about 0.1 ms a cell), so 5,000
        sessions at once would hold the screen for half a second; a page at a time keeps it
        ready at once, and the cursor nearing the end brings the next page.
        """
        page, self._unlisted = self._unlisted[:PAGE_ROWS], self._unlisted[PAGE_ROWS:]
        if not page:
            return
        table = self.query_one("#history-sessions", DataTable)
        this_year = self.loaded.today.year if self.loaded is not None else date.today().year  # loaded: always
        fitted = self.fitted
        keys = table.add_rows(fitted.row(cells) if fitted else cells
                              for cells in (self._cells(session, this_year) for session in page))
        self._row_sessions.update(zip(keys, page))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "history-sessions" and event.cursor_row >= event.data_table.row_count - PAGE_MARGIN:
            self._list_more()

    def _draw_pain(self, sessions: list[StoredSession], today: date) -> None:
        plot = self.query_one("#pain-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        points = pain_points(sessions, today, self.tz)
        midnight = datetime.combine(today, time()).astimezone(self.tz)
        plt.title(f"Pain before and after each session, last {PAIN_DAYS} days (0 = none, 10 = worst)"
                  if points else f"Pain: no pain scores in the last {PAIN_DAYS} days")
        plt.xlim(-PAIN_DAYS, 1)
        plt.ylim(pain.LEAST, pain.MOST)
        plt.xticks(list(PAIN_TICKS), [_day_label(today, offset) for offset in PAIN_TICKS])
        plt.yticks(list(PAIN_BANDS))
        for band in PAIN_BANDS:  # the traffic light: 0–3 fine, 4–5 take care, 6 and up stop and ask
            plt.hline(band, "gray")
        for label, value, marker, color in (("before", "before", "o", "orange"), ("after", "after", "x", "cyan")):
            scored = [(point, getattr(point, value)) for point in points if getattr(point, value) is not None]
            if scored:  # points, not lines: a score is one moment, nothing lies between two of them
                days = [(point.started - midnight).total_seconds() / 86400 for point, _ in scored]
                plt.scatter(days, [score for _, score in scored], label=label, marker=marker, color=color)
        plot.refresh()

    # -- a session's exercises ----------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "history-sessions":
            return
        session = self._row_sessions.get(event.row_key)
        if session is not None:
            self._load_exercises(session)

    @work(thread=True, exclusive=True, group="history-exercises")
    def _load_exercises(self, session: StoredSession) -> None:
        try:
            exercises = self.source.exercises(session.id)
        except HistoryUnavailable as error:  # the list stays; only this session's exercises are missing
            self.app.call_from_thread(self.notify, f"Could not read the session's exercises: {error}",
                                      severity="error", timeout=10, markup=False)
            return
        self.app.call_from_thread(self._show_exercises, session, exercises)

    def _show_exercises(self, session: StoredSession, exercises: list[StoredExercise]) -> None:
        if self.is_current:
            self.app.push_screen(SessionDetailScreen(session, exercises, self.tz))

    # -- keys ---------------------------------------------------------------------------

    def action_report(self) -> None:
        if self.write_report is not None:
            self.notify("Writing the report…", timeout=3)
            self._write_report()

    @work(thread=True, exclusive=True, group="history-report")
    def _write_report(self) -> None:
        try:
            path = self.write_report()  # type: ignore[misc]
        except Exception as error:  # noqa: BLE001 - the history or the disk: say so; the screen stays
            why = (f"{error.filename}: {error.strerror}" if isinstance(error, OSError) and error.strerror
                   and error.filename else str(error))
            self.app.call_from_thread(self.notify, f"Could not write the report: {for_terminal(why)}",
                                      severity="error", timeout=10, markup=False)
            return
        self.app.call_from_thread(self.notify, f"Report written: {path}", timeout=15, markup=False)

    def action_toggle_pain(self) -> None:
        """Show the pain chart where the layout hides it (a short terminal), or hide it where shown."""
        if self.loaded is not None and self.loaded.sessions and self.problem is None:
            self.toggle_class("-pain-flipped")

    def action_month(self, step: int) -> None:
        year, month = self.month or (date.today().year, date.today().month)
        month += step
        self.month = (year + (month - 1) // 12, (month - 1) % 12 + 1)
        self._show_calendar()

    def _show_calendar(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        if self.month is None:
            self.month = (loaded.today.year, loaded.today.month)
        self.query_one("#calendar", Static).update(report.month_calendar(loaded.sessions, *self.month,
                                                                         today=loaded.today, tz=self.tz))

    def action_filter(self) -> None:
        if self.loaded is None or not self.loaded.sessions:  # nothing to choose from
            return
        from coach.tui.screens.filter import FilterScreen

        def chosen(name: str | None) -> None:
            if name is not None:
                self.routine = name or None
                self._show_filtered()

        self.app.push_screen(FilterScreen(routine_names(self.loaded.sessions), self.routine), chosen)

    def action_leave(self) -> None:
        self.dismiss(None)

    # -- corrections --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):  # not on a read-only history: the dialog would only end in a refusal
            # (Offered whatever the rows: e and d do nothing on an empty list, and asking the footer to
            # redraw after each load would cost the screen a new layout.)
            return self.problem is None and not getattr(self.source, "read_only", False)
        if action == "undo":
            return self._undo is not None
        if action == "report":
            return self.write_report is not None and self.problem is None
        if action == "month":  # only while the calendar is shown; otherwise ← → are the table's
            return self.has_class("-calendar") and self.loaded is not None
        return True

    def selected(self) -> StoredSession | None:
        """The session under the table's cursor, if any is listed."""
        table = self.query_one("#history-sessions", DataTable)
        if self.problem is not None or self.loaded is None or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._row_sessions.get(row_key)

    def action_edit(self) -> None:
        session = self.selected()
        if session is None:
            return
        from coach.tui.screens.edit_session import EditSessionScreen

        def edited(changes: dict | None) -> None:
            if changes:
                self._correct(lambda now: self.source.edit_session(session.uuid, changes, now), "Changed.")

        self.app.push_screen(EditSessionScreen(session), edited)

    def action_delete(self) -> None:
        session = self.selected()
        if session is None:
            return
        from coach.tui.screens.confirm import ConfirmScreen

        def decided(delete: bool | None) -> None:
            if delete:
                self._correct(lambda now: self._kept_for_undo(self.source.delete_sessions([session.uuid], now)),
                              "Deleted. Press u to bring it back.")

        self.app.push_screen(ConfirmScreen("Delete this session?", report.session_line(session, self.tz)), decided)

    def action_undo(self) -> None:
        kept = self._undo
        if kept is not None:
            self._correct(lambda now: (self.source.restore_sessions(kept), self._kept_for_undo(None)), "Brought back.")

    def _kept_for_undo(self, kept) -> None:
        self._undo = kept or None
        self.app.call_from_thread(self.refresh_bindings)

    @work(thread=True, exclusive=True, group="history-correct")
    def _correct(self, change: Callable[[datetime], object], done: str) -> None:
        """Make a correction off the event loop, then read the history again."""
        try:
            change(datetime.now(timezone.utc))
        except (HistoryUnavailable, SessionNotFound) as error:  # read-only, or deleted elsewhere meanwhile
            self.app.call_from_thread(self.notify, f"Nothing was changed: {error}", severity="error", timeout=10,
                                      markup=False)
            self.app.call_from_thread(self._load)
            return
        self.app.call_from_thread(self.notify, done, timeout=4)
        self.app.call_from_thread(self._load)


class SessionDetailScreen(ModalScreen[None]):
    """One session's exercises and how each went, painful ones included."""

    CSS_PATH = _STYLES
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="history.close-session"),
        Binding("question_mark", "app.keys", "Keys", show=False),  # a modal screen hides the app's own
    ]
    KEYS = """\
↑ ↓        move through the exercises
Escape  q  back to your sessions
?          these keys"""

    def __init__(self, session: StoredSession, exercises: list[StoredExercise], tz: tzinfo | None = None) -> None:
        super().__init__()
        self.session = session
        self.exercises = exercises
        self.tz = tz

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical(id="session-detail"):
            yield Static(f"{report.started_text(session, self.tz)} · {for_terminal(session.routine_name)}",
                         id="detail-title", markup=False)
            yield Static(report.detail_figures(session), id="detail-figures")
            if session.note:
                yield Static(f"Note: {for_terminal(session.note, lines=True)}", id="detail-note", markup=False)
            yield DataTable(id="session-exercises", cursor_type="row", zebra_stripes=True)
            yield Static("[b]Escape[/b]  close", id="detail-keys")

    def on_resize(self, event: events.Resize) -> None:
        """The exercises in the columns that fit the dialog (90 cells wide, or 95% of a narrower screen)."""
        width = min(DETAIL_WIDTH, int(event.size.width * 0.95)) - DETAIL_GUTTER
        rows = [report.exercise_cells(exercise) for exercise in self.exercises]
        fitted = fit_columns(report.EXERCISE_COLUMNS, rows, width, report.EXERCISE_DROP_ORDER, shrink=1)
        fill_table(self.query_one("#session-exercises", DataTable), fitted, report.EXERCISE_COLUMNS, rows)

    def action_close(self) -> None:
        self.dismiss(None)


def _plain(cells: tuple[str, ...]) -> list[str]:
    """Cells as they are: DataTable reads strings as markup, and names are the person's own text."""
    return [escape(cell) for cell in cells]


def _day_label(today: date, offset: int) -> str:
    return "today" if offset == 0 else f"{today + timedelta(days=offset):%d %b}"
