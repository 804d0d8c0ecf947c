"""decide(): what to do today, from the program, the person's own log and the date.

Most tests run the bundled "Back to activity" program (5 stages; Foundation, Longer holds, More reps, A third
set, Core strength; aerobic bouts 10/15/20/25/30 minutes; a week's aerobic goal of 3 bouts at the bout's
length, up to 90 minutes; the flare-up routine Gentle 5 after 2 green days) from Monday 2026-11-02. Every expected value is worked out by hand from
the rules in coach/program/decide.py, never by calling decide() another way.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coach.paths import Places
from coach.program import dose
from coach.program.decide import (
    Action, Colour, NextDay, ProgramHistory, ProgramSession, StageSet, colour, decide, usual_pain,
)
from coach.program.loader import load_program
from coach.program.model import DoseChange, FlareUp, Program, Rules, Stage, Weekly
from coach.routine.catalog import find_routine
from coach.routine.model import Exercise, Phase, PhaseKind, Routine

PROGRAMS = Path(__file__).resolve().parent.parent / "programs"
MONDAY = date(2026, 11, 2)  # the program starts on a Monday: day 0, 7, 14 ... are Mondays
RULES = Rules()
CONTACT = "If the pain does not settle, contact your physical therapist."
ONCE_A_DAY = "Moving on at most once a day: the next stage comes with your next session."
BIRD_DOG_REPS = "Bird dog goes from 6 reps × 10 s hold, each side to 8 reps × 10 s hold, each side"


def _load(name: str, folder: Path) -> Program:
    places = Places.resolve(folder)
    return load_program(PROGRAMS / name, lambda reference: find_routine(reference, places))


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> Program:
    """The bundled Back to activity program, its routines found in an empty data folder (the bundled ones)."""
    return _load("back-to-activity.yaml", tmp_path_factory.mktemp("places"))


@pytest.fixture(scope="module")
def gentle(tmp_path_factory) -> Program:
    return _load("gentle-start.yaml", tmp_path_factory.mktemp("places"))


# -- building histories --------------------------------------------------------------------------

def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """`day` days after the start (Monday 2026-11-02), at hour:minute, local time."""
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute))


def on(day: int) -> date:
    return MONDAY + timedelta(days=day)


def session(day: int, hour: int = 9, minute: int = 0, *, before: int | None = 2, after: int | None = 1,
            completed: bool = True, all_done: bool = True, hurt: bool = False, next_day: NextDay | None = None,
            next_day_pain: int | None = None) -> ProgramSession:
    """A session; by default done in full with pain 2 before and 1 after: green."""
    return ProgramSession(uuid=f"d{day}-{hour:02d}{minute:02d}", at=at(day, hour, minute), completed=completed,
                          all_done=all_done, hurt=hurt, pain_before=before, pain_after=after, next_day=next_day,
                          next_day_pain=next_day_pain)


def green(day: int, hour: int = 9, **fields) -> ProgramSession:
    return session(day, hour, **fields)


def amber(day: int, hour: int = 9) -> ProgramSession:
    return session(day, hour, before=4, after=4)


def red(day: int, hour: int = 9) -> ProgramSession:
    return session(day, hour, hurt=True, before=2, after=None)


def history(*sessions: ProgramSession, start_stage: int = 1, sets: tuple[StageSet, ...] = (),
            aerobic: dict[date, float] | None = None) -> ProgramHistory:
    return ProgramHistory(started=at(0, 8), start_stage=start_stage, sessions=tuple(sessions), stage_sets=sets,
                          aerobic_minutes=aerobic or {})


def uuids(*sessions: ProgramSession) -> tuple[str, ...]:
    return tuple(item.uuid for item in sessions)


def last_day(hist: ProgramHistory) -> date:
    return max([item.day for item in hist.sessions] + [item.at.date() for item in hist.stage_sets] + [MONDAY])


def run(program: Program, hist: ProgramHistory, today: date | None = None):
    return decide(program, hist, today or last_day(hist))


# -- the traffic light -----------------------------------------------------------------------------

def _s(**fields) -> ProgramSession:
    base = dict(uuid="x", at=at(0), completed=True, all_done=True, hurt=False)
    return ProgramSession(**{**base, **fields})


@pytest.mark.parametrize("fields, expected", [
    # green: done in full, pain after at most 3, not up by 2, no worse next morning
    ({"pain_before": 2, "pain_after": 1}, Colour.GREEN),
    ({"pain_before": 3, "pain_after": 3}, Colour.GREEN),
    ({"pain_before": None, "pain_after": 0}, Colour.GREEN),
    ({"pain_before": 2, "pain_after": 3}, Colour.GREEN),  # up by 1 only
    ({"pain_before": 2, "pain_after": 2, "next_day": NextDay.SAME, "next_day_pain": 5}, Colour.GREEN),
    ({"pain_before": 2, "pain_after": 2, "next_day": NextDay.BETTER}, Colour.GREEN),
    # amber: pain after 4-5, up by 2, or worse next morning (and not red)
    ({"pain_before": 4, "pain_after": 4}, Colour.AMBER),
    ({"pain_before": 5, "pain_after": 5}, Colour.AMBER),
    ({"pain_before": None, "pain_after": 5}, Colour.AMBER),
    ({"pain_before": 0, "pain_after": 2}, Colour.AMBER),
    ({"pain_before": 1, "pain_after": 3}, Colour.AMBER),
    ({"pain_before": 2, "pain_after": 1, "next_day": NextDay.WORSE}, Colour.AMBER),
    ({"pain_before": 2, "pain_after": 1, "next_day": NextDay.WORSE, "next_day_pain": 5}, Colour.AMBER),
    ({"pain_before": 4, "pain_after": 5, "completed": False}, Colour.AMBER),  # amber wins over unfinished
    ({"pain_before": 2, "pain_after": None, "next_day": NextDay.WORSE}, Colour.AMBER),
    # red: it hurts, pain after 6 or more, up by 3 or more, next-morning pain 6 or more
    ({"hurt": True, "pain_before": 1, "pain_after": 1}, Colour.RED),
    ({"hurt": True, "pain_before": None, "pain_after": None, "completed": False}, Colour.RED),
    ({"pain_before": 6, "pain_after": 6}, Colour.RED),
    ({"pain_before": None, "pain_after": 10}, Colour.RED),
    ({"pain_before": 0, "pain_after": 3}, Colour.RED),  # pain after is low, but up by 3
    ({"pain_before": 1, "pain_after": 5}, Colour.RED),
    ({"pain_before": 2, "pain_after": 1, "next_day": NextDay.WORSE, "next_day_pain": 6}, Colour.RED),
    ({"pain_before": 2, "pain_after": 1, "next_day": NextDay.SAME, "next_day_pain": 9}, Colour.RED),
    ({"pain_before": None, "pain_after": None, "next_day_pain": 6}, Colour.RED),
    # unanswered: no pain after; unfinished: stopped early or not every exercise done
    ({"pain_before": 2, "pain_after": None}, Colour.UNANSWERED),
    ({"pain_before": None, "pain_after": None}, Colour.UNANSWERED),
    ({"pain_before": None, "pain_after": None, "completed": False}, Colour.UNANSWERED),
    ({"pain_before": 2, "pain_after": 1, "completed": False}, Colour.UNFINISHED),
    ({"pain_before": 2, "pain_after": 1, "all_done": False}, Colour.UNFINISHED),
])
def test_traffic_light(fields, expected):
    assert colour(_s(**fields), RULES) is expected


def test_traffic_light_follows_the_programs_numbers():
    strict = Rules(green_pain=1, red_pain=4, amber_rise=1, red_rise=2)
    assert colour(_s(pain_before=1, pain_after=1), strict) is Colour.GREEN
    assert colour(_s(pain_before=2, pain_after=2), strict) is Colour.AMBER  # above green_pain 1
    assert colour(_s(pain_before=0, pain_after=1), strict) is Colour.AMBER  # up by amber_rise 1
    assert colour(_s(pain_before=3, pain_after=3), strict) is Colour.AMBER  # above green_pain 1, below red_pain 4
    assert colour(_s(pain_before=1, pain_after=3), strict) is Colour.RED  # up by red_rise 2
    assert colour(_s(pain_before=4, pain_after=4), strict) is Colour.RED  # at red_pain 4
    assert colour(_s(pain_before=1, pain_after=1, next_day_pain=4), strict) is Colour.RED


# -- the usual pain --------------------------------------------------------------------------------

def test_usual_pain_is_the_median_of_pain_before_in_the_14_days_before():
    sessions = [
        _s(uuid="a", at=at(0), pain_before=9),  # 15 days before: too old
        _s(uuid="b", at=at(1), pain_before=2),  # exactly 14 days before: counted
        _s(uuid="c", at=at(5), pain_before=3),
        _s(uuid="d", at=at(8), pain_before=None),  # no answer: left out
        _s(uuid="e", at=at(10), pain_before=4),
        _s(uuid="f", at=at(15), pain_before=8),  # the moment itself: not before it
        _s(uuid="g", at=at(16), pain_before=8),  # after
    ]
    assert usual_pain(sessions, at(15)) == 3  # median of 2, 3, 4
    assert usual_pain(sessions, at(15), days=7) == 4  # days 8 (no answer) and 10
    assert usual_pain(sessions, at(10), days=5) == 3  # days 5 (exactly 5 days back) and 8 (no answer)
    assert usual_pain(sessions, at(11), days=3) == 4  # only day 10
    assert usual_pain(sessions, at(1)) == 9  # only day 0
    assert usual_pain(sessions, at(0)) is None
    assert usual_pain([], at(3)) is None
    assert usual_pain([_s(pain_before=None)], at(3)) is None


# -- starting ----------------------------------------------------------------------------------------

def test_no_sessions_starts_at_stage_1(program):
    decision = decide(program, history(), on(0))
    assert decision.stage == 1 and decision.stage_index == 0
    assert decision.action is Action.START
    assert decision.reasons == ("Starting at stage 1 of 5: Foundation.",)
    assert decision.flare is False
    assert decision.plan == program.stages[0].plan and decision.plan.name == "Back basics"
    assert decision.based_on == ()
    assert decision.colour is None
    assert decision.aerobic_minutes == 10


def test_no_sessions_starts_at_the_chosen_start_stage(program):
    decision = decide(program, history(start_stage=3), on(4))
    assert (decision.stage, decision.action) == (3, Action.START)
    assert decision.reasons == ("Starting at stage 3 of 5: More reps.",)
    assert decision.plan == program.stages[2].plan
    assert decision.aerobic_minutes == 20  # the start stage's rung


@pytest.mark.parametrize("start_stage, stage, name, aerobic", [
    (6, 5, "Core strength", 30), (99, 5, "Core strength", 30), (0, 1, "Foundation", 10), (-3, 1, "Foundation", 10),
])
def test_a_start_stage_outside_the_program_is_clamped(program, start_stage, stage, name, aerobic):
    decision = decide(program, history(start_stage=start_stage), on(0))
    assert (decision.stage, decision.action) == (stage, Action.START)
    assert decision.reasons == (f"Starting at stage {stage} of 5: {name}.",)
    assert decision.plan == program.stages[stage - 1].plan
    assert decision.aerobic_minutes == aerobic


def test_the_decision_shows_the_newest_sessions_colour(program):
    assert run(program, history(green(0))).colour is Colour.GREEN
    assert run(program, history(green(0), amber(1))).colour is Colour.AMBER
    assert run(program, history(green(0), red(1))).colour is Colour.RED
    assert run(program, history(red(0), green(1))).colour is Colour.GREEN
    assert run(program, history(green(0), session(1, after=None))).colour is Colour.UNANSWERED
    assert run(program, history(green(0), session(1, completed=False))).colour is Colour.UNFINISHED


# -- advancing ---------------------------------------------------------------------------------------

def test_greens_count_up_to_three_then_advance_naming_the_dose_change_and_the_pain(program):
    first, second, third = green(0, before=3, after=1), green(1, before=2, after=2), green(2, before=2, after=1)

    one = run(program, history(first))
    assert (one.stage, one.action) == (1, Action.HOLD)
    assert one.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)
    assert one.based_on == uuids(first)

    two = run(program, history(first, second))
    assert (two.stage, two.action) == (1, Action.HOLD)
    assert two.reasons == ("2 of 3 comfortable sessions at this stage: 1 more session to move on.",)
    assert two.based_on == uuids(first, second)

    three = run(program, history(first, second, third))
    assert (three.stage, three.action) == (2, Action.ADVANCE)
    # before 3, 2, 2 -> median 2; after 1, 2, 1 -> median 1
    assert three.reasons == ("Holds go from 5 s to 7 s (Pelvic tilt): your last 3 sessions were done in full with "
                             "pain 2 → 1.",)
    assert three.based_on == uuids(first, second, third)
    assert three.plan == program.stages[1].plan
    assert three.flare is False and three.colour is Colour.GREEN


def test_the_pain_in_the_reason_without_pain_before_answers(program):
    sessions = [green(day, before=None, after=after) for day, after in enumerate((0, 2, 1))]
    decision = run(program, history(*sessions))
    assert decision.action is Action.ADVANCE
    assert decision.reasons == ("Holds go from 5 s to 7 s (Pelvic tilt): your last 3 sessions were done in full "
                                "with pain after 1.",)


def test_three_greens_a_stage_walk_through_every_stage_then_hold_at_the_last(program):
    sessions = [green(day) for day in range(15)]
    expected = {
        2: (2, "Holds go from 5 s to 7 s (Pelvic tilt)"),
        5: (3, BIRD_DOG_REPS),
        8: (4, "Bird dog goes from 1 to 2 sets"),
        11: (5, "On to Core strength"),
    }
    stage = 1
    for day in range(15):
        decision = run(program, history(*sessions[:day + 1]))
        if day in expected:
            stage, change = expected[day]
            assert decision.action is Action.ADVANCE, day
            assert decision.reasons == (f"{change}: your last 3 sessions were done in full with pain 2 → 1.",)
            assert decision.based_on == uuids(*sessions[day - 2:day + 1])
        else:
            assert decision.action is Action.HOLD, day
        assert decision.stage == stage, day
        assert decision.plan == program.stages[stage - 1].plan

    at_last = run(program, history(*sessions))
    assert (at_last.stage, at_last.action) == (5, Action.HOLD)
    assert at_last.plan.name == "Core strength"
    assert at_last.reasons == ("You are at the last stage and it is going well: pain 2 → 1. Keep it up.",)
    assert at_last.based_on == uuids(*sessions[12:15])
    many = run(program, history(*sessions, *(green(day) for day in range(15, 25))))
    assert (many.stage, many.action) == (5, Action.HOLD)
    assert many.based_on == uuids(green(22), green(23), green(24))


def test_three_greens_on_one_day_advance(program):
    sessions = [green(0, hour) for hour in (8, 12, 18)]
    decision = run(program, history(*sessions))
    assert (decision.stage, decision.action) == (2, Action.ADVANCE)


def test_six_greens_on_one_day_advance_once_and_the_next_day_again(program):
    sessions = [green(0, hour) for hour in range(8, 14)]
    after_three = run(program, history(*sessions[:3]))
    assert (after_three.stage, after_three.action) == (2, Action.ADVANCE)
    after_five = run(program, history(*sessions[:5]))
    assert (after_five.stage, after_five.action) == (2, Action.HOLD)
    assert after_five.reasons == ("2 of 3 comfortable sessions at this stage: 1 more session to move on.",)

    six = run(program, history(*sessions))
    assert (six.stage, six.action) == (2, Action.HOLD)
    assert six.reasons == (ONCE_A_DAY,)
    assert six.based_on == uuids(*sessions[3:6])

    seventh = green(1, 8)
    next_day = run(program, history(*sessions, seventh))
    assert (next_day.stage, next_day.action) == (3, Action.ADVANCE)
    assert next_day.reasons == (f"{BIRD_DOG_REPS}: your last 3 sessions were done in full with pain 2 → 1.",)
    assert next_day.based_on == uuids(sessions[4], sessions[5], seventh)


def test_an_amber_breaks_the_run_of_greens(program):
    sessions = [green(0), green(1), amber(2), green(3), green(4)]
    at_amber = run(program, history(*sessions[:3]))
    assert (at_amber.stage, at_amber.action) == (1, Action.HOLD)
    assert at_amber.reasons == ("Not moving on to stage 2 yet: pain after was 4.",)
    assert at_amber.based_on == uuids(sessions[2])
    assert run(program, history(green(0), amber(1))).reasons == ("Staying at this stage: pain after was 4.",)
    assert at_amber.colour is Colour.AMBER

    two_more = run(program, history(*sessions))
    assert (two_more.stage, two_more.action) == (1, Action.HOLD)
    assert two_more.reasons == ("2 of 3 comfortable sessions at this stage: 1 more session to move on.",)
    assert two_more.based_on == uuids(*sessions[3:])

    third = run(program, history(*sessions, green(5)))
    assert (third.stage, third.action) == (2, Action.ADVANCE)
    assert third.based_on == uuids(sessions[3], sessions[4], green(5))


@pytest.mark.parametrize("newest, reason", [
    (session(2, before=1, after=3), "Not moving on to stage 2 yet: pain rose from 1 to 3."),
    (session(2, before=5, after=5), "Not moving on to stage 2 yet: pain after was 5."),
    (session(2, before=2, after=1, next_day=NextDay.WORSE, next_day_pain=4),
     "Not moving on to stage 2 yet: your back was worse the next morning."),
    (session(2, after=1, completed=False), "Not moving on to stage 2 yet: the last session was not finished."),
    (session(2, after=1, all_done=False), "Not moving on to stage 2 yet: the last session was not finished."),
    (session(2, after=None), "Not moving on to stage 2 yet: answer the pain check-in to progress."),
])
def test_a_session_that_is_not_green_holds_with_its_reason(program, newest, reason):
    decision = run(program, history(green(0), green(1), newest))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    assert decision.reasons == (reason,)
    assert decision.based_on == uuids(newest)
    after = run(program, history(green(0), green(1), newest, green(3), green(4)))
    assert (after.stage, after.action) == (1, Action.HOLD)  # the run starts again after it


def test_unanswered_sessions_never_advance(program):
    sessions = [session(day, after=None) for day in range(6)]
    decision = run(program, history(*sessions))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    assert decision.reasons == ("Staying at this stage: answer the pain check-in to progress.",)
    assert decision.colour is Colour.UNANSWERED
    # two greens and then an unanswered one: still not three greens in a row
    mixed = run(program, history(green(0), green(1), session(2, after=None)))
    assert mixed.stage == 1
    assert "answer the pain check-in to progress" in mixed.reasons[0]


def test_a_worse_next_morning_turns_an_advance_into_a_hold(program):
    """The log is replayed: the next morning's answer changes what yesterday's session meant."""
    assert run(program, history(green(0), green(1), green(2))).action is Action.ADVANCE
    worse = green(2, next_day=NextDay.WORSE, next_day_pain=3)
    decision = decide(program, history(green(0), green(1), worse), on(3))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    # after two greens, this one would have moved the person on: the reason says it did not, and why
    assert decision.reasons == ("Not moving on to stage 2 yet: your back was worse the next morning.",)
    assert decision.colour is Colour.AMBER


def test_the_rules_numbers_come_from_the_program(program):
    quick = Program(name="Quick", stages=program.stages, flare_up=program.flare_up, weekly=program.weekly,
                    rules=Rules(advance_after=2, green_pain=1))
    assert run(quick, history(green(0, before=1, after=1))).reasons == (
        "1 of 2 comfortable sessions at this stage: 1 more session to move on.",)
    decision = run(quick, history(green(0, before=1, after=1), green(1, before=1, after=0)))
    assert (decision.stage, decision.action) == (2, Action.ADVANCE)
    assert decision.reasons == ("Holds go from 5 s to 7 s (Pelvic tilt): your last 2 sessions were done in full "
                                "with pain 1 → 1.",)  # median of 1 and 0 is 0.5, which rounds half up, to 1
    assert run(quick, history(green(0, before=1, after=2))).action is Action.HOLD  # pain 2 is amber here
    assert run(quick, history(green(0, before=1, after=2))).colour is Colour.AMBER


# -- stepping back -----------------------------------------------------------------------------------

@pytest.mark.parametrize("newest, why", [
    (red(0), 'you stopped with "it hurts"'),
    (session(0, before=4, after=6), "pain after was 6"),
    (session(0, before=1, after=4), "pain rose from 1 to 4"),
    (session(0, before=2, after=1, next_day=NextDay.WORSE, next_day_pain=7), "your back was at 7 the next morning"),
])
def test_a_red_steps_back_one_stage(program, newest, why):
    decision = run(program, history(newest, start_stage=3))
    assert (decision.stage, decision.action) == (2, Action.STEP_BACK)
    assert decision.reasons == (f"Back to stage 2, Longer holds: {why}.",)
    assert decision.based_on == uuids(newest)
    assert decision.plan == program.stages[1].plan
    assert decision.flare is False and decision.colour is Colour.RED


def test_a_red_at_stage_1_stays_at_stage_1(program):
    decision = run(program, history(session(0, before=3, after=7)))
    assert (decision.stage, decision.action) == (1, Action.STEP_BACK)
    assert decision.reasons == ("Staying at stage 1, the gentlest: pain after was 7.",)
    assert decision.plan == program.stages[0].plan


def test_a_step_back_starts_the_run_again(program):
    decision = run(program, history(green(0), green(1), red(2), green(3), start_stage=3))
    assert (decision.stage, decision.action) == (2, Action.HOLD)
    assert decision.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)


def test_a_red_after_an_advance_the_same_day_steps_back(program):
    morning = [green(0), green(1), green(2, 9)]
    assert run(program, history(*morning)).stage == 2
    decision = run(program, history(*morning, red(2, 18)))
    assert (decision.stage, decision.action) == (1, Action.STEP_BACK)
    assert decision.reasons == ('Back to stage 1, Foundation: you stopped with "it hurts".',)


def test_no_advance_on_a_day_with_a_red(program):
    """A red in the morning, then three greens that day: the third waits for the next day."""
    sessions = [session(0, 8, before=2, after=6), green(0, 10), green(0, 12), green(0, 14)]
    decision = run(program, history(*sessions))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    assert decision.reasons == ("Not moving on today: a session today was too painful. The next stage can come "
                                "with your next comfortable session.",)
    assert decision.based_on == uuids(*sessions[1:])
    next_day = run(program, history(*sessions, green(1)))
    assert (next_day.stage, next_day.action) == (2, Action.ADVANCE)
    assert next_day.based_on == uuids(sessions[2], sessions[3], green(1))


# -- flare-ups ---------------------------------------------------------------------------------------

def _flare_reasons(cause: str) -> tuple[str, ...]:
    return (f"Switching to the flare-up routine, Gentle 5: {cause}.",
            "After 2 comfortable sessions on separate days you go back to the program, one stage lower.", CONTACT)


def test_two_reds_within_seven_days_are_a_flare_up(program):
    first, second = session(0, before=2, after=6), red(6)
    decision = run(program, history(first, second, start_stage=3))
    assert decision.flare is True
    assert (decision.stage, decision.action) == (2, Action.FLARE_UP)  # the first red stepped back to 2
    assert decision.plan == program.flare_up.routine and decision.plan.name == "Gentle 5"
    assert decision.reasons == _flare_reasons("2 sessions in 7 days were too painful")
    assert decision.based_on == uuids(second)
    assert decision.colour is Colour.RED


def test_two_reds_seven_days_apart_are_not_a_flare_up(program):
    decision = run(program, history(red(0), red(7), start_stage=3))
    assert decision.flare is False
    assert (decision.stage, decision.action) == (1, Action.STEP_BACK)
    assert decision.plan == program.stages[0].plan
    assert decision.reasons == ('Back to stage 1, Foundation: you stopped with "it hurts".',)


def test_two_reds_on_one_day_are_a_flare_up_from_the_stage_the_first_stepped_back_to(program):
    decision = run(program, history(red(0, 9), red(0, 17), start_stage=4))
    assert decision.flare is True and (decision.stage, decision.action) == (3, Action.FLARE_UP)


def test_next_morning_pain_three_above_usual_is_a_flare_up(program):
    # usual pain (pain before over the 14 days before) is 2; next morning 5, which is not red (below 6)
    flaring = green(2, next_day=NextDay.SAME, next_day_pain=5)
    assert colour(flaring, RULES) is Colour.GREEN
    decision = run(program, history(green(0), green(1), flaring, start_stage=3))
    assert decision.flare is True
    assert (decision.stage, decision.action) == (3, Action.FLARE_UP)
    assert decision.plan == program.flare_up.routine
    assert decision.reasons == (
        "Switching to the flare-up routine, Gentle 5: this morning's pain (5) was 3 or more above your usual (2).",
        "After 2 comfortable sessions on separate days you go back to the program, one stage lower.",
        CONTACT)
    assert decision.based_on == uuids(flaring)


def test_next_morning_pain_two_above_usual_is_not_a_flare_up(program):
    third = green(2, next_day=NextDay.SAME, next_day_pain=4)
    decision = run(program, history(green(0), green(1), third, start_stage=3))
    assert decision.flare is False
    assert (decision.stage, decision.action) == (4, Action.ADVANCE)
    assert decision.reasons == ("Bird dog goes from 1 to 2 sets: your last 3 sessions were done in full with "
                                "pain 2 → 1.",)


def test_next_morning_pain_with_no_usual_pain_is_not_a_flare_up(program):
    decision = run(program, history(green(0, before=None, next_day=NextDay.SAME, next_day_pain=5), start_stage=3))
    assert decision.flare is False and decision.action is Action.HOLD


def test_one_red_next_morning_far_above_usual_is_a_flare_up(program):
    flaring = green(1, next_day=NextDay.WORSE, next_day_pain=6)
    decision = run(program, history(green(0), flaring, start_stage=3))
    assert decision.flare is True
    assert (decision.stage, decision.action) == (3, Action.FLARE_UP)  # no step back first
    assert decision.reasons == _flare_reasons("this morning's pain (6) was 3 or more above your usual (2)")


def test_two_green_flare_up_days_recover_one_stage_below(program):
    reds = [red(0), red(1)]  # stage 5 -> 4, then the flare-up at 4
    flaring = run(program, history(*reds, start_stage=5))
    assert flaring.flare is True and flaring.stage == 4

    first = run(program, history(*reds, green(2), start_stage=5))
    assert first.flare is True and (first.stage, first.action) == (4, Action.FLARE_UP)
    assert first.plan == program.flare_up.routine
    assert first.reasons == ("Staying on the flare-up routine: 1 more comfortable session on another day.",
                             "That one was comfortable.")
    assert first.based_on == uuids(green(2))

    recovered = run(program, history(*reds, green(2), green(3), start_stage=5))
    assert recovered.flare is False
    assert (recovered.stage, recovered.action) == (3, Action.RECOVER)
    assert recovered.plan == program.stages[2].plan
    assert recovered.reasons == ("Back to the program at stage 3, More reps: 2 comfortable flare-up sessions on "
                                 "separate days.",)
    assert recovered.based_on == uuids(green(3))

    again = run(program, history(*reds, green(2), green(3), green(4), start_stage=5))
    assert (again.stage, again.action) == (3, Action.HOLD)
    assert again.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)


def test_two_green_flare_up_sessions_on_one_day_count_once(program):
    reds = [red(0), red(1)]
    same_day = run(program, history(*reds, green(2, 9), green(2, 17), start_stage=5))
    assert same_day.flare is True and same_day.action is Action.FLARE_UP
    assert same_day.reasons[0] == "Staying on the flare-up routine: 1 more comfortable session on another day."
    recovered = run(program, history(*reds, green(2, 9), green(2, 17), green(3), start_stage=5))
    assert (recovered.flare, recovered.stage, recovered.action) == (False, 3, Action.RECOVER)


def test_a_flare_up_at_stage_1_recovers_to_stage_1(program):
    decision = run(program, history(red(0), red(1), green(2), green(3)))
    assert (decision.flare, decision.stage, decision.action) == (False, 1, Action.RECOVER)
    assert decision.reasons == ("Back to the program at stage 1, Foundation: 2 comfortable flare-up sessions on "
                                "separate days.",)
    assert decision.plan == program.stages[0].plan


def test_a_flare_up_that_is_not_green_does_not_count(program):
    reds = [red(0), red(1)]
    unanswered = run(program, history(*reds, session(2, after=None), start_stage=5))
    assert unanswered.flare is True and unanswered.action is Action.FLARE_UP
    assert unanswered.reasons == ("Staying on the flare-up routine: 2 more comfortable sessions on separate days.",
                                  "That one does not count: answer the pain check-in to progress.")
    # an amber neither counts nor starts the count again
    decision = run(program, history(*reds, green(2), amber(3), start_stage=5))
    assert decision.flare is True
    assert decision.reasons == ("Staying on the flare-up routine: 1 more comfortable session on another day.",
                                "That one does not count: pain after was 4.")
    recovered = run(program, history(*reds, green(2), amber(3), green(4), start_stage=5))
    assert (recovered.flare, recovered.stage, recovered.action) == (False, 3, Action.RECOVER)


def test_a_red_during_a_flare_up_starts_its_green_days_again(program):
    reds = [red(0), red(1)]
    hurting = session(3, before=2, after=7)
    decision = run(program, history(*reds, green(2), hurting, start_stage=5))
    assert decision.flare is True and (decision.stage, decision.action) == (4, Action.FLARE_UP)
    assert decision.reasons == ("Staying on the flare-up routine: pain after was 7.", CONTACT)
    assert decision.based_on == uuids(hurting)
    assert decision.plan == program.flare_up.routine

    one = run(program, history(*reds, green(2), hurting, green(4), start_stage=5))
    assert one.flare is True
    assert one.reasons[0] == "Staying on the flare-up routine: 1 more comfortable session on another day."
    two = run(program, history(*reds, green(2), hurting, green(4), green(5), start_stage=5))
    assert (two.flare, two.stage, two.action) == (False, 3, Action.RECOVER)


def test_the_flare_up_green_days_come_from_the_program(program):
    longer = Program(name="Longer", stages=program.stages, flare_up=FlareUp(program.flare_up.routine, green_days=3),
                     weekly=program.weekly, rules=program.rules)
    reds = [red(0), red(1)]
    assert run(longer, history(*reds, start_stage=5)).reasons[1] == (
        "After 3 comfortable sessions on separate days you go back to the program, one stage lower.")
    two = run(longer, history(*reds, green(2), green(3), start_stage=5))
    assert two.flare is True
    assert two.reasons[0] == "Staying on the flare-up routine: 1 more comfortable session on another day."
    three = run(longer, history(*reds, green(2), green(3), green(4), start_stage=5))
    assert (three.flare, three.stage, three.action) == (False, 3, Action.RECOVER)


# -- setting the stage by hand -----------------------------------------------------------------------

def test_a_stage_set_by_hand_sets_the_stage(program):
    decision = run(program, history(green(0), sets=(StageSet(at(1, 10), 4),)))
    assert (decision.stage, decision.action) == (4, Action.START)
    assert decision.reasons == ("Stage set by hand to 4 of 5 on Tue 03 Nov.",)
    assert decision.plan == program.stages[3].plan
    assert decision.based_on == ()
    assert decision.colour is Colour.GREEN  # the newest session's, from before


@pytest.mark.parametrize("wanted, stage", [(9, 5), (6, 5), (0, 1), (-1, 1)])
def test_a_stage_set_outside_the_program_is_clamped(program, wanted, stage):
    decision = run(program, history(sets=(StageSet(at(0, 10), wanted),)))
    assert decision.stage == stage
    assert decision.reasons == (f"Stage set by hand to {stage} of 5 on Mon 02 Nov.",)


def test_a_stage_set_by_hand_ends_a_flare_up(program):
    flaring = history(red(0), red(1), start_stage=5)
    assert run(program, flaring).flare is True
    decision = run(program, history(red(0), red(1), start_stage=5, sets=(StageSet(at(2, 10), 2),)))
    assert decision.flare is False
    assert (decision.stage, decision.action) == (2, Action.START)
    assert decision.plan == program.stages[1].plan
    # and after it, greens count towards moving on again
    later = run(program, history(red(0), red(1), green(3), start_stage=5, sets=(StageSet(at(2, 10), 2),)))
    assert (later.flare, later.stage, later.action) == (False, 2, Action.HOLD)
    assert later.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)


def test_a_stage_set_by_hand_starts_the_run_again(program):
    decision = run(program, history(green(0), green(1), green(2), sets=(StageSet(at(1, 20), 1),)))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    assert decision.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)


def test_a_stage_set_at_the_same_moment_as_a_session_comes_first(program):
    decision = run(program, history(green(0), green(1, 9), sets=(StageSet(at(1, 9), 3),)))
    assert (decision.stage, decision.action) == (3, Action.HOLD)
    assert decision.reasons == ("1 of 3 comfortable sessions at this stage: 2 more sessions to move on.",)


def test_sessions_and_stage_sets_after_today_are_ignored(program):
    hist = history(green(0), green(1), green(2), red(2, 20), green(3), sets=(StageSet(at(2, 10), 5),))
    decision = decide(program, hist, on(1))
    assert (decision.stage, decision.action) == (1, Action.HOLD)
    assert decision.reasons == ("2 of 3 comfortable sessions at this stage: 1 more session to move on.",)
    assert decision.based_on == uuids(green(0), green(1))
    before_any = decide(program, history(green(3), start_stage=2), on(2))
    assert (before_any.stage, before_any.action, before_any.colour) == (2, Action.START, None)


# -- the aerobic bout ----------------------------------------------------------------------------------

def _weeks(*minutes: float) -> dict[date, float]:
    """Aerobic minutes in three bouts, Monday, Wednesday and Friday, week by week from the start."""
    days: dict[date, float] = {}
    for week, total in enumerate(minutes):
        for offset in (0, 2, 4):
            days[on(week * 7 + offset)] = total / 3
    return days


def _aerobic(program: Program, today: int, *sessions: ProgramSession, start_stage: int = 1,
             aerobic: dict[date, float] | None = None) -> int | None:
    return decide(program, history(*sessions, start_stage=start_stage, aerobic=aerobic), on(today)).aerobic_minutes


def test_the_aerobic_bout_starts_at_the_start_stages_rung(program):
    assert [_aerobic(program, 0, start_stage=stage) for stage in range(1, 6)] == [10, 15, 20, 25, 30]
    assert _aerobic(program, 40) == 10  # no aerobic minutes: it never grows


def test_two_weeks_meeting_the_goal_grow_the_bout_one_rung(program):
    met = _weeks(90, 90)
    assert _aerobic(program, 7, aerobic=met) == 10  # one whole week
    assert _aerobic(program, 13, aerobic=met) == 10  # the second week is not over
    assert _aerobic(program, 14, aerobic=met) == 15
    assert _aerobic(program, 27, aerobic=met) == 15  # the weeks after did not meet it: no change
    # the week's goal is the least bouts (3) at the bout's length, up to the weekly goal (90): 30 at 10 minutes
    assert _aerobic(program, 14, aerobic=_weeks(30, 30)) == 15
    assert _aerobic(program, 14, aerobic=_weeks(30, 29.5)) == 10  # short of 3 bouts of 10 minutes
    assert _aerobic(program, 28, aerobic=_weeks(30, 30, 30, 30)) == 15  # at 15 minutes the goal is 45
    assert _aerobic(program, 28, aerobic=_weeks(30, 30, 45, 45)) == 20
    assert _aerobic(program, 14, aerobic=_weeks(120, 0, 120)) == 10  # not in a row
    assert _aerobic(program, 21, aerobic=_weeks(120, 0, 120, 120)) == 10  # week 3 is not over
    assert _aerobic(program, 28, aerobic=_weeks(120, 0, 120, 120)) == 15


def test_the_bout_grows_again_after_two_more_weeks(program):
    met = _weeks(90, 90, 90, 90, 90, 90, 90, 90, 90, 90)
    assert _aerobic(program, 21, aerobic=met) == 15  # one week into the next pair
    assert _aerobic(program, 28, aerobic=met) == 20
    assert _aerobic(program, 42, aerobic=met) == 25
    assert _aerobic(program, 56, aerobic=met) == 30
    assert _aerobic(program, 70, aerobic=met) == 30  # the top rung
    assert _aerobic(program, 28, aerobic=met, start_stage=4) == 30


def test_a_red_brings_the_bout_back_one_rung(program):
    met = _weeks(90, 90, 90)
    assert _aerobic(program, 14, aerobic=met) == 15
    assert _aerobic(program, 15, red(15), aerobic=met) == 10
    assert _aerobic(program, 14, red(15), aerobic=met) == 10 + 5  # the red is after today
    assert _aerobic(program, 0, red(0), start_stage=3) == 15
    assert _aerobic(program, 0, red(0)) == 10  # never below the first rung


def test_many_reds_in_a_week_bring_the_bout_down_one_rung_only(program):
    met = _weeks(90, 90, 90)
    assert _aerobic(program, 14, aerobic=met, start_stage=3) == 25
    assert _aerobic(program, 18, red(14), red(15), red(18), aerobic=met, start_stage=3) == 20
    assert _aerobic(program, 21, red(14), red(15), red(18), aerobic=met, start_stage=3) == 20  # and it stays down
    assert _aerobic(program, 21, red(6), red(14), aerobic=met, start_stage=3) == 10  # 20, down in weeks 0 and 2


def test_a_week_with_a_red_does_not_count_towards_growing(program):
    met = _weeks(90, 90, 90, 90)
    assert _aerobic(program, 14, red(9), aerobic=met) == 10  # week 1 had a red: back to 0 in a row
    assert _aerobic(program, 28, red(9), aerobic=met) == 15  # weeks 2 and 3
    assert _aerobic(program, 28, red(2), aerobic=met) == 15  # red in week 0; weeks 1 and 2 grow it


def test_the_gentle_start_program(gentle):
    """Three stages, aerobic 5/8/10 with a goal of 25 minutes a week."""
    sessions = [green(day) for day in range(9)]
    decision = run(gentle, history(*sessions, aerobic=_weeks(25, 25)))
    assert (decision.stage, decision.action) == (3, Action.HOLD)
    assert decision.reasons == ("You are at the last stage and it is going well: pain 2 → 1. Keep it up.",)
    assert decision.plan == gentle.stages[2].plan
    assert decision.aerobic_minutes == 5  # day 8 is in week 1: only week 0 is over
    assert _aerobic(gentle, 14, aerobic=_weeks(25, 25)) == 8
    assert _aerobic(gentle, 14, aerobic=_weeks(25, 24)) == 5
    second = run(gentle, history(*sessions[:6]))
    assert second.reasons == ("Holds go from 7 s to 8 s (Pelvic tilt): your last 3 sessions were done in full "
                              "with pain 2 → 1.",)


# -- a program built by hand ---------------------------------------------------------------------------

def _tiny_program(aerobic: tuple[int | None, ...]) -> Program:
    hold = Exercise(name="Wall sit", reps=(1,), hold=10.0)
    squat = Exercise(name="Squat", sets=2, reps=(8, 8), tempo=3.0)
    routine = Routine(name="Tiny", phases=(Phase(name="Main", kind=PhaseKind.MAIN, exercises=(hold, squat)),))
    easy = Routine(name="Easy", phases=(Phase(name="Main", kind=PhaseKind.MAIN, exercises=(hold,)),))
    changes = [DoseChange(), DoseChange(sets=1), DoseChange(sets=1, reps=2)]
    stages = tuple(Stage(name=f"Stage {index + 1}", routine=routine, change=change, plan=dose.apply(routine, change),
                         aerobic_minutes=minutes) for index, (change, minutes) in enumerate(zip(changes, aerobic)))
    return Program(name="Tiny program", stages=stages, flare_up=FlareUp(easy, green_days=1),
                   weekly=Weekly(aerobic_minutes=(30, 60)), rules=Rules(advance_after=1))


def test_a_program_built_from_the_dataclasses():
    tiny = _tiny_program((None, None, None))
    first = run(tiny, history(green(0)))
    assert (first.stage, first.action) == (2, Action.ADVANCE)
    # Wall sit has one hold a set: its sets go from 1 to 2 first
    assert first.reasons == ("Wall sit goes from 1 to 2 sets: your last session was done in full with "
                             "pain 2 → 1.",)
    assert first.aerobic_minutes is None  # no stage has an aerobic bout
    second = run(tiny, history(green(0), green(1)))
    assert (second.stage, second.action) == (3, Action.ADVANCE)
    assert second.reasons[0].startswith("Squat goes from 3 sets × 8 reps")
    # one green flare-up day is enough here
    flare = run(tiny, history(green(0), green(1), red(2), red(3), green(4)))
    assert (flare.flare, flare.stage, flare.action) == (False, 1, Action.RECOVER)


def test_the_aerobic_ladder_skips_stages_without_a_bout():
    tiny = _tiny_program((None, 12, 20))
    assert tiny.aerobic_ladder == (12, 20)
    assert _aerobic(tiny, 0) == 12
    assert _aerobic(tiny, 0, start_stage=2) == 12  # the start stage's own bout
    assert _aerobic(tiny, 0, start_stage=3) == 20
    assert _aerobic(tiny, 14, aerobic=_weeks(30, 30)) == 20  # the goal is 30 here


def test_a_stage_set_by_hand_puts_the_bout_at_that_stages_rung_and_the_week_goal_follows(program):
    start = decide(program, history(), on(0))
    assert (start.aerobic_minutes, start.aerobic_week_goal) == (10, 30)  # 3 bouts of 10 minutes
    moved = decide(program, history(sets=(StageSet(at(3, 10), 4),)), on(3))
    assert (moved.aerobic_minutes, moved.aerobic_week_goal) == (25, 75)
    assert decide(program, history(sets=(StageSet(at(3, 10), 4),)), on(2)).aerobic_minutes == 10  # not yet
    top = decide(program, history(start_stage=5), on(0))
    assert (top.aerobic_minutes, top.aerobic_week_goal) == (30, 90)  # the program's whole weekly goal


def test_a_stage_set_after_a_red_in_the_same_week_keeps_its_rung(program):
    """The week's changes in the order they came: a red on Monday, then stage 4 set on Wednesday."""
    later = decide(program, history(red(0), sets=(StageSet(at(2, 10), 4),)), on(2))
    assert later.aerobic_minutes == 25
    earlier = decide(program, history(red(3), sets=(StageSet(at(2, 10), 4),)), on(3))
    assert earlier.aerobic_minutes == 20  # set first, then the red takes it down a rung


def test_a_morning_far_above_the_usual_during_a_flare_up_is_not_a_comfortable_day(program):
    reds = [red(0), red(1)]
    high = green(3, next_day=NextDay.SAME, next_day_pain=5)  # usual 2: 3 above it, though not red
    decision = run(program, history(*reds, green(2), high, start_stage=5))
    assert decision.flare is True and decision.action is Action.FLARE_UP
    assert decision.reasons[1] == "That one does not count: this morning's pain (5) was 3 or more above your usual (2)."


def test_reds_before_a_recovery_or_a_stage_set_do_not_count_towards_a_new_flare_up(program):
    recovered = [red(0), red(1), green(2), green(3)]
    after = run(program, history(*recovered, red(5), start_stage=4))
    # red, red: a flare-up from stage 3; two greens: back at 2; one red then steps back to 1 (no new flare-up)
    assert (after.flare, after.stage, after.action) == (False, 1, Action.STEP_BACK)
    set_again = run(program, history(red(0), red(2, 8), sets=(StageSet(at(1, 10), 4),)))
    assert (set_again.flare, set_again.stage, set_again.action) == (False, 3, Action.STEP_BACK)
