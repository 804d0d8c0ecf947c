"""The settings file: the person's own, read defensively, never written."""

import os
import threading

import pytest
import yaml

from coach.settings import LoadedSettings, Settings, load_settings


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings.yaml"


def load_text(path, text):
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_missing_settings_file_means_defaults_and_no_warning(settings_file):
    assert load_settings(settings_file) == LoadedSettings(Settings(), ())


def test_every_setting_is_read_from_a_good_file(settings_file):
    loaded = load_text(settings_file, "sound: false\nvolume: 1\nvoice: yes\nweekly_sessions_goal: 0x0E\n"
                                      "weekly_aerobic_minutes_goal: 10_080\n")
    assert loaded.settings == Settings(sound=False, volume=1.0, voice=True, weekly_sessions_goal=14,
                                       weekly_aerobic_minutes_goal=10080)
    assert loaded.warnings == ()
    assert isinstance(loaded.settings.volume, float)


@pytest.mark.parametrize("line, warning", [
    ("volume: 3", "1:9: volume: must be from 0.0 to 1.0; using 0.8"),
    ("volume: -0.1", "1:9: volume: must be from 0.0 to 1.0; using 0.8"),
    ("volume: .nan", "1:9: volume: must be from 0.0 to 1.0; using 0.8"),
    ("volume: loud", '1:9: volume: must be a number from 0.0 to 1.0, not "loud"; using 0.8'),
    ("volume: [1]", "1:9: volume: must be a number from 0.0 to 1.0, not a list; using 0.8"),
    ("voice: maybe", '1:8: voice: must be true or false, not "maybe"; using false'),
    ("voice: {a: 1}", "1:8: voice: must be true or false, not a mapping; using false"),
    ("sound:", "1:7: sound: must be true or false, not nothing (null); using true"),
    ("sound: 'true'", '1:8: sound: must be true or false, not "true"; using true'),
    ("weekly_sessions_goal: 0", "1:23: weekly_sessions_goal: must be from 1 to 14; using 3"),
    ("weekly_sessions_goal: 15", "1:23: weekly_sessions_goal: must be from 1 to 14; using 3"),
    ("weekly_sessions_goal: 3.5", "1:23: weekly_sessions_goal: must be a whole number from 1 to 14, not 3.5; using 3"),
    ("weekly_sessions_goal: 0x_", "1:23: weekly_sessions_goal: must be a whole number from 1 to 14, not 0x_; using 3"),
    ("volume: 0b_", "1:9: volume: must be a number from 0.0 to 1.0, not 0b_; using 0.8"),
    ("weekly_sessions_goal: yes", "1:23: weekly_sessions_goal: must be a whole number from 1 to 14, not yes; using 3"),
    ("weekly_aerobic_minutes_goal: 10081",
     "1:30: weekly_aerobic_minutes_goal: must be from 1 to 10080; using 90"),
    ("weekly_aerobic_minutes_goal: " + "x" * 60,
     '1:30: weekly_aerobic_minutes_goal: must be a whole number from 1 to 10080, not "' + "x" * 39 + '…"; using 90'),
])
def test_a_bad_value_gets_one_located_warning_and_its_default(settings_file, line, warning):
    loaded = load_text(settings_file, line + "\n")
    assert loaded == LoadedSettings(Settings(), (f"{settings_file}:{warning}",))


def test_each_bad_value_is_replaced_alone_and_the_good_ones_kept(settings_file):
    loaded = load_text(settings_file, "# mine\nvolume: 3\nvoice: true\nweekly_sessions_goal: many\nsound: false\n")
    assert loaded.settings == Settings(voice=True, sound=False)
    assert loaded.warnings == (
        f"{settings_file}:2:9: volume: must be from 0.0 to 1.0; using 0.8",
        f'{settings_file}:4:23: weekly_sessions_goal: must be a whole number from 1 to 14, not "many"; using 3',
    )


@pytest.mark.parametrize("key", ["weekly_sessions_goal", "weekly_aerobic_minutes_goal", "volume"])
def test_a_five_thousand_digit_number_is_out_of_range_not_a_crash(settings_file, key):
    loaded = load_text(settings_file, f"{key}: {'9' * 5000}\n")
    assert loaded.settings == Settings()
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].startswith(f"{settings_file}:1:{len(key) + 3}: {key}: must be from ")


def test_an_unknown_key_suggests_the_nearest_setting(settings_file):
    loaded = load_text(settings_file, "weekly_sessions_goal: 4\nweekly_aerobic_minute_goal: 120\n")
    assert loaded.settings == Settings(weekly_sessions_goal=4)
    assert loaded.warnings == (f"{settings_file}:2:1: weekly_aerobic_minute_goal: unknown setting, ignored; "
                               "did you mean weekly_aerobic_minutes_goal?",)


