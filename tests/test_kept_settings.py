"""The settings kept once read (coach/kept_settings.py): the same as reading the file, used only while the file and
the code that reads it are unchanged, and never trusted beyond the types Settings gives."""

from __future__ import annotations

import json
from datetime import time

import pytest

from coach import kept_settings
from coach.kept_settings import KEPT_FILE, load_kept_settings
from coach.settings import LoadedSettings, Settings, load_settings
from tests.helpers.kept_files import UNREADABLE, plant_unreadable, shown_in_a_fresh_process

SETTINGS = """\
volume: 0.5
voice: true
weekly_sessions_goal: 4
name: Sam
reminder_days: mon, wed, fri
reminder_times: ["07:30", "18:00"]
quiet_hours: 22:00-07:00
pictures: unicode
"""


@pytest.fixture
def reads(monkeypatch):
    """Counts the settings files read (load_settings calls) through the kept settings."""
    made = []

    def counted(path):
        made.append(path)
        return load_settings(path)

    monkeypatch.setattr(kept_settings, "load_settings", counted)
    return made


def _settings_file(tmp_path, text: str = SETTINGS):
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_second_load_is_the_kept_one_and_equals_reading_the_file(tmp_path, reads):
    path = _settings_file(tmp_path)
    first = load_kept_settings(path, tmp_path / "cache")
    second = load_kept_settings(path, tmp_path / "cache")
    assert len(reads) == 1
    fresh = load_settings(path)
    assert first == second == fresh
    assert second.from_file == fresh.from_file  # where each came from, which equality leaves out
    assert second.settings.reminder_times == (time(7, 30), time(18, 0))
    assert second.settings.quiet_hours is not None and second.settings.quiet_hours.describe() == "22:00-07:00"
    assert second.settings.volume == 0.5 and second.settings.name == "Sam" and second.settings.voice is True


def test_a_file_with_problems_warns_every_time(tmp_path, reads):
    path = _settings_file(tmp_path, "volume: 7\nvoise: true\n")
    first = load_kept_settings(path, tmp_path / "cache")
    second = load_kept_settings(path, tmp_path / "cache")
    assert len(reads) == 1
    assert len(second.warnings) == 2 and second.warnings == first.warnings == load_settings(path).warnings


def test_a_changed_file_is_read_again(tmp_path, reads):
    path = _settings_file(tmp_path)
    load_kept_settings(path, tmp_path / "cache")
    path.write_text(SETTINGS.replace("volume: 0.5", "volume: 0.25"), encoding="utf-8")
    assert load_kept_settings(path, tmp_path / "cache").settings.volume == 0.25
    assert len(reads) == 2


def test_changed_reading_code_means_reading_again(tmp_path, reads, monkeypatch):
    path = _settings_file(tmp_path)
    load_kept_settings(path, tmp_path / "cache")
    stamp = kept_settings.code_stamp(kept_settings._READERS)
    monkeypatch.setattr(kept_settings, "code_stamp", lambda files: [*stamp, ["settings_file.py", 1, 2]])
    load_kept_settings(path, tmp_path / "cache")
    assert len(reads) == 2


def test_no_settings_file_means_defaults_and_nothing_kept(tmp_path, reads):
    assert load_kept_settings(tmp_path / "settings.yaml", tmp_path / "cache") == LoadedSettings(Settings())
    assert reads == [] and not (tmp_path / "cache").exists()


def test_a_cache_folder_that_cannot_be_written_only_costs_the_read(tmp_path, reads):
    path = _settings_file(tmp_path)
    (tmp_path / "cache").write_text("a file where the folder would be", encoding="utf-8")
    assert load_kept_settings(path, tmp_path / "cache").settings.name == "Sam"
    assert load_kept_settings(path, tmp_path / "cache").settings.name == "Sam"
    assert len(reads) == 2


@pytest.mark.parametrize("planted", [*UNREADABLE, "other-file", "volume-as-text",
                                     "goal-as-flag", "flag-as-number", "bad-time", "days-not-a-list", "escape-in-warning",
                                     "not-a-mapping"])
