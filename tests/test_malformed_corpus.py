"""Every file in tests/malformed/ is refused with located errors, by `coach validate` and by the loader.

Each file is named for what it breaks. `coach validate FILE` must exit 2, print no traceback, and
print only lines of the form FILE[:LINE:COL]: message. EXPECTED holds the exact first line for
most files. Huge hostile files are generated into tmp_path rather than committed.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach.routine.errors import RoutineError
from coach.routine.loader import DEFAULT_KEYS, ROUTINE_KEYS, load_routine
from coach.routine.yaml_source import MAX_BYTES

CORPUS = Path(__file__).resolve().parent / "malformed"
FILES = sorted(path.name for path in CORPUS.iterdir() if path.is_file())
LINE = re.compile(r"^[^:]+(:\d+:\d+)?: .+")

# Files that show a bug in coach/ code; each is reported, and marked xfail(strict=True) below.
BUGS: dict[str, str] = {}

DURATION = 'expected a duration like 30, "30s" or "1m30s"'

EXPECTED = {
    "alias-bomb.yaml": "alias-bomb.yaml:2:8: aliases (*name) are not allowed in routine files; write the value out",
    "alias.yaml": "alias.yaml:2:14: aliases (*name) are not allowed in routine files; write the value out",
    "at-after-and-half.yaml": 'at-after-and-half.yaml:8:13: phases[0].exercises[0].at[0]: give either "after" (a time into the step) or "half: true", exactly one',
    "at-after-past-end.yaml": "at-after-past-end.yaml:8:20: phases[0].exercises[0].at[0].after: 45 s is past the end of the 30 s step",
    "at-on-manual.yaml": 'at-on-manual.yaml:8:11: phases[0].exercises[0].at: timed cues need a timed step; give "duration", "hold" or "tempo"',
    "at-without-cue.yaml": 'at-without-cue.yaml:8:13: phases[0].exercises[0].at[0]: missing required key "cue"',
    "bad-indentation.yaml": ("bad-indentation.yaml:4:4: not valid YAML: while parsing a block collection: did not find expected '-' "
                             "indicator. This usually means the indentation is off: line 4 should line up with the key or "
                             "the '- ' above it that it belongs to (indent with spaces, the same amount at each level)"),
    "binary-tag.yaml": 'binary-tag.yaml:1:7: the YAML tag "tag:yaml.org,2002:binary" is not allowed in routine files',
    "binary.yaml": "binary.yaml:3:1: this is a binary file, not a YAML routine (it contains NUL bytes)",
    "bom-list-root.yaml": "bom-list-root.yaml:1:1: expected a routine (a mapping of keys), got a list",
    "c1-in-cue.yaml": "c1-in-cue.yaml:7:16: phases[0].exercises[0].cues[0]: contains a control character (U+009B CSI); remove it",
    "clock-bad.yaml": f'clock-bad.yaml:6:19: phases[0].exercises[0].duration: {DURATION}, got "1:75"',
    "clock-five-thousand-digits.yaml": "clock-five-thousand-digits.yaml:6:19: phases[0].exercises[0].duration: "
                                       f"must be from 1 second to 4 hours, got {'1' * 39}…",
    "comment-only.yaml": 'comment-only.yaml:1:1: the file is empty; a routine needs at least "name" and "phases"',
    "countdown-too-big.yaml": "countdown-too-big.yaml:7:20: phases[0].exercises[0].countdown: must be from 0 to 10, got 11",
    "crlf-negative-hold.yaml": "crlf-negative-hold.yaml:7:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got -8",
    "custom-tag.yaml": 'custom-tag.yaml:1:7: the YAML tag "!secret" is not allowed in routine files',
    "deep-block-nesting.yaml": "deep-block-nesting.yaml:33:65: nesting is deeper than 32 levels; a routine never needs that",
    "defaults-list.yaml": "defaults-list.yaml:2:11: defaults: expected defaults (a mapping of keys), got a list",
    "defaults-negative-rest.yaml": "defaults-negative-rest.yaml:3:9: defaults.rest: must be from 0 (none) up to 4 hours, got -10",
    "defaults-unknown-key.yaml": f'defaults-unknown-key.yaml:3:3: defaults: unknown key "hold"; expected one of: {", ".join(DEFAULT_KEYS)}',
    "duplicate-key.yaml": 'duplicate-key.yaml:7:9: phases[0].exercises[0]: duplicate key "duration" (first given on line 6)',
    "duplicate-top-level-key.yaml": 'duplicate-top-level-key.yaml:7:1: duplicate key "name" (first given on line 1)',
    "duration-and-hold.yaml": 'duration-and-hold.yaml:7:9: phases[0].exercises[0]: give either "duration" or "hold", not both',
    "duration-and-reps.yaml": 'duration-and-reps.yaml:7:9: phases[0].exercises[0]: give either "duration" or "reps", not both (use "hold" for timed reps)',
    "duration-list.yaml": f"duration-list.yaml:6:19: phases[0].exercises[0].duration: {DURATION}, got a list",
    "duration-too-long.yaml": "duration-too-long.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 4h1m",
    "duration-words.yaml": f'duration-words.yaml:6:19: phases[0].exercises[0].duration: {DURATION}, got "thirty seconds"',
    "empty-exercises.yaml": "empty-exercises.yaml:4:16: phases[0].exercises: needs at least one of exercises",
    "empty-name.yaml": "empty-name.yaml:1:7: name: must not be empty",
    "empty-phases.yaml": "empty-phases.yaml:2:9: phases: needs at least one of phases",
    "empty.yaml": 'empty.yaml:1:1: the file is empty; a routine needs at least "name" and "phases"',
    "escape-in-key.yaml": 'escape-in-key.yaml:7:9: phases[0].exercises[0]: unknown key "\\x1b[2J"; expected one of: '
                          "name, sets, reps, hold, tempo, duration, sides, cues, say, at, pose, image, rest, rest_between_sets, "
                          "rest_between_reps, switch_sides, countdown",
    "escape-in-name.yaml": "escape-in-name.yaml:1:7: name: contains a control character (U+001B ESC); remove it",
    "exercise-is-text.yaml": 'exercise-is-text.yaml:5:9: phases[0].exercises[0]: expected an exercise (a mapping of keys), got "Bird dog"',
    "half-false.yaml": 'half-false.yaml:8:19: phases[0].exercises[0].at[0].half: write "half: true", or remove the cue',
    "hold-five-thousand-digits.yaml": "hold-five-thousand-digits.yaml:7:15: phases[0].exercises[0].hold: "
                                      f"must be from 1 second to 4 hours, got {'1' * 39}…",
    "hold-and-tempo.yaml": 'hold-and-tempo.yaml:8:9: phases[0].exercises[0]: give either "hold" or "tempo", not both',
    "huge-float.yaml": f"huge-float.yaml:6:15: phases[0].exercises[0].hold: {DURATION}, got 1.0e+999",
    "huge-number.yaml": "huge-number.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 123456789012345678901234567890123456789",
    "invalid-utf8-sequence.yaml": "invalid-utf8-sequence.yaml:2:14: the file is not UTF-8 text (byte 0xED); save it as UTF-8",
    "key-not-text.yaml": "key-not-text.yaml:2:1: keys must be plain words, got 30",
    "kind-bad.yaml": 'kind-bad.yaml:4:11: phases[0].kind: expected one of warmup, main, cooldown, aerobic, got "strength"',
    "latin1.yaml": "latin1.yaml:1:10: the file is not UTF-8 text (byte 0xE9); save it as UTF-8",
    "list-root.yaml": "list-root.yaml:1:1: expected a routine (a mapping of keys), got a list",
    "many-problems.yaml": 'many-problems.yaml:4:11: phases[0].kind: expected one of warmup, main, cooldown, aerobic, got "strength"',
    "mapping-in-scalar.yaml": "mapping-in-scalar.yaml:1:11: not valid YAML: mapping values are not allowed in this context",
    "merge-key.yaml": 'merge-key.yaml:2:1: keys must be plain words, got "<<"',
    "missing-name.yaml": 'missing-name.yaml:1:1: missing required key "name"',
    "nan-duration.yaml": f"nan-duration.yaml:6:19: phases[0].exercises[0].duration: {DURATION}, got .nan",
    "negative-hold.yaml": "negative-hold.yaml:7:15: phases[0].exercises[0].hold: must be from 1 second to 4 hours, got -8",
    "newline-in-say.yaml": "newline-in-say.yaml:7:14: phases[0].exercises[0].say: contains a line break; write it on one line",
    "no-dose.yaml": 'no-dose.yaml:5:9: phases[0].exercises[0]: say how the exercise is done: give "duration", "hold", "reps", or "reps" with "tempo"',
    "no-phases.yaml": 'no-phases.yaml:1:1: missing required key "phases"',
    "null-phases.yaml": "null-phases.yaml:2:8: phases: expected a list of phases, got nothing (null)",
    "null-root.yaml": "null-root.yaml:1:1: expected a routine (a mapping of keys), got nothing (null)",
    "number-name.yaml": "number-name.yaml:1:7: name: expected text, got 42",
    "phase-is-text.yaml": 'phase-is-text.yaml:3:5: phases[0]: expected a phase (a mapping of keys), got "Warm-up"',
    "phase-without-exercises.yaml": 'phase-without-exercises.yaml:3:5: phases[0]: missing required key "exercises"',
    "phases-mapping.yaml": "phases-mapping.yaml:3:3: phases: expected a list of phases, got a mapping",
    "python-tag-root.yaml": 'python-tag-root.yaml:1:1: the YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed in routine files',
    "python-tag.yaml": 'python-tag.yaml:1:7: the YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed in routine files',
    "reps-empty-list.yaml": "reps-empty-list.yaml:6:15: phases[0].exercises[0].reps: needs at least one number of reps",
    "reps-list-mismatch.yaml": "reps-list-mismatch.yaml:7:15: phases[0].exercises[0].reps: lists the reps of 2 sets, but sets is 3; give one number per set",
    "reps-text.yaml": 'reps-text.yaml:6:15: phases[0].exercises[0].reps: expected a whole number from 1 to 500, got "ten"',
    "reps-too-many.yaml": "reps-too-many.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 501",
    "reps-zero.yaml": "reps-zero.yaml:6:15: phases[0].exercises[0].reps: must be from 1 to 500, got 0",
    "scalar-root.yaml": 'scalar-root.yaml:1:1: expected a routine (a mapping of keys), got "just some words"',
    "session-too-long.yaml": "session-too-long.yaml:2:1: phases: the session would last more than 6 h; the limit is 6 hours, so split it into several routines",
    "sets-fraction.yaml": "sets-fraction.yaml:6:15: phases[0].exercises[0].sets: expected a whole number from 1 to 50, got 2.5",
    "sets-too-many.yaml": "sets-too-many.yaml:6:15: phases[0].exercises[0].sets: must be from 1 to 50, got 51",
    "sets-five-thousand-digits.yaml": "sets-five-thousand-digits.yaml:6:15: phases[0].exercises[0].sets: "
                                      f"must be from 1 to 50, got {'1' * 39}…",
    "sides-bad.yaml": 'sides-bad.yaml:7:16: phases[0].exercises[0].sides: expected true, false, or a list such as [right, left], got "both"; use `sides: true` for both sides (left, then right)',
    "sides-twice.yaml": 'sides-twice.yaml:7:23: phases[0].exercises[0].sides[1]: "left" is listed twice',
    "tab-after-key.yaml": "tab-after-key.yaml:4:1: not valid YAML: while scanning a plain scalar: found a tab character that violates indentation (a tab is on this line: YAML indents with spaces only)",
    "tabs.yaml": "tabs.yaml:3:1: not valid YAML: while scanning for the next token: found character that cannot start any token (a tab is on this line: YAML indents with spaces only)",
    "tempo-without-reps.yaml": 'tempo-without-reps.yaml:6:9: phases[0].exercises[0]: "tempo" times each rep, so it needs "reps" too',
    "text-too-long.yaml": "text-too-long.yaml:2:14: description: is 2001 characters long; the limit is 2000",
    "timestamp-tag.yaml": 'timestamp-tag.yaml:6:19: the YAML tag "tag:yaml.org,2002:timestamp" is not allowed in routine files',
    "too-many-exercises.yaml": "too-many-exercises.yaml:507:9: phases[0].exercises[500]: a routine may hold at most 500 exercises",
    "two-documents.yaml": "two-documents.yaml:7:1: the file holds more than one YAML document (---); keep one routine per file",
    "unclosed-bracket.yaml": "unclosed-bracket.yaml:3:1: not valid YAML: while parsing a flow node: did not find expected node content",
    "unclosed-quote.yaml": "unclosed-quote.yaml:3:1: not valid YAML: while scanning a quoted scalar: found unexpected end of stream",
    "unknown-key.yaml": 'unknown-key.yaml:6:9: phases[0].exercises[0]: unknown key "hlod"; did you mean "hold"?',
    "unknown-top-level-key.yaml": f'unknown-top-level-key.yaml:2:1: unknown key "author"; expected one of: {", ".join(ROUTINE_KEYS)}',
    "utf16.yaml": "utf16.yaml:1:1: the file is UTF-16 text; save it as UTF-8",
    "weekly-goal-too-big.yaml": "weekly-goal-too-big.yaml:2:14: weekly_goal: must be from 1 to 14, got 15",
    "wrong-type-name.yaml": "wrong-type-name.yaml:1:7: name: expected text, got a list",
    "zero-duration.yaml": "zero-duration.yaml:6:19: phases[0].exercises[0].duration: must be from 1 second to 4 hours, got 0",
}


def corpus_params():
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BUGS[name])) if name in BUGS else name
        for name in FILES
    ]


def validate(folder: Path, *names: str) -> subprocess.CompletedProcess:
    """Run `coach validate NAMES` in `folder`, so each file's display path is its bare name."""
    return subprocess.run(
        [sys.executable, "-m", "coach", "validate", *names],
        cwd=folder, capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )


