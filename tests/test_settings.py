"""The settings file: read leniently, and never overwritten with defaults."""

import pytest
import yaml

from coach.settings import Settings, load_settings, remember


def test_missing_settings_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "settings.yaml").settings == Settings()


def test_a_bad_value_warns_and_falls_back_to_its_default(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("volume: loud\nvoice: true\n")
    loaded = load_settings(path)
    assert (loaded.settings.volume, loaded.settings.voice) == (0.8, True)
    assert loaded.warnings == (f"{path}: volume: 'loud' is not valid; using 0.8",)


def test_remember_keeps_every_other_value_the_person_set(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("sound: false\nweekly_sessions_goal: 4\nmy_own_key: kept\n")
    remember(path, safety_acknowledged=True)
    assert yaml.safe_load(path.read_text()) == {
        "sound": False, "weekly_sessions_goal": 4, "my_own_key": "kept", "safety_acknowledged": True}


def test_remember_refuses_to_overwrite_a_broken_file(tmp_path):
    path = tmp_path / "settings.yaml"
    broken = "sound: false\n\tvoice: true\n"
    path.write_text(broken)
    with pytest.raises(ValueError, match="not valid YAML"):
        remember(path, safety_acknowledged=True)
    assert path.read_text() == broken


def test_remember_creates_the_file_and_its_folder(tmp_path):
    path = tmp_path / "new" / "settings.yaml"
    remember(path, safety_acknowledged=True)
    assert load_settings(path).settings == Settings(safety_acknowledged=True)
