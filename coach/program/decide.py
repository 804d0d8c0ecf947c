"""What to do today: a pure function of the program, the person's own log and the date.

`decide(program, history, today)` replays the program from its start: every session run under it (with
its pain answers and the next morning's), every stage set by hand, and the aerobic minutes of each week.
No I/O, no clock: the same history always gives the same decision.

The rules (numbers from `Rules`, the traffic light and the 24-hour rule; see docs/programs.md):
- a session is **red** on any "it hurts", pain after at or above red_pain, pain up by red_rise or more, or
  a next-morning pain at or above red_pain;
- **amber** when pain after is between green and red, pain is up by amber_rise, or the next morning is
  "worse" (and not red);
- **green** when every exercise was done, pain after is at most green_pain, and the next morning is not "worse"
  (pain after between green and red is amber even when it went down: the caution comes first);
- otherwise it is **unanswered** (no pain after given) or **unfinished** (stopped early): done, but it
  cannot move the person on.
Then: advance one stage after advance_after greens in a row at this stage (once a day at most, never on a
day with a red); hold on anything else; step back one stage on a red (never below stage 1); a flare-up on
flare_reds reds within flare_days days, or a next-morning pain flare_rise above the usual, switches to the
flare-up routine until it has green_days green sessions on separate days, then goes on one stage below
where the person was. The aerobic bout grows one rung after aerobic_weeks weeks in a row that met the
week's aerobic goal (the least bouts a week at the bout's length, up to the weekly goal) with no red, and
falls back one after a red.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from coach.program.model import Program, Rules
from coach.routine.durations import format_duration
from coach.routine.model import Routine


class Action(StrEnum):
    START = "start"
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"
    FLARE_UP = "flare_up"
    RECOVER = "recover"


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNANSWERED = "unanswered"
    UNFINISHED = "unfinished"


class NextDay(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True)
class ProgramSession:
    """One session run under the program, as the rules see it."""

    uuid: str
    at: datetime  # when it started (local time, for its day)
    completed: bool  # ended normally, not stopped or interrupted
    all_done: bool  # every exercise done
    hurt: bool  # an "it hurts" stop or a painful exercise
    pain_before: int | None = None
    pain_after: int | None = None
    next_day: NextDay | None = None
    next_day_pain: int | None = None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True)
class StageSet:
    """The person (or their therapist) set the stage by hand: `coach program set-stage N`."""

    at: datetime
    stage: int  # 1-based


@dataclass(frozen=True)
class ProgramHistory:
    started: datetime
    start_stage: int = 1  # 1-based
    sessions: tuple[ProgramSession, ...] = ()
    stage_sets: tuple[StageSet, ...] = ()
    aerobic_minutes: dict[date, float] = field(default_factory=dict)  # by day: every aerobic session's minutes


@dataclass(frozen=True)
class Decision:
    stage: int  # 1-based
    flare: bool  # on the flare-up routine
    plan: Routine  # today's plan: the stage's routine with its dose, or the flare-up routine
    action: Action
    reasons: tuple[str, ...]
    based_on: tuple[str, ...] = ()  # the uuids of the sessions the action rests on
    aerobic_minutes: int | None = None  # today's aerobic target per bout
    colour: Colour | None = None  # of the newest session, when there is one
    aerobic_week_goal: int = 0  # this week's aerobic minutes to aim for (week_aerobic_goal)

    @property
    def stage_index(self) -> int:
        return self.stage - 1


def colour(session: ProgramSession, rules: Rules) -> Colour:
    """The traffic light for one session."""
    before, after = session.pain_before, session.pain_after
    rise = after - before if before is not None and after is not None else None
    if (session.hurt or (after is not None and after >= rules.red_pain) or (rise is not None and rise >= rules.red_rise)
            or (session.next_day_pain is not None and session.next_day_pain >= rules.red_pain)):
        return Colour.RED
    if ((after is not None and after > rules.green_pain) or (rise is not None and rise >= rules.amber_rise)
            or session.next_day is NextDay.WORSE):
        return Colour.AMBER
    if after is None:
        return Colour.UNANSWERED
    if not (session.completed and session.all_done):
        return Colour.UNFINISHED
    return Colour.GREEN


def usual_pain(sessions: list[ProgramSession], before: datetime, days: int = 14) -> int | None:
    """The person's usual pain: the median of their pain-before answers in the `days` days before `before`."""
    answers = [session.pain_before for session in sessions
               if session.pain_before is not None and before - timedelta(days=days) <= session.at < before]
    return _half_up(statistics.median(answers)) if answers else None


