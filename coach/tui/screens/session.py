"""The guided session: big countdown, where you are, what comes next; one key per command."""

from __future__ import annotations

import asyncio
import os

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from coach.pictures.graphics import graphics_protocol
from coach.safe_text import for_terminal
from coach.session.engine import EngineState, SessionEngine
from coach.session.records import SessionRecord
from coach.tui.display import SessionDisplay, describe
from coach.tui.session_layout import SessionLayout, session_layout
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.hurt import HurtScreen
from coach.tui.widgets.big_text import BigText
from coach.tui.widgets.figure import Figure
from coach.tui.widgets.progress_line import ProgressLine
from coach.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from coach.cues.player import CuePlayer

STEP_STYLES = ("work", "rest", "get-ready", "switch")
STEP_STYLED = ("#title", "#clock", "#side-banner")  # the widgets that carry the step's and the pause's classes


class SessionScreen(Screen[SessionRecord]):
    """Renders the engine's state and sends it commands; keeps no timing state of its own."""

    CSS_PATH = "session.tcss"
    # In the order they matter on a mat: a narrow footer keeps the first ones (`?` lists them all).
    BINDINGS = [
        Binding("space", "pause", "Pause", id="session.pause"),
        Binding("space", "resume", "Resume", id="session.resume"),
        Binding("enter", "done", "Done", id="session.done"),
        Binding("n", "skip_step", "Skip", id="session.skip"),
        Binding("right", "skip_step", "Skip", show=False),
        Binding("N", "skip_exercise", "Skip exercise", show=False, id="session.skip-exercise"),
        Binding("x", "hurt", "Hurts", id="session.hurt"),
        Binding("q", "quit_session", "Quit", id="session.quit"),
        Binding("b", "back", "Back", id="session.back"),
        Binding("left", "back", "Back", show=False),
        Binding("plus", "extend", "15s", key_display="+", id="session.extend"),
        Binding("m", "mute", "Mute", id="session.mute"),
        Binding("m", "unmute", "Unmute", id="session.unmute"),
    ]

    KEYS = """\
space      pause / resume
n  →       skip this step (a rest, a switch, a hold or rep; tempo reps: all that are left)
N          skip the rest of this exercise (in a get-ready: the one it leads into)
b  ←       restart this exercise (within 3 s: the one before)
+          add 15 seconds to this step
Enter      done (for reps you count yourself)
m          mute / unmute sound
x          it hurts: pause and choose: other side, next exercise, or end (Escape: back, paused)
q          quit (asks first; what you did is kept)
?          these keys"""

    def __init__(self, engine: SessionEngine, cues: CuePlayer | None = None, first_notice: str | None = None,
                 pictures: str = "auto") -> None:
        """`engine`: a started session, its events already wired to the cues and the journal (app._guide).
        `cues`: the player, for the sound status line and the mute key; None for none.
        `first_notice`: a warning to show in the status line as the session starts.
        `pictures`: the `pictures` setting (auto, unicode or off): the exercise's picture beside the clock where
        the screen has room, in pixels on a terminal known to draw them (pictures.graphics) under auto."""
        super().__init__()
        self.pictures = pictures != "off"
        self._graphics = graphics_protocol(pictures, os.environ)
        self.engine = engine
        self.cues = cues
        self._shown: SessionDisplay | None = None
        self._wakeup: asyncio.TimerHandle | None = None  # the next change on screen
        self._sound_status: str | None = None
        self.layout_shown: SessionLayout | None = None
        self.notice: tuple[str, str] | None = None  # (text, severity) shown in the status line for a while
        self._notice_timer: Timer | None = None
        self._first_notice = first_notice

    def compose(self) -> ComposeResult:
        # Three bands, so that a second's new digits repaint the clock's band alone: Textual redraws every
        # widget whose container overlaps a change, and these containers keep the lines of text out of it.
        with Vertical(id="top-band"):
            yield Static(id="phase-line", markup=False)
            yield BigText(id="title", upper=True, max_scale=0)
            yield BigText(id="side-banner", upper=True, max_scale=2)
            yield BigText("PAUSED", id="paused", max_scale=4)
            yield Figure(protocol=self._graphics, id="figure-above")  # on a tall screen, in the rows the clock's digits leave
        with Horizontal(id="clock-row"):
            yield BigText(id="clock")
            yield Figure(protocol=self._graphics, id="figure")
        with Vertical(id="bottom-band"):
            yield Static(id="detail", markup=False)
            yield Static(id="cue", markup=False)
            yield Static(id="next", markup=False)
            with Horizontal(id="progress-row"):
                yield ProgressLine(id="progress")
                yield Static(id="progress-text", markup=False)
            with Horizontal(id="status-line"):
                yield Static(id="notice", markup=False)
                yield Static(id="sound-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_sound_status()
        self.tick()
        if self._first_notice:
            self.call_after_refresh(self.show_notice, self._first_notice, "warning", 10)

    def on_resize(self) -> None:
        self._apply_layout(session_layout(*self.size))

    def _apply_layout(self, layout: SessionLayout) -> None:
        """Show what fits, in priority order (session_layout); the clock takes the rows left."""
        if layout == self.layout_shown:
            return
        self.layout_shown = layout
        paused = self._shown is not None and self._shown.paused
        gap = 1 if layout.spacing else 0
        sized = {"#phase-line": int(layout.phase_line), "#title": layout.title_rows,
                 "#detail": layout.detail_rows, "#cue": layout.cue_rows, "#next": int(layout.next_line),
                 "#progress-row": int(layout.progress), "#status-line": int(layout.sound_status),
                 "#side-banner": layout.side_banner and bool(self._shown and self._shown.side) and 5,
                 "#paused": paused and layout.paused_rows}
        self._place_figures(layout)
        for selector, rows in sized.items():
            widget = self.query_one(selector)
            widget.display = bool(rows)
            if rows:
                widget.styles.height = int(rows)
        title = self.query_one("#title", BigText)
        title.max_scale = layout.title_scale
        if self._shown is not None:
            title.text = self._title_text(self._shown)
        self.query_one("#title").styles.margin = (gap, 0, 0, 0)
        self.query_one("#side-banner").styles.margin = (1, 0, 0, 0)
        self.query_one("#next").styles.margin = (gap, 0, 0, 0)
        self.query_one("#progress-row").styles.margin = (gap, 2, 0, 2)
        footer = self.query_one(Footer)
        footer.display = layout.footer
        self._show_notice_line()

    def _place_figures(self, layout: SessionLayout) -> None:
        """The picture beside the clock or above it, as the layout says; none for an exercise without one, which
        leaves the clock all its room."""
        has_one = bool(self.pictures and self._shown and self._shown.figure)
        beside, above = self.query_one("#figure", Figure), self.query_one("#figure-above", Figure)
        beside.display = has_one and bool(layout.figure_columns)
        beside.styles.width = layout.figure_columns or 1
        above.display = has_one and bool(layout.figure_rows)
        above.styles.height = layout.figure_rows or 1

    # -- keeping the screen current ---------------------------------------------------

    def tick(self) -> None:
        """Bring the engine up to now, redraw what changed, and sleep until the next change."""
        self.engine.update()  # the cue player plays what fell due when the update is done
        self._show_sound_status()
        if self.engine.finished:
            self._stop_timer()
            if self.is_current:
                self.dismiss(self.engine.session)
            return
        self._render_display(describe(self.engine))
        self._schedule()

    class WakeUp(Message):
        """The next change on screen is due (posted by the event loop's timer, handled like any message)."""

        bubble = False

    def on_session_screen_wake_up(self, message: WakeUp) -> None:
        message.stop()
        self.tick()  # which cancels the pending wake-up, if this one is stale (a key's tick came first), and sets one

    def _schedule(self) -> None:
        """Sleep until the engine's next change: one event-loop timer whose message is the wake-up. Textual's
        set_timer would start a task and wrap its callback twice for each of them, at about one a second the
        larger part of what a quiet session costs."""
        self._stop_timer()
        delay = self.engine.seconds_to_wakeup()
        if delay is not None:
            self._wakeup = asyncio.get_running_loop().call_later(delay, self.post_message, self.WakeUp())

    def _stop_timer(self) -> None:
        if self._wakeup is not None:
            self._wakeup.cancel()
            self._wakeup = None

    def on_unmount(self) -> None:
        self._stop_timer()

    def _render_display(self, display: SessionDisplay) -> None:
        shown = self._shown
        if shown == display:
            return
        if shown is None or shown.phase_line != display.phase_line:
            self._show_phase_line(display)
        if shown is not None and shown.phase_kind != display.phase_kind:
            self._show_phase_line(display)
        if shown is None or (shown.step_kind, shown.paused) != (display.step_kind, display.paused):
            # On the widgets drawn in the step's colour, not on the screen: a class of the screen's would restyle
            # every widget on it, footer keys included, at each change of step.
            classes = {f"-step-{kind}": kind == display.step_kind for kind in STEP_STYLES}
            for selector in STEP_STYLED:
                self.query_one(selector).update_classes({**classes, "-paused": display.paused})
        if shown is None or (shown.paused, shown.side) != (display.paused, display.side):
            self._shown = display
            self.layout_shown = None  # the PAUSED sign and the side banner come and go
            self._apply_layout(session_layout(*self.size))
        if shown is None or shown.side != display.side:
            self.query_one("#side-banner", BigText).text = display.side
        if shown is None or shown.paused != display.paused or shown.manual != display.manual:
            self.refresh_bindings()
        if shown is None or (shown.title, shown.paused) != (display.title, display.paused):
            self.query_one("#title", BigText).text = self._title_text(display)
        for widget_id, value in (("detail", display.detail), ("cue", display.cue),
                                 ("next", display.next_line), ("progress-text", display.progress_text)):
            before = None if shown is None else getattr(shown, _FIELD[widget_id])
            if before != value:
                # Their heights are set by the layout, so new text is a repaint; only the progress
                # figures (as wide as their text) need a new layout when their length changes.
                relayout = widget_id == "progress-text" and (before is None or len(before) != len(value))
                self.query_one(f"#{widget_id}", Static).update(value, layout=relayout)
        if shown is None or shown.cue_highlighted != display.cue_highlighted:
            self.query_one("#cue", Static).set_class(display.cue_highlighted, "-highlight")
        if shown is None or shown.clock != display.clock:
            self.query_one("#clock", BigText).text = display.clock
        if shown is None or shown.progress != display.progress:
            self.query_one("#progress", ProgressLine).share = display.progress
        if self.pictures and (shown is None or shown.figure != display.figure):
            for figure in self.query(Figure):
                figure.shown = display.figure
            self._shown = display
            if self.layout_shown is not None:
                self._place_figures(self.layout_shown)
        self._shown = display

    def _title_text(self, display: SessionDisplay) -> str:
        """The title; on a terminal too short for the PAUSED sign, it says so itself."""
        layout = self.layout_shown
        if display.paused and layout is not None and layout.paused_rows == 0:
            return f"Paused · {display.title}"
        return display.title

    # -- notices -------------------------------------------------------------------------

    NOTICE_SECONDS = 8.0

    def show_notice(self, message: str, severity: str = "information", timeout: float | None = None) -> bool:
        """Show a notice in the status line (or, when the terminal is too short for one, in place of the
        phase line) for `timeout` seconds; it covers none of what matters on a mat. False when the screen
        has neither line (a terminal below 40x12) or is not composed yet: the caller shows a toast."""
        layout = self.layout_shown
        if not self.is_mounted or layout is None or not (layout.sound_status or layout.phase_line):
            return False
        text = for_terminal(" · ".join(line.strip() for line in str(message).splitlines() if line.strip()))
        self.notice = (text, severity)
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout or self.NOTICE_SECONDS, self._clear_notice, name="notice")
        self._show_notice_line()
        return True

    def _clear_notice(self) -> None:
        self.notice = None
        self._notice_timer = None
        self._show_notice_line()

    def _notice_in_phase_line(self) -> bool:
        return self.notice is not None and self.layout_shown is not None and not self.layout_shown.sound_status

    def _show_notice_line(self) -> None:
        text, severity = self.notice or ("", "")
        notice = self.query_one("#notice", Static)
        notice.update("" if self._notice_in_phase_line() else text)
        notice.set_classes(f"-{severity}" if text else "")
        if self._shown is not None:
            self._show_phase_line(self._shown)

    def _show_phase_line(self, display: SessionDisplay) -> None:
        line = self.query_one("#phase-line", Static)
        if self._notice_in_phase_line():
            text, severity = self.notice  # type: ignore[misc]
            line.update(text)
            line.set_classes(f"-notice -{severity}")
        else:
            line.update(display.phase_line)
            line.set_classes(f"phase-{display.phase_kind}")

    def _show_sound_status(self) -> None:
        text = "" if self.cues is None else self.cues.status_text()
        if text != self._sound_status:
            self._sound_status = text
            self.query_one("#sound-status", Static).update(text)

    # -- commands ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what applies now, so the footer tells the truth."""
        paused = self.engine.state is EngineState.PAUSED
        if action == "pause":
            return not paused
        if action == "resume":
            return paused
        if action in ("mute", "unmute"):
            muted = self.cues is not None and self.cues.muted
            return muted if action == "unmute" else not muted
        if action == "done":
            return self.engine.step.is_manual
        if action == "extend":
            return not self.engine.step.is_manual
        return True

    def action_pause(self) -> None:
        self.engine.pause()
        self.tick()

    def action_resume(self) -> None:
        self.engine.resume()
        self.tick()

    def action_skip_step(self) -> None:
        self.engine.skip_step()
        self.tick()

    def action_skip_exercise(self) -> None:
        self.engine.skip()
        self.tick()

    def action_back(self) -> None:
        self.engine.back()
        self.tick()

    def action_extend(self) -> None:
        self.engine.extend()
        self.tick()

    def action_done(self) -> None:
        self.engine.done()
        self.tick()

    def action_mute(self) -> None:
        if self.cues is not None:
            self.cues.toggle_mute()
        self._show_sound_status()
        self.refresh_bindings()

    action_unmute = action_mute

    def action_hurt(self) -> None:
        """Pause and ask what to do; the exercise is marked painful only once a choice is made, so Escape
        (a mistaken x) goes back to the paused exercise with nothing changed."""
        if self.engine.state not in (EngineState.RUNNING, EngineState.PAUSED):
            return
        self.engine.pause()
        self.tick()
        other = self.engine.other_side_step()
        other_side = self.engine.steps[other].side.value if other is not None else None  # type: ignore[union-attr]

        def decided(choice: str | None) -> None:
            if choice in ("next", "other", "end"):
                self.engine.hurt()
                if choice == "other":
                    self.engine.try_other_side()
                elif choice == "next":
                    self.engine.continue_after_hurt()
                else:
                    self.engine.stop()
            self.tick()

        self.app.push_screen(HurtScreen(self.engine.step.exercise.name, other_side), decided)

    def action_quit_session(self) -> None:
        was_running = self.engine.state is EngineState.RUNNING
        self.engine.pause()
        self.tick()

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.engine.stop()
            elif was_running:
                self.engine.resume()
            self.tick()

        self.app.push_screen(
            ConfirmScreen("End this session?", "What you have done so far is kept in your summary."), decided
        )


_FIELD = {"detail": "detail", "cue": "cue", "next": "next_line", "progress-text": "progress_text"}
