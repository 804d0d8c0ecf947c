"""The `coach` command line, run as a subprocess with COACH_HOME in a temporary folder."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach.routine.durations import format_duration
from coach.routine.expand import expand, total_planned_seconds
from coach.routine.loader import load_routine
from tests.helpers.cli import run_coach

ROOT = Path(__file__).resolve().parents[1]
ROUTINES = ROOT / "routines"
SCHEMA = ROOT / "coach" / "routine" / "routine.schema.json"
BUNDLED = ["back-basics", "core-strength", "desk-break", "gentle-5", "low-impact-cardio"]
MODELINE = "# yaml-language-server: $schema="
STEP_KEYS = {"kind", "exercise", "phase", "set", "side", "rep", "planned_seconds"}


def coach(*args: str, home: Path, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_coach(*args, home=None if env is not None else home, cwd=cwd, env=env)


def python(code: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, COACH_HOME=str(home)),
        capture_output=True, text=True, timeout=120,
    )


def planned_total(path: Path) -> str:
    return format_duration(total_planned_seconds(expand(load_routine(path))))


def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), first
    return (path.parent / first[len(MODELINE):].strip()).resolve()


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


# -- help --------------------------------------------------------------------------------

def test_help_exits_zero_and_lists_every_command(home):
    result = coach("--help", home=home)
    assert result.returncode == 0
    assert result.stderr == ""
    commands = re.findall(r"^    (\w+)\s{2,}", result.stdout, flags=re.MULTILINE)
    assert {"run", "list", "validate", "show", "new", "schema"} <= set(commands)


def test_console_script_help_matches_python_m_coach(home):
    script = Path(sys.executable).parent / "coach"
    assert script.exists()
    result = subprocess.run([str(script), "--help"], env=dict(os.environ, COACH_HOME=str(home)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout == coach("--help", home=home).stdout


def test_version_prints_the_package_version(home):
    from coach import __version__

    result = coach("--version", home=home)
    assert (result.returncode, result.stdout) == (0, f"coach {__version__}\n")


def test_unknown_command_is_a_usage_error(home):
    result = coach("dance", home=home)
    assert result.returncode == 2
    assert "invalid choice: 'dance'" in result.stderr


# -- list ------------------------------------------------------------------------------------

def list_rows(stdout: str) -> dict[str, tuple[str, str, str]]:
    """name -> (planned time, origin, routine name) for each routine row of `coach list`."""
    rows = {}
    for line in stdout.splitlines():
        match = re.match(r"^(\S+)\s+(.+?)\s+(bundled|yours)\s+(.+)$", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3), match.group(4))
    return rows


def test_list_shows_the_five_bundled_routines_with_their_planned_time(home):
    result = coach("list", home=home)
    assert result.returncode == 0
    rows = list_rows(result.stdout)
    assert sorted(rows) == sorted(path.stem for path in ROUTINES.glob("*.yaml"))
    assert set(BUNDLED) <= set(rows)
    for name in BUNDLED:
        path = ROUTINES / f"{name}.yaml"
        assert rows[name] == (planned_total(path), "bundled", load_routine(path).name)


def test_list_without_user_routines_says_where_they_go(home):
    result = coach("list", home=home)
    assert result.stdout.endswith(
        f"\nYour own routines go in {home.resolve() / 'routines'} (start one with `coach new NAME`).\n"
    )


def test_list_marks_user_routines_and_invalid_ones(home):
    folder = home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "name: Mine\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 30\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("name: Broken\n", encoding="utf-8")
    result = coach("list", home=home)
    assert result.returncode == 0
    rows = list_rows(result.stdout)
    assert rows["mine"] == ("35 s", "yours", "Mine")
    broken = [line for line in result.stdout.splitlines() if line.startswith("broken ")]
    assert len(broken) == 1
    assert re.fullmatch(r"broken\s+invalid\s+yours\s+1 error\(s\): coach validate .*broken\.yaml", broken[0])
    assert "Your own routines go in" not in result.stdout


def test_user_routine_hides_the_bundled_one_of_the_same_name(home):
    folder = home / "routines"
    folder.mkdir(parents=True)
    (folder / "gentle-5.yaml").write_text(
        "name: My gentle\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 30\n", encoding="utf-8")
    rows = list_rows(coach("list", home=home).stdout)
    assert rows["gentle-5"] == ("35 s", "yours", "My gentle")
    shown = coach("show", "gentle-5", home=home)
    assert shown.stdout.splitlines()[0] == "My gentle"


# -- validate ------------------------------------------------------------------------------

def test_validate_every_bundled_routine_is_ok(home):
    names = sorted(f"routines/{path.name}" for path in ROUTINES.glob("*.yaml"))
    assert {f"routines/{name}.yaml" for name in BUNDLED} <= set(names)
    result = coach("validate", *names, home=home)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"{name}: ok" for name in names]


def test_validate_with_one_bad_file_exits_2_and_still_passes_the_good_one(home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nphases: []\n", encoding="utf-8")
    good = ROUTINES / "gentle-5.yaml"
    result = coach("validate", str(bad), str(good), home=home)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{bad}:2:9: phases: needs at least one of phases", f"{good}: ok"]


def test_validate_needs_a_file(home):
    result = coach("validate", home=home)
    assert result.returncode == 2
    assert "the following arguments are required: FILE" in result.stderr


# -- show ------------------------------------------------------------------------------------

def test_show_back_basics_totals_between_15_and_20_minutes(home):
    result = coach("show", "back-basics", home=home)
    assert result.returncode == 0
    match = re.search(r"^Total planned time: (\d+) min(?: (\d+(?:\.\d+)?) s)?", result.stdout, flags=re.MULTILINE)
    assert match, result.stdout
    seconds = int(match.group(1)) * 60 + float(match.group(2) or 0)
    assert 15 * 60 <= seconds <= 20 * 60
    assert f"Total planned time: {planned_total(ROUTINES / 'back-basics.yaml')}" in result.stdout


def test_show_json_total_is_the_sum_of_its_steps(home):
    result = coach("show", "back-basics", "--format", "json", home=home)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["routine"] == "Back basics"
    assert data["steps"]
    assert data["total_planned_seconds"] == sum(step["planned_seconds"] or 0 for step in data["steps"])
    assert data["manual_steps"] == sum(1 for step in data["steps"] if step["planned_seconds"] is None)
    for step in data["steps"]:
        assert STEP_KEYS <= set(step)
    steps = expand(load_routine(ROUTINES / "back-basics.yaml"))
    assert [step["kind"] for step in data["steps"]] == [step.kind.value for step in steps]


def test_show_markdown_is_a_plan_card(home):
    result = coach("show", "back-basics", "--format", "markdown", home=home)
    assert result.returncode == 0
    assert result.stdout.startswith("# Back basics\n")
    assert "| ☐ |" in result.stdout


def test_show_accepts_a_file_path(home, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: Mine\ndefaults:\n  get_ready: 0\nphases:\n  - name: P\n    exercises:\n"
                    "      - name: E\n        duration: 90\n", encoding="utf-8")
    result = coach("show", str(path), home=home)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Total planned time: 1 min 30 s"


def test_show_of_an_unknown_name_says_which_routines_exist(home):
    result = coach("show", "nosuch", home=home)
    assert result.returncode == 2
    assert result.stdout == ""
    known = ", ".join(sorted(path.stem for path in ROUTINES.glob("*.yaml")))
    assert "back-basics, core-strength, desk-break, gentle-5, low-impact-cardio" in known
    assert result.stderr == f'coach: no routine called "nosuch"; known routines: {known} (or give a file path)\n'


def test_show_of_a_missing_file_path_is_a_located_error(home):
    result = coach("show", "nosuch.yaml", home=home)
    assert result.returncode == 2
    assert result.stderr == "nosuch.yaml: no such file; check the path, or run `coach list` for routine names\n"


def test_show_of_an_invalid_file_prints_located_errors(home, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: R\nphases:\n  - name: P\n    exercises:\n      - name: E\n        hlod: 3\n", encoding="utf-8")
    result = coach("show", str(path), home=home)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f'{path}:5:9: phases[0].exercises[0]: say how the exercise is done: give "duration", "hold", "reps", or "reps" with "tempo"',
        f'{path}:6:9: phases[0].exercises[0]: unknown key "hlod"; did you mean "hold"?',
    ]


def test_run_of_an_unknown_name_exits_2_before_any_screen(home):
    result = coach("run", "nosuch", home=home)
    assert result.returncode == 2
    assert result.stderr.startswith('coach: no routine called "nosuch"')


# -- new ---------------------------------------------------------------------------------------

def test_new_writes_a_starter_routine_into_the_user_folder(home):
    result = coach("new", "My Routine", home=home)
    assert result.returncode == 0
    path = Path(result.stdout.strip())
    assert path == home.resolve() / "routines" / "my-routine.yaml"
    assert path.is_file()
    assert load_routine(path).name == "My Routine"
    assert coach("validate", str(path), home=home).stdout == f"{path}: ok\n"
    # The schema line names the copy in the data folder, which outlives any one install of coach.
    assert modeline_target(path) == home.resolve() / "schema" / "routine.schema.json"
    assert modeline_target(path).read_bytes() == SCHEMA.read_bytes()


def test_new_with_a_taken_name_fails_and_leaves_the_file_alone(home):
    first = coach("new", "My Routine", home=home)
    path = Path(first.stdout.strip())
    path.write_text(path.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    before = path.read_bytes()
    second = coach("new", "My Routine", home=home)
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr == f"coach: {path} already exists; edit it, or choose another name\n"
    assert path.read_bytes() == before


def test_new_from_a_bundled_routine_copies_it_under_the_new_name(home):
    result = coach("new", "x", "--from", "back-basics", home=home)
    assert result.returncode == 0
    path = Path(result.stdout.strip())
    assert path == home.resolve() / "routines" / "x.yaml"
    copy, original = load_routine(path), load_routine(ROUTINES / "back-basics.yaml")
    assert copy.name == "x"
    assert copy.phases == original.phases
    assert (copy.description, copy.safety, copy.weekly_goal, copy.get_ready) == (
        original.description, original.safety, original.weekly_goal, original.get_ready)


def test_new_from_a_bundled_routine_points_the_copy_at_the_schema(home):
    path = Path(coach("new", "x", "--from", "back-basics", home=home).stdout.strip())
    assert modeline_target(path) == home.resolve() / "schema" / "routine.schema.json"
    assert modeline_target(path).read_bytes() == SCHEMA.read_bytes()


def test_new_from_an_unknown_routine_fails_without_writing(home):
    result = coach("new", "x", "--from", "nosuch", home=home)
    assert result.returncode == 2
    assert result.stderr.startswith('coach: no routine called "nosuch"')
    assert not (home / "routines" / "x.yaml").exists()


def test_new_with_no_letters_or_digits_is_refused(home):
    result = coach("new", "!!!", home=home)
    assert result.returncode == 2
    assert result.stderr == 'coach: "!!!" has no letters or digits to make a file name from\n'


def test_new_routine_shows_up_in_list_as_yours(home):
    coach("new", "My Routine", home=home)
    rows = list_rows(coach("list", home=home).stdout)
    assert rows["my-routine"][1:] == ("yours", "My Routine")


# -- schema, data dir, imports ---------------------------------------------------------------

def test_schema_command_prints_the_schema(home):
    result = coach("schema", home=home)
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_data_dir_overrides_coach_home(home, tmp_path):
    other = tmp_path / "other"
    result = coach("--data-dir", str(other), "new", "foo", home=home)
    assert result.returncode == 0
    assert Path(result.stdout.strip()) == other.resolve() / "routines" / "foo.yaml"
    assert (other / "routines" / "foo.yaml").is_file()
    assert not (home / "routines").exists()


def test_without_data_dir_coach_home_is_used(home):
    coach("new", "foo", home=home)
    assert (home / "routines" / "foo.yaml").is_file()


@pytest.mark.parametrize(
    "argv",
    [["list"], ["validate", "routines/gentle-5.yaml"], ["show", "gentle-5"], ["show", "gentle-5", "--format", "json"],
     ["schema"], ["new", "Import check"]],
    ids=lambda argv: " ".join(argv),
)
def test_headless_commands_do_not_import_textual(home, argv):
    code = (
        "import io, sys, contextlib\n"
        "from coach.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({argv!r})\n"
        "print(status, 'textual' in sys.modules)\n"
    )
    result = python(code, home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 False\n"


def test_python_m_coach_help_works(home):
    result = coach("--help", home=home, cwd=home.parent)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: coach ")


@pytest.mark.parametrize(
    "source",
    [
        "name: >-\n  Long\n  name\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 30\n",
        '{"name": "R", "phases": [{"name": "P", "exercises": [{"name": "E", "duration": 30}]}]}\n',
        '"name": R\nphases:\n  - name: P\n    exercises:\n      - name: E\n        duration: 30\n',
    ],
    ids=["folded name", "flow mapping", "quoted key"],
)
def test_new_from_never_writes_an_invalid_copy(home, tmp_path, source):
    original = tmp_path / "source.yaml"
    original.write_text(source, encoding="utf-8")
    assert load_routine(original).phases  # the source is a valid routine
    result = coach("new", "copy", "--from", str(original), home=home)
    target = home / "routines" / "copy.yaml"
    if result.returncode == 0:
        assert load_routine(target).name == "copy"
    else:
        assert not target.exists()


def test_list_survives_a_user_routine_that_crashes_the_loader(home):
    folder = home / "routines"
    folder.mkdir(parents=True)
    (folder / "bad.yaml").write_text("name: !!bool maybe\nphases: []\n", encoding="utf-8")
    result = coach("list", home=home)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert set(BUNDLED) <= set(list_rows(result.stdout))
    assert any(re.match(r"bad\s+invalid\s+yours\s", line) for line in result.stdout.splitlines())


def test_the_log_kinds_are_the_phase_kinds():
    from coach.cli.parser import LOG_KINDS
    from coach.routine.model import PhaseKind

    assert sorted(LOG_KINDS) == sorted(kind.value for kind in PhaseKind)


def test_session_options_before_the_command_are_kept():
    from coach.cli import build_parser

    arguments = build_parser().parse_args(["--mute", "run", "back-basics"])
    assert (arguments.mute, arguments.voice, arguments.no_checkin) == (True, False, False)
    arguments = build_parser().parse_args(["run", "back-basics", "--voice"])
    assert (arguments.mute, arguments.voice, arguments.no_checkin) == (False, True, False)


def test_settings_prints_each_value_its_source_and_the_files_problems(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.yaml").write_text("volume: 3\nweekly_aerobic_minute_goal: 100\nweekly_sessions_goal: 4\n")
    result = coach("settings", home=home)
    lines = result.stdout.splitlines()
    assert result.returncode == 2
    assert lines[0].split() == ["sound", "true", "default"]
    assert lines[3].split() == ["weekly_sessions_goal", "4", f"{home / 'settings.yaml'}:3"]
    assert f"{home / 'settings.yaml'}:1:9: volume: must be from 0.0 to 1.0; using 0.8" in result.stdout
    assert "did you mean weekly_aerobic_minutes_goal?" in result.stdout
    assert f"Cache folder:  {home / 'cache'} (routines and settings already checked" in result.stdout
    clean = coach("settings", home=tmp_path / "empty")
    assert clean.returncode == 0 and "not there: every setting is its default" in clean.stdout


def test_the_data_folders_schema_is_renewed_when_coach_has_a_newer_one(home):
    stale = home / "schema" / "routine.schema.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    assert coach("new", "y", home=home).returncode == 0
    assert stale.read_bytes() == SCHEMA.read_bytes()