def test_an_unknown_key_with_no_near_setting_lists_the_settings(settings_file):
    assert load_text(settings_file, "colour: blue\n").warnings == (
        f"{settings_file}:1:1: colour: unknown setting, ignored; the settings are sound, volume, voice, "
        "weekly_sessions_goal, weekly_aerobic_minutes_goal, name, reminder_days, reminder_times, quiet_hours, terminal, "
            "pictures",)


def test_a_setting_given_twice_keeps_the_first(settings_file):
    loaded = load_text(settings_file, "volume: 0.2\nvolume: 0.9\n")
    assert loaded == LoadedSettings(Settings(volume=0.2), (
        f"{settings_file}:2:1: volume: already set on line 1; this one is ignored",))


def test_a_key_that_is_not_text_is_ignored_with_a_warning(settings_file):
    loaded = load_text(settings_file, "voice: true\n[a, b]: 1\n")
    assert loaded == LoadedSettings(Settings(voice=True), (
        f"{settings_file}:2:1: a setting's name must be plain text; this entry is ignored",))


def test_at_most_ten_warnings_are_listed(settings_file):
    warnings = load_text(settings_file, "".join(f"unknown{n}: 1\n" for n in range(25))).warnings
    assert len(warnings) == 11
    assert warnings[-1] == f"{settings_file}: 15 more problems not shown"
    one_more = load_text(settings_file, "".join(f"unknown{n}: 1\n" for n in range(11))).warnings
    assert one_more[-1] == f"{settings_file}: 1 more problem not shown"


def test_loading_leaves_the_file_and_its_comments_untouched(settings_file):
    original = b"# my settings\nvolume: 3   # too loud on purpose\nvoice: true\nunknown_thing: 1\n"
    settings_file.write_bytes(original)
    os.utime(settings_file, ns=(1_000_000_000, 1_000_000_000))
    assert load_settings(settings_file).settings == Settings(voice=True)
    assert settings_file.read_bytes() == original
    assert settings_file.stat().st_mtime_ns == 1_000_000_000
    assert sorted(p.name for p in settings_file.parent.iterdir()) == ["settings.yaml"]


