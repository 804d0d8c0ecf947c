"""Import files no coach wrote: what is not a file, too large, not UTF-8, or JSON built to break a
reader. Each is refused at once, with a located message and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.history import exchange
from coach.history.exchange import ExchangeError, read_document, read_file
from test_history_exchange import NOW, session

ROOT = Path(__file__).resolve().parents[1]


def export(*sessions: dict, **top) -> str:
    return json.dumps({"format": "coach-history", "version": 1, "sessions": list(sessions), **top})


def refusal(read, *arguments) -> list[str]:
    """The problems `read(*arguments)` refuses with; it must answer within seconds, never hang."""
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(read(*arguments))
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert outcome, f"{read.__name__} did not answer within 10 seconds"
    [result] = outcome
    assert isinstance(result, ExchangeError), result
    return result.problems


def document_refusal(text: str) -> list[str]:
    return refusal(read_document, text, "in.json", NOW)


# -- what is not an export file -------------------------------------------------------

def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert refusal(read_file, fifo, NOW) == [
        f"{fifo}: this is a FIFO (named pipe), not a file; give an export file, made with coach export FILE"]


def test_dev_zero_is_refused_at_once():
    assert refusal(read_file, Path("/dev/zero"), NOW) == [
        "/dev/zero: this is a character device, not a file; give an export file, made with coach export FILE"]


def test_a_folder_is_refused(tmp_path):
    assert refusal(read_file, tmp_path, NOW) == [
        f"{tmp_path}: this is a folder, not a file; give an export file, made with coach export FILE"]


def test_a_missing_file_says_why(tmp_path):
    missing = tmp_path / "gone.json"
    assert refusal(read_file, missing, NOW) == [f"{missing}: cannot read it: No such file or directory"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(exchange, "MOST_FILE_BYTES", 1024)
    big = tmp_path / "big.json"
    big.write_text(export(session()).ljust(1025))
    assert refusal(read_file, big, NOW) == [
        f"{big}: larger than 1 KiB, which no coach history export comes near (ten years of sessions is about 20 MB)"]
    big.write_text(export(session()).ljust(1024))
    assert len(read_file(big, NOW)) == 1


def test_the_limit_is_far_above_a_long_history_and_said_in_the_docstring():
    assert exchange.MOST_FILE_BYTES == 64 * 1024 * 1024
    assert "MOST_FILE_BYTES (64 MiB)" in exchange.read_file.__doc__


def test_bytes_that_are_not_utf8_are_refused_saying_where(tmp_path):
    latin = tmp_path / "latin1.json"
    text = json.dumps({"format": "coach-history", "version": 1, "sessions": [session(note="café")]},
                      ensure_ascii=False)
    latin.write_bytes(text.encode("latin-1"))
    offset = text.index("é")
    assert refusal(read_file, latin, NOW) == [
        f"{latin}: not a coach history export (byte {offset:,} is not UTF-8 text); "
        "give an export file, made with coach export FILE"]


def test_a_good_file_reads_even_with_a_byte_order_mark(tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(b"\xef\xbb\xbf" + export(session(note="café")).encode())
    [row] = read_file(good, NOW)
    assert row["note"] == "café"


def test_a_file_name_with_control_characters_is_shown_safely(tmp_path):
    odd = tmp_path / "odd\x1b[31m.json"
    [problem] = refusal(read_file, odd, NOW)
    assert problem.startswith(f"{tmp_path}/odd\\x1b[31m.json: cannot read it")


# -- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "message"), [
    ({"active_seconds": "HUGE"}, f"in.json: sessions[0].active_seconds: {'9' * 39}… seconds is more than a day"),
    ({"active_seconds": "-HUGE"}, "in.json: sessions[0].active_seconds: expected a number of seconds, 0 or more, "
                                  f"found -{'9' * 38}…"),
    ({"pain_after": "HUGE"}, "in.json: sessions[0].pain_after: expected a pain score from 0 to 10, found 9999"),
    ({"exercise_total": "HUGE"}, "in.json: sessions[0].exercise_total: expected a whole number from 0 to 1,000"),
    ({"routine_name": "HUGE"}, "in.json: sessions[0].routine_name: expected text, found 9999"),
    ({"exercise": {"position": "HUGE"}}, "in.json: sessions[0].exercises[0].position: expected a whole number"),
])
def test_an_integer_of_thousands_of_digits_is_refused_where_it_is(fields, message):
    text = export(session(**fields)).replace('"-HUGE"', "-" + "9" * 100_000).replace('"HUGE"', "9" * 100_000)
    assert any(problem.startswith(message) for problem in document_refusal(text))


def test_integers_are_converted_up_to_eighteen_digits_and_longer_ones_are_not():
    assert exchange._integer("-" + "9" * 18) == -(10**18 - 1)
    longer = exchange._integer("-" + "9" * 19)
    assert (type(longer), longer, longer.text) == (exchange._LongNumber, float("-inf"), "-" + "9" * 19)


def test_a_huge_integer_where_nothing_reads_it_is_ignored_like_any_unknown_field():
    [row] = read_document(export(session(), extra="HUGE").replace('"HUGE"', "9" * 100_000), "in.json", NOW)
    assert row["uuid"] == "u-1"


def test_a_huge_version_is_refused():
    text = export(session()).replace('"version": 1', '"version": ' + "1" * 5000)
    assert document_refusal(text) == [
        "in.json: version: expected a whole number, found 111111111111111111111111111111111111111…"]


@pytest.mark.parametrize(("literal", "message"), [
    ("NaN", "expected a number of seconds, 0 or more, found NaN"),
    ("-Infinity", "expected a number of seconds, 0 or more, found -Infinity"),
    ("Infinity", "Infinity seconds is more than a day"),
    ("1e999", "Infinity seconds is more than a day"),
])
def test_nan_and_infinity_are_refused_where_they_are(literal, message):
    text = export(session(active_seconds="X")).replace('"X"', literal)
    [problem] = document_refusal(text)
    assert problem.startswith(f"in.json: sessions[0].active_seconds: {message}")


# -- nesting ---------------------------------------------------------------------------

TOO_DEEP = "nested more than 20 levels deep, where a coach history export has 5; make one with coach export FILE"


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 100_000 + "1" + "}" * 100_000,
    export(session(extra="DEEP")).replace('"DEEP"', "[" * 100_000 + "]" * 100_000),
])
def test_a_hundred_thousand_levels_are_refused_with_a_message_not_a_recursion_error(text):
    assert document_refusal(text) == [f"in.json: {TOO_DEEP}"]


def test_twenty_levels_read_and_twenty_one_are_refused_saying_where():
    # The document is level 1, so "extra" is level 2: 19 brackets reach level 20.
    deep = export(session(), extra="X")
    assert read_document(deep.replace('"X"', "[" * 19 + "]" * 19), "in.json", NOW)
    assert document_refusal(deep.replace('"X"', "[" * 20 + "]" * 20)) == [f"in.json: extra{'[0]' * 19}: {TOO_DEEP}"]
    within = export(session(extra={"a": {"b": "X"}})).replace('"X"', "[" * 20 + "]" * 20)
    assert document_refusal(within) == [f"in.json: sessions[0].extra.a.b{'[0]' * 15}: {TOO_DEEP}"]


# -- lone surrogates -------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "message"), [
    ({"note": "sore\ud800"}, 'in.json: sessions[0].note: "sore\\ud800" has a lone surrogate (\\ud800)'),
    ({"routine_name": "\udfff"}, 'in.json: sessions[0].routine_name: "\\udfff" has a lone surrogate (\\udfff)'),
    ({"status": "\udc80"}, 'in.json: sessions[0].status: "\\udc80" has a lone surrogate (\\udc80)'),
    ({"exercise": {"name": "Walk\ud83d"}},
     'in.json: sessions[0].exercises[0].name: "Walk\\ud83d" has a lone surrogate (\\ud83d)'),
    ({"comment": ["fine", "\ud800"]}, 'in.json: sessions[0].comment[1]: "\\ud800" has a lone surrogate'),
    ({"\ud800": 1}, 'in.json: sessions[0]["\\ud800"]: the name "\\ud800" has a lone surrogate (\\ud800)'),
])
def test_a_lone_surrogate_anywhere_is_refused_naming_the_field(fields, message):
    [problem] = document_refusal(export(session(**fields)))
    assert problem.startswith(message), problem
    assert problem.endswith("half of a character: it can be neither stored nor shown")
    problem.encode("utf-8")  # the message itself prints anywhere


def test_a_surrogate_pair_is_one_character_and_reads():
    [row] = read_document(export(session(note="strong \ud83d\udcaa")), "in.json", NOW)
    assert row["note"] == "strong 💪"


# -- one uuid, two sessions --------------------------------------------------------------

def test_two_sessions_with_one_uuid_are_refused_naming_both():
    sessions = [session(uuid="a"), session(uuid="b"), session(uuid="a"), session(uuid="a")]
    assert document_refusal(export(*sessions)) == [
        'in.json: sessions[2].uuid: "a" is also the uuid of sessions[0] (each session has its own)',
        'in.json: sessions[3].uuid: "a" is also the uuid of sessions[0] (each session has its own)',
    ]


# -- through the command line, as a person meets them ------------------------------------

@pytest.mark.slow  # a child process
@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, TOO_DEEP),
    (export(session(note="\ud800")), 'sessions[0].note: "\\ud800" has a lone surrogate'),
    (export(session(active_seconds="HUGE")).replace('"HUGE"', "9" * 5000), "sessions[0].active_seconds: 9999"),
], ids=["deep-nesting", "lone-surrogate", "huge-number"])  # short ids: the test's id goes into the environment
def test_coach_import_refuses_a_hostile_file_without_a_traceback(tmp_path, text, message):
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text)
    result = subprocess.run([sys.executable, "-m", "coach", "import", str(hostile)], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert f"{hostile}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
