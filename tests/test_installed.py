"""An installed, non-editable coach finds its bundled routines and sounds inside the package.

A wheel is built from this checkout and installed with `pip install --target` into a temporary
folder; coach is then run from a folder outside the repository with only that install on PYTHONPATH.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROUTINES = ["back-basics", "core-strength", "desk-break", "gentle-5", "low-impact-cardio"]
SOUNDS = ["done", "finish", "go", "halfway", "rest", "switch", "tick"]

SNIPPET = """\
import coach, coach.paths
from pathlib import Path
site = Path(r"{site}").resolve()
assert Path(coach.__file__).resolve().is_relative_to(site), coach.__file__
print("package", Path(coach.__file__).resolve().parent)
for folder in ("routines", "sounds"):
    place = coach.paths.bundled(folder).resolve()
    print(folder, place)
    for path in sorted(place.iterdir()):
        print("file", folder, path.resolve())
"""


def pip(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--no-index", "--disable-pip-version-check", "--quiet"],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A folder holding `site/` (coach installed from a wheel of this checkout)."""
    folder = tmp_path_factory.mktemp("installed")
    wheels = folder / "wheels"
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT), cwd=folder)
    (wheel,) = wheels.glob("coach-*.whl")
    pip("install", "--no-deps", "--target", str(folder / "site"), str(wheel), cwd=folder)
    return folder


def run_installed(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(folder / "site"), COACH_HOME=str(folder / "home"))
    return subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_installed_coach_finds_its_bundled_routines_and_sounds(installed):
    site = (installed / "site").resolve()
    result = run_installed(installed, "-c", SNIPPET.format(site=site))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"package {site / 'coach'}"
    assert f"routines {site / 'coach' / '_bundled' / 'routines'}" in lines
    assert f"sounds {site / 'coach' / '_bundled' / 'sounds'}" in lines
    files = [line.split(" ", 2)[1:] for line in lines if line.startswith("file ")]
    routines = [Path(path) for folder, path in files if folder == "routines"]
    sounds = [Path(path) for folder, path in files if folder == "sounds"]
    assert {path.stem for path in routines if path.suffix == ".yaml"} >= set(ROUTINES)
    assert {path.stem for path in sounds if path.suffix == ".wav"} >= set(SOUNDS)
    for path in routines + sounds:
        assert path.is_relative_to(site), path
        assert not path.is_relative_to(ROOT), path


def test_installed_coach_lists_its_bundled_routines(installed):
    result = run_installed(installed, "-m", "coach", "list")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines() if " bundled " in line]
    assert names == sorted(path.stem for path in (ROOT / "routines").glob("*.yaml"))
    assert set(ROUTINES) <= set(names)


def test_installed_coach_shows_a_bundled_routine_by_name(installed):
    result = run_installed(installed, "-m", "coach", "show", "back-basics")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Back basics"


def test_installed_coach_prints_its_schema(installed):
    result = run_installed(installed, "-m", "coach", "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "coach" / "routine" / "routine.schema.json").read_text(encoding="utf-8")


def test_installed_coach_lists_its_bundled_programs_and_prints_their_schema(installed):
    result = run_installed(installed, "-m", "coach", "program", "list")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines() if "(bundled)" in line]
    assert names == sorted(path.stem for path in (ROOT / "programs").glob("*.yaml")) == ["back-to-activity",
                                                                                      "gentle-start"]
    site = (installed / "site").resolve()
    assert f"Your own programs go in {installed / 'home' / 'programs'}" in result.stdout
    found = run_installed(installed, "-c", "import coach.paths; print(coach.paths.bundled('programs').resolve())")
    assert found.stdout.strip() == str(site / "coach" / "_bundled" / "programs")
    schema = run_installed(installed, "-m", "coach", "schema", "--program")
    assert schema.stdout == (ROOT / "coach" / "program" / "program.schema.json").read_text(encoding="utf-8")


def test_a_bundled_routines_schema_line_resolves_inside_the_installed_package(installed):
    folder = (installed / "site").resolve() / "coach" / "_bundled" / "routines"
    for routine in sorted(folder.glob("*.yaml")):
        first = routine.read_text(encoding="utf-8").splitlines()[0]
        target = routine.parent / first.removeprefix("# yaml-language-server: $schema=")
        assert target.is_file() and target.read_bytes() == (ROOT / "coach" / "routine" / "routine.schema.json").read_bytes()


def test_a_bundled_programs_schema_line_resolves_inside_the_installed_package(installed):
    folder = (installed / "site").resolve() / "coach" / "_bundled" / "programs"
    programs = sorted(folder.glob("*.yaml"))
    assert programs
    for program in programs:
        first = program.read_text(encoding="utf-8").splitlines()[0]
        target = program.parent / first.removeprefix("# yaml-language-server: $schema=")
        assert target.is_file() and target.read_bytes() == (ROOT / "coach" / "program" / "program.schema.json").read_bytes()