def load_within_seconds(path, seconds=5):
    result = []
    worker = threading.Thread(target=lambda: result.append(load_settings(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "load_settings blocked"
    return result[0]


def test_a_fifo_is_refused_at_once_with_one_warning(settings_file):
    os.mkfifo(settings_file)
    assert load_within_seconds(settings_file) == LoadedSettings(
        Settings(), (f"{settings_file}: is a FIFO (named pipe), not a regular file; using default settings",))


def test_dev_zero_is_refused_at_once_with_one_warning(settings_file):
    settings_file.symlink_to("/dev/zero")
    assert load_within_seconds(settings_file) == LoadedSettings(
        Settings(), (f"{settings_file}: is a character device, not a regular file; using default settings",))


def test_a_folder_is_refused_with_one_warning(settings_file):
    settings_file.mkdir()
    assert load_settings(settings_file).warnings == (
        f"{settings_file}: is a folder, not a regular file; using default settings",)


def test_a_file_over_64_kib_is_refused_unread(settings_file):
    loaded = load_text(settings_file, "voice: true\n" + "#" * (64 * 1024) + "\n")
    assert loaded == LoadedSettings(Settings(), (
        f"{settings_file}: is larger than 64 KiB, the limit for a settings file; using default settings",))


@pytest.mark.parametrize("content, warning", [
    (b"volume: &quiet 0.2\nvoice: true\nsound: *quiet\n", "3:8: aliases (*quiet) are not allowed in a settings file"),
    (b"voice: true\nvolume: !!python/object/apply:os.system [touch pwned]\n",
     '2:9: the YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed in a settings file'),
    (b"voice: true\nsound: !yes true\n", '2:8: the YAML tag "!yes" is not allowed in a settings file'),
    (b"voice: " + b"[" * 40 + b"]" * 40 + b"\n", "1:23: nesting is deeper than 16 levels"),
    (b"voice: [" + b"1, " * 2500 + b"]\n", "1:5994: holds more than 2,000 YAML items; a settings file has a handful"),
    (b"voice: true\n---\nvolume: 0.1\n", "2:1: holds more than one YAML document (---)"),
    (b"voice: true\nvolume: [0.5\n", "3:1: not valid YAML (did not find expected ',' or ']')"),
    (b'voice: true\nname: "\\ud800"\n', "2:10: not valid YAML (found invalid Unicode character escape code)"),
    (b"voice: true\nnote: caf\xe9\n", "2:10: is not UTF-8 text (byte 0xE9)"),
    ("# café\nvoice: true\nx: \x1b[31m\n".encode(), "3:4: character U+001B is not allowed in YAML"),
    (b"- voice\n", "1:1: expected `key: value` lines"),
])
def test_a_file_that_cannot_be_used_as_a_whole_gives_one_located_warning(settings_file, content, warning):
    settings_file.write_bytes(content)
    expected = f"{settings_file}:{warning}; using default settings"
    assert load_settings(settings_file) == LoadedSettings(Settings(), (expected,))
    assert not (settings_file.parent / "pwned").exists()


def test_an_alias_bomb_costs_nothing(settings_file):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    loaded = load_text(settings_file, "\n".join(lines) + "\n")
    assert loaded.warnings == (f"{settings_file}:2:10: aliases (*a0) are not allowed in a settings file; "
                               "using default settings",)


@pytest.mark.parametrize("text", ["", "\n", "# nothing set yet\n"])
def test_an_empty_file_means_defaults_without_warning(settings_file, text):
    assert load_text(settings_file, text) == LoadedSettings(Settings(), ())


def test_a_byte_order_mark_is_accepted(settings_file):
    settings_file.write_bytes(b"\xef\xbb\xbfvolume: 0.5\n")
    assert load_settings(settings_file) == LoadedSettings(Settings(volume=0.5), ())


def test_control_characters_and_bidi_overrides_in_warnings_are_escaped(settings_file):
    loaded = load_text(settings_file, '"\\e]0;owned\\a": 1\nvolume: "\\e[2J"\n"evil\u202e": 2\n')
    assert loaded.warnings == (
        f"{settings_file}:1:1: \\x1b]0;owned\\x07: unknown setting, ignored; the settings are sound, volume, voice, "
        "weekly_sessions_goal, weekly_aerobic_minutes_goal, name, reminder_days, reminder_times, quiet_hours, terminal, "
            "pictures",
        f"{settings_file}:2:9: volume: must be a number from 0.0 to 1.0, not \"\\x1b[2J\"; using 0.8",
        f"{settings_file}:3:1: evil\\u202e: unknown setting, ignored; the settings are sound, volume, voice, "
        "weekly_sessions_goal, weekly_aerobic_minutes_goal, name, reminder_days, reminder_times, quiet_hours, terminal, "
            "pictures",
    )


def test_an_old_safety_acknowledged_is_honoured_without_a_warning(settings_file):
    assert load_text(settings_file, "safety_acknowledged: true\nvoice: true\n") == LoadedSettings(
        Settings(safety_acknowledged=True, voice=True), ())


@pytest.mark.parametrize("value", ["false", "maybe", "1"])
def test_any_other_old_safety_acknowledged_is_ignored_silently(settings_file, value):
    assert load_text(settings_file, f"safety_acknowledged: {value}\n") == LoadedSettings(Settings(), ())


@pytest.mark.parametrize("line, key", [
    ("sound: !!bool maybe", "sound"), ("weekly_sessions_goal: !!int ''", "weekly_sessions_goal"),
    ("volume: !!float ''", "volume"), ('weekly_sessions_goal: !!int "-"', "weekly_sessions_goal"),
    ("sound: !!bool {}", "sound"), ("volume: !!float [1]", "volume"),
    ("weekly_sessions_goal: !!int {a: 1}", "weekly_sessions_goal"),
])
def test_an_explicit_tag_on_a_value_gives_one_warning_and_the_default(tmp_path, line, key):
    path = tmp_path / "settings.yaml"
    path.write_text(line + "\n")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    [warning] = loaded.warnings
    assert warning.startswith(f"{path}:1:") and f": {key}: must be " in warning


@pytest.mark.parametrize("line", ["safety_acknowledged: !!bool [x]", "safety_acknowledged: !!bool maybe"])
def test_an_odd_legacy_safety_value_means_not_acknowledged_without_a_word(tmp_path, line):
    path = tmp_path / "settings.yaml"
    path.write_text(line + "\n")
    assert load_settings(path) == LoadedSettings(Settings())


def test_each_setting_says_whether_it_came_from_the_file_or_is_the_default(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("volume: 3\nweekly_sessions_goal: 4\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.source("weekly_sessions_goal", path) == f"{path}:2"
    assert loaded.source("volume", path) == "default"  # refused: the default is in effect
    assert loaded.source("voice", path) == "default"


def test_the_name_for_the_report_is_one_line_of_text(tmp_path):
    from coach.settings import load_settings

    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text("name: '  Sam\n   Tester '\n", encoding="utf-8")
    assert load_settings(settings_file).settings.name == "Sam Tester"
    settings_file.write_text("name: [1, 2]\n", encoding="utf-8")
    loaded = load_settings(settings_file)
    assert loaded.settings.name == "" and "name: expected your name as text, got a list" in loaded.warnings[0]
    settings_file.write_text(f"name: {'x' * 101}\n", encoding="utf-8")
    assert "is 101 characters long; at most 100" in load_settings(settings_file).warnings[0]
