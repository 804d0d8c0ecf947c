"""coach's own state file: never an obstacle when broken, written atomically, other keys kept."""

import json
import os
import threading

import pytest

from coach.fileio import FileTooLarge, NotARegularFile
from coach.paths import Places
from coach.state import State, acknowledge_safety, load_state, save_state


@pytest.fixture
def state_file(tmp_path):
    return tmp_path / "state.json"


def test_the_state_file_lives_in_the_data_folder_not_beside_the_settings(tmp_path):
    places = Places(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    assert places.state_file == tmp_path / "data" / "state.json"


def test_no_state_file_means_the_defaults(state_file):
    assert load_state(state_file) == State(safety_acknowledged=False)


def test_acknowledging_safety_is_remembered(state_file):
    assert acknowledge_safety(state_file) == State(safety_acknowledged=True)
    assert load_state(state_file) == State(safety_acknowledged=True)
    assert json.loads(state_file.read_text()) == {"safety_acknowledged": True}


def test_saving_creates_the_folder(tmp_path):
    path = tmp_path / "new" / "state.json"
    save_state(path, State(safety_acknowledged=True))
    assert load_state(path) == State(safety_acknowledged=True)


def test_keys_this_version_does_not_know_are_kept_when_saving(state_file):
    newer = {"safety_acknowledged": False, "last_program": {"name": "Gentle", "week": 3},
             "odd": "lone \ud800", "ratio": 0.25}
    state_file.write_text(json.dumps(newer))
    acknowledge_safety(state_file)
    assert json.loads(state_file.read_text()) == {**newer, "safety_acknowledged": True}


def test_saving_false_forgets_the_acknowledgement(state_file):
    acknowledge_safety(state_file)
    save_state(state_file, State(safety_acknowledged=False))
    assert load_state(state_file) == State(safety_acknowledged=False)


@pytest.mark.parametrize("content", [
    b"",
    b"{not json",
    b"[true]",
    b'"safety_acknowledged"',
    b"\xff\xfe\x00garbage",
    b'{"safety_acknowledged": "yes"}',
    b'{"safety_acknowledged": 1}',
    b'{"safety_acknowledged": true, "n": ' + b"9" * 5000 + b"}",
    b"[" * 60_000,
])
def test_a_broken_state_file_means_the_defaults(state_file, content):
    state_file.write_bytes(content)
    assert load_state(state_file) == State(safety_acknowledged=False)


def test_a_broken_state_file_is_replaced_when_saving(state_file):
    state_file.write_bytes(b"{not json")
    acknowledge_safety(state_file)
    assert json.loads(state_file.read_text()) == {"safety_acknowledged": True}


def test_an_oversized_state_file_means_the_defaults_and_is_not_overwritten(state_file):
    big = json.dumps({"safety_acknowledged": True, "pad": "x" * 70_000}).encode()
    state_file.write_bytes(big)
    assert load_state(state_file) == State(safety_acknowledged=False)
    with pytest.raises(FileTooLarge):
        acknowledge_safety(state_file)
    assert state_file.read_bytes() == big


def test_a_fifo_means_the_defaults_at_once_and_is_not_replaced(state_file):
    os.mkfifo(state_file)
    result = []
    worker = threading.Thread(target=lambda: result.append(load_state(state_file)), daemon=True)
    worker.start()
    worker.join(5)
    assert result == [State(safety_acknowledged=False)]
    with pytest.raises(NotARegularFile):
        acknowledge_safety(state_file)
    assert state_file.is_fifo()


def test_a_folder_where_the_state_file_should_be_means_the_defaults(state_file):
    state_file.mkdir()
    assert load_state(state_file) == State(safety_acknowledged=False)
    with pytest.raises(OSError):
        acknowledge_safety(state_file)


def test_saving_where_no_folder_can_be_made_raises_oserror(tmp_path):
    (tmp_path / "data").write_text("a file, not a folder")
    with pytest.raises(OSError):
        acknowledge_safety(tmp_path / "data" / "state.json")
