"""Property tests of decide(): over random histories of a 4-stage program, the stage only ever moves one step at a
time (but by hand), never advances on a red day, stays inside the program, a flare-up ends one stage below where
it began (or at stage 1), and the same history always gives the same decision."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.program import dose
from coach.program.decide import (
    Action, Colour, Decision, NextDay, ProgramHistory, ProgramSession, StageSet, colour, decide,
)
from coach.program.model import DoseChange, FlareUp, Program, Rules, Stage, Weekly
from coach.routine.model import Exercise, Phase, PhaseKind, Routine

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = datetime(2026, 11, 2, 7, 0)  # a Monday morning
DAYS = 35
STAGES = 4


def _program() -> Program:
    exercises = (Exercise(name="Bird dog", reps=(6,), hold=8.0),
                 Exercise(name="Dead bug", sets=2, reps=(8, 8), tempo=4.0))
    routine = Routine(name="Core", phases=(Phase(name="Main", kind=PhaseKind.MAIN, exercises=exercises),))
    easy = Routine(name="Easy", phases=(Phase(name="Main", kind=PhaseKind.MAIN, exercises=exercises[:1]),))
    changes = (DoseChange(), DoseChange(hold=2), DoseChange(hold=2, reps=2), DoseChange(hold=2, reps=2, sets=1))
    stages = tuple(Stage(name=f"Stage {number}", routine=routine, change=change, plan=dose.apply(routine, change),
                         aerobic_minutes=10 + 5 * index)
                   for index, (number, change) in enumerate(zip(range(1, STAGES + 1), changes)))
    return Program(name="Four stages", stages=stages, flare_up=FlareUp(easy, green_days=2), weekly=Weekly(),
                   rules=Rules())


PROGRAM = _program()
RULES = PROGRAM.rules

PAIN = st.one_of(st.none(), st.integers(0, 3), st.integers(0, 10))  # leaning low, as most answers are
RARELY = st.sampled_from([False] * 7 + [True])
MOSTLY = st.sampled_from([True] * 7 + [False])


@st.composite
def sessions_at(draw, minute: int, uuid: str) -> ProgramSession:
    """A session at `minute` after the start: half of them comfortable (so that runs of greens, advances and
    recoveries come often), the rest with any answers at all."""
    at = START + timedelta(minutes=minute)
    if draw(st.booleans()):
        before = draw(st.none() | st.integers(0, 4))
        after = draw(st.integers(0, 3 if before is None else min(3, before + 1)))
        return ProgramSession(uuid=uuid, at=at, completed=True, all_done=True, hurt=False, pain_before=before,
                              pain_after=after, next_day=draw(st.sampled_from([None, NextDay.BETTER, NextDay.SAME])),
                              next_day_pain=draw(st.none() | st.integers(0, 3)))
    next_day = draw(st.none() | st.sampled_from(list(NextDay)))
    return ProgramSession(
        uuid=uuid, at=at, completed=draw(MOSTLY), all_done=draw(MOSTLY), hurt=draw(RARELY), pain_before=draw(PAIN),
        pain_after=draw(PAIN), next_day=next_day, next_day_pain=draw(st.none() | PAIN))


@st.composite
def histories(draw) -> ProgramHistory:
    """Up to 40 events at distinct minutes over a few days or up to five weeks (so that some days have many
    sessions): mostly sessions, now and then a stage set by hand (sometimes outside the program's stages), with a
    week's aerobic minutes on one day of each week."""
    size = draw(st.integers(0, 40))
    days = draw(st.sampled_from([2, 7, DAYS]))
    minutes = draw(st.lists(st.integers(0, days * 24 * 60), unique=True, min_size=size, max_size=size))
    sessions, sets = [], []
    for index, minute in enumerate(minutes):
        if draw(st.integers(0, 11)) == 0:
            sets.append(StageSet(at=START + timedelta(minutes=minute), stage=draw(st.integers(0, STAGES + 1))))
        else:
            sessions.append(draw(sessions_at(minute, f"s{index}")))
    aerobic = {START.date() + timedelta(days=7 * week + draw(st.integers(0, 6))): minutes  # the goal is 90 a week
               for week, minutes in enumerate(draw(st.lists(st.sampled_from([0.0, 45.5, 89.9, 90.0, 120.0]),
                                                            min_size=6, max_size=6)))}
    return ProgramHistory(started=START, start_stage=draw(st.integers(0, STAGES + 1)), sessions=tuple(sessions),
                          stage_sets=tuple(sets), aerobic_minutes=aerobic)


TODAY = st.integers(0, DAYS + 2).map(lambda day: START.date() + timedelta(days=day))


def _events(history: ProgramHistory) -> list[ProgramSession | StageSet]:
    """The history's events in the order decide() takes them (a stage set first at the same moment)."""
    return sorted([*history.stage_sets, *history.sessions],
                  key=lambda event: (event.at, 0 if isinstance(event, StageSet) else 1))


def _upto(history: ProgramHistory, events: list[ProgramSession | StageSet]) -> ProgramHistory:
    return replace(history, sessions=tuple(event for event in events if isinstance(event, ProgramSession)),
                   stage_sets=tuple(event for event in events if isinstance(event, StageSet)))


def _replay(history: ProgramHistory) -> list[tuple[ProgramSession | StageSet | None, Decision]]:
    """decide() after each event in turn, on that event's day: the first entry is before any event."""
    events = _events(history)
    first = decide(PROGRAM, _upto(history, []), START.date())
    steps: list[tuple[ProgramSession | StageSet | None, Decision]] = [(None, first)]
    for count, event in enumerate(events, start=1):
        steps.append((event, decide(PROGRAM, _upto(history, events[:count]), event.at.date())))
    return steps


def _clamp(stage: int) -> int:
    return max(1, min(STAGES, stage))


def _is_red(session: ProgramSession) -> bool:
    return colour(session, RULES) is Colour.RED


# -- today's decision ----------------------------------------------------------------------------

@SETTINGS
@given(histories(), TODAY)
def test_todays_decision_stays_inside_the_program_and_never_advances_on_a_day_with_a_red(history, today):
    decision = decide(PROGRAM, history, today)
    assert 1 <= decision.stage <= STAGES
    assert decision.stage_index == decision.stage - 1
    assert decision.aerobic_minutes in PROGRAM.aerobic_ladder
    assert decision.aerobic_week_goal == min(90, 3 * decision.aerobic_minutes)  # 3 bouts, up to the weekly 90
    assert set(decision.based_on) <= {session.uuid for session in history.sessions if session.day <= today}
    assert decision.reasons and all(isinstance(reason, str) and reason for reason in decision.reasons)

    todays = [session for session in history.sessions if session.day == today]
    if any(_is_red(session) for session in todays):
        assert decision.action is not Action.ADVANCE
    # The action is the newest event's (up to today): when that is a session on a day with a red, not an advance.
    events = [event for event in _events(history) if event.at.date() <= today]
    if events and isinstance(events[-1], ProgramSession):
        newest = events[-1]
        if any(_is_red(event) for event in events if isinstance(event, ProgramSession) and event.day == newest.day):
            assert decision.action is not Action.ADVANCE


# -- one step at a time ----------------------------------------------------------------------------

@SETTINGS
@given(histories())
def test_the_stage_moves_one_step_at_a_time_and_a_flare_up_ends_one_stage_below(history):
    steps = _replay(history)
    _, first = steps[0]
    assert first.stage == _clamp(history.start_stage) and first.action is Action.START and not first.flare
    flare_began: int | None = None
    advanced_on: set[date] = set()
    red_on: set[date] = set()
    for (_, before), (event, after) in zip(steps, steps[1:]):
        assert 1 <= after.stage <= STAGES
        plan = PROGRAM.flare_up.routine if after.flare else PROGRAM.stages[after.stage - 1].plan
        assert after.plan == plan
        if isinstance(event, StageSet):
            assert after.stage == _clamp(event.stage)
            assert after.action is Action.START and not after.flare
            flare_began = None
            continue
        assert isinstance(event, ProgramSession)
        assert after.colour is colour(event, RULES)
        change = after.stage - before.stage
        assert change in (-1, 0, 1), (before, after)
        if change == 1:
            assert after.action is Action.ADVANCE
        if after.action is Action.ADVANCE:
            assert change == 1 and not after.flare and not before.flare
            assert event.day not in advanced_on  # at most once a day
            assert event.day not in red_on  # never on a day that already had a red
            advanced_on.add(event.day)
            assert colour(event, RULES) is Colour.GREEN
        if after.action is Action.STEP_BACK:
            assert after.stage == max(1, before.stage - 1) and _is_red(event)
        if change == -1:
            assert after.action in (Action.STEP_BACK, Action.RECOVER)
        # flare-ups: begin where the person is, stay there, end one stage below (or at stage 1)
        if after.flare and not before.flare:
            assert after.action is Action.FLARE_UP and change == 0
            flare_began = before.stage
        if after.flare:
            assert flare_began is not None and after.stage == flare_began
        if before.flare and not after.flare:
            assert after.action is Action.RECOVER
            assert flare_began is not None and after.stage == max(1, flare_began - 1)
            assert colour(event, RULES) is Colour.GREEN
            flare_began = None
        if after.action is Action.RECOVER:
            assert before.flare and not after.flare
        if _is_red(event):
            red_on.add(event.day)


# -- the same history, the same decision --------------------------------------------------------------

@SETTINGS
@given(histories(), TODAY, st.randoms(use_true_random=False))
def test_the_same_history_gives_the_same_decision(history, today, shuffler: random.Random):
    """Called twice, or with the sessions and stage sets in another order. (Every event here has its own
    minute: decide() orders events by time, and two sessions at the very same moment keep the order given.)"""
    decision = decide(PROGRAM, history, today)
    assert decide(PROGRAM, history, today) == decision
    sessions, sets = list(history.sessions), list(history.stage_sets)
    shuffler.shuffle(sessions)
    shuffler.shuffle(sets)
    aerobic = dict(sorted(history.aerobic_minutes.items(), reverse=True))
    shuffled = replace(history, sessions=tuple(sessions), stage_sets=tuple(sets), aerobic_minutes=aerobic)
    assert decide(PROGRAM, shuffled, today) == decision


@SETTINGS
@given(histories(), TODAY)
def test_what_comes_after_today_changes_nothing(history, today):
    kept = replace(history, sessions=tuple(session for session in history.sessions if session.day <= today),
                   stage_sets=tuple(item for item in history.stage_sets if item.at.date() <= today),
                   aerobic_minutes={day: minutes for day, minutes in history.aerobic_minutes.items() if day <= today})
    assert decide(PROGRAM, kept, today) == decide(PROGRAM, history, today)
    # and a red tomorrow changes nothing today (not the stage, not the aerobic bout)
    later = ProgramSession(uuid="later", at=datetime.combine(today + timedelta(days=1), time(9)), completed=True,
                           all_done=True, hurt=True, pain_before=0, pain_after=10)
    longer = replace(history, sessions=(*history.sessions, later))
    assert decide(PROGRAM, longer, today) == decide(PROGRAM, history, today)
