"""The session engine: the single source of truth for where a session is and how long is left.

Time is always `deadline - now()`, never a count of ticks. A step that is noticed late
still ends at its planned deadline and the next step starts from there, so lateness never
accumulates; only pauses, extensions and manual steps move the schedule.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import StrEnum
from typing import Callable, Sequence

from coach.routine.durations import shown_seconds
from coach.routine.expand import Step, StepKind, countdown_ticks, total_planned_seconds
from coach.session.events import Event, EventKind
from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord, SessionStatus

EXTEND_SECONDS = 15.0
TIMED_CUE_SHOWN = 5.0  # seconds an `at:` cue stays on screen, highlighted, before the form cues are back alone
BACK_RESTARTS_AFTER = 3.0  # `back` restarts the exercise once this much of it has passed
HALFWAY_MIN_SECONDS = 20.0
PARTIAL_AFTER = 1.0  # work seconds after which an interrupted exercise counts as partial
LONG_PAUSE = 30.0  # resuming work after a pause longer than this starts with a get-ready

Clock = Callable[[], float]
Listener = Callable[[Event], None]


class EngineState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    HURT = "hurt"  # time is frozen until the person chooses to continue or stop
    FINISHED = "finished"


@dataclass(frozen=True)
class _Mark:
    time: float
    kind: EventKind
    second: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class _Resume:
    """A step interrupted by a long pause: how much of it was done, and how long it is in all (with `+`)."""

    done: float
    length: float | None  # None: a manual step, which has no end


@dataclass
class _Progress:
    active: float = 0.0  # seconds in the exercise's own steps, pauses excluded
    work: float = 0.0  # of which in work steps
    sets_completed: int = 0
    start_offset: float | None = None
    earlier_active: float = 0.0  # of attempts before a restart (`back`): done, so it still counts
    earlier_work: float = 0.0
    work_skipped: bool = False  # a rep or hold was cut short with `n`
    sets_cut_short: set[int] = field(default_factory=set)  # sets with a rep or side skipped: not completed
    earlier_sets: int = 0  # sets completed in attempts before a restart
    hurt: bool = False  # it hurt on one side and the person went on with the other


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _settles(command: Callable) -> Callable:
    """Emit UPDATE_DONE once `command` (and every command it calls) has emitted all it will."""
    @functools.wraps(command)
    def settled(self: SessionEngine, *args, **kwargs):
        self._depth += 1
        try:
            return command(self, *args, **kwargs)
        finally:
            self._depth -= 1
            if self._depth == 0 and self._listeners:
                now = self._now()
                self._emit(EventKind.UPDATE_DONE, now, now)
    return settled


class SessionEngine:
    def __init__(self, routine_name: str, steps: Sequence[Step], now: Clock = time.monotonic,
                 wall: Callable[[], datetime] = _utc_now, *, pain_before: int | None = None,
                 routine_file: str | None = None) -> None:
        if not steps:
            raise ValueError("a session needs at least one step")
        self.steps = tuple(steps)
        self._now = now
        self._wall = wall
        self._listeners: list[Listener] = []
        self._depth = 0  # commands running, so UPDATE_DONE follows only the outermost
        self.state = EngineState.READY
        self.index = 0
        self.session = SessionRecord(routine_name, wall(), total_planned_seconds(self.steps),
                                     pain_before=pain_before, routine_file=routine_file)
        self._started_at = 0.0  # when the current step began, moved on by pauses
        self._credited = 0.0  # seconds of the current step already credited to its exercise
        self._lead_in: Step | None = None  # a get-ready put before steps[index] (after a jump or a long pause)
        self._resume: _Resume | None = None  # where steps[index] goes on from after the lead-in (a long pause)
        self._deadline: float | None = None
        self._paused_at: float | None = None
        self._session_start = 0.0
        self._paused_total = 0.0
        self._extended_total = 0.0
        self._marks: list[_Mark] = []
        self._phase_shown: int | None = None
        self._last_timed_cue: str | None = None
        self._timed_cue_at = 0.0
        self.exercise_count = self.steps[-1].exercise_index + 1
        self.session.exercise_total = self.exercise_count
        self._first_step = {}
        self._last_own_step = {}
        self._planned = [0.0] * self.exercise_count
        self._planned_work = [0.0] * self.exercise_count
        for index, step in enumerate(self.steps):
            self._first_step.setdefault(step.exercise_index, index)
            if step.is_own:
                self._last_own_step[step.exercise_index] = index
                self._planned[step.exercise_index] += step.planned_seconds or 0
            if step.is_work:
                self._planned_work[step.exercise_index] += step.planned_seconds or 0
        self._progress = [_Progress() for _ in range(self.exercise_count)]
        self.records: dict[int, ExerciseRecord] = {}

    # -- observing -----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def step(self) -> Step:
        """The step being played: steps[index], or the get-ready put before it."""
        return self._lead_in or self.steps[self.index]

    @property
    def in_lead_in(self) -> bool:
        """A get-ready that is not in the plan is playing, before steps[index]."""
        return self._lead_in is not None

    def _after_current(self) -> int:
        """The index of the step that follows the one playing."""
        return self.index if self._lead_in is not None else self.index + 1

    @property
    def started_at(self) -> float | None:
        """The monotonic time the session started, or None before start()."""
        return None if self.state is EngineState.READY else self._session_start

    @property
    def finished(self) -> bool:
        return self.state is EngineState.FINISHED

    def _reference_time(self) -> float:
        """Now, or the instant time froze when paused."""
        return self._paused_at if self._paused_at is not None else self._now()

    def remaining(self) -> float | None:
        """Seconds left in the current timed step; None for a manual step."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - self._reference_time())

    def elapsed_in_step(self) -> float:
        if self.state in (EngineState.READY, EngineState.FINISHED):
            return 0.0
        return max(0.0, self._reference_time() - self._started_at)

    def done_in_plan_step(self) -> float:
        """Seconds done of steps[index]: during a get-ready put before it, those done before the get-ready."""
        if self._lead_in is not None:
            return self._resume.done if self._resume is not None else 0.0
        return self.elapsed_in_step()

    def session_elapsed(self) -> float:
        """Active seconds since the start: pauses excluded."""
        if self.state is EngineState.READY:
            return 0.0
        if self.finished:
            return self.session.active_seconds
        return max(0.0, self._reference_time() - self._session_start - self._paused_total)

    def session_remaining(self) -> float:
        """Planned seconds still to come (manual steps count as zero)."""
        if self.finished:
            return 0.0
        if self.state is EngineState.READY:
            return self.session.planned_seconds
        if self.state is EngineState.HURT:  # the rest of this exercise will not be played
            following = self._first_step.get(self.step.exercise_index + 1, len(self.steps))
            return sum(step.planned_seconds or 0 for step in self.steps[following:])
        later = sum(step.planned_seconds or 0 for step in self.steps[self._after_current():])
        if self._lead_in is not None and self._resume is not None:  # steps[index] goes on, not again
            planned = self.steps[self.index].planned_seconds or 0
            later += (self._resume.length or 0) - self._resume.done - planned
        return later + (self.remaining() or 0.0)

    def rep_number(self) -> int | None:
        """The rep in progress; for a tempo step, derived from the time elapsed."""
        step = self.step
        if step.rep_seconds and step.rep_count:
            return min(step.rep_count, int(self.elapsed_in_step() // step.rep_seconds) + 1)
        return step.rep_number

    @property
    def timed_cue(self) -> str | None:
        """The latest `at:` cue of the current step, for TIMED_CUE_SHOWN seconds after it fired."""
        if self._last_timed_cue is None or self._reference_time() - self._timed_cue_at >= TIMED_CUE_SHOWN:
            return None
        return self._last_timed_cue

    def next_exercise_step(self) -> Step | None:
        """The first step of the exercise after the current one."""
        index = self._first_step.get(self.step.exercise_index + 1)
        return None if index is None else self.steps[index]

    def upcoming_step(self) -> Step | None:
        following = self._after_current()
        return self.steps[following] if following < len(self.steps) else None

    def seconds_to_wakeup(self) -> float | None:
        """How long until next_wakeup(), on the engine's own clock; None when nothing will change."""
        wake = self.next_wakeup()
        return None if wake is None else max(0.0, wake - self._now())

    def next_wakeup(self) -> float | None:
        """When what the screen shows next changes: a shown second, a cue, or the step's end."""
        if self.state is not EngineState.RUNNING:
            return None
        now = self._now()
        candidates = [mark.time for mark in self._marks[:1]]
        if self._deadline is not None:
            remaining = self._deadline - now
            # The shown second changes when what is left drops to the next whole second below it.
            candidates.append(self._deadline if remaining <= 1 else self._deadline - (shown_seconds(remaining) - 1))
        else:
            candidates.append(self._started_at + math.floor(now - self._started_at) + 1)
        return min(candidates)

    # -- commands ------------------------------------------------------------------

    @_settles
    def start(self) -> None:
        if self.state is not EngineState.READY:
            return
        now = self._now()
        self._session_start = now
        self.session.started = self._wall()
        self.state = EngineState.RUNNING
        self._begin(0, now, now)

    @_settles
    def update(self) -> None:
        """Emit everything now due; end every step whose deadline has passed."""
        if self.state is not EngineState.RUNNING:
            return
        now = self._now()
        while self.state is EngineState.RUNNING:
            while self._marks and self._marks[0].time <= now:
                mark = self._marks.pop(0)
                if mark.kind is EventKind.TIMED_CUE:
                    self._last_timed_cue = mark.text
                    self._timed_cue_at = mark.time
                self._emit(mark.kind, mark.time, now, second=mark.second, text=mark.text)
            if self._deadline is None or self._deadline > now:
                return
            self._end_step(self._deadline, now)

    @_settles
    def pause(self) -> None:
        self.update()
        if self.state is EngineState.RUNNING:
            self._paused_at = self._now()
            self.state = EngineState.PAUSED

    @_settles
    def resume(self) -> None:
        """Go on; after a pause of more than LONG_PAUSE in the middle of work, with a get-ready first."""
        if self.state is not EngineState.PAUSED or self._paused_at is None:
            return
        long_pause = self._now() - self._paused_at > LONG_PAUSE
        self._go_on()
        step = self.step
        if (long_pause and step.is_work and step.exercise.timing.get_ready > 0 and self._lead_in is None
                and self.state is EngineState.RUNNING):
            now = self._now()
            self._account(now)  # the part done before the pause stays done
            length = None if self._deadline is None else self._deadline - self._started_at
            resume = _Resume(now - self._started_at, length)
            self._emit(EventKind.STEP_ENDED, now, now)
            self._begin(self.index, now, now, lead_in=True, resume=resume)
        self.update()

    def _go_on(self) -> None:
        """Leave a pause exactly where it was."""
        if self.state is not EngineState.PAUSED:
            return
        self._unfreeze()
        self.state = EngineState.RUNNING

    @_settles
    def toggle_pause(self) -> None:
        if self.state is EngineState.PAUSED:
            self.resume()
        else:
            self.pause()

    @_settles
    def extend(self, seconds: float = EXTEND_SECONDS) -> None:
        """Add time to the current timed step; its countdown cues will sound again."""
        self.update()
        if self.state not in (EngineState.RUNNING, EngineState.PAUSED) or self._deadline is None:
            return
        self._deadline += seconds
        self._extended_total += seconds
        reference = self._reference_time()
        self._marks = [mark for mark in self._marks_for(self.step) if mark.time > reference]

    @_settles
    def done(self) -> None:
        """Finish a manual step (reps the person counts)."""
        self.update()
        if not self.step.is_manual or self.state not in (EngineState.RUNNING, EngineState.PAUSED):
            return
        self._go_on()
        now = self._now()
        self._end_step(now, now)

    @_settles
    def skip(self) -> None:
        """`N`: jump to the next exercise, past what is left of this one and the rest after it (in a
        get-ready, past the exercise it leads into)."""
        now = self._take_control()
        if now is None:
            return
        step = self.step  # in a get-ready, the exercise it leads into
        self._interrupt(now)
        self._go_to_exercise(step.exercise_index + 1, now)

    @_settles
    def skip_step(self) -> None:
        """`n`: end this step now and go on to the next one: a rest or a side switch gives way to the
        next set, side or rep; a rep or a hold ends (and the exercise is then recorded partial or
        skipped, never done). In the get-ready or the rest after an exercise, the next exercise starts."""
        now = self._take_control()
        if now is None:
            return
        self._end_step(now, now, skipped=True)

    @_settles
    def back(self) -> None:
        """Restart this exercise once 3 s of it have passed; otherwise go to the previous one."""
        now = self._take_control()
        if now is None:
            return
        current = self.step.exercise_index
        progress = self._progress[current]
        done_so_far = progress.active + (self.elapsed_in_step() - self._credited if self.step.is_own else 0.0)
        if self.step.kind is StepKind.REST:
            done_so_far = math.inf  # resting after an exercise: back means do that one again
        target = current if done_so_far > BACK_RESTARTS_AFTER else max(0, current - 1)
        self._account(now)  # the attempt so far was done: its time stays with the exercise
        for exercise in range(target, current + 1):
            before = self._progress[exercise]
            self._progress[exercise] = _Progress(earlier_active=before.earlier_active + before.active,
                                                 earlier_work=before.earlier_work + before.work,
                                                 earlier_sets=max(before.earlier_sets, before.sets_completed),
                                                 hurt=before.hurt,
                                                 start_offset=before.start_offset)  # it began then
            self.records.pop(exercise, None)
        self._begin(self._first_step[target], now, now)

    @_settles
    def hurt(self) -> None:
        """End the current exercise as painful, and wait for continue_after_hurt() or stop()."""
        now = self._take_control()
        if now is None:
            return
        exercise = self.step.exercise_index
        if self.step.kind is StepKind.REST and exercise in self.records:
            # Hurting while resting after an exercise flags that exercise; its timing stands.
            self.records[exercise] = replace(self.records[exercise], status=ExerciseStatus.PAIN)
            self._emit(EventKind.EXERCISE_ENDED, now, now, record=self.records[exercise])
        else:
            self._account(now)
            self._close(exercise, ExerciseStatus.PAIN, now)
        self._paused_at = now
        self.state = EngineState.HURT

    def other_side_step(self) -> int | None:
        """After "it hurts" on one side: where the other side of this set begins, if there is one to try."""
        step = self.step
        if step.side is None:
            return None
        for index in range(self.index + 1, len(self.steps)):
            later = self.steps[index]
            if later.exercise_index != step.exercise_index or later.set_number != step.set_number:
                return None
            if later.is_work and later.side is not None and later.side != step.side:
                return index
        return None

    @_settles
    def try_other_side(self) -> None:
        """After "it hurts" on one side: go on with the other side; the exercise stays marked painful."""
        index = self.other_side_step() if self.state is EngineState.HURT else None
        if index is None:
            return
        self._unfreeze()
        self.state = EngineState.RUNNING
        exercise = self.step.exercise_index
        self._progress[exercise].hurt = True
        self.records.pop(exercise, None)  # closed again, as painful, when the exercise ends
        now = self._now()
        self._begin(index, now, now, lead_in=True)

    @_settles
    def continue_after_hurt(self) -> None:
        if self.state is not EngineState.HURT:
            return
        self._unfreeze()
        self.state = EngineState.RUNNING
        now = self._now()
        self._go_to_exercise(self.step.exercise_index + 1, now)

    @_settles
    def stop(self, interrupted: bool = False) -> None:
        """End the session early; what was done is kept. `interrupted`: coach itself is being ended."""
        self.update()
        if self.state in (EngineState.READY, EngineState.FINISHED):
            return
        if interrupted:
            status = SessionStatus.INTERRUPTED
        else:
            status = SessionStatus.PAIN_STOPPED if self.state is EngineState.HURT else SessionStatus.STOPPED
        self._unfreeze()
        now = self._now()
        if self.state is not EngineState.HURT:
            self._interrupt(now)
        self._finish(status, now, now)

    # -- the machinery -------------------------------------------------------------

    def _take_control(self) -> float | None:
        """Bring the session up to now and resume it for a jump; None when there is nothing to jump in."""
        self.update()
        if self.state not in (EngineState.RUNNING, EngineState.PAUSED):
            return None
        self._go_on()
        return self._now()

    def _emit(self, kind: EventKind, planned: float, actual: float, **details) -> None:
        event = Event(kind, planned, actual, self.index, self.step, **details)
        for listener in self._listeners:
            listener(event)

    def _unfreeze(self) -> None:
        if self._paused_at is None:
            return
        shift = self._now() - self._paused_at
        self._paused_at = None
        self._paused_total += shift
        self._started_at += shift
        self._timed_cue_at += shift
        if self._deadline is not None:
            self._deadline += shift
        self._marks = [_Mark(mark.time + shift, mark.kind, mark.second, mark.text) for mark in self._marks]

    def _begin(self, index: int, planned: float, actual: float, *, lead_in: bool = False,
               resume: _Resume | None = None) -> None:
        """Start steps[index] at `planned`; `lead_in`: with a get-ready first when it is work and the routine
        has one (after a jump into it, or a long pause); `resume`: go on where a long pause left it."""
        target = self.steps[index]
        get_ready = target.exercise.timing.get_ready
        self.index = index
        self._lead_in = None
        self._resume = None
        if lead_in and target.is_work and get_ready > 0:
            self._lead_in = replace(target, kind=StepKind.GET_READY, planned_seconds=get_ready, rep_number=None,
                                    rep_count=None, rep_seconds=None)
            self._resume, resume = resume, None  # that is for after the get-ready
        step = self.step
        done = resume.done if resume is not None else 0.0
        self._started_at = planned - done
        self._credited = done
        if step.is_manual:
            self._deadline = None
        elif resume is not None and resume.length is not None:
            self._deadline = self._started_at + resume.length  # with its `+` extensions
        else:
            self._deadline = self._started_at + step.planned_seconds
        self._last_timed_cue = None
        self._marks = [mark for mark in self._marks_for(step) if mark.time > planned or not done]
        progress = self._progress[step.exercise_index]
        if step.is_own and progress.start_offset is None:
            progress.start_offset = planned - self._session_start
        if step.phase_index != self._phase_shown:
            self._phase_shown = step.phase_index
            self._emit(EventKind.PHASE_STARTED, planned, actual)
        self._emit(EventKind.STEP_STARTED, planned, actual)

    def _marks_for(self, step: Step) -> list[_Mark]:
        if self._deadline is None:
            return []
        start, planned = self._started_at, step.planned_seconds or 0.0
        marks = []
        if step.is_work:
            if planned >= HALFWAY_MIN_SECONDS:
                marks.append(_Mark(start + planned / 2, EventKind.HALFWAY))
            for cue in step.exercise.at:
                offset = cue.offset(planned)
                if 0 < offset < planned:
                    marks.append(_Mark(start + offset, EventKind.TIMED_CUE, text=cue.text))
        for second in countdown_ticks(step.countdown, self._deadline - start):
            marks.append(_Mark(self._deadline - second, EventKind.COUNTDOWN, second=second))
        return sorted(marks, key=lambda mark: mark.time)

    def _account(self, end: float) -> None:
        """Credit the current step's time, up to `end`, to its exercise."""
        step = self.step
        if not step.is_own:
            return
        seconds = max(0.0, end - self._started_at - self._credited)
        self._credited += seconds
        progress = self._progress[step.exercise_index]
        progress.active += seconds
        if step.is_work:
            progress.work += seconds

    def _end_step(self, end: float, actual: float, skipped: bool = False) -> None:
        """The current step ran its course (or was skipped); start the next at `end`."""
        step = self.step
        self._account(end)
        self._emit(EventKind.STEP_ENDED, end, actual)
        if self._lead_in is not None:  # the get-ready before steps[index] is over: on with it
            self._begin(self.index, end, actual, resume=self._resume)
            return
        progress = self._progress[step.exercise_index]
        if skipped and step.is_work:
            progress.work_skipped = True
            progress.sets_cut_short.add(step.set_number)
        if step.is_work and self._closes_set(self.index) and step.set_number not in progress.sets_cut_short:
            progress.sets_completed += 1
        if self._last_own_step.get(step.exercise_index) == self.index:
            self._close(step.exercise_index, self._status_at_end(progress), end, actual)
        if self.index + 1 < len(self.steps):
            following = self.steps[self.index + 1]
            # Skipped into a new exercise: a get-ready first, as after any jump.
            jumped = skipped and following.exercise_index != step.exercise_index
            self._begin(self.index + 1, end, actual, lead_in=jumped)
        else:
            self._finish(SessionStatus.COMPLETED, end, actual)

    def _closes_set(self, index: int) -> bool:
        step = self.steps[index]
        following = self.steps[index + 1] if index + 1 < len(self.steps) else None
        return not (
            following is not None
            and following.exercise_index == step.exercise_index
            and following.set_number == step.set_number
            and following.is_own
        )

    def _status_at_end(self, progress: _Progress) -> ExerciseStatus:
        """Done when it ran its course, unless some of its work was skipped or it hurt."""
        if progress.work_skipped or progress.hurt:
            return self._cut_short(progress)
        return ExerciseStatus.DONE

    @staticmethod
    def _cut_short(progress: _Progress) -> ExerciseStatus:
        """An exercise that did not run its course: painful if it hurt, partial once PARTIAL_AFTER seconds
        of work were done (in any attempt), skipped otherwise."""
        if progress.hurt:
            return ExerciseStatus.PAIN
        worked = progress.work + progress.earlier_work
        return ExerciseStatus.PARTIAL if worked >= PARTIAL_AFTER else ExerciseStatus.SKIPPED

    def _interrupt(self, now: float) -> None:
        """The current exercise stops before its end: partial if any work was done."""
        step = self.step
        if step.kind in (StepKind.REST, StepKind.GET_READY) and step.exercise_index in self.records:
            return
        self._account(now)
        self._close(step.exercise_index, self._cut_short(self._progress[step.exercise_index]), now)

    def _go_to_exercise(self, exercise: int, now: float) -> None:
        if exercise < self.exercise_count:
            self._begin(self._first_step[exercise], now, now, lead_in=True)
        else:
            self._finish(SessionStatus.COMPLETED, now, now)

    def _close(self, exercise: int, status: ExerciseStatus, at: float, actual: float | None = None) -> None:
        step = self.steps[self._first_step[exercise]]
        progress = self._progress[exercise]
        record = ExerciseRecord(
            position=exercise,
            name=step.exercise.name,
            phase=step.phase.name,
            phase_kind=step.phase.kind.value,
            status=status,
            planned_seconds=self._planned[exercise],
            active_seconds=round(progress.active + progress.earlier_active, 3),
            sets_completed=min(step.exercise.sets, max(progress.sets_completed, progress.earlier_sets)),
            set_count=step.exercise.sets,
            manual=step.exercise.is_manual,
            start_offset=None if progress.start_offset is None else round(progress.start_offset, 3),
            end_offset=round(at - self._session_start, 3),
            work_seconds=round(progress.work + progress.earlier_work, 3),
            planned_work_seconds=self._planned_work[exercise],
        )
        self.records[exercise] = record
        self._emit(EventKind.EXERCISE_ENDED, at, at if actual is None else actual, record=record)

    def _finish(self, status: SessionStatus, end: float, actual: float) -> None:
        for exercise in range(self.exercise_count):
            if exercise not in self.records:  # not reached, or left after `back` in an earlier attempt
                self._close(exercise, self._cut_short(self._progress[exercise]), end, actual)
        self._marks = []
        self._deadline = None
        session = self.session
        session.status = status
        session.ended = self._wall()
        session.paused_seconds = round(self._paused_total, 3)
        session.active_seconds = round(end - self._session_start - self._paused_total, 3)
        session.exercises = [self.records[exercise] for exercise in range(self.exercise_count)]
        self.state = EngineState.FINISHED
        self._emit(EventKind.SESSION_FINISHED, end, actual, session=session)
