"""parse_duration, format_duration and format_clock."""

import math
import subprocess
import sys

import pytest

from coach.routine.durations import MAX_DIGITS, MAX_SECONDS, format_clock, format_duration, parse_duration, too_many_digits


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("0", 0),
        ("45s", 45),
        ("2m", 120),
        ("1h", 3600),
        ("1m30s", 90),
        ("1h5m", 3900),
        ("1h5m7s", 3907),
        ("1:30", 90),
        ("0:05", 5),
        ("1:02:03", 3723),
        ("4:00:00", 14400),
        ("1.5", 1.5),
        ("2.5s", 2.5),
        ("1m 30s", 90),
        (" 45 s ", 45),
        ("  1:30  ", 90),
    ],
)
def test_parse_duration_returns_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["thirty", "", "   ", "nan", "inf", "-inf", "NaN", "1:75", "1:5", "1:02:60", "1.5m", "m", "s", "1x", "1s30m", "1:30s", "h"],
)
def test_parse_duration_rejects_text_that_is_not_a_duration(text):
    assert parse_duration(text) is None


def test_parse_duration_leaves_range_checks_to_the_caller():
    assert parse_duration("5h") == 5 * 3600
    assert parse_duration("0s") == 0


@pytest.mark.parametrize("text", ["-5", "+5", ".5", "1e3", "-0"])
def test_parse_duration_takes_only_plain_digits_as_the_json_schema_does(text):
    assert parse_duration(text) is None


HUGE = "1" * 5000  # Python's int() refuses more than 4,300 digits


@pytest.mark.parametrize(
    "text",
    [HUGE, f"{HUGE}.5", f"{HUGE}s", f"{HUGE}m", f"{HUGE}h", f"{HUGE}m30s", f"{HUGE}h5m", f"{HUGE}:30", f"{HUGE}:00:30",
     f" {HUGE} ", "1" * (MAX_DIGITS + 1), "1" * 4301],
)
def test_a_number_of_too_many_digits_is_infinitely_long_not_an_error(text):
    assert parse_duration(text) == math.inf


@pytest.mark.parametrize("text", [f"1m{HUGE}s", f"1h{HUGE}m", f"{HUGE}x", f"1:{HUGE}"])
def test_too_many_digits_where_a_duration_cannot_have_them_is_no_duration(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize(("text", "seconds"), [("0" * 5000 + "30", 30), ("0" * 5000 + "30s", 30), ("0" * 5000 + "1:30", 90),
                                               ("2." + "5" * 5000, float("2." + "5" * 5000))])
def test_leading_zeros_and_decimal_places_do_not_count_as_digits(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("number", "too_many"),
    [("1" * MAX_DIGITS, False), ("1" * (MAX_DIGITS + 1), True), ("-" + "1" * (MAX_DIGITS + 1), True),
     ("0" * 100 + "7", False), ("1." + "1" * 100, False), ("+14400.5", False)],
)
def test_too_many_digits_counts_the_whole_part_without_leading_zeros(number, too_many):
    assert too_many_digits(number) is too_many


@pytest.mark.slow  # a child process
@pytest.mark.parametrize(
    "expression",
    ['" " * 200_000 + "x"', '"1h" + " " * 200_000 + "x"', '"1" + " " * 100_000 + "h" + " " * 100_000 + "x"',
     '"1" * 200_000 + "x"', '"1m" + "1" * 200_000'],
)
def test_parsing_a_long_hostile_string_takes_linear_time(expression):
    # Runs of spaces once split many ways between the parts' \s*; a child process, as a regular
    # expression that backtracks holds the interpreter's lock and cannot be stopped from a thread.
    code = f"from coach.routine.durations import parse_duration; assert parse_duration({expression}) is None"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)


def test_max_seconds_is_four_hours():
    assert MAX_SECONDS == 14400


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (0, "0 s"),
        (1, "1 s"),
        (45, "45 s"),
        (60, "1 min"),
        (120, "2 min"),
        (90, "1 min 30 s"),
        (3600, "1 h"),
        (3601, "1 h 1 s"),
        (3900, "1 h 5 min"),
        (3907, "1 h 5 min 7 s"),
        (1027.0, "17 min 7 s"),
        (89.6, "1 min 29.6 s"),
        (0.4, "0.4 s"),
        (2.5, "2.5 s"),
        (10.5, "10.5 s"),
        (3599.5, "59 min 59.5 s"),
        (3 * 1.1, "3.3 s"),
        (14400, "4 h"),
    ],
)
def test_format_duration_is_compact(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59.9, "0:59"),
        (60, "1:00"),
        (90, "1:30"),
        (599, "9:59"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (36000, "10:00:00"),
        (-5, "0:00"),
    ],
)
def test_format_clock_shows_minutes_and_seconds(seconds, text):
    assert format_clock(seconds) == text


@pytest.mark.parametrize("seconds", [0, 5, 59, 60, 90, 3599, 3600, 3723, 14400])
def test_format_clock_round_trips_through_parse_duration(seconds):
    assert parse_duration(format_clock(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (sum([1.2] * 50), "1 min"),  # 60.00000000000006
        (sum([1.6] * 75), "2 min"),  # 119.99999999999983
        (59.99999999999999, "1 min"),
    ],
)
def test_format_duration_does_not_show_float_noise(seconds, text):
    assert format_duration(seconds) == text
