"""A reminder's Start: a terminal window running `coach run` (today's plan)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from typing import Sequence


def start_argv(terminal: str, run_argv: Sequence[str]) -> list[str] | str | None:
    """The terminal command from settings (`terminal: "gnome-terminal --"`), else Debian's x-terminal-emulator
    with -e, else macOS's Terminal; None when there is none; a str saying why the setting cannot be read."""
    if terminal:
        try:
            return [*shlex.split(terminal), *run_argv]
        except ValueError as error:  # an unclosed quote
            return f"the terminal setting cannot be read ({error})"
    if sys.platform == "darwin" and shutil.which("osascript"):
        line = shlex.join(run_argv).replace("\\", "\\\\").replace('"', '\\"')
        return ["osascript", "-e", f'tell application "Terminal" to do script "{line}"',
                "-e", 'tell application "Terminal" to activate']
    found = shutil.which("x-terminal-emulator")
    return [found, "-e", *run_argv] if found else None


def launch(argv: list[str] | str | None) -> str | None:
    """Start `argv` on its own (it outlives coach); None, or why it could not start."""
    if isinstance(argv, str):
        return argv
    if argv is None:
        return 'no terminal found: set `terminal:` in settings.yaml (for example terminal: "gnome-terminal --")'
    try:
        subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except (OSError, ValueError) as error:
        return f"{argv[0]}: {getattr(error, 'strerror', None) or error}"
    return None
