"""The Textual app: runs the flow safety → routine note → pain check-in → session → summary."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from coach.paths import Places
from coach.settings import Settings
from coach.state import State
from coach.tui.messages import OpenHistory, StartRoutine, TodaysPlanRead
from coach.tui.notices import notify_safely
from coach.tui.quiet_driver import QuietInput

if TYPE_CHECKING:  # the session's modules are imported when a session starts, not before the first frame
    from coach.tui.screens.dialogs import Answer, Dialog
    from coach.history.following import TodaysPlan
    from coach.session.records import SessionRecord
    from coach.tui.program_session import ProgramSessionRun
    from coach.routine.model import Routine
    from coach.session.journal import Journal
    from coach.tui.services import HistoryAccess
    from coach.tui.startup import Services

HIGH_PAIN = 7  # from this score up, a word of caution before the session
SAFETY_NOTE = "safety-note"  # the id of the general safety note's dialog



class CoachApp(QuietInput, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "coach"
    SUB_TITLE = "guided back exercises"
    ENABLE_COMMAND_PALETTE = False  # every command has its own key, listed in the footer
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),
        Binding("question_mark", "keys", "Keys", show=False),
    ]

    def __init__(
        self,
        places: Places,
        *,
        routine: Routine | None = None,
        settings: Settings | None = None,
        settings_warnings: tuple[str, ...] = (),
        notices: tuple[str, ...] = (),
        state: State | None = None,
        journal: Journal | None = None,
        store=None,
        history_problem: str | None = None,
        no_checkin: bool = False,
        now: Callable[[], float] = time.monotonic,
        cues=None,
        open_services: Callable[..., Services] | None = None,
        plan: TodaysPlan | None = None,
        today: Callable[[], date] = date.today,
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        """`open_services`: what to open once the first frame is drawn (the history and the cue
        player; see tui/startup.py). Without it, `store` and `cues` are what they are given."""
        super().__init__()
        self.places = places
        self.routine = routine
        self.settings = settings or Settings()
        self.settings_warnings = settings_warnings
        self.notices = notices
        self.state = state or State()
        """What coach itself remembers (state.json); the person's settings.yaml is never written."""
        self._journal = journal
        self.store = store
        """The history store, or None when the history is unavailable (sessions still run)."""
        self.history_problem = history_problem
        self.no_checkin = no_checkin
        self.now = now
        self.cues = cues
        self.plan = plan
        """Today's plan of the program followed (None when none is); running its routine is a program session."""
        self.today = today
        self.wall = wall
        """The wall clock sessions are dated by (None: the system's); tests give their own, with `today`."""
        self._next_day_asked = False
        self.services: Services | None = None
        """What open_services opened, for the launcher to close."""
        self._open_services = open_services
        self._services_ready = asyncio.Event()
        self._prepared: tuple[Routine, list[Dialog]] | None = None
        """`coach run`'s routine and the questions before its session, the first of them the first screen."""
        if open_services is None:
            self._services_ready.set()

    @property
    def journal(self) -> Journal:
        """Where sessions are recorded: the history's journal once it is open, or one kept in memory,
        made when first needed (not before the first frame)."""
        if self._journal is None:
            from coach.session.journal import MemoryJournal

            self._journal = MemoryJournal()
        return self._journal

    @journal.setter
    def journal(self, journal: Journal) -> None:
        self._journal = journal

    def on_mount(self) -> None:
        from coach.tui.signals import exit_on_signals

        exit_on_signals(self, self._interrupt_session)
        if self.settings_warnings:  # one notice for all of them; `coach settings` lists them again
            self.notify("\n".join((*self.settings_warnings, "(coach settings shows the settings in effect)")),
                        title="Settings file", severity="warning", timeout=12, markup=False)
        for notice in self.notices:
            self.notify(notice, timeout=10, markup=False)
        if self.routine is not None:
            self.start_routine(self.routine, leave_when_done=True, plan=self.plan)
        else:
            from coach.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen(self.places, self.history_access()))
            if self._open_services is None:  # the history is open already: ask now, not once it opens
                self.run_worker(self._ask_next_day(), group="next-day", exit_on_error=False)

    def on_ready(self) -> None:
        # Ready comes once the first screen is laid out, which can be just before it is drawn.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        from coach import collector

        collector.resume()  # paused by the command line until this first frame
        # The start-up benchmark measures the time to the first drawn frame.
        if os.environ.get("COACH_EXIT_AFTER_FIRST_FRAME"):
            self.exit(0)
            return
        if self._open_services is not None:
            self.run_worker(self._open_in_background, thread=True, group="startup", exit_on_error=False)

    def _open_in_background(self) -> None:
        try:
            services = self._open_services(  # type: ignore[misc]
                bell=self.bell,
                notify=lambda message: self.call_from_thread(self.notify, message, severity="warning", timeout=10))
        except Exception as error:  # a bug; sessions must still be able to start, and be kept
            from coach.history.journal import HistoryJournal

            from coach.tui.startup import Services

            services = Services(problem=f"coach could not open the history ({error!r})")
            services.warnings.append(f"{services.problem}; sessions run without sound, and are kept in a "
                                     "recovery file")
            services.journal = HistoryJournal(None, path=self.places.history_db, problem=services.problem)
        self.call_from_thread(self._services_opened, services)

    def _services_opened(self, services: Services) -> None:
        self.services = services
        self.store = services.store or services.reader
        self.history_problem = None if services.reader is not None else services.problem
        self.cues = services.cues
        if services.journal is not None:
            self.journal = services.journal
            services.journal.notify = lambda text: self.call_from_thread(
                self.notify, text, severity="error", timeout=10)
        for warning in services.warnings:
            self.notify(warning, severity="warning", timeout=10)
        for notice in services.notices:
            self.notify(notice, timeout=10)
        self._services_ready.set()
        from coach.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.history = self.history_access()
                screen.refresh_week_strip()
                self.run_worker(self._ask_next_day(), group="next-day", exit_on_error=False)

    async def _ask_next_day(self) -> bool:
        """Once a run, the morning after a session: how is the back compared with before it? The answer is kept
        with that session, for the program's 24-hour rule. True when the answer changed today's plan."""
        if self._next_day_asked or self.store is None or getattr(self.store, "read_only", True):
            return False
        self._next_day_asked = True
        from coach.history import program_log
        from coach.history.store import HistoryUnavailable
        from coach.tui.screens.next_day import NextDayScreen

        try:
            question = program_log.next_day_question(self.store, self.today())
        except HistoryUnavailable:
            return False
        if question is None:
            return False
        when = question.started.astimezone().strftime("%A %H:%M")
        compared, score = await self.push_screen_wait(NextDayScreen(question.routine_name, when))
        before = self._todays_plan()
        try:
            program_log.answer_next_day(self.store, question.uuid, compared, score, datetime.now(timezone.utc))
        except HistoryUnavailable as error:
            self.notify(f"Could not keep this morning's answer: {error}", severity="warning", timeout=10, markup=False)
            return False
        return self._replan(before)

    def _todays_plan(self) -> TodaysPlan | None:
        """Today's plan of the program followed, read now; None when none is or it cannot be worked out."""
        from coach.history.following import todays_plan

        try:
            return todays_plan(self.store, self.places, self.today())
        except Exception:  # noqa: BLE001 - home's Today card says why when it next reads the history
            return None

    def _replan(self, before: TodaysPlan | None) -> bool:
        """After this morning's answer, today's plan again: the answer may hold, step back or start a flare-up.
        The new decision is recorded when it changes the stage, and home's Today card shows it."""
        from coach.tui.screens.home import HomeScreen

        fresh = self._todays_plan() if before is not None else None
        changed = fresh is not None and before is not None and (
            (fresh.decision.stage, fresh.decision.flare) != (before.decision.stage, before.decision.flare))
        if changed:
            self.plan = fresh
            try:
                fresh.following(self.store).record(fresh.decision, before.decision.stage,
                                                   self.wall() if self.wall else datetime.now(timezone.utc))
            except Exception:  # noqa: BLE001 - decide() makes it again from the log; only the record is missing
                pass
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                if changed:  # `t` starts the new plan at once; the card shows it once home has read it again
                    screen.plan = fresh
                screen.refresh_week_strip()
        return changed

    def notify(self, message: str, **options) -> None:
        """A toast, or during a session a line in its status line: nothing covers the countdown, the
        name, the side, the cue, the keys or the progress bar."""
        from coach.tui.screens.session import SessionScreen

        screen = self.screen
        if isinstance(screen, SessionScreen) and screen.show_notice(
                message, options.get("severity", "information"), options.get("timeout")):
            return
        notify_safely(super().notify, message, **options)

    def action_keys(self) -> None:
        """`?` on any screen: that screen's keys."""
        from coach.tui.screens.keys import show_keys

        show_keys(self)

    def action_request_quit(self) -> None:
        """ctrl+q: during a session, ask first (as q does), so nothing done is lost."""
        from coach.tui.screens.session import SessionScreen

        if isinstance(self.screen, SessionScreen):
            self.screen.action_quit_session()
        elif not any(isinstance(screen, SessionScreen) for screen in self.screen_stack):
            self.exit(0)

    def _interrupt_session(self, signum: int) -> None:
        """The terminal closed or coach was told to end: what was done is saved, marked interrupted."""
        from coach.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.engine.stop(interrupted=True)

    def start_routine(self, routine: Routine, leave_when_done: bool = False, plan: TodaysPlan | None = None) -> None:
        """`plan`: today's plan of the program followed, when `routine` is its routine."""
        self._run_flow(routine, leave_when_done, plan)

    @work(exclusive=True, group="session-flow")
    async def _run_flow(self, routine: Routine, leave_when_done: bool, plan: TodaysPlan | None) -> None:
        await self._guide(routine, plan)
        if leave_when_done:  # `coach run`: the summary was the last screen
            self.exit(0)

    def get_default_screen(self) -> Screen:
        """`coach run`: the first question before the session is the app's first screen, answered in place
        (see _ask). Pushed over an empty first screen, as before, it took about 5–9 ms more CPU to appear."""
        if self.routine is not None:
            questions = self._questions(self.routine)
            self._prepared = (self.routine, questions)
            if questions:
                # Nothing under it to show through (app.tcss). Not mounted yet: its styles are worked out as it mounts.
                questions[0].add_class("-first", update=False)
                return questions[0]
        return super().get_default_screen()

    def _questions(self, routine: Routine) -> list[Dialog]:
        """The dialogs before a session, in order: the general safety note until it is acknowledged, then the
        routine's note with the pain check-in on one screen (with --no-checkin, the note alone)."""
        # Imported here, not at the top, to keep them off the way to the first frame.
        from coach.tui.screens.checkin import PainCheckinScreen
        from coach.tui.screens.dialogs import GENERAL_SAFETY, NoticeScreen

        questions: list[Dialog] = []
        if not (self.state.safety_acknowledged or self.settings.safety_acknowledged):
            questions.append(NoticeScreen("Safety first", GENERAL_SAFETY, id=SAFETY_NOTE))
        note = (f"Before {routine.name}", routine.safety) if routine.safety else None
        if not self.no_checkin:
            questions.append(PainCheckinScreen(note=note))
        elif note is not None:
            questions.append(NoticeScreen(*note, accept="Enter  continue"))
        return questions

    async def _ask(self, dialog: Dialog[Answer]) -> Answer | None:
        """Show `dialog` and wait for its answer. The app's first screen is shown already: its answer is
        taken in place, and an empty screen covers it, so what follows is drawn over nothing, as when a
        dialog is pushed over the empty first screen."""
        if self.screen_stack[0] is dialog:
            return await dialog.answered()  # the dialog covers itself with an empty screen (Dialog.dismiss)
        return await self.push_screen_wait(dialog)

    async def _guide(self, routine: Routine, plan: TodaysPlan | None = None) -> None:
        """The screens of one session, in order; returns early when the person backs out."""
        from coach.tui.screens.checkin import BACK, PainCheckinScreen

        prepared, self._prepared = self._prepared, None
        questions = prepared[1] if prepared is not None and prepared[0] is routine else self._questions(routine)
        pain_before = None
        for question in questions:
            answer = await self._ask(question)
            if isinstance(question, PainCheckinScreen):
                if answer == BACK:
                    return
                pain_before = answer
            elif not answer:  # a note closed with Escape
                return
            elif question.id == SAFETY_NOTE:
                self._acknowledge_safety()
        first_notice = None
        if pain_before is not None and pain_before >= HIGH_PAIN:  # said on the session screen, in its status line
            first_notice = (f"Pain {pain_before} of 10 today: go gently. The gentle-5 routine may suit a bad day; "
                            "stop anything that hurts sharply.")
        await self._services_ready.wait()  # the history and the cue player, opened after the first frame
        if await self._ask_next_day() and plan is not None and self.plan is not None:
            # This morning's answer changed today's plan: run the new one, and say why.
            plan = self.plan
            routine = plan.decision.plan
            first_notice = "Today's plan changed after this morning's answer: " + " ".join(plan.decision.reasons)
        from coach.routine.expand import expand
        from coach.session.engine import SessionEngine
        from coach.tui.screens.session import SessionScreen
        from coach.tui.screens.summary import SummaryScreen

        dated = {"wall": self.wall} if self.wall is not None else {}
        engine = SessionEngine(routine.name, expand(routine), now=self.now, pain_before=pain_before, **dated,
                               routine_file=str(routine.source) if routine.source else None)
        # The one place a session is wired: its events go to the cues and to the journal.
        if self.cues is not None:
            self.cues.prepare(engine.steps, routine_sounds=routine.sounds)
            engine.subscribe(self.cues.handle)
        from coach.session.journal import start_session

        start_session(engine, self.journal)
        program_session = self._program_session(plan, engine.session) if plan is not None else None
        session = await self.push_screen_wait(SessionScreen(engine, self.cues, first_notice=first_notice,
                                                                  pictures=self.settings.pictures))
        next_time = program_session.next_time if program_session is not None else None
        await self.push_screen_wait(SummaryScreen(session, self.journal, next_time=next_time))
        if program_session is not None:
            program_session.record(session)

    def _program_session(self, plan: TodaysPlan, session: SessionRecord) -> ProgramSessionRun | None:
        """Mark the session as one of the program's, for the rules; None (with a notice) when the history
        cannot take the mark: the session still runs and is saved, but will not count toward the program."""
        from coach.history.store import HistoryUnavailable
        from coach.tui.program_session import ProgramSessionRun

        uuid_of = getattr(self.journal, "uuid_of", None)
        uuid = uuid_of(session) if uuid_of is not None else None
        if self.store is None or uuid is None:
            return None
        try:
            return ProgramSessionRun.begin(plan, self.store, uuid, self.today,
                                           self.wall or (lambda: datetime.now(timezone.utc)))
        except HistoryUnavailable as error:
            self.notify(f"This session will not count toward {plan.program.name}: {error}", severity="warning",
                        timeout=10, markup=False)
            return None

    def history_access(self) -> HistoryAccess:
        """The history as screens are given it."""
        from coach.tui.services import HistoryAccess

        flush = getattr(self.journal, "flush", None)
        return HistoryAccess(self.store, self.settings, self.history_problem,
                             flush if flush is not None else HistoryAccess(None).wait_for_writes)

    def on_start_routine(self, message: StartRoutine) -> None:
        self.start_routine(message.routine, plan=message.plan)

    def on_todays_plan_read(self, message: TodaysPlanRead) -> None:
        self.plan = message.plan

    async def on_open_history(self, message: OpenHistory) -> None:
        await self._services_ready.wait()  # the history opens after the first frame: show it once open
        self.open_history()

    def open_history(self) -> None:
        from coach.tui.screens.history import HistoryData, HistoryScreen

        from functools import partial

        from coach.routine.loaded_catalog import chosen_poses, weekly_goals

        from coach.report.make import write_to_data_folder

        access = self.history_access()
        store = self.store if hasattr(self.store, "read") else None
        self.push_screen(HistoryScreen(access.source or HistoryData(), access.settings, problem=access.problem,
                                       wait_for_writes=access.wait_for_writes,
                                       routine_goals=partial(weekly_goals, self.places),
                                       write_report=lambda: write_to_data_folder(store, self.settings,
                                                                                 self.places.data_dir, self.today(),
                                                                                 chosen_poses(self.places))))

    def _acknowledge_safety(self) -> None:
        from coach.state import acknowledge_safety

        try:
            self.state = acknowledge_safety(self.places.state_file)
        except OSError as error:
            self.state = State(safety_acknowledged=True)  # for the rest of this run
            reason = error.strerror or str(error)
            self.notify(f"Could not remember that you read the safety note ({reason}); it will show again next time.",
                        severity="warning", timeout=10, markup=False)
