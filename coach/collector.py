"""Python's cyclic garbage collector, paused while coach starts.

Start-up makes a great many long-lived objects (Textual's modules, the stylesheet, the first
screen) and almost no garbage, yet the collector walks them again and again as they are made: about 12 ms
of CPU in a 230 ms start to the first frame (measured side by side, median of 10), and 3 ms more before the
launcher is reached. The command line's `main` pauses it as it starts, and turns it back on as soon as the command
is known to show no screen. For one that shows a screen it stays paused until the first frame is drawn, then runs
as usual (its first full pass then costs a few milliseconds while the person reads the screen); `main` turns it on
again as it returns, whatever happened. Garbage made meanwhile is not lost, only collected later.
"""

from __future__ import annotations

import gc

_paused_here = False


def pause() -> None:
    """Pause the collector, unless something else already has (then `resume` leaves it to them)."""
    global _paused_here
    if gc.isenabled():
        gc.disable()
        _paused_here = True


def resume() -> None:
    """Let the collector run again, if `pause` stopped it; safe to call more than once."""
    global _paused_here
    if _paused_here:
        _paused_here = False
        gc.enable()
