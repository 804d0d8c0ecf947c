"""`coach pose`: the pose library, listed and drawn in the terminal (or written as PNG or SVG)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from coach.cli.output import EXIT_FAILED, EXIT_INVALID, EXIT_OK, say, say_error
from coach.safe_text import for_terminal

RED, PLAIN = "\x1b[31m", "\x1b[0m"


def list_poses(args, places) -> int:
    from coach.pictures.library import poses

    found = poses().values()
    width = max(len(pose.key) for pose in found)
    for pose in found:
        frames = ", ".join(frame.name for frame in pose.frames)
        also = f"  (also: {', '.join(pose.aliases)})" if pose.aliases else ""
        say(f"{pose.key:<{width}}  {pose.title} [{frames}]{also}")
    return EXIT_OK


def show(args, places) -> int:
    from coach.pictures.library import PoseNotFound, find
    from coach.pictures.render import to_braille, to_png, to_svg

    try:
        pose = find(args.name)
    except PoseNotFound as error:
        say_error(str(error))
        return EXIT_INVALID
    wanted = None if args.frame is None else args.frame.strip().lower()
    frames = [index for index, frame in enumerate(pose.frames) if wanted in (None, frame.name, str(index + 1))]
    if not frames:
        names = ", ".join(f"{index + 1} ({frame.name})" for index, frame in enumerate(pose.frames))
        say_error(f"{pose.title} has no frame {for_terminal(args.frame)!r}; its frames are {names}")
        return EXIT_INVALID
    if args.png or args.svg:
        from coach.cli.history import _may_write, _write_new
        from coach.pictures.render import scene

        target = Path(args.png or args.svg)
        wanted_suffix = ".png" if args.png else ".svg"
        if target.suffix.lower() != wanted_suffix:
            say_error(f"{for_terminal(target.name)}: give a file name ending in {wanted_suffix}")
            return EXIT_INVALID
        drawn = scene(pose, frames[0])
        box = 480  # the picture fits a 480 × 480 square, standing or lying
        width = box if drawn.width >= drawn.height else max(1, round(box * drawn.width / drawn.height))
        if not _may_write(target, places, args.force, f"{pose.key}.{'png' if args.png else 'svg'}"):
            return EXIT_FAILED
        data = to_png(pose, frames[0], width) if args.png else to_svg(pose, frames[0], width // 2, standalone=True) + "\n"
        if not _write_new(target, data, args.force, "drawing"):
            return EXIT_FAILED
        say(for_terminal(target))
        return EXIT_OK
    columns, rows = args.size
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    say(f"{pose.title} ({pose.view} view)")
    for index in frames:
        picture = to_braille(pose, index, columns, rows)
        say(f"\n{index + 1}. {pose.frames[index].name}")
        for number, row in enumerate(picture.rows):
            if colour:  # coach's own braille and colour codes: nothing from outside to sanitise
                sys.stdout.write("".join(f"{RED}{cell}{PLAIN}" if (number, column) in picture.moving else cell
                                         for column, cell in enumerate(row)).rstrip() + "\n")
            else:
                say(row.rstrip())
    return EXIT_OK
