"""The command line. Commands that show no screen never import Textual, so they start fast.

`parser.py` builds the parser; each command's handler lives in `routines.py` or `history.py`
and is imported only when that command runs.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

from coach.cli.output import EXIT_INVALID, EXIT_OK, say_error
from coach.cli.parser import build_parser
from coach import collector


# The commands that show a screen, by handler (`coach history` shows one with --tui).
SCREEN_HANDLERS = ("routines:home", "routines:run")


def main(argv: list[str] | None = None) -> int:
    # The garbage collector waits while coach starts (coach/collector.py): until the first frame for a command that
    # shows a screen, which turns it back on there; until the command is known for one that does not.
    collector.pause()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        collector.resume()


def shows_screen(args) -> bool:
    return args.handler in SCREEN_HANDLERS or getattr(args, "tui", False)


def _main(arguments: list[str]) -> int:
    problem = argument_problem(arguments)
    if problem:
        say_error(problem)
        return EXIT_INVALID
    args = build_parser(arguments).parse_args(arguments)
    if not hasattr(args, "handler"):
        args.handler = "routines:home"
    if not shows_screen(args):
        collector.resume()
    from coach.paths import Places

    try:
        places = Places.resolve(args.data_dir)
    except (OSError, RuntimeError) as error:  # "~nobody/x", a symlink loop
        source = "--data-dir" if args.data_dir else "COACH_HOME"
        say_error(f"{source} {args.data_dir or os.environ.get('COACH_HOME')}: cannot be used as a data folder ({error})")
        return EXIT_INVALID
    module, name = args.handler.split(":")
    handler = getattr(importlib.import_module(f"coach.cli.{module}"), name)
    try:
        return handler(args, places)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach show x | head` closed the pipe; not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            say_error(f"file name too long for the file system: {error.filename or 'a path'}; use a shorter name")
            return EXIT_INVALID
        raise


def argument_problem(arguments: list[str]) -> str | None:
    """Why the command line cannot be taken as text, or None: arguments that are not UTF-8 (Python
    keeps their bytes as lone surrogates, which cannot be printed or stored)."""
    for position, argument in enumerate(arguments, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            return (f"argument {position} ({argument!r}) is not valid UTF-8 text; coach takes names and "
                    "paths written in UTF-8")
    return None
