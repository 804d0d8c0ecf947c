"""Which cue to sound for the engine's events: pure, no I/O, one cue per instant.

Events arrive one at a time, but several share one planned instant: at the end of an
exercise the engine emits STEP_ENDED, EXERCISE_ENDED(done), STEP_STARTED(rest) together.
`add()` collects the candidates of the latest instant; `take()` (called by the player's
flush, right after each engine update) returns the single cue to play and forgets them.

The rules:

- `tick` on each COUNTDOWN event; `halfway` on HALFWAY.
- `go` when a work step starts; `switch` when a switch-sides step starts, or when a work
  step moves to the other side with no switch-sides step between (switch_sides: 0).
- `rest` when any rest starts, rest between reps included: it is the "let go" signal at
  the end of each hold, which the countdown alone does not give when `countdown` is 0.
  Between reps it is the tone only, never the spoken "Rest.", to keep holds quiet.
- `done` when an exercise ends done; `finish` when the session completes.
- Nothing when the get-ready step starts: the screen says it, and the countdown follows.
- Priority at one instant: finish > go > switch > done > rest > (a spoken `at:` cue)
  > halfway > tick. `go` beats `done` because with `rest: 0` the next exercise starts at
  that instant and the person must move; `done` beats `rest` because it says more.
- Speech is chosen separately: the phrase of the highest-ranked candidate that has one
  (an exercise's announcement, "Rest. Next: …", "Switch sides.", an `at:` cue,
  "Session complete."). So at the end of an exercise the tone is `done`, the phrase
  "Rest. Next: dead bug.". The player plays the phrase in place of the tone when voice is
  on, the phrase is ready, and it is no longer than `speech_room`.
- `speech_room` keeps speech clear of the countdown: the seconds from the instant to the
  step's first countdown tick (or its end, with no countdown). A longer phrase would be
  cut off by the first tick, so the tone plays instead. None means no limit.
- When one update catches up on several instants (the machine slept), only the latest
  instant sounds, and a tick or halfway more than STALE_AFTER seconds late is dropped:
  a late countdown beep would tell the wrong time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from coach.cues import phrases
from coach.routine.expand import Step, StepKind, countdown_ticks
from coach.session.events import Event, EventKind
from coach.session.records import ExerciseStatus, SessionStatus

SAME_INSTANT = 0.001  # events this close in planned time belong to one instant
STALE_AFTER = 1.0

# Higher wins. None stands for a cue that is speech only (an `at:` cue).
PRIORITY: dict[str | None, int] = {
    "finish": 7, "go": 6, "switch": 5, "done": 4, "rest": 3, None: 2, "halfway": 1, "tick": 0,
}
TIME_CRITICAL = ("tick", "halfway")

_RESTS = (StepKind.REST, StepKind.REST_BETWEEN_SETS, StepKind.REST_BETWEEN_REPS)


@dataclass(frozen=True)
class Cue:
    """What to play at one instant: a tone, and a phrase that may replace it."""

    planned: float
    sound: str | None
    speech: str | None = None
    speech_room: float | None = None  # longest the phrase may last, in seconds; None: any length
    lateness: float = 0.0


class CueSchedule:
    def __init__(self, steps: Sequence[Step] = ()) -> None:
        self._next_exercise: dict[int, str] = {}
        self._instant: float | None = None
        self._pending: list[Cue] = []
        self._last_started: Step | None = None
        self.set_steps(steps)

    def set_steps(self, steps: Sequence[Step]) -> None:
        """The session's steps, so a rest can name the exercise that follows it."""
        names: dict[int, str] = {}
        for step in steps:
            names.setdefault(step.exercise_index, step.exercise.name)
        self._next_exercise = {index - 1: name for index, name in names.items()}

    def add(self, event: Event) -> None:
        if event.kind is EventKind.UPDATE_DONE:  # bookkeeping, not a moment of the session
            return
        if self._instant is None or abs(event.planned - self._instant) > SAME_INSTANT:
            self._instant = event.planned
            self._pending = []
        cue = self._cue_for(event)
        if event.kind is EventKind.STEP_STARTED:
            self._last_started = event.step
        if cue is not None:
            self._pending.append(cue)

    def take(self) -> Cue | None:
        """The cue for the latest instant, once; None when there is nothing to play."""
        pending, self._pending = self._pending, []
        pending = [cue for cue in pending if not (cue.sound in TIME_CRITICAL and cue.lateness > STALE_AFTER)]
        if not pending:
            return None
        ranked = sorted(pending, key=lambda cue: PRIORITY[cue.sound], reverse=True)
        with_sound = [cue for cue in ranked if cue.sound is not None]
        with_speech = [cue for cue in ranked if cue.speech is not None]
        sound = with_sound[0].sound if with_sound else None
        spoken = with_speech[0] if with_speech else None
        return Cue(
            planned=ranked[0].planned,
            sound=sound,
            speech=spoken.speech if spoken else None,
            speech_room=spoken.speech_room if spoken else None,
            lateness=ranked[0].lateness,
        )

    def phrases(self, steps: Sequence[Step]) -> list[str]:
        """Every phrase a session of `steps` can speak, in order of first use, once each.

        Also remembers the steps, as set_steps() does, so rests can name what comes next.
        """
        self.set_steps(steps)
        found: dict[str, None] = {}
        for step in steps:
            speech = self._start_speech(step)
            if speech:
                found.setdefault(speech, None)
            if step.is_work and not step.is_manual:
                for timed in step.exercise.at:
                    found.setdefault(timed.text, None)
        found.setdefault(phrases.SESSION_COMPLETE, None)
        return list(found)

    # -- one event -------------------------------------------------------------------

    def _cue_for(self, event: Event) -> Cue | None:
        step, kind = event.step, event.kind
        late = max(0.0, event.lateness)
        if kind is EventKind.COUNTDOWN:
            return Cue(event.planned, "tick", lateness=late)
        if kind is EventKind.HALFWAY:
            return Cue(event.planned, "halfway", lateness=late)
        if kind is EventKind.TIMED_CUE and event.text:
            return Cue(event.planned, None, event.text, _timed_cue_room(step, event.text), late)
        if kind is EventKind.EXERCISE_ENDED and event.record is not None and event.record.status is ExerciseStatus.DONE:
            return Cue(event.planned, "done", lateness=late)
        if kind is EventKind.SESSION_FINISHED and event.session is not None \
                and event.session.status is SessionStatus.COMPLETED:
            return Cue(event.planned, "finish", phrases.SESSION_COMPLETE, None, late)
        if kind is EventKind.STEP_STARTED:
            sound = self._start_sound(step)
            if sound is None:
                return None
            return Cue(event.planned, sound, self._start_speech(step), _room(step, 0.0), late)
        return None

    def _start_sound(self, step: Step) -> str | None:
        if step.kind is StepKind.WORK:
            previous = self._last_started
            changed_side = (
                previous is not None and previous.kind is StepKind.WORK
                and previous.exercise_index == step.exercise_index
                and previous.side is not None and step.side is not None and previous.side != step.side
            )
            return "switch" if changed_side else "go"
        if step.kind is StepKind.SWITCH_SIDES:
            return "switch"
        if step.kind in _RESTS:
            return "rest"
        return None  # get ready

    def _start_speech(self, step: Step) -> str | None:
        if step.kind is StepKind.WORK:
            return phrases.announcement(step.exercise) if _opens_exercise(step) else None
        if step.kind is StepKind.SWITCH_SIDES:
            return phrases.SWITCH_SIDES
        if step.kind is StepKind.REST:
            return phrases.rest_before(self._next_exercise.get(step.exercise_index))
        if step.kind is StepKind.REST_BETWEEN_SETS:
            return phrases.rest_between_sets(step.set_number, step.set_count)
        return None


def _opens_exercise(step: Step) -> bool:
    """The first work step of an exercise: set 1, first side, first rep."""
    sides = step.exercise.sides
    return (
        step.set_number == 1
        and (step.rep_number or 1) == 1
        and (not sides or step.side == sides[0])
    )


def _room(step: Step, offset: float) -> float | None:
    """Seconds from `offset` into the step until its first countdown tick, or its end."""
    if step.planned_seconds is None:
        return None
    planned = step.planned_seconds
    ticks = countdown_ticks(step.countdown, planned)  # as the engine ticks
    return planned - (ticks[0] if ticks else 0) - offset


def _timed_cue_room(step: Step, text: str) -> float:
    rooms = [_room(step, cue.offset(step.planned_seconds or 0.0)) for cue in step.exercise.at if cue.text == text]
    return min((room for room in rooms if room is not None), default=0.0)
