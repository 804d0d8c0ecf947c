"""Home: the routines to choose from, with their phases, exercise count and planned time."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coach.paths import Places
from coach.routine.loaded_catalog import CatalogRoutine, load_catalog
from coach.routine.durations import format_duration
from coach.safe_text import for_terminal
from coach.tui.messages import OpenHistory, StartRoutine, TodaysPlanRead
from coach.tui.screens.dialogs import GENERAL_SAFETY, NoticeScreen
from coach.tui.services import HistoryAccess
from coach.tui.table_fit import Fitted, fill_table, fit_columns
from coach.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from coach.history.following import TodaysPlan

MOST_NOTICES_SHOWN = 4
COLUMNS = ("Routine", "Time", "Exercises", "This week", "Phases")
WEEK_COLUMN = 3
# When the screen is narrow: phases first (they are under the table too), then the count, then the week.
DROP_ORDER = (4, 2, 3)
TABLE_GUTTER = 6  # the table's margins (2 + 2) and its scrollbar
SMALL_HEIGHT = 20
FIGURES_HEIGHT = 30  # from this height the routine's exercises show as a row of pictures under its description


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#routines"
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start", priority=True),
        Binding("h", "history", "History", id="home.history"),
        Binding("s", "safety", "Safety", id="home.safety"),
        Binding("question_mark", "app.keys", "Keys", key_display="?", id="home.keys"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        # Last: on a narrow footer it is the one cut, and the Today card says "t starts it" itself.
        Binding("t", "today", "Today", id="home.today"),
    ]
    KEYS = """\
