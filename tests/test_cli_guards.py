"""What the command line refuses: exports that would overwrite what is not coach's, and arguments no file system or terminal can take."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.helpers.cli import run_coach

ROOT = Path(__file__).resolve().parents[1]


def coach(*arguments, home: Path) -> subprocess.CompletedProcess:
    return run_coach(*arguments, home=home, text=False)


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    assert coach("log", "Walk", "--minutes", "20", home=home).returncode == 0
    return home


def refused(result, target, reason: str) -> None:
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr.decode() == f"coach: cannot write {target}: {reason}\n"


# -- export ------------------------------------------------------------------------------------

def test_export_refuses_an_existing_file_without_force_and_leaves_it(home, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("my own notes\n")
    refused(coach("export", str(target), home=home), target,
            "the file exists; add --force to replace it, or choose another name")
    assert target.read_text() == "my own notes\n"


def test_export_with_force_replaces_an_existing_file(home, tmp_path):
    target = tmp_path / "old-export.json"
    target.write_text("old\n")
    result = coach("export", str(target), "--force", home=home)
    assert result.returncode == 0
    assert [session["routine_name"] for session in json.loads(target.read_text())["sessions"]] == ["Walking"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home", "old-export.json"]  # no temporary left


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_export_never_writes_through_a_symlink(home, tmp_path, force):
    real = tmp_path / "real.txt"
    real.write_text("keep me\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    refused(coach("export", str(link), *force, home=home), link,
            "it is a symbolic link; coach never writes through one. Give the real path")
    assert real.read_text() == "keep me\n" and link.is_symlink()


def test_export_refuses_a_fifo_at_once(home, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    refused(coach("export", str(fifo), "--force", home=home), fifo, "it is a FIFO (named pipe), not a regular file")


def test_export_refuses_a_device(home):
    refused(coach("export", "/dev/null", "--force", home=home), "/dev/null",
            "it is a character device, not a regular file")


@pytest.mark.parametrize("name", ["history.db", "history.db-wal", "history.db-shm"])
def test_export_never_writes_to_the_history_itself_even_with_force(home, name):
    target = home / name
    target.touch()  # -wal and -shm come and go; make sure they are there
    before = target.read_bytes()
    refused(coach("export", str(target), "--force", home=home), target,
            "that is your history itself; write to another file, e.g. coach-history.json")
    assert target.read_bytes() == before


# -- arguments ---------------------------------------------------------------------------------

def test_an_argument_that_is_not_utf8_is_refused_with_exit_2(home):
    result = coach("show", os.fsdecode(b"bad-\xff.yaml"), home=home)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == ("coach: argument 2 ('bad-\\udcff.yaml') is not valid UTF-8 text; coach takes "
                                      "names and paths written in UTF-8\n")


def test_a_routine_name_too_long_for_a_file_name_is_refused_with_exit_2(home):
    result = coach("new", "x" * 300, home=home)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("coach: the name makes a file name longer than the file system allows")
    assert not (home / "routines").exists() or list((home / "routines").iterdir()) == []


@pytest.mark.parametrize("arguments", [("--data-dir", "/tmp/" + "d" * 300, "list"),
                                       ("export", "/tmp/" + "e" * 300 + ".json"),
                                       ("show", "r" * 300 + ".yaml")])
def test_a_path_with_a_name_over_255_bytes_is_refused_with_exit_2(home, arguments):
    result = coach(*arguments, home=home)
    assert result.returncode == 2
    assert b"longer than 255 bytes" in result.stderr
    assert b"Traceback" not in result.stderr


def test_an_empty_data_dir_is_refused(home):
    result = coach("--data-dir", "", "list", home=home)
    assert result.returncode == 2
    assert b'--data-dir: give a folder, e.g. --data-dir ~/coach-data (not "")' in result.stderr


@pytest.mark.parametrize("minutes", ["0.001", "0.0166"])
def test_logging_less_than_a_second_is_refused(home, minutes):
    result = coach("log", "Blink", "--minutes", minutes, home=home)
    assert result.returncode == 2
    assert f"{minutes} minutes is less than a second".encode() in result.stderr


def test_a_number_of_minutes_with_thousands_of_digits_is_refused_without_a_traceback(home):
    result = coach("log", "Walk", "--minutes", "9" * 5000, home=home)
    assert result.returncode == 2
    assert b"is not a number of minutes" in result.stderr and b"Traceback" not in result.stderr


# -- the routines folder ---------------------------------------------------------------------

GOOD = "name: Good one\nphases:\n  - name: P\n    exercises:\n      - {name: A, duration: 10}\n"


def test_list_skips_a_fifo_and_an_ambiguous_name_and_says_which(tmp_path):
    home = tmp_path / "home"
    routines = home / "routines"
    routines.mkdir(parents=True)
    os.mkfifo(routines / "pipe.yaml")
    (routines / "twice.yaml").write_text(GOOD)
    (routines / "twice.yml").write_text(GOOD)
    (routines / "mine.yaml").write_text(GOOD)
    result = coach("list", home=home)
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.decode().splitlines() if line.strip()]
    assert "mine" in listed and "pipe" not in listed and "twice" not in listed
    assert result.stderr.decode().splitlines() == [
        f"coach: {routines / 'pipe.yaml'}: is a FIFO (named pipe), not a routine file; skipped",
        f'coach: {routines}: twice.yaml and twice.yml both name the routine "twice"; rename or remove one',
    ]
    run = coach("show", "twice", home=home)
    assert run.returncode == 2
    assert run.stderr.decode() == (f'coach: {routines}: twice.yaml and twice.yml both name the routine "twice"; '
                                   "rename or remove one\n")


def test_export_refuses_a_device_node_made_with_mknod(home, tmp_path):
    import stat

    node = tmp_path / "device.json"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    refused(coach("export", str(node), "--force", home=home), node, "it is a character device, not a regular file")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_import_of_dev_zero_or_a_fifo_is_refused_at_once(home, tmp_path, source):
    if source == "fifo":
        source = str(tmp_path / "pipe.json")
        os.mkfifo(source)
    before = (home / "history.db").read_bytes()
    result = coach("import", source, home=home)
    assert result.returncode == 2
    assert result.stderr.decode().endswith("coach: nothing was imported.\n")
    assert (home / "history.db").read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_fifo_or_dev_zero_as_settings_gives_one_warning_and_defaults(tmp_path, kind):
    home = tmp_path / "home"
    home.mkdir()
    if kind == "fifo":
        os.mkfifo(home / "settings.yaml")
    else:
        (home / "settings.yaml").symlink_to("/dev/zero")
    result = coach("log", "Walk", "--minutes", "10", home=home)
    assert result.returncode == 0
    described = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    assert result.stderr.decode().splitlines() == [
        f"coach: {home / 'settings.yaml'}: is {described}, not a regular file; using default settings"]
    assert "of 3" in result.stdout.decode()  # the default weekly goal


def test_argparse_errors_quote_arguments_without_control_characters(home):
    result = coach("list", "\x1b]0;PWNED\x07\x1b[31mRED", home=home)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert b"unrecognized arguments: \\x1b]0;PWNED\\x07\\x1b[31mRED" in result.stderr


@pytest.mark.parametrize("data_dir", ["~nosuchuser-coach/x", "loop"])
def test_a_data_folder_that_cannot_be_resolved_is_a_clear_error(tmp_path, data_dir):
    if data_dir == "loop":
        data_dir = str(tmp_path / "loop")
        os.symlink(data_dir, data_dir)
    result = coach("--data-dir", data_dir, "list", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"coach: --data-dir {data_dir}: cannot be used as a data folder (")
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["history.db", "history.db-wal", "history.db-shm"])
def test_export_refuses_the_histories_own_names_even_before_they_exist(tmp_path, name):
    home = tmp_path / "fresh"
    home.mkdir()
    target = home / name
    refused(coach("export", str(target), home=home), target,
            "that is your history itself; write to another file, e.g. coach-history.json")
    assert not target.exists()


def test_new_refuses_a_name_with_a_control_character(home):
    result = coach("new", "Mine\u009b31m", home=home)
    assert result.returncode == 2
    assert result.stderr.decode() == 'coach: "Mine\\x9b31m" has a control character; write the name in plain text\n'
    assert not (home / "routines").exists()


def test_log_refuses_a_date_an_import_could_not_take_back(home):
    result = coach("log", "Walk", "--minutes", "3", "--date", "1970-01-01", home=home)
    assert result.returncode == 2
    assert b"is before 2 January 1970; check the year" in result.stderr
