"""The exercise's picture on a graphics terminal: which protocol draws it (from the environment alone), and its
pixels.

coach never asks the terminal (a query costs up to 0.1 s a protocol when unanswered, and its reply would reach
Textual's key reader as typing). So only terminals known to draw the protocol with the placement textual-image
uses get pixels; any other terminal, tmux and screen included, gets braille.

COACH_GRAPHICS=kitty|sixel|none forces the choice under `pictures: auto` (for trying a terminal not listed here,
or for tests); `pictures: unicode` and `off` are never overridden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

KITTY = "kitty"  # the Kitty graphics protocol, placed with Unicode placeholders (Kitty, Ghostty)
SIXEL = "sixel"
FORCE_VARIABLE = "COACH_GRAPHICS"
FORCED = {"kitty": KITTY, "sixel": SIXEL, "none": None}


def graphics_protocol(pictures: str, environ: Mapping[str, str]) -> str | None:
    """The protocol to draw with (KITTY or SIXEL), or None for braille (or for no picture, with `off`)."""
    if pictures != "auto":
        return None
    forced = environ.get(FORCE_VARIABLE, "").strip().lower()
    if forced:
        return FORCED.get(forced)  # an unknown value draws braille, the safe choice
    term = environ.get("TERM", "")
    program = environ.get("TERM_PROGRAM", "")
    # A multiplexer passes a program's escapes through only when told to, and keeps the outer terminal's
    # variables (KITTY_WINDOW_ID and all) in the panes it starts: whatever they say, draw braille.
    if environ.get("TMUX") or environ.get("STY") or term.startswith(("screen", "tmux")) or program == "tmux":
        return None
    if term == "xterm-kitty" or environ.get("KITTY_WINDOW_ID"):
        return KITTY
    if program == "ghostty" or term == "xterm-ghostty":
        return KITTY
    # WezTerm and Konsole answer the Kitty protocol's query but do not draw its placeholders: Sixel there.
    if program == "WezTerm" or term == "foot" or term.startswith("foot-") or environ.get("MLTERM"):
        return SIXEL
    if program == "iTerm.app" and _version(environ.get("TERM_PROGRAM_VERSION", "")) >= (3, 3):
        return SIXEL
    if _version(environ.get("KONSOLE_VERSION", "")) >= (220400,):  # Konsole 22.04 draws Sixel
        return SIXEL
    return None


def _version(text: str) -> tuple[int, ...]:
    """'3.4.19' → (3, 4, 19): the leading dotted numbers, () for none."""
    leading = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(number) for number in leading.group().split(".")) if leading else ()


@lru_cache(maxsize=32)
def fitted_picture(kind: str, name: str, frame: int, width: int, height: int,
                   background: tuple[int, int, int] | None = None, colours: int | None = None):
    """The figure (`kind`, `name`, `frame` as choose.figure_for gives it) fitted into `width` × `height` pixels on
    a canvas of the `background` colour, transparent for None (a PIL image): a pose as a white card standing on the
    bottom edge, a picture of the person's own centred. None when a picture of theirs cannot be read now.

    Sixel has no alpha: xterm drew the transparent part in whatever colour its palette held (red, grey), so the
    session screen gives the colour behind the picture; and a terminal may hold as few as 16 colours for Sixel (a
    VT340's, xterm's by default), which `colours` keeps the picture to (an anti-aliased pose has about 60)."""
    import io

    from PIL import Image

    if kind == "pose":
        from coach.pictures.library import poses
        from coach.pictures.render import scene, to_png

        pose = poses()[name]
        drawn = scene(pose, frame)
        card = min(width, max(1, round(height * drawn.width / drawn.height)))
        picture = Image.open(io.BytesIO(to_png(pose, frame, card)))
    else:
        from pathlib import Path

        from coach.fileio import read_limited
        from coach.pictures.photo import MAX_BYTES

        try:  # read as the routine's check read it: never waits on a file swapped for a FIFO since
            picture = Image.open(io.BytesIO(read_limited(Path(name), MAX_BYTES)))
            picture.load()
        except Exception:  # noqa: BLE001 - checked when the routine loaded; changed since: show nothing
            return None
    picture = picture.convert("RGBA")
    picture.thumbnail((width, height))
    canvas = Image.new("RGBA", (width, height), (*background, 255) if background else (0, 0, 0, 0))
    top = height - picture.height if kind == "pose" else (height - picture.height) // 2
    canvas.alpha_composite(picture, ((width - picture.width) // 2, top))
    if background or colours:
        canvas = canvas.convert("RGB")
    return canvas.quantize(colours).convert("RGB") if colours else canvas
