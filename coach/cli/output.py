"""What the command line prints: every line through the terminal sanitiser, and the exit statuses."""

from __future__ import annotations

import sys

from coach.safe_text import for_terminal, json_for_terminal

EXIT_OK = 0
EXIT_FAILED = 1  # the history or a file could not be used
EXIT_INVALID = 2  # bad input: a routine with errors, an unknown name, a bad argument, no terminal


def say(text: str = "") -> None:
    """Print to standard output, every control character made visible (the text may come from outside)."""
    print(for_terminal(text, lines=True))


def say_error(message: str) -> None:
    print(for_terminal(f"coach: {message}", lines=True), file=sys.stderr)


def say_json(text: str) -> None:
    sys.stdout.write(json_for_terminal(text))


def no_terminal(command: str) -> bool:
    """True after saying so, when there is no terminal to draw on: a screen there would wait forever
    on input that never comes (standard input from /dev/null spins at end of file)."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return False
    say_error(f"{command} needs a terminal (standard input and output are not one); run it in a terminal window")
    return True