@dataclass
class _State:
    stage: int
    flare: bool = False
    flare_from: int = 1
    run: list[tuple[ProgramSession, Colour]] = field(default_factory=list)  # at this stage since it began
    flare_green_days: set[date] = field(default_factory=set)
    reds: list[date] = field(default_factory=list)  # days of reds since the start, a stage set or a recovery
    red_days: set[date] = field(default_factory=set)  # every day with a red: never a day to move on
    last_advance: date | None = None
    action: Action = Action.START
    reasons: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()
    colour: Colour | None = None

    def move(self, stage: int, action: Action, reasons: tuple[str, ...], based_on: tuple[str, ...] = ()) -> None:
        self.stage, self.action, self.reasons, self.based_on = stage, action, reasons, based_on
        self.run = []


def decide(program: Program, history: ProgramHistory, today: date) -> Decision:
    """Today's stage, plan and action, with a sentence for each reason."""
    count = len(program.stages)
    state = _State(stage=_clamp(history.start_stage, count))
    state.reasons = (f"Starting at stage {state.stage} of {count}: {program.stages[state.stage - 1].name}.",)
    events: list[tuple[datetime, int, object]] = [(item.at, 0, item) for item in history.stage_sets]
    events += [(session.at, 1, session) for session in history.sessions]
    done: list[ProgramSession] = []
    for at, _, event in sorted(events, key=lambda item: (item[0], item[1], getattr(item[2], "uuid", ""))):
        if at.date() > today:
            break
        if isinstance(event, StageSet):
            stage = _clamp(event.stage, count)
            state.flare = False
            state.reds.clear()  # a fresh start: earlier reds no longer count towards a flare-up
            state.move(stage, Action.START, (f"Stage set by hand to {stage} of {count} on {event.at:%a %d %b}.",))
            continue
        assert isinstance(event, ProgramSession)
        _session(program, state, event, done)
        done.append(event)
    plan, aerobic, aerobic_goal = _today(program, history, state, today)
    return Decision(stage=state.stage, flare=state.flare, plan=plan, action=state.action, reasons=state.reasons,
                    based_on=state.based_on, aerobic_minutes=aerobic, colour=state.colour,
                    aerobic_week_goal=aerobic_goal)


def _session(program: Program, state: _State, session: ProgramSession, earlier: list[ProgramSession]) -> None:
    rules = program.rules
    light = colour(session, rules)
    state.colour = light
    day = session.day
    usual = usual_pain(earlier, session.at)
    flare_rise = (session.next_day_pain is not None and usual is not None
                  and session.next_day_pain >= usual + rules.flare_rise)
    if light is Colour.RED:
        state.reds.append(day)
        state.red_days.add(day)
        recent = [red for red in state.reds if day - red < timedelta(days=rules.flare_days)]
        why = _red_reason(session, rules)
        if state.flare:
            state.flare_green_days.clear()
            state.action, state.reasons, state.based_on = Action.FLARE_UP, (
                f"Staying on the flare-up routine: {why}.",
                "If the pain does not settle, contact your physical therapist."), (session.uuid,)
            return
        if len(recent) >= rules.flare_reds or flare_rise:
            cause = (f"{len(recent)} sessions in {rules.flare_days} days were too painful" if len(recent) >= rules.flare_reds
                     else _rise_cause(session, rules, usual))
            _start_flare(program, state, session, cause)
            return
        stage = max(1, state.stage - 1)
        if stage == state.stage:
            state.move(stage, Action.STEP_BACK, (f"Staying at stage 1, the gentlest: {why}.",), (session.uuid,))
        else:
            state.move(stage, Action.STEP_BACK, (
                f"Back to stage {stage}, {program.stages[stage - 1].name}: {why}.",), (session.uuid,))
        return
    if flare_rise and not state.flare:
        _start_flare(program, state, session, _rise_cause(session, rules, usual))
        return
    if state.flare:
        # A morning far above the usual is not a comfortable day, whatever else the session was.
        _flare_session(program, state, session, Colour.AMBER if flare_rise and light is Colour.GREEN else light,
                       _rise_cause(session, rules, usual) if flare_rise else None)
        return
    would_have_moved = (len(_green_run(state.run)) == rules.advance_after - 1 and state.stage < len(program.stages)
                        and light is not Colour.GREEN)
    state.run.append((session, light))
    if light is not Colour.GREEN:
        state.action, state.based_on = Action.HOLD, (session.uuid,)
        # This session would have moved the person on: say that it did not, and why.
        prefix = f"Not moving on to stage {state.stage + 1} yet: " if would_have_moved else "Staying at this stage: "
        state.reasons = (_hold_reason(session, light, rules, prefix=prefix),)
        return
    greens = _green_run(state.run)
    needed = rules.advance_after
    if len(greens) < needed and state.stage < len(program.stages):
        state.action, state.based_on = Action.HOLD, tuple(item.uuid for item in greens)
        left = needed - len(greens)
        state.reasons = (f"{len(greens)} of {needed} comfortable sessions at this stage: "
                         f"{left} more {'session' if left == 1 else 'sessions'} to move on.",)
        return
    last = greens[-needed:]
    if state.stage >= len(program.stages):
        state.action, state.based_on = Action.HOLD, tuple(item.uuid for item in last)
        state.reasons = (f"You are at the last stage and it is going well: pain {_pains(last)}. Keep it up.",)
        return
    if day in state.red_days:
        state.action, state.based_on = Action.HOLD, tuple(item.uuid for item in last)
        state.reasons = ("Not moving on today: a session today was too painful. The next stage can come with "
                         "your next comfortable session.",)
        return
    if state.last_advance == day:
        state.action, state.based_on = Action.HOLD, tuple(item.uuid for item in last)
        state.reasons = ("Moving on at most once a day: the next stage comes with your next session.",)
        return
    stage = state.stage + 1
    change = _dose_change(program.stages[state.stage - 1].plan, program.stages[stage - 1].plan)
    state.last_advance = day
    state.move(stage, Action.ADVANCE, (
        f"{change}: {'your last session was' if needed == 1 else f'your last {needed} sessions were'} done in full "
        f"with pain {_pains(last)}.",),
        tuple(item.uuid for item in last))


