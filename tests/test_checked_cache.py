"""Routines kept once checked (coach/routine/checked_cache.py): used only while nothing they depend on
has changed, never for a broken routine, and never trusted to run code."""

from __future__ import annotations

import os
import pickle
import sys

import pytest

from coach.routine import checked_cache
from coach.routine.checked_cache import load_checked
from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine
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


def test_a_changed_sound_file_is_checked_again(tmp_path, checks):
    make_wav(tmp_path / "go.wav")
    routine_file = tmp_path / "sounds.yaml"
    routine_file.write_text(ROUTINE + "sounds:\n  go: go.wav\n", encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 1
    (tmp_path / "go.wav").write_bytes(b"not a wave")
    with pytest.raises(RoutineError, match="sounds.go"):
        load_checked(routine_file, tmp_path / "cache")


def test_changed_routine_code_means_a_new_check(tmp_path, checks, monkeypatch):
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    stamp = checked_cache._code_stamp()
    monkeypatch.setattr(checked_cache, "_code_stamp", lambda: (*stamp, ("loader.py", 1, 2)))
    load_checked(routine_file, tmp_path / "cache")
    assert len(checks) == 2


def _kept_file(tmp_path):
    (kept,) = (tmp_path / "cache" / checked_cache.FOLDER).iterdir()
    return kept


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch ran",))


@pytest.mark.parametrize("planted", ["code", "garbage", "empty", "fifo", "huge", "other"])
def test_a_kept_file_that_is_not_a_kept_routine_is_passed_over(tmp_path, checks, monkeypatch, planted):
    monkeypatch.chdir(tmp_path)
    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    expected = load_checked(routine_file, tmp_path / "cache")
    kept = _kept_file(tmp_path)
    kept.unlink()
    if planted == "code":
        kept.write_bytes(pickle.dumps(_RunsCode()))
    elif planted == "garbage":
        kept.write_bytes(b"\x80\x05garbage")
    elif planted == "empty":
        kept.write_bytes(b"")
    elif planted == "fifo":
        os.mkfifo(kept)
    elif planted == "huge":
        kept.write_bytes(b"\0" * (checked_cache.MAX_BYTES + 1))
    else:  # well formed, but another file's routine
        other = tmp_path / "other.yaml"
        other.write_text(ROUTINE.replace("Kept", "Other"), encoding="utf-8")
        kept.write_bytes(pickle.dumps((checked_cache._key(other, checked_cache._stamp(other), None), (),
                                       load_routine(other))))
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
    import subprocess

    routine_file = tmp_path / "kept.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    load_checked(routine_file, tmp_path / "cache")
    probe = ("import sys; from pathlib import Path; from coach.routine.checked_cache import load_checked; "
             f"r = load_checked(Path({str(routine_file)!r}), Path({str(tmp_path / 'cache')!r})); "
             "print(r.name, 'yaml' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["Kept", "False"]


def test_the_catalog_for_home_and_list_takes_checked_routines_and_still_lists_broken_ones(tmp_path, checks):
    from coach.paths import Places
    from coach.routine.catalog import load_catalog

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
