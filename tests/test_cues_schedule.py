"""The cue schedule: which one cue each instant of a real engine's session sounds, and what is said."""

import itertools

import pytest
from tests.helpers.engine import T0, exercise, make_engine, rel, run_until, steps

from coach.cues import phrases
from coach.cues.schedule import PRIORITY, Cue, CueSchedule
from coach.routine.expand import StepKind
from coach.routine.model import Exercise, Side
from coach.session.events import Event, EventKind
from coach.session.records import ExerciseRecord, ExerciseStatus, SessionRecord, SessionStatus


class Heard:
    """A schedule fed by an engine, taken after every update as the player's flush does."""

    def __init__(self, timeline):
        self.schedule = CueSchedule(timeline)
        self.cues: list[Cue] = []

    def __call__(self, event):
        self.schedule.add(event)

    def flush(self):
        cue = self.schedule.take()
        if cue is not None:
            self.cues.append(cue)

    def sounds(self):
        return [(rel(cue.planned), cue.sound) for cue in self.cues]

    def speech(self):
        return [(rel(cue.planned), cue.speech) for cue in self.cues if cue.speech]


def session(tmp_path, *exercises, start=True, **defaults):
    timeline = steps(tmp_path, *exercises, **defaults)
    engine, clock, _ = make_engine(timeline, start=False)
    heard = Heard(timeline)
    engine.subscribe(heard)
    if start:
        engine.start()
        heard.flush()
    return engine, clock, heard


def play_until(engine, clock, heard, t, tick=0.25):
    """Tick the engine to `t` like the screen does, flushing after each update."""
    while clock.t + tick < t:
        clock.advance(tick)
        engine.update()
        heard.flush()
    run_until(engine, clock, t)
    heard.flush()


# -- a whole session ---------------------------------------------------------------------------