def _start_flare(program: Program, state: _State, session: ProgramSession, cause: str) -> None:
    state.flare, state.flare_from = True, state.stage
    state.flare_green_days = set()
    state.move(state.stage, Action.FLARE_UP, (
        f"Switching to the flare-up routine, {program.flare_up.routine.name}: {cause}.",
        f"After {program.flare_up.green_days} comfortable sessions on separate days you go back to the program, "
        "one stage lower.",
        "If the pain does not settle, contact your physical therapist."), (session.uuid,))


def _rise_cause(session: ProgramSession, rules: Rules, usual: int | None) -> str:
    return (f"this morning's pain ({session.next_day_pain}) was {rules.flare_rise} or more above your usual "
            f"({usual})")


def _flare_session(program: Program, state: _State, session: ProgramSession, light: Colour,
                   rise: str | None = None) -> None:
    needed = program.flare_up.green_days
    if light is Colour.GREEN:
        state.flare_green_days.add(session.day)
    if len(state.flare_green_days) >= needed:
        stage = max(1, state.flare_from - 1)
        state.flare = False
        state.reds.clear()  # the reds that started the flare-up are behind the person now
        state.move(stage, Action.RECOVER, (
            f"Back to the program at stage {stage}, {program.stages[stage - 1].name}: {needed} comfortable "
            "flare-up sessions on separate days.",), (session.uuid,))
        return
    left = needed - len(state.flare_green_days)
    state.action, state.based_on = Action.FLARE_UP, (session.uuid,)
    if light is Colour.GREEN:
        reason = "That one was comfortable."
    elif rise is not None:
        reason = f"That one does not count: {rise}."
    else:
        reason = _hold_reason(session, light, program.rules, prefix="That one does not count: ")
    state.reasons = (f"Staying on the flare-up routine: {left} more comfortable "
                     f"{'session' if left == 1 else 'sessions'} on {'another day' if left == 1 else 'separate days'}.",
                     reason)


def _green_run(run: list[tuple[ProgramSession, Colour]]) -> list[ProgramSession]:
    """The greens at the end of the run, unbroken (an amber, unanswered or unfinished session breaks it)."""
    greens: list[ProgramSession] = []
    for session, light in reversed(run):
        if light is not Colour.GREEN:
            break
        greens.append(session)
    return greens[::-1]


def _today(program: Program, history: ProgramHistory, state: _State, today: date) -> tuple[Routine, int | None, int]:
    plan = program.flare_up.routine if state.flare else program.stages[state.stage - 1].plan
    return (plan, *_aerobic_target(program, history, today))


def week_aerobic_goal(program: Program, bout_minutes: int | None) -> int:
    """This week's aerobic minutes to aim for: the least number of bouts at today's bout length, up to the
    program's weekly goal (3 bouts of 10 minutes: 30; of 30 minutes: 90, the full goal)."""
    goal = program.weekly.aerobic_minutes[0]
    bouts = program.weekly.bouts[0]
    if bout_minutes is None or not bouts:
        return goal
    return min(goal, bouts * bout_minutes)