↑ ↓        choose a routine
Enter      start it
t          start today's plan of the program you follow
h          your history
s          read the safety notes again
?          these keys
q          quit"""

    def __init__(self, places: Places, history: HistoryAccess | None = None) -> None:
        """`history`: for the week strip; without one, home shows no strip."""
        super().__init__()
        self.places = places
        self.history = history or HistoryAccess(None)
        self.fitted: Fitted | None = None
        self._load_routines()
        self._resumed_before = False
        self.plan: TodaysPlan | None = None
        """Today's plan of the program followed, as the Today card last showed it; `t` starts it."""

    def _load_routines(self) -> None:
        """The routines as their files are now (checked ones come from the cache: a few milliseconds)."""
        catalog = load_catalog(self.places)
        self.choices = catalog.routines
        self.catalog_notices = catalog.notices
        self.rows = [(choice.name, routine_cells(choice)) for choice in self.choices]
        self.weekly_goals = catalog.weekly_goals()

    def reload_routines(self) -> None:
        """Read the routines again, as a file may have been edited while home was open, and show any change:
        the highlight stays on the routine it was on, and the week's counts are read again."""
        before = [(choice.name, choice.routine, choice.problems) for choice in self.choices]
        notices_before = set(self.catalog_notices)
        self._load_routines()
        self._notify_skipped([notice for notice in self.catalog_notices if notice not in notices_before])
        if [(choice.name, choice.routine, choice.problems) for choice in self.choices] == before:
            return
        table = self.query_one("#routines", DataTable)
        highlighted = table.coordinate_to_cell_key(table.cursor_coordinate)[0].value if table.row_count else None
        self.fitted = None
        self._fit_table(self.size.width)
        keys = [key for key, _ in self.rows]
        if highlighted in keys:
            table.move_cursor(row=keys.index(highlighted))
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            self._describe(self._choice(row_key.value))
        self.refresh_week_strip()  # the rows were made again: their "2 of 5" too

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a routine and press Enter.", id="home-intro")
        yield Static("", id="week-strip")
        yield Static("", id="today", markup=False)
        yield DataTable(id="routines", cursor_type="row")
        yield Static(id="routine-description", markup=False)
        yield Static(id="routine-figures", markup=False)
        yield KeyFooter()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SMALL_HEIGHT, "-small")
        table = self.query_one("#routines", DataTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            self._show_figures(self._choice(row_key.value))
        self._fit_table(event.size.width)

    def _fit_table(self, width: int) -> None:
        """The columns that fit `width`, and the rows in them (only when the fit changed)."""
        fitted = fit_columns(COLUMNS, [cells for _, cells in self.rows], width - TABLE_GUTTER, DROP_ORDER, shrink=0)
        if fitted != self.fitted:
            self.fitted = fitted
            fill_table(self.query_one("#routines", DataTable), fitted, COLUMNS, [cells for _, cells in self.rows],
                       keys=[key for key, _ in self.rows])

    def on_screen_resume(self) -> None:
        if self._resumed_before:  # back from a session or the history: a routine may have been edited meanwhile
            self.reload_routines()
        self._resumed_before = True
        self.refresh_week_strip()

    def on_mount(self) -> None:
        self.refresh_week_strip()
        self._notify_skipped(self.catalog_notices)

    def _notify_skipped(self, notices: list[str]) -> None:
        """Files in the routines folder that were passed over, and why."""
        if notices:
            shown = notices[:MOST_NOTICES_SHOWN]
            more = len(notices) - len(shown)
            self.notify("\n".join(shown) + (f"\n… and {more} more (see coach list)" if more else ""),
                        title="Some routine files were skipped", severity="warning", timeout=15)

    @work(thread=True, exclusive=True, group="week-strip")
    def refresh_week_strip(self) -> None:
        """This week against the goal, read off the event loop."""
        store = self.history.source
        if store is None:
            return
        from coach.history.report import week_strip
        from coach.history.stats import compute, routine_goals

        settings = self.history.settings
        self.history.wait_for_writes(2.0)  # a session just finished: let its last writes land first
        self._read_todays_plan(store)
        try:
            sessions = store.sessions()
            stats = compute(sessions, date.today(), settings.weekly_sessions_goal, settings.weekly_aerobic_minutes_goal)
            done = {goal.routine: goal.done for goal in routine_goals(sessions, self.weekly_goals, date.today())}
        except Exception as error:  # noqa: BLE001 - a history problem must not break home
            self.app.call_from_thread(self.notify, f"Could not read your history: {error}", severity="warning", markup=False)
            return
        self.app.call_from_thread(self.query_one("#week-strip", Static).update, week_strip(stats))
        self.app.call_from_thread(self._show_week, done)

    def _read_todays_plan(self, store) -> None:
        """The Today card, when a program is followed (on the history's thread)."""
        if not hasattr(store, "read"):  # a history in memory keeps no program
            return
        from coach.history.following import ProgramProblem, todays_plan
        from coach.program.explain import today_lines
        from coach.routine.expand import expand, total_planned_seconds

        try:
            plan = todays_plan(store, self.places, date.today())
            if plan is None:
                self.app.call_from_thread(self._show_today, None, [])
                return
            week = plan.following(store).week(date.today(), decision=plan.decision)
            lines = today_lines(plan.program, plan.decision, total_planned_seconds(expand(plan.decision.plan)),
                                (week.sessions, week.sessions_goal), (week.aerobic_minutes, week.aerobic_goal))
        except ProgramProblem as error:
            self.app.call_from_thread(self._show_today, None, [str(error)])
            return
        except Exception as error:  # noqa: BLE001 - a history problem must not break home
            self.app.call_from_thread(self._show_today, None, [f"Could not work out today's plan: {error}"])
            return
        self.app.call_from_thread(self._show_today, plan, lines)

    def _show_today(self, plan: TodaysPlan | None, lines: list[str]) -> None:
        self.plan = plan
        self.post_message(TodaysPlanRead(plan))
        card = self.query_one("#today", Static)
        if plan is not None:
            lines = [lines[0], f"{lines[1]}  ·  t starts it", *lines[2:]]
        card.update(for_terminal("\n".join(line for line in lines if line), lines=True))
        card.display = bool(lines)
        # Following a program, the card counts this week against the program's goals: the settings' goals
        # beside it would be a second, different count.
        self.query_one("#week-strip", Static).display = plan is None
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "today":
            return self.plan is not None
        return True

    def action_today(self) -> None:
        if self.plan is not None:
            self.post_message(StartRoutine(self.plan.decision.plan, self.plan))

    def _show_week(self, done: dict[str, int]) -> None:
        """Each routine's sessions this week against its own goal, in its row."""
        for key, cells in self.rows:
            choice = self._choice(key)
            goal = choice.routine.weekly_goal if choice is not None and choice.routine is not None else None
            if goal:
                cells[WEEK_COLUMN] = f"{done.get(choice.routine.name, 0)} of {goal}" + (
                    " ✓" if done.get(choice.routine.name, 0) >= goal else "")
        if self.fitted is not None:
            fill_table(self.query_one("#routines", DataTable), self.fitted, COLUMNS, [cells for _, cells in self.rows],
                       keys=[key for key, _ in self.rows])

    def action_history(self) -> None:
        self.post_message(OpenHistory())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(self._choice(event.row_key.value))

    def _describe(self, choice: CatalogRoutine | None) -> None:
        """The highlighted routine's phases and description (or its first error) and pictures, under the table."""
        if choice is None:
            return
        if choice.routine is None:
            text = f"{choice.problem or 'This routine has errors.'}\nCheck it with: coach validate {choice.path}"
        else:
            phases = " · ".join(phase.name for phase in choice.routine.phases)
            text = "\n".join(part for part in (phases, choice.routine.description or "") if part)
        self.query_one("#routine-description", Static).update(for_terminal(text, lines=True))
        self._show_figures(choice)

    def _show_figures(self, choice: CatalogRoutine | None) -> None:
        """The routine's exercises as pictures, a row of them (none on a short or narrow screen)."""
        from coach.pictures.render import routine_strip

        figures = self.query_one("#routine-figures", Static)
        wide = self.size.width - 4
        shown = (choice is not None and choice.routine is not None and wide >= 40
                 and self.size.height >= FIGURES_HEIGHT and self.history.settings.pictures != "off")
        figures.display = shown
        if shown:  # larger on a taller screen: 5 rows of picture at 30 rows, up to 9 from 46
            rows = min(9, 5 + (self.size.height - FIGURES_HEIGHT) // 4)
            figures.update(routine_strip(choice.routine, wide, (round(rows * 2.8), rows)))

    def _choice(self, name: str | None) -> CatalogRoutine | None:
        return next((choice for choice in self.choices if choice.name == name), None)

    def action_start(self) -> None:
        table = self.query_one("#routines", DataTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.reload_routines()  # run the file as it is now, not as it was when home opened
        choice = self._choice(row_key.value)
        if choice is None:
            self.notify(f"{for_terminal(row_key.value)}: its file is no longer there", severity="error", timeout=8,
                        markup=False)
            return
        if choice.routine is None:
            self.notify(f"{choice.problem}\nFix it, then check with: coach validate {choice.path}", severity="error",
                        timeout=8, markup=False)
            return
        self.post_message(StartRoutine(choice.routine))

    def action_safety(self) -> None:
        self.app.push_screen(NoticeScreen("Safety first", GENERAL_SAFETY, accept="Enter  close"))


def routine_cells(choice: CatalogRoutine) -> list[str]:
    """One routine's row, in COLUMNS order, safe for the terminal."""
    routine = choice.routine
    if routine is None:
        return [for_terminal(choice.name), "", "", "", "has errors (see below)"]
    week = f"goal {routine.weekly_goal}" if routine.weekly_goal else ""  # "2 of 5" once the history is read
    return [for_terminal(routine.name), format_duration(choice.planned_seconds), str(len(routine.exercises)), week,
            for_terminal(" · ".join(phase.name for phase in routine.phases))]
