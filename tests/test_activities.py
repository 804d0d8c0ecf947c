"""Activities for `coach log`: known names and their aliases, kinds, did-you-mean, and one name per activity."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from coach.history import activities
from coach.history.model import StoredSession
from coach.history.stats import matches_routine, routine_names
from coach.state import load_state, remember_activity


@pytest.mark.parametrize(("typed", "name", "kind"), [
    ("ride", "Cycling", "aerobic"), ("Bike", "Cycling", "aerobic"), ("CYCLING", "Cycling", "aerobic"),
    ("water  aerobics", "Water walking", "aerobic"), ("exercise bike", "Stationary bike", "aerobic"),
    ("cross-trainer", "Elliptical", "aerobic"), ("yoga", "Yoga", "stretch"), ("Pilates", "Pilates", "core"),
    ("gyrotonic", "Gyrotonics", "core"), ("PT", "Physiotherapy visit", "visit"), ("swim", "Swimming", "aerobic"),
    ("treadmill", "Treadmill", "aerobic"), ("walk", "Walking", "aerobic"),
])
def test_known_activities_answer_to_their_aliases_in_any_case(typed, name, kind):
    found = activities.known(typed)
    assert (found.name, found.kind) == (name, kind)


def test_kinds_are_stored_as_the_kinds_the_history_counts():
    assert {activity.kind: activity.stored_kind for activity in activities.KNOWN} == {
        "aerobic": "aerobic", "core": "main", "stretch": "cooldown", "visit": "main"}


def test_a_near_miss_gets_a_suggestion_and_a_new_name_none():
    assert activities.suggestion("swiming") == "Swimming"
    assert activities.suggestion("pilattes") == "Pilates"
    assert activities.suggestion("Rowing") is None
    assert activities.suggestion("rowwing", ["Rowing"]) == "Rowing"


def _logged(name: str) -> StoredSession:
    return StoredSession(id=1, uuid="u", routine_name=name, started=datetime(2024, 6, 3, tzinfo=timezone.utc),
                         status="completed", source="manual")


def test_the_history_groups_a_logged_activity_under_its_known_name():
    sessions = [_logged("ride"), _logged("Cycling"), _logged("bike"), _logged("Rowing")]
    assert routine_names(sessions) == ["Cycling", "Rowing"]
    assert all(matches_routine(session, "cycling") for session in sessions[:3])
    assert matches_routine(sessions[0], "bike ride") and not matches_routine(sessions[3], "Cycling")


def test_own_activities_are_remembered_once_in_the_first_spelling(tmp_path):
    path = tmp_path / "state.json"
    remember_activity(path, "Rowing")
    remember_activity(path, "Rowing")
    assert load_state(path).own_activities == ("Rowing",)
    assert activities.own("rowing", load_state(path).own_activities) == "Rowing"
    path.write_text('{"own_activities": ["ok", 3, "", "' + "x" * 200 + '"], "safety_acknowledged": true}')
    assert load_state(path).own_activities == ("ok",)  # only short text is taken from the file