def assert_refused(result: subprocess.CompletedProcess, display: str) -> list[str]:
    """Exit 2, no traceback, every line located and naming the file; return the lines."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines, "no message at all"
    for line in lines:
        assert LINE.match(line), line
        assert line.startswith(display + ":"), line
    return lines


def loader_problems(path: Path, display: str) -> list:
    with pytest.raises(RoutineError) as caught:
        load_routine(path, display=display)
    problems = caught.value.problems
    assert problems
    for problem in problems:
        assert problem.file == display
        text = str(problem)
        assert "\n" not in text, text
        assert LINE.match(text), text
        if problem.line is not None:
            assert problem.line >= 1 and problem.column is not None and problem.column >= 1
    return problems


# -- the corpus itself ----------------------------------------------------------------

def test_corpus_holds_at_least_45_files():
    assert len(FILES) >= 45


def test_at_least_25_files_have_an_exact_expectation():
    assert len(EXPECTED) >= 25


def test_every_expectation_and_bug_names_a_corpus_file():
    assert set(EXPECTED) & set(BUGS) == set()
    assert set(EXPECTED) - set(FILES) == set()
    assert set(BUGS) - set(FILES) == set()


def test_expectations_start_with_their_file_name():
    for name, line in EXPECTED.items():
        assert line.startswith(name + ":"), name


def test_binary_files_are_really_binary():
    assert b"\x00" in (CORPUS / "binary.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        (CORPUS / "latin1.yaml").read_bytes().decode("utf-8")
    assert (CORPUS / "utf16.yaml").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert (CORPUS / "deep-nesting.yaml").read_text() == "[" * 10000


# -- `coach validate FILE`, one subprocess per file -----------------------------------

@pytest.mark.parametrize("name", corpus_params())
def test_validate_refuses_malformed_file_with_located_lines(name):
    lines = assert_refused(validate(CORPUS, name), name)
    if name in EXPECTED:
        assert lines[0] == EXPECTED[name]


def test_validate_reports_all_three_problems_of_one_file():
    lines = assert_refused(validate(CORPUS, "many-problems.yaml"), "many-problems.yaml")
    assert lines == [
        'many-problems.yaml:4:11: phases[0].kind: expected one of warmup, main, cooldown, aerobic, got "strength"',
        'many-problems.yaml:7:9: phases[0].exercises[0]: unknown key "hlod"; did you mean "hold"?',
        "many-problems.yaml:8:15: phases[0].exercises[0].reps: must be from 1 to 500, got 0",
    ]


def test_validate_of_a_folder_is_a_located_error(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    lines = assert_refused(validate(tmp_path, "folder.yaml"), "folder.yaml")
    assert lines == ["folder.yaml: is a folder, not a routine file"]


def test_validate_of_a_fifo_is_a_located_error_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: reading it would wait for ever
    lines = assert_refused(validate(tmp_path, "pipe.yaml"), "pipe.yaml")
    assert lines == ["pipe.yaml: is a FIFO (named pipe), not a routine file"]


def test_validate_of_a_device_is_a_located_error_at_once():
    lines = assert_refused(validate(Path("/dev"), "zero"), "zero")
    assert lines == ["zero: is a character device, not a routine file"]


def test_validate_of_a_missing_file_is_a_located_error(tmp_path):
    lines = assert_refused(validate(tmp_path, "missing.yaml"), "missing.yaml")
    assert lines == ["missing.yaml: no such file; check the path, or run `coach list` for routine names"]


# -- hostile inputs, generated ----------------------------------------------------------

@pytest.fixture
def too_large(tmp_path) -> Path:
    """A routine file one byte over 1 MiB: a valid routine padded with a comment."""
    head = b"name: Test routine\nphases:\n  - name: Core\n    exercises:\n      - name: Bird dog\n        duration: 30\n"
    path = tmp_path / "too-large.yaml"
    path.write_bytes(head + b"#" * (MAX_BYTES - len(head)) + b"\n")
    assert path.stat().st_size == MAX_BYTES + 1
    return path


def test_validate_refuses_a_file_over_one_mebibyte(too_large):
    lines = assert_refused(validate(too_large.parent, too_large.name), "too-large.yaml")
    assert lines == ["too-large.yaml: the file is larger than 1 MiB; routine files are limited to 1 MiB"]


def test_loader_refuses_a_file_over_one_mebibyte(too_large):
    problems = loader_problems(too_large, "too-large.yaml")
    assert [str(problem) for problem in problems] == [
        "too-large.yaml: the file is larger than 1 MiB; routine files are limited to 1 MiB"
    ]


def test_loader_refuses_a_huge_file_of_brackets(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_bytes(b"[" * (2 * MAX_BYTES))
    assert [str(problem) for problem in loader_problems(path, "brackets.yaml")] == [
        "brackets.yaml: the file is larger than 1 MiB; routine files are limited to 1 MiB"
    ]


def test_loader_refuses_the_alias_bomb_at_its_first_alias():
    problems = loader_problems(CORPUS / "alias-bomb.yaml", "alias-bomb.yaml")
    assert [str(problem) for problem in problems] == [EXPECTED["alias-bomb.yaml"]]


def test_loader_refuses_ten_thousand_levels_of_nesting_on_line_one():
    (problem,) = loader_problems(CORPUS / "deep-nesting.yaml", "deep-nesting.yaml")
    assert problem.line == 1
    assert "nesting" in problem.message
    # PyYAML's libyaml scanner stops at its own 1000-level limit before coach's 32-level check runs.
    assert str(problem) in (
        "deep-nesting.yaml:1:33: nesting is deeper than 32 levels; a routine never needs that",
        "deep-nesting.yaml:1:1001: not valid YAML: while increasing flow level: exceeded maximum nesting depth",
    )


def test_loader_refuses_python_tags_without_running_them(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "python.yaml"
    path.write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    (problem,) = loader_problems(path, "python.yaml")
    assert str(problem) == 'python.yaml:1:1: the YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed in routine files'
    assert not marker.exists()


# -- the loader in-process over the same corpus -------------------------------------------

@pytest.mark.parametrize("name", corpus_params())
def test_loader_refuses_malformed_file_with_located_problems(name):
    problems = loader_problems(CORPUS / name, name)
    if name in EXPECTED:
        assert str(problems[0]) == EXPECTED[name]


def test_loader_sorts_problems_by_line():
    problems = loader_problems(CORPUS / "many-problems.yaml", "many-problems.yaml")
    assert [(problem.line, problem.column) for problem in problems] == [(4, 11), (7, 9), (8, 15)]
