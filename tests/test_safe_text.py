"""The one sanitiser per target: terminal text, CSV cells, JSON printed to a terminal."""

import json
import os

import pytest

from coach.fileio import FileTooLarge, NotARegularFile, read_limited
from coach.safe_text import for_csv, for_terminal, json_for_terminal


@pytest.mark.parametrize("hostile, shown", [
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # window title
    ("\x1b[2J", "\\x1b[2J"),  # clear screen
    ("\x1b]52;c;aGk=\x1b\\", "\\x1b]52;c;aGk=\\x1b\\"),  # clipboard write (OSC 52)
    ("\x9b2J", "\\x9b2J"),  # C1 CSI
    ("a\rb", "a\\x0db"),
    ("rm\x7f", "rm\\x7f"),
    ("evil\u202etxt", "evil\\u202etxt"),
    ("lone \ud800", "lone \\ud800"),
    ("one\ntwo", "one\\ntwo"),
])
def test_for_terminal_makes_every_control_character_visible(hostile, shown):
    assert for_terminal(hostile) == shown


def test_for_terminal_keeps_tab_and_ordinary_text():
    assert for_terminal("Bird dog\t✓ done · Ünïcode") == "Bird dog\t✓ done · Ünïcode"


def test_for_terminal_keeps_newlines_only_when_lines_are_allowed():
    assert for_terminal("one\ntwo\x1b", lines=True) == "one\ntwo\\x1b"


def test_for_terminal_output_encodes_as_utf8():
    for_terminal("\udcff\ud800x").encode("utf-8")


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\\x0dcmd"),
    ("Swimming", "Swimming"), ("a=b", "a=b"),
])
def test_for_csv_neutralises_formula_cells_as_owasp_advises(cell, written):
    assert for_csv(cell) == written


def test_for_csv_leaves_numbers_alone():
    assert for_csv(-3) == -3 and for_csv(1.5) == 1.5


def test_json_for_terminal_escapes_c1_and_keeps_the_same_value():
    original = {"note": "a\x9b2Jb\u202e\x7f"}
    text = json.dumps(original, ensure_ascii=False)
    safe = json_for_terminal(text)
    assert "\x9b" not in safe and "\u202e" not in safe and "\x7f" not in safe
    assert json.loads(safe) == original


def test_read_limited_refuses_a_fifo_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="FIFO"):
        read_limited(fifo, 1000)


def test_read_limited_refuses_a_device():
    with pytest.raises(NotARegularFile, match="character device"):
        read_limited("/dev/zero", 1000)


def test_read_limited_refuses_a_file_over_the_limit(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge):
        read_limited(big, 100)
    assert read_limited(big, 101) == b"x" * 101


@pytest.mark.parametrize("lines", [False, True])
def test_text_with_nothing_to_replace_is_passed_over_only_when_the_pattern_would_change_nothing(lines):
    """for_terminal skips its pattern for text str.isprintable() allows: for every character of the Basic
    Multilingual Plane, alone and inside text, the answer is the pattern's."""
    import re

    from coach import safe_text

    pattern = re.compile(safe_text._UNSAFE_LINES if lines else safe_text._UNSAFE_INLINE)
    for code in range(0x10000):
        text = f"a {chr(code)}\tb"
        assert for_terminal(text, lines=lines) == pattern.sub(safe_text._visible, text), hex(code)
