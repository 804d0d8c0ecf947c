"""The routine schema in a real editor's language server: yaml-language-server (1.25.0, from npm) opens routine files
as VS Code, Neovim or Helix would, and puts its errors where `coach validate` puts them, in words.

Needs node and npm (Debian: apt install nodejs npm; `make test` installs them when it can). The server is installed
once into ~/.cache/coach-test-tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_coach
from tests.helpers.lsp import LanguageServer

ROOT = Path(__file__).resolve().parents[1]
VERSION = "1.25.0"
TOOLS = Path.home() / ".cache" / "coach-test-tools" / f"yaml-language-server-{VERSION}"
SERVER = TOOLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SCHEMA = ROOT / "coach" / "routine" / "routine.schema.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("needs node and npm (Debian: apt install nodejs npm)")
    if not SERVER.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                               f"yaml-language-server@{VERSION}"], capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not SERVER.exists():
            pytest.skip(f"npm could not install yaml-language-server: {done.stderr.strip()[-300:]}")
    root = tmp_path_factory.mktemp("editor")
    running = LanguageServer(["node", str(SERVER), "--stdio"], root)
    yield running, root
    running.close()


def coach_says(path: Path) -> tuple[int, int, str]:
    """(line, column, message) of the first problem `coach validate` finds, 0-based as the protocol counts."""
    done = run_coach("validate", str(path))
    match = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): (.*)", done.stdout + done.stderr)
    assert match, done.stdout + done.stderr
    return int(match.group(1)) - 1, int(match.group(2)) - 1, match.group(3)


def routine(body: str) -> str:
    return f"# yaml-language-server: $schema={SCHEMA}\nname: Mine\nphases:\n  - name: Main\n    exercises:\n{body}"


@pytest.mark.parametrize("name, body, words", [
    ("overflowing unit", "      - name: Plank\n        reps: 2\n        hold: 1m90s\n", "Expected a duration from 1 second"),
    ("zero hold", "      - name: Plank\n        reps: 2\n        hold: 0s\n", "Expected a duration from 1 second"),
    ("words for a duration", "      - name: Plank\n        duration: 30 sec\n", "Expected a duration from 1 second"),
    ("duration and hold", "      - name: Plank\n        duration: 30\n        hold: 5\n",
     "Give either `duration` or `hold`, not both."),
    ("timed cue on counted reps", "      - name: Plank\n        reps: 2\n        at: [{half: true, cue: Breathe}]\n",
     "Timed cues (`at`) need a timed step"),
])
def test_the_editor_shows_the_error_where_coach_does_in_words(server, name, body, words):
    running, root = server
    path = root / f"{name.replace(' ', '-')}.yaml"
    text = routine(body)
    path.write_text(text)
    [first, *_] = running.diagnostics(path, text)
    line, column, message = coach_says(path)
    if name == "timed cue on counted reps":
        # A rule between two keys of one exercise: the editor marks the exercise, coach the `at` inside it.
        assert first["range"]["start"]["line"] == text.splitlines().index("      - name: Plank") < line
    elif name == "duration and hold":  # the same key: coach marks its name, the editor its value
        assert first["range"]["start"]["line"] == line
    else:
        assert (first["range"]["start"]["line"], first["range"]["start"]["character"]) == (line, column)
    assert words in first["message"], first["message"]


def test_a_bundled_routine_opens_clean_where_it_lies(server):
    running, _ = server
    path = ROOT / "routines" / "back-basics.yaml"
    assert running.diagnostics(path, path.read_text(encoding="utf-8"), timeout=20) == []


def test_a_routine_from_coach_new_opens_clean(server, coach_home):
    running, _ = server
    made = run_coach("new", "Editor test")
    path = Path(made.stdout.strip())
    assert running.diagnostics(path, path.read_text(encoding="utf-8"), timeout=20) == []