def _aerobic_target(program: Program, history: ProgramHistory, today: date) -> tuple[int | None, int]:
    """(today's aerobic bout, this week's aerobic goal). The bout starts at the start stage's rung of the ladder;
    a stage set by hand puts it at that stage's rung; it goes one rung up after `aerobic_weeks` whole weeks in a
    row that met their week's goal (`week_aerobic_goal`) with no red, and one down in a week with a red (from the
    day of the red)."""
    ladder = program.aerobic_ladder
    if not ladder:
        return None, program.weekly.aerobic_minutes[0]
    rung = _rung(program, history.start_stage)
    red_times = [session.at for session in history.sessions if colour(session, program.rules) is Colour.RED]
    week = _monday(history.started.date())
    this_week = _monday(today)
    streak = 0
    while week <= this_week:
        days = [week + timedelta(days=offset) for offset in range(7)]
        # This week's stage sets and reds, in the order they came: a set puts the bout at its stage's rung, and
        # a red takes it one rung down (once a week, or once after the set).
        changes = sorted([(item.at, 0, item.stage) for item in history.stage_sets if item.at.date() in days]
                         + [(at, 1, 0) for at in red_times if at.date() in days], key=lambda change: change[:2])
        lowered = red = False
        for at, kind, stage in changes:
            if at.date() > today:
                break
            if kind == 0:
                rung, streak, lowered = _rung(program, stage), 0, False
            else:
                red = True
                if not lowered:
                    rung, streak, lowered = max(0, rung - 1), 0, True
        if red:
            streak = 0
        elif week < this_week:
            minutes = sum(history.aerobic_minutes.get(day, 0.0) for day in days)
            goal = week_aerobic_goal(program, ladder[rung])
            streak = streak + 1 if goal and minutes >= goal else 0
            if streak >= program.rules.aerobic_weeks:
                rung, streak = min(len(ladder) - 1, rung + 1), 0
        week += timedelta(days=7)
    return ladder[rung], week_aerobic_goal(program, ladder[rung])


def _rung(program: Program, stage: int) -> int:
    """The aerobic ladder's rung of `stage` (1-based): the last stage up to it that names a bout."""
    named = sum(1 for each in program.stages[:_clamp(stage, len(program.stages))] if each.aerobic_minutes is not None)
    return max(0, named - 1)


def _half_up(value: float) -> int:
    """2.5 is 3, as people round (Python's round() gives 2)."""
    return math.floor(value + 0.5)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _clamp(stage: int, count: int) -> int:
    return max(1, min(count, stage))


def _pains(sessions: list[ProgramSession]) -> str:
    """"2 → 1": the middle pain before and after over `sessions`."""
    before = [session.pain_before for session in sessions if session.pain_before is not None]
    after = [session.pain_after for session in sessions if session.pain_after is not None]
    middle = lambda values: _half_up(statistics.median(values))  # noqa: E731
    if before:
        return f"{middle(before)} → {middle(after)}"
    return f"after {middle(after)}"


def _red_reason(session: ProgramSession, rules: Rules) -> str:
    before, after = session.pain_before, session.pain_after
    if session.hurt:
        return 'you stopped with "it hurts"'
    if session.next_day_pain is not None and session.next_day_pain >= rules.red_pain:
        return f"your back was at {session.next_day_pain} the next morning"
    if after is not None and after >= rules.red_pain:
        return f"pain after was {after}"
    return f"pain rose from {before} to {after}"


def _hold_reason(session: ProgramSession, light: Colour, rules: Rules, prefix: str = "Staying at this stage: ") -> str:
    before, after = session.pain_before, session.pain_after
    if light is Colour.UNANSWERED:
        return f"{prefix}answer the pain check-in to progress."
    if light is Colour.UNFINISHED:
        return f"{prefix}the last session was not finished."
    if session.next_day is NextDay.WORSE:
        return f"{prefix}your back was worse the next morning."
    if before is not None and after is not None and after > before:
        return f"{prefix}pain rose from {before} to {after}."
    return f"{prefix}pain after was {after}."


def _dose_change(old: Routine, new: Routine) -> str:
    """The first difference a person would notice between two plans: "Holds go from 8 s to 10 s"."""
    if old.name != new.name:
        return f"On to {new.name}"
    for before, after in zip(old.exercises, new.exercises):
        if before.hold != after.hold and before.hold is not None and after.hold is not None:
            return f"Holds go from {format_duration(before.hold)} to {format_duration(after.hold)} ({after.name})"
        if before.sets != after.sets:
            return f"{after.name} goes from {before.sets} to {after.sets} sets"
        if before.reps != after.reps:
            return f"{after.name} goes from {before.dose()} to {after.dose()}"
    return "On to the next stage"
