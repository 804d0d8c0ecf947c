"""Hostile routine files and folders: FIFOs and devices, numbers of thousands of digits, control
characters, and a routines folder holding things that are not routines. Every refusal is a located
problem (FILE[:LINE:COL]: key.path: message), never a traceback and never a hang."""

from __future__ import annotations

import json
import os
import re
import socket
import tempfile
import threading
from pathlib import Path

import pytest
import yaml

from coach.paths import Places
from coach.routine import yaml_source
from coach.routine.catalog import Catalog, RoutineFile, RoutineNotFound, find_routine, routine_files, scan
from coach.routine.errors import RoutineError
from coach.routine.loader import load_routine

HEAD = "name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n"  # the exercise's keys start on line 6
LINE = re.compile(r"^[^:]+(:\d+:\d+)?: .+")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
HUGE = "1" * 5000  # Python's int() refuses more than 4,300 digits


def finishes(call, seconds: float = 10):
    """The result of `call()`, or a failure if it blocks: a FIFO read would wait for ever."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def problems(path: Path, display: str = "r.yaml") -> list[str]:
    with pytest.raises(RoutineError) as caught:
        finishes(lambda: load_routine(path, display=display))
    lines = [str(problem) for problem in caught.value.problems]
    for line in lines:
        assert LINE.match(line), line
        assert "\n" not in line and not UNSAFE.search(line), repr(line)
    return lines


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return problems(path)


def quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string, escapes and all


# -- only regular files are read -------------------------------------------------------------

def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert problems(fifo, "pipe.yaml") == ["pipe.yaml: is a FIFO (named pipe), not a routine file"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_character_device_is_refused_at_once(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing here")
    assert problems(Path(device), device) == [f"{device}: is a character device, not a routine file"]


def test_a_socket_is_refused_by_its_kind():
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # a socket path must be short
        path = Path(folder) / "s.yaml"
        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(str(path))
            assert problems(path, "s.yaml") == ["s.yaml: is a socket, not a routine file"]
        finally:
            server.close()


def test_a_link_to_a_fifo_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "pipe")
    assert problems(tmp_path / "link.yaml", "link.yaml") == ["link.yaml: is a FIFO (named pipe), not a routine file"]


def test_a_link_to_a_regular_file_is_read(tmp_path):
    (tmp_path / "real.yaml").write_text(HEAD + "        duration: 3\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert load_routine(tmp_path / "link.yaml").name == "R"


def test_a_file_that_grows_past_the_limit_is_still_refused(tmp_path, monkeypatch):
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + "        duration: 3\n", encoding="utf-8")
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 10)
    assert problems(path) == ["r.yaml: the file is larger than 1 MiB; routine files are limited to 1 MiB"]


# -- numbers are bounded before they are converted -----------------------------------------------

def at(key: str, value: str, extra: str = "        duration: 30\n") -> str:
    """A routine with `key: value` in its one exercise; the value starts at column 9 + len(key) + 2."""
    return HEAD + extra + f"        {key}: {value}\n"


# (where the value goes, the routine text, the located first line of the error, up to the value)
NUMBERS = {
    "sets": (at("sets", HUGE), "r.yaml:7:15: phases[0].exercises[0].sets: must be from 1 to 50, got 1111"),
    "reps": (at("reps", HUGE, ""), "r.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 1111"),
    "reps list": (at("reps", f"[{HUGE}]", ""), "r.yaml:6:16: phases[0].exercises[0].reps[0]: must be from 1 to 500, got 1111"),
    "negative reps": (at("reps", f"-{HUGE}", ""), "r.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got -1111"),
    "countdown": (at("countdown", HUGE), "r.yaml:7:20: phases[0].exercises[0].countdown: must be from 0 to 10, got 1111"),
    "defaults countdown": (f"defaults:\n  countdown: {HUGE}\n" + HEAD + "        duration: 3\n",
                           "r.yaml:2:14: defaults.countdown: must be from 0 to 10, got 1111"),
    "weekly_goal": (f"weekly_goal: {HUGE}\n" + HEAD + "        duration: 3\n",
                    "r.yaml:1:14: weekly_goal: must be from 1 to 14, got 1111"),
    "duration": (at("duration", HUGE, ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "duration float": (at("duration", HUGE + ".5", ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "duration text": (at("duration", f'"{HUGE}"', ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "hold seconds": (at("hold", f'"{HUGE}s"', "        reps: 3\n"), "r.yaml:7:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got 1111"),
    "hold minutes": (at("hold", f'"{HUGE}m"', "        reps: 3\n"), "r.yaml:7:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got 1111"),
    "hold hours": (at("hold", f'"{HUGE}h"', "        reps: 3\n"), "r.yaml:7:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got 1111"),
    "tempo": (at("tempo", HUGE, "        reps: 3\n"), "r.yaml:7:16: phases[0].exercises[0].tempo: must be from 1 second to 4 hours, got 1111"),
    "clock": (at("duration", f'"{HUGE}:30"', ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "plain clock": (at("duration", f"{HUGE}:30", ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "long clock": (at("duration", f'"{HUGE}:00:30"', ""), "r.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 1111"),
    "rest": (at("rest", HUGE), "r.yaml:7:15: phases[0].exercises[0].rest: must be from 0 (none) up to 4 hours, got 1111"),
    "switch_sides": (at("switch_sides", f'"{HUGE}s"'), "r.yaml:7:23: phases[0].exercises[0].switch_sides: must be from 0 (none) up to 4 hours, got 1111"),
    "get_ready": (f"defaults:\n  get_ready: {HUGE}\n" + HEAD + "        duration: 3\n",
                  "r.yaml:2:14: defaults.get_ready: must be from 0 (none) up to 4 hours, got 1111"),
    "after": (HEAD + f"        duration: 30\n        at:\n          - after: {HUGE}\n            cue: Go\n",
              "r.yaml:8:20: phases[0].exercises[0].at[0].after: must be from 1 second to 4 hours, got 1111"),
    "after text": (HEAD + f'        duration: 30\n        at:\n          - after: "{HUGE}s"\n            cue: Go\n',
                   "r.yaml:8:20: phases[0].exercises[0].at[0].after: must be from 1 second to 4 hours, got 1111"),
    "explicit int tag": (at("sets", f"!!int {HUGE}"), "r.yaml:7:15: phases[0].exercises[0].sets: must be from 1 to 50, got 1111"),
}


@pytest.mark.parametrize("case", NUMBERS)
def test_a_number_of_thousands_of_digits_is_out_of_range_not_a_crash(tmp_path, case):
    text, expected = NUMBERS[case]
    first = errors(tmp_path, text)[0]
    assert first.startswith(expected), first
    assert first.endswith("…")  # the value is shortened in the message


@pytest.mark.parametrize("digits", [16, 4300, 4301, 100_000])
def test_the_digit_bound_holds_at_every_length(tmp_path, digits):
    assert errors(tmp_path, at("sets", "1" * digits))[0].startswith(
        "r.yaml:7:15: phases[0].exercises[0].sets: must be from 1 to 50, got 1111")


def test_leading_zeros_do_not_count_towards_the_digit_bound(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + f'        duration: "{"0" * 5000}30s"\n', encoding="utf-8")
    assert load_routine(path).phases[0].exercises[0].duration == 30


def test_many_decimal_places_are_only_a_fraction(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + f"        duration: 2.{'5' * 5000}\n", encoding="utf-8")
    assert load_routine(path).phases[0].exercises[0].duration == float("2." + "5" * 5000)


# -- control characters in routine text --------------------------------------------------------

def text_at(key: str, value: str) -> tuple[str, str]:
    """A routine with the text `value` (written as a double-quoted YAML string) under `key`,
    and the FILE:LINE:COL: path of that value."""
    value = quoted(value)
    places = {
        "name": (f"name: {value}\n" + HEAD[8:] + "        duration: 3\n", "r.yaml:1:7: name"),
        "description": (f"description: {value}\n" + HEAD + "        duration: 3\n", "r.yaml:1:14: description"),
        "safety": (f"safety: {value}\n" + HEAD + "        duration: 3\n", "r.yaml:1:9: safety"),
        "phase name": ("name: R\nphases:\n  - name: " + value + "\n    exercises:\n      - {name: E, duration: 3}\n",
                       "r.yaml:3:11: phases[0].name"),
        "exercise name": ("name: R\nphases:\n  - name: P\n    exercises:\n      - name: " + value + "\n        duration: 3\n",
                          "r.yaml:5:15: phases[0].exercises[0].name"),
        "cue": (HEAD + f"        duration: 3\n        cues: {value}\n", "r.yaml:7:15: phases[0].exercises[0].cues"),
        "cue list": (HEAD + f"        duration: 3\n        cues: [Ok, {value}]\n", "r.yaml:7:20: phases[0].exercises[0].cues[1]"),
        "say": (HEAD + f"        duration: 3\n        say: {value}\n", "r.yaml:7:14: phases[0].exercises[0].say"),
        "at cue": (HEAD + f"        duration: 30\n        at:\n          - half: true\n            cue: {value}\n",
                   "r.yaml:9:18: phases[0].exercises[0].at[0].cue"),
        "sound": (f"sounds:\n  go: {value}\n" + HEAD + "        duration: 3\n", "r.yaml:2:7: sounds.go"),
    }
    return places[key]


TEXT_KEYS = ["name", "description", "safety", "phase name", "exercise name", "cue", "cue list", "say", "at cue", "sound"]
CONTROLS = {
    "\x1b": "U+001B ESC",
    "\x00": "U+0000 NUL",
    "\x07": "U+0007 BEL",
    "\r": "U+000D CR",
    "\x1f": "U+001F US",
    "\x7f": "U+007F DEL",
    "\x85": "U+0085 NEL",
    "\x9b": "U+009B CSI",
    "\x9d": "U+009D OSC",
    "\x9f": "U+009F APC",
}


@pytest.mark.parametrize("key", TEXT_KEYS)
@pytest.mark.parametrize("character", CONTROLS, ids=CONTROLS.values())
def test_a_control_character_in_any_text_is_a_located_error(tmp_path, key, character):
    text, place = text_at(key, f"Bridge{character}[2J")
    assert f"{place}: contains a control character ({CONTROLS[character]}); remove it" in errors(tmp_path, text)


@pytest.mark.parametrize("key", TEXT_KEYS)
def test_an_escape_sequence_written_as_a_yaml_escape_is_refused(tmp_path, key):
    text, place = text_at(key, "x")
    text = text.replace('"x"', r'"Go\e]0;pwned\a"')
    assert f"{place}: contains a control character (U+001B ESC); remove it" in errors(tmp_path, text)


@pytest.mark.parametrize("key", TEXT_KEYS)
def test_a_control_character_at_either_end_is_not_trimmed_away(tmp_path, key):
    # str.strip() counts U+001C–U+001F and U+0085 as white space: the check comes first.
    text, place = text_at(key, "\x1cBridge\x85")
    assert f"{place}: contains a control character (U+001C FS); remove it" in errors(tmp_path, text)


def test_a_lone_surrogate_is_refused_where_the_parser_lets_it_through(tmp_path, monkeypatch):
    # libyaml refuses "\ud800" itself; the pure-Python parser, the fallback, does not.
    monkeypatch.setattr(yaml_source, "_Loader", yaml.SafeLoader)
    text = 'name: "Bridge\\ud800"\n' + HEAD[8:] + "        duration: 3\n"
    assert errors(tmp_path, text) == [
        "r.yaml:1:7: name: contains a lone surrogate (U+D800), which is not a character; remove it"
    ]


def test_a_lone_surrogate_is_refused_by_libyaml_too(tmp_path):
    text = 'name: "Bridge\\ud800"\n' + HEAD[8:] + "        duration: 3\n"
    assert errors(tmp_path, text)[0].startswith("r.yaml:1:")


@pytest.mark.parametrize("key", ["name", "phase name", "exercise name", "cue", "cue list", "say", "at cue", "sound"])
def test_a_line_break_in_one_line_text_is_a_located_error(tmp_path, key):
    text, place = text_at(key, "Bridge\nsecond line")
    assert f"{place}: contains a line break; write it on one line" in errors(tmp_path, text)


@pytest.mark.parametrize("key", ["description", "safety"])
def test_description_and_safety_may_span_lines(tmp_path, key):
    text, _ = text_at(key, "First line.\n\tSecond line.\n")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    field = key.replace(" ", "_")
    assert getattr(load_routine(path), field) == "First line.\n\tSecond line."


def test_a_block_scalar_name_loses_its_final_line_break(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("name: |\n  Morning\n" + HEAD[8:] + "        duration: 3\n", encoding="utf-8")
    assert load_routine(path).name == "Morning"


def test_tab_is_allowed_in_text(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text('name: "Left\\tRight"\n' + HEAD[8:] + "        duration: 3\n", encoding="utf-8")
    assert load_routine(path).name == "Left\tRight"


# -- file content is never echoed raw in a message -----------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"\\e[2J": 1\n' + HEAD + "        duration: 3\n",
         'r.yaml:1:1: unknown key "\\x1b[2J"; expected one of: name, description, safety, weekly_goal, defaults, phases, sounds'),
        ('"nam\\e": 1\n' + HEAD + "        duration: 3\n", 'r.yaml:1:1: unknown key "nam\\x1b"; did you mean "name"?'),
        (HEAD + '        duration: 3\n        "\\x9b31m": 1\n',
         'r.yaml:7:9: phases[0].exercises[0]: unknown key "\\x9b31m"; expected one of: name, sets, reps, hold, tempo, '
         "duration, sides, cues, say, at, pose, image, rest, rest_between_sets, rest_between_reps, switch_sides, countdown"),
        ("name: R\nphases:\n  - name: P\n    kind: \"\\e[2J\"\n    exercises: [{name: E, duration: 3}]\n",
         'r.yaml:4:11: phases[0].kind: expected one of warmup, main, cooldown, aerobic, got "\\x1b[2J"'),
        (HEAD + '        duration: "\\e[2J"\n',
         'r.yaml:6:19: phases[0].exercises[0].duration: expected a duration like 30, "30s" or "1m30s", got "\\x1b[2J"'),
        (HEAD + '        duration: 3\n        sides: "\\u009b"\n',
         'r.yaml:7:16: phases[0].exercises[0].sides: expected true, false, or a list such as [right, left], got "\\x9b"'),
        ('name: !foo%1B%5B2J x\n', 'r.yaml:1:7: the YAML tag "!foo\\x1b[2J" is not allowed in routine files'),
    ],
    ids=["unknown key", "close key", "C1 key", "kind", "duration", "sides", "tag"],
)
def test_hostile_text_is_shown_escaped_in_the_message(tmp_path, text, expected):
    assert expected in errors(tmp_path, text)


def test_a_sound_path_is_named_escaped_when_missing(tmp_path):
    folder = tmp_path / "routines\x1b[2J"
    folder.mkdir()
    path = folder / "r.yaml"
    path.write_text("sounds:\n  go: beep.wav\n" + HEAD + "        duration: 3\n", encoding="utf-8")
    [line] = problems(path)
    assert line.startswith('r.yaml:2:7: sounds.go: no such file "beep.wav" (looked for ')
    assert "routines\\x1b[2J" in line


# -- the routines folder -------------------------------------------------------------------------

ROUTINE = "name: Mine\nphases:\n  - name: P\n    exercises:\n      - {name: E, duration: 3}\n"


@pytest.fixture
def places(tmp_path) -> Places:
    places = Places(data_dir=tmp_path / "data", config_dir=tmp_path / "data")
    places.user_routines.mkdir(parents=True)
    return places


def mine(catalog: Catalog) -> dict[str, str]:
    return {entry.name: entry.path.name for entry in catalog.entries if not entry.bundled}


def test_scan_lists_regular_files_and_links_to_them(places, tmp_path):
    (places.user_routines / "a.yaml").write_text(ROUTINE)
    (places.user_routines / "b.yml").write_text(ROUTINE)
    (tmp_path / "elsewhere.yaml").write_text(ROUTINE)
    (places.user_routines / "c.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (places.user_routines / "notes.txt").write_text("not a routine")
    catalog = scan(places)
    assert mine(catalog) == {"a": "a.yaml", "b": "b.yml", "c": "c.yaml"}
    assert catalog.notices == []


def test_scan_skips_fifos_devices_folders_and_broken_links_with_a_notice(places):
    folder = places.user_routines
    os.mkfifo(folder / "pipe.yaml")
    (folder / "dir.yaml").mkdir()
    (folder / "zero.yml").symlink_to("/dev/zero")
    (folder / "gone.yaml").symlink_to(folder / "missing")
    (folder / "good.yaml").write_text(ROUTINE)
    catalog = finishes(lambda: scan(places))  # a FIFO is looked at, never opened
    assert mine(catalog) == {"good": "good.yaml"}
    assert catalog.notices == [
        f"{folder / 'dir.yaml'}: is a folder, not a routine file; skipped",
        f"{folder / 'gone.yaml'}: cannot be read: No such file or directory; skipped",
        f"{folder / 'pipe.yaml'}: is a FIFO (named pipe), not a routine file; skipped",
        f"{folder / 'zero.yml'}: is a character device, not a routine file; skipped",
    ]


def test_routine_files_keeps_returning_the_entries(places):
    os.mkfifo(places.user_routines / "pipe.yaml")
    (places.user_routines / "good.yaml").write_text(ROUTINE)
    entries = routine_files(places)
    assert entries == scan(places).entries
    assert all(isinstance(entry, RoutineFile) for entry in entries)
    assert [entry.name for entry in entries if not entry.bundled] == ["good"]


def test_yaml_beside_yml_is_ambiguous_and_neither_is_listed(places):
    (places.user_routines / "a.yaml").write_text(ROUTINE)
    (places.user_routines / "a.yml").write_text(ROUTINE)
    (places.user_routines / "b.yaml").write_text(ROUTINE)
    catalog = scan(places)
    assert mine(catalog) == {"b": "b.yaml"}
    assert catalog.notices == [
        f'{places.user_routines}: a.yaml and a.yml both name the routine "a"; rename or remove one'
    ]


def test_find_routine_refuses_an_ambiguous_name_instead_of_picking_one(places):
    (places.user_routines / "a.yaml").write_text(ROUTINE)
    (places.user_routines / "a.yml").write_text(ROUTINE)
    with pytest.raises(RoutineNotFound) as caught:
        find_routine("a", places)
    assert str(caught.value) == f'{places.user_routines}: a.yaml and a.yml both name the routine "a"; rename or remove one'


def test_ambiguous_user_files_hide_the_bundled_routine_of_that_name(places):
    (places.user_routines / "desk-break.yaml").write_text(ROUTINE)
    (places.user_routines / "desk-break.yml").write_text(ROUTINE)
    catalog = scan(places)
    assert "desk-break" not in {entry.name for entry in catalog.entries}
    with pytest.raises(RoutineNotFound, match="both name the routine"):
        find_routine("desk-break", places)


def test_a_user_routine_still_hides_a_bundled_one(places):
    (places.user_routines / "desk-break.yml").write_text(ROUTINE)
    [entry] = [entry for entry in scan(places).entries if entry.name == "desk-break"]
    assert not entry.bundled and entry.path == places.user_routines / "desk-break.yml"
    assert find_routine("desk-break", places) == entry.path


def test_a_fifo_does_not_hide_a_bundled_routine(places):
    os.mkfifo(places.user_routines / "desk-break.yaml")
    [entry] = [entry for entry in finishes(lambda: scan(places)).entries if entry.name == "desk-break"]
    assert entry.bundled


def test_the_bundled_routines_are_listed_without_notices(places):
    catalog = scan(places)
    assert catalog.notices == []
    assert {"back-basics", "desk-break"} <= {entry.name for entry in catalog.entries if entry.bundled}


def test_a_missing_user_folder_is_no_notice(tmp_path):
    catalog = scan(Places(data_dir=tmp_path / "none", config_dir=tmp_path / "none"))
    assert catalog.notices == [] and catalog.entries


def test_an_unreadable_user_folder_is_a_notice(places, monkeypatch):
    listing = Path.iterdir

    def refuse(folder):
        if folder == places.user_routines:
            raise PermissionError(13, "Permission denied")
        return listing(folder)

    monkeypatch.setattr(Path, "iterdir", refuse)  # chmod 0 does not stop root
    catalog = scan(places)
    assert catalog.notices == [f"{places.user_routines}: cannot be read: Permission denied; its routines are not listed"]


def test_a_hostile_file_name_is_escaped_in_the_notice(places):
    os.mkfifo(places.user_routines / "evil\x1b[2J.yaml")
    (places.user_routines / "twin\x9b.yaml").write_text(ROUTINE)
    (places.user_routines / "twin\x9b.yml").write_text(ROUTINE)
    notices = scan(places).notices
    assert len(notices) == 2
    assert not any(UNSAFE.search(notice) for notice in notices)
    assert "evil\\x1b[2J.yaml" in notices[0] and "twin\\x9b.yaml and twin\\x9b.yml" in notices[1]


def test_find_routine_does_not_open_a_fifo_in_the_folder(places):
    os.mkfifo(places.user_routines / "pipe.yaml")
    with pytest.raises(RoutineNotFound, match='no routine called "pipe"'):
        finishes(lambda: find_routine("pipe", places))


@pytest.mark.parametrize("text, place", [
    ('name: "ééééé\u009b"\n', (1, 13)),
    ('# é\nname: "\u009b"\n', (2, 8)),
])
def test_a_character_yaml_refuses_is_located_in_characters_after_non_ascii_text(tmp_path, text, place):
    from coach.routine.errors import RoutineError
    from coach.routine.loader import load_routine

    path = tmp_path / "r.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(RoutineError) as refused:
        load_routine(path)
    problem = refused.value.problems[0]
    assert (problem.line, problem.column) == place
    assert "U+009B" in problem.message
