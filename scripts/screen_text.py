"""Print the session screen as text at given sizes, after N seconds of fake time (for looking at layouts).

    .venv/bin/python scripts/screen_text.py [SECONDS] [WxH ...]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.tui.screens.session import SessionScreen  # noqa: E402
from tests.helpers.tui import FakeClock, advance, make_app, screen_lines, wait_for_screen  # noqa: E402


async def show(seconds: float, width: int, height: int, keys: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock()
        app = make_app(Path(folder), clock=clock)
        async with app.run_test(size=(width, height)) as pilot:
            await wait_for_screen(pilot, SessionScreen)
            await advance(pilot, clock, seconds)
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            print(f"── {width}x{height} at {seconds}s " + "─" * max(0, width - 20))
            for line in screen_lines(app):
                print(line.rstrip() + "|")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    keys = [arg[4:] for arg in sys.argv[2:] if arg.startswith("key=")]
    sizes = [arg for arg in sys.argv[2:] if "x" in arg and not arg.startswith("key=")] or ["40x12", "80x24"]
    for size in sizes:
        width, height = (int(part) for part in size.split("x"))
        asyncio.run(show(seconds, width, height, keys))


if __name__ == "__main__":
    main()