def test_a_kept_file_that_is_not_kept_settings_is_passed_over(tmp_path, reads, planted):
    path = _settings_file(tmp_path)
    expected = load_kept_settings(path, tmp_path / "cache")
    kept = tmp_path / "cache" / KEPT_FILE
    written = json.loads(kept.read_text(encoding="utf-8"))
    value = written["value"]
    kept.unlink()
    if planted in UNREADABLE:
        plant_unreadable(kept, planted, kept_settings.MAX_BYTES)
    else:
        if planted == "other-file":
            written["key"][1] = str(tmp_path / "other.yaml")
        elif planted == "volume-as-text":
            value["settings"]["volume"] = "loud"
        elif planted == "goal-as-flag":
            value["settings"]["weekly_sessions_goal"] = True
        elif planted == "flag-as-number":
            value["settings"]["voice"] = 1
        elif planted == "bad-time":
            value["settings"]["reminder_times"] = ["25:99"]
        elif planted == "days-not-a-list":
            value["settings"]["reminder_days"] = "mon"
        elif planted == "escape-in-warning":
            value["warnings"] = ["\x1b]0;owned\x07"]
        else:
            written["value"] = ["not", "settings"]
        kept.write_text(json.dumps(written), encoding="utf-8")
    assert load_kept_settings(path, tmp_path / "cache") == expected
    assert len(reads) == 2


@pytest.mark.slow
def test_kept_settings_are_read_without_pyyaml(tmp_path):
    """What keeping them is for: a screen's first frame without importing PyYAML."""
    path = _settings_file(tmp_path)
    load_kept_settings(path, tmp_path / "cache")
    assert shown_in_a_fresh_process(
        "from coach.kept_settings import load_kept_settings; "
        f"shown = load_kept_settings(Path({str(path)!r}), Path({str(tmp_path / 'cache')!r})).settings.name"
    ) == ("Sam", False)


def test_the_launcher_reads_the_settings_through_the_kept_ones(tmp_path, reads, monkeypatch):
    """`coach run`, `coach` and `coach history --tui` start through the launcher: its app gets the file's settings
    and warnings, and the second start reads nothing."""
    from coach.paths import Places, bundled
    from coach.routine.loader import load_routine
    from coach.tui import launch
    from coach.tui.app import CoachApp

    places = Places.resolve(tmp_path)
    _settings_file(places.config_dir, SETTINGS + "voise: true\n")
    started = []
    monkeypatch.setattr(CoachApp, "run", lambda app: started.append(app))
    routine = load_routine(bundled("routines") / "back-basics.yaml")
    for _ in range(2):
        assert launch.launch(places, routine) == 0
    assert len(reads) == 1
    assert [app.settings.name for app in started] == ["Sam", "Sam"]
    assert all(len(app.settings_warnings) == 1 and "voise" in app.settings_warnings[0] for app in started)


@pytest.mark.parametrize("setting, value", [
    ("weekly_sessions_goal", 0), ("weekly_aerobic_minutes_goal", 10 ** 9), ("volume", 50.0), ("volume", float("nan")),
    ("volume", float("inf")), ("pictures", "bogus"), ("name", "x" * 101), ("name", "two\nlines"),
    ("terminal", "xterm\x1b]0;owned\x07 -e"), ("reminder_days", [99]), ("reminder_days", [3, 1]),
    ("reminder_times", [f"{hour:02d}:00:00" for hour in range(9)]), ("reminder_times", ["18:00:00", "08:00:00"]),
])
def test_a_kept_value_the_file_could_never_give_means_reading_the_file_again(tmp_path, reads, setting, value):
    """A changed kept copy whose key still matches: a value out of the reader's bounds (a weekly goal of 0 once
    made the history count back forever) is not used."""
    path = _settings_file(tmp_path)
    expected = load_kept_settings(path, tmp_path / "cache")
    kept = tmp_path / "cache" / KEPT_FILE
    written = json.loads(kept.read_text(encoding="utf-8"))
    written["value"]["settings"][setting] = value
    kept.write_text(json.dumps(written), encoding="utf-8")  # json writes NaN and Infinity, and reads them back
    assert load_kept_settings(path, tmp_path / "cache") == expected
    assert len(reads) == 2


@pytest.mark.parametrize("text", [
    SETTINGS,
    "volume: 1\nweekly_sessions_goal: 0x0e\nweekly_aerobic_minutes_goal: 1_0\n",
    "name: \"  Sam\u3000Q.\\u00a0Public \"\nterminal: \"  gnome-terminal --  \"\n",
    "name: \"%s\"\n" % ("x" * 100),
    "reminder_days: [fri, mon, mon, weekends]\nreminder_times: [\"18:00\", \"7:30\", \"07:30\"]\n",
    "quiet_hours: 07:00-22:00\npictures: off\nsafety_acknowledged: yes\nsound: no\n",
])
def test_the_defaults_and_what_the_file_gives_are_within_bounds(tmp_path, text):
    """Whatever the reader gives passes problem_in, so a person's own settings are always taken from the kept copy."""
    from coach.settings import problem_in

    assert problem_in(Settings()) is None
    loaded = load_settings(_settings_file(tmp_path, text))
    assert loaded.warnings == ()
    assert problem_in(loaded.settings) is None