def test_one_timed_exercise_sounds_the_get_ready_countdown_go_ticks_and_finish(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Plank", duration=5), get_ready=2, countdown=3)
    play_until(engine, clock, heard, 7)
    assert engine.finished
    # get-ready is 2 s, so its countdown has only the 1; the finish replaces the done.
    assert heard.sounds() == [(1, "tick"), (2, "go"), (4, "tick"), (5, "tick"), (6, "tick"), (7, "finish")]


def test_sides_rests_and_sets_each_have_their_cue(tmp_path):
    engine, clock, heard = session(
        tmp_path,
        exercise("Bird dog", sets=2, reps=1, hold=3, sides=True),
        exercise("Dead bug", duration=2),
        switch_sides=1, rest_between_sets=2, rest=2,
    )
    play_until(engine, clock, heard, 20)
    assert engine.finished
    assert heard.sounds() == [
        (0, "go"), (3, "switch"), (4, "go"),  # set 1: left, switch, right
        (7, "rest"), (9, "go"), (12, "switch"), (13, "go"),  # rest between sets, set 2
        (16, "done"),  # the end of the exercise: done beats the rest that starts with it
        (18, "go"), (20, "finish"),
    ]


def test_each_hold_ends_with_the_rest_tone_but_no_spoken_rest(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Bridge", reps=3, hold=2), rest_between_reps=1)
    play_until(engine, clock, heard, 8)
    assert heard.sounds() == [(0, "go"), (2, "rest"), (3, "go"), (5, "rest"), (6, "go"), (8, "finish")]
    assert heard.speech() == [(0, "Bridge. 3 reps, 2 second holds."), (8, "Session complete.")]


def test_going_straight_to_the_next_exercise_sounds_go_not_done(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("A", duration=2), exercise("B", duration=2), rest=0)
    play_until(engine, clock, heard, 4)
    assert heard.sounds() == [(0, "go"), (2, "go"), (4, "finish")]


def test_changing_sides_with_no_switch_step_sounds_switch(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Clam", duration=2, sides=["right", "left"]), switch_sides=0)
    play_until(engine, clock, heard, 4)
    assert heard.sounds() == [(0, "go"), (2, "switch"), (4, "finish")]


def test_halfway_sounds_in_a_long_step(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Walk", duration=20), countdown=1)
    play_until(engine, clock, heard, 20)
    assert heard.sounds() == [(0, "go"), (10, "halfway"), (19, "tick"), (20, "finish")]


def test_a_manual_step_sounds_go_and_done_when_the_person_says_so(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Curl-up", reps=10), exercise("Rest pose", duration=2), rest=3)
    play_until(engine, clock, heard, 30)
    engine.done()
    heard.flush()
    assert heard.sounds() == [(0, "go"), (30, "done")]


# -- the countdown when time moves -------------------------------------------------------------

def test_pause_holds_the_countdown_and_resume_carries_it_on(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Plank", duration=5), countdown=3)
    play_until(engine, clock, heard, 2.5)
    engine.pause()
    heard.flush()
    play_until(engine, clock, heard, 12.5)  # ten seconds paused: nothing sounds
    engine.resume()
    heard.flush()
    play_until(engine, clock, heard, 15)
    assert heard.sounds() == [(0, "go"), (2, "tick"), (13, "tick"), (14, "tick"), (15, "finish")]


def test_extend_sounds_the_countdown_again_before_the_new_end(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Plank", duration=5), countdown=3)
    play_until(engine, clock, heard, 3.5)
    engine.extend(15)
    heard.flush()
    play_until(engine, clock, heard, 20)
    assert heard.sounds() == [(0, "go"), (2, "tick"), (3, "tick"), (17, "tick"), (18, "tick"), (19, "tick"),
                              (20, "finish")]


def test_skip_and_stop_sound_no_done_and_no_finish(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("A", duration=10), exercise("B", duration=10))
    play_until(engine, clock, heard, 3)
    engine.skip()
    heard.flush()
    play_until(engine, clock, heard, 5)
    engine.stop()
    heard.flush()
    assert engine.finished
    assert heard.sounds() == [(0, "go"), (3, "go")]


def test_catching_up_after_a_stall_sounds_only_the_latest_instant(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("A", duration=5), exercise("B", duration=5), countdown=3)
    run_until(engine, clock, 6)  # one update covers ticks at 2, 3, 4 and the start of B at 5
    heard.flush()
    assert heard.sounds() == [(0, "go"), (5, "go")]


def test_a_halfway_cue_more_than_a_second_late_is_dropped(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Walk", duration=20), countdown=0)
    run_until(engine, clock, 11.5)  # the halfway at 10 comes 1.5 s late: it would mislead
    heard.flush()
    assert heard.sounds() == [(0, "go")]


def test_a_halfway_cue_less_than_a_second_late_still_sounds(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Walk", duration=20), countdown=0)
    run_until(engine, clock, 10.9)
    heard.flush()
    assert heard.sounds() == [(0, "go"), (10, "halfway")]


# -- one cue per instant -------------------------------------------------------------------------

ORDER = ["finish", "go", "switch", "done", "rest", "halfway", "tick"]


def test_the_priority_order_is_finish_go_switch_done_rest_halfway_tick():
    ranked = sorted((name for name in PRIORITY if name is not None), key=PRIORITY.get, reverse=True)
    assert ranked == ORDER


def _events_for(sound, planned, tmp_path_steps):
    """One engine-shaped event whose cue is `sound`, at `planned`."""
    work, switch, rest = tmp_path_steps
    record = ExerciseRecord(0, "E", "P", "main", ExerciseStatus.DONE, 5, 5, 1, 1, 0, 5)
    finished = SessionRecord("R", None, 5, status=SessionStatus.COMPLETED)
    return {
        "finish": Event(EventKind.SESSION_FINISHED, planned, planned, 0, work, session=finished),
        "go": Event(EventKind.STEP_STARTED, planned, planned, 0, work),
        "switch": Event(EventKind.STEP_STARTED, planned, planned, 1, switch),
        "done": Event(EventKind.EXERCISE_ENDED, planned, planned, 0, work, record=record),
        "rest": Event(EventKind.STEP_STARTED, planned, planned, 2, rest),
        "halfway": Event(EventKind.HALFWAY, planned, planned, 0, work),
        "tick": Event(EventKind.COUNTDOWN, planned, planned, 0, work, second=1),
    }[sound]


@pytest.fixture
def three_steps(tmp_path):
    timeline = steps(tmp_path, exercise("E", duration=5, sides=True), exercise("F", duration=5),
                     switch_sides=5, rest=5)
    kinds = {step.kind: step for step in timeline}
    return kinds[StepKind.WORK], kinds[StepKind.SWITCH_SIDES], kinds[StepKind.REST]


@pytest.mark.parametrize("pair", list(itertools.permutations(ORDER, 2)), ids="-".join)
def test_of_two_cues_at_one_instant_the_more_important_plays(pair, three_steps):
    schedule = CueSchedule()
    for sound in pair:
        schedule.add(_events_for(sound, T0 + 4.0004, three_steps))  # within a millisecond of each other
    winner = min(pair, key=ORDER.index)
    assert schedule.take().sound == winner


def test_cues_more_than_a_millisecond_apart_are_different_instants(three_steps):
    schedule = CueSchedule()
    schedule.add(_events_for("finish", T0 + 4.0, three_steps))
    schedule.add(_events_for("tick", T0 + 4.002, three_steps))
    assert schedule.take().sound == "tick"


def test_take_gives_each_instant_once(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Plank", duration=5), start=False)
    engine.start()
    assert heard.schedule.take().sound == "go"
    assert heard.schedule.take() is None


# -- speech ----------------------------------------------------------------------------------------

def test_speech_announces_exercises_rests_switches_and_the_end(tmp_path):
    engine, clock, heard = session(
        tmp_path,
        exercise("Bird dog", sets=2, reps=1, hold=8, sides=True, say="Opposite arm and leg"),
        exercise("Dead bug", duration=30, at=[{"after": 10, "cue": "Keep your back flat"}]),
        switch_sides=5, rest_between_sets=20, rest=15, countdown=3,
    )
    play_until(engine, clock, heard, 200)
    assert engine.finished
    assert heard.speech() == [
        (0, "Bird dog. 2 sets, 8 second holds, each side. Opposite arm and leg."),
        (8, "Switch sides."),
        (21, "Rest. Next: set 2 of 2."),
        (49, "Switch sides."),
        (62, "Rest. Next: Dead bug."),  # spoken in place of the done tone, which is the cue's sound
        (77, "Dead bug. 30 seconds."),
        (87, "Keep your back flat"),
        (107, "Session complete."),
    ]
    assert [cue.sound for cue in heard.cues if cue.speech == "Rest. Next: Dead bug."] == ["done"]


def test_speech_room_ends_at_the_first_countdown_tick(tmp_path):
    engine, clock, heard = session(
        tmp_path, exercise("Dead bug", duration=30, at=[{"after": 10, "cue": "Breathe"}]), countdown=3,
    )
    play_until(engine, clock, heard, 30)
    rooms = {cue.speech: cue.speech_room for cue in heard.cues if cue.speech}
    # The step's countdown starts at 27 s: 27 s of room at the start, 17 s at the cue.
    assert rooms == {"Dead bug. 30 seconds.": 27.0, "Breathe": 17.0, "Session complete.": None}


def test_a_manual_step_leaves_unlimited_room_for_speech(tmp_path):
    engine, clock, heard = session(tmp_path, exercise("Curl-up", reps=10))
    assert [(cue.speech, cue.speech_room) for cue in heard.cues] == [("Curl-up. 10 reps.", None)]


def test_phrases_lists_everything_a_session_can_say_once_in_order(tmp_path):
    timeline = steps(
        tmp_path,
        exercise("Bird dog", reps=2, hold=5, sides=True, at=[{"half": True, "cue": "Breathe"}]),
        exercise("Plank", sets=2, duration=20),
        rest=10, rest_between_sets=10, switch_sides=3, rest_between_reps=2,
    )
    assert CueSchedule().phrases(timeline) == [
        "Bird dog. 2 reps, 5 second holds, each side.",
        "Breathe",
        "Switch sides.",
        "Rest. Next: Plank.",
        "Plank. 2 sets, 20 seconds.",
        "Rest. Next: set 2 of 2.",
        "Session complete.",
    ]


@pytest.mark.parametrize(
    ("fields", "spoken"),
    [
        ({"sets": 3, "reps": (1, 1, 1), "hold": 8, "sides": (Side.LEFT, Side.RIGHT)}, "3 sets, 8 second holds, each side"),
        ({"sets": 3, "reps": (6, 4, 2), "hold": 10}, "3 sets, 6, 4 and 2 reps, 10 second holds"),
        ({"reps": (1,), "hold": 30}, "hold for 30 seconds"),
        ({"reps": (2,), "hold": 90}, "2 reps, holds of 1 minute 30 seconds"),
        ({"reps": (8,), "tempo": 6}, "8 reps, 6 seconds per rep"),
        ({"reps": (1,), "tempo": 2.5}, "1 rep, 2.5 seconds per rep"),
        ({"duration": 30}, "30 seconds"),
        ({"sets": 2, "duration": 3600 + 120, "sides": (Side.RIGHT,)}, "2 sets, 1 hour 2 minutes, right side only"),
        ({"reps": (12,)}, "12 reps"),
    ],
)
def test_spoken_dose_reads_naturally(fields, spoken):
    assert phrases.spoken_dose(Exercise(name="E", **fields)) == spoken


def test_announcement_adds_full_stops_only_where_missing():
    exercise_ = Exercise(name="Cat-cow!", reps=(8,), tempo=6, say="Move with your breath.")
    assert phrases.announcement(exercise_) == "Cat-cow! 8 reps, 6 seconds per rep. Move with your breath."
