"""Routines kept once checked (coach/routine/checked_cache.py): used only while nothing they depend on
has changed, never for a broken routine, and never trusted to run code."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from coach.routine import checked_cache
from coach.routine.checked_cache import load_checked
from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine
from tests.helpers.kept_files import UNREADABLE, plant_unreadable, shown_in_a_fresh_process
from tests.test_routine_sounds import make_wav

ROUTINE = "name: Kept\nphases:\n  - name: P\n    exercises:\n      - name: Bridge\n        hold: 5s\n        reps: 3\n"


@pytest.fixture
def checks(monkeypatch):
    """Counts the full checks (load_routine calls) made through the cache."""
    from coach.routine import loader

    made = []

    def counted(path, display=None):
        made.append(path)
        return load_routine(path, display)

    monkeypatch.setattr(loader, "load_routine", counted)
    return made


def test_the_second_load_is_the_kept_routine_and_equals_a_fresh_check(tmp_path, checks):
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    first = load_checked(routine_file, tmp_path / "cache")
    second = load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 1
    assert second == first == load_routine(routine_file)
    assert second.source == routine_file


def test_a_changed_file_is_checked_again(tmp_path, checks):
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    before = os.stat(routine_file)
    routine_file.write_text(ROUTINE.replace("reps: 3", "reps: 4"), encoding="utf-8")
    os.utime(routine_file, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time: still seen
    assert load_checked(routine_file, tmp_path / "cache").exercises[0].reps == (4,)
    assert len(checks) == 2


def test_a_broken_routine_is_never_kept_and_says_its_errors_every_time(tmp_path, checks):
    routine_file = tmp_path / "broken.yaml"
    routine_file.write_text(ROUTINE.replace("hold: 5s", "hold: soon"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RoutineError, match="hold"):
            load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 2
    assert not (tmp_path / "cache" / checked_cache.FOLDER).exists()


def test_a_routine_that_names_sound_or_image_files_is_checked_every_time(tmp_path, checks):
    """Those files are read by the check too, and a link among them could change under the cache."""
    make_wav(tmp_path / "go.wav")
    routine_file = tmp_path / "sounds.yaml"
    routine_file.write_text(ROUTINE + "sounds:\n  go: go.wav\n", encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 2
    (tmp_path / "go.wav").write_bytes(b"not a wave")
    with pytest.raises(RoutineError, match="sounds.go"):
        load_checked(routine_file, tmp_path / "cache")


def test_one_relative_name_from_two_folders_is_two_routines(tmp_path, checks, monkeypatch):
    """`coach run r.yaml` in two folders whose r.yaml lead to one file: each is its own, as its folder
    is where its relative paths start."""
    shared = tmp_path / "shared.yaml"
    shared.write_text(ROUTINE, encoding="utf-8")
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.yaml").symlink_to(shared)
    for folder in ("d1", "d2", "d1"):
        monkeypatch.chdir(tmp_path / folder)
        assert load_checked(Path("r.yaml"), tmp_path / "cache").name == "Kept"
    assert len(checks) == 2


def test_changed_routine_code_means_a_new_check(tmp_path, checks, monkeypatch):
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    stamp = checked_cache._code_stamp()
    monkeypatch.setattr(checked_cache, "_code_stamp", lambda: [*stamp, ["loader.py", 1, 2]])
    load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 2


def _kept_file(tmp_path):
    (kept,) = (tmp_path / "cache" / checked_cache.FOLDER).iterdir()
    return kept


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch ran",))


@pytest.mark.parametrize("planted", ["pickle", *UNREADABLE, "other", "unknown-class", "not-a-phase", "not-a-number"])
def test_a_kept_file_that_is_not_a_kept_routine_is_passed_over(tmp_path, checks, monkeypatch, planted):
    monkeypatch.chdir(tmp_path)
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    expected = load_checked(routine_file, tmp_path / "cache")
    kept = _kept_file(tmp_path)
    kept.unlink()
    if planted == "pickle":
        kept.write_bytes(pickle.dumps(_RunsCode()))
    elif planted in UNREADABLE:
        plant_unreadable(kept, planted, checked_cache.MAX_BYTES)
    elif planted == "other":  # well formed, but another file's routine
        other = tmp_path / "other.yaml"
        other.write_text(ROUTINE.replace("Kept", "Other"), encoding="utf-8")
        kept.write_text(json.dumps({"key": checked_cache._key(other, None),
                                    "value": checked_cache._encoded(load_routine(other))}), encoding="utf-8")
    elif planted == "unknown-class":  # the right key, and a class that is not the model's
        kept.write_text(json.dumps({"key": checked_cache._key(routine_file, None),
                                    "value": {"class": "Popen", "fields": {"args": "touch ran"}}}), encoding="utf-8")
    else:  # the right key, and the model's classes holding what the model never holds
        routine = checked_cache._encoded(expected)
        if planted == "not-a-phase":
            routine["fields"]["phases"] = {"tuple": [5]}
        else:
            routine["fields"]["phases"]["tuple"][0]["fields"]["exercises"]["tuple"][0]["fields"]["hold"] = "soon"
        kept.write_text(json.dumps({"key": checked_cache._key(routine_file, None), "value": routine}),
                        encoding="utf-8")
    assert load_checked(routine_file, tmp_path / "cache") == expected
    assert len(checks) == 2
    assert not (tmp_path / "ran").exists()


def test_a_cache_folder_that_cannot_be_written_only_costs_the_check(tmp_path, checks):
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    (tmp_path / "cache").write_text("a file where the folder would be", encoding="utf-8")
    assert load_checked(routine_file, tmp_path / "cache").name == "Kept"
    assert load_checked(routine_file, tmp_path / "cache").name == "Kept"
    assert len(checks) == 2


@pytest.mark.slow
def test_a_kept_routine_is_read_without_pyyaml(tmp_path):
    """What the cache is for: `coach run` draws its first screen without importing PyYAML."""
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    assert shown_in_a_fresh_process(
        "from coach.routine.checked_cache import load_checked; "
        f"shown = load_checked(Path({str(routine_file)!r}), Path({str(tmp_path / 'cache')!r})).name") == ("Kept", False)


def test_the_catalog_for_home_and_list_takes_checked_routines_and_still_lists_broken_ones(tmp_path, checks):
    from coach.paths import Places
    from coach.routine.loaded_catalog import load_catalog

    places = Places(tmp_path / "data", tmp_path / "data")
    places.user_routines.mkdir(parents=True)
    (places.user_routines / "kept.yaml").write_text(ROUTINE, encoding="utf-8")
    (places.user_routines / "broken.yaml").write_text(ROUTINE.replace("hold: 5s", "hold: soon"), encoding="utf-8")
    first = load_catalog(places)
    checked_first = len(checks)
    second = load_catalog(places)
    assert [choice.routine for choice in second.routines] == [choice.routine for choice in first.routines]
    assert len(checks) - checked_first == 1  # only the broken routine is checked again
    (broken,) = [choice for choice in second.routines if choice.routine is None]
    assert "hold" in str(broken.problems[0])


def test_at_most_max_kept_routines_are_kept_and_the_oldest_go_first(tmp_path, monkeypatch):
    monkeypatch.setattr(checked_cache, "MAX_KEPT", 3)
    for number in range(5):
        routine_file = tmp_path / f"r{number}.yaml"
        routine_file.write_text(ROUTINE, encoding="utf-8")
        load_checked(routine_file, tmp_path / "cache")
        kept = _kept_file(tmp_path) if number == 0 else None
        if kept is not None:
            os.utime(kept, ns=(0, 0))  # the oldest by far
    folder = tmp_path / "cache" / checked_cache.FOLDER
    assert len(list(folder.iterdir())) == 3
    assert not (folder / checked_cache._kept_file(checked_cache._key(tmp_path / "r0.yaml", None),
                                                  tmp_path / "cache").name).exists()
