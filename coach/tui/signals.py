"""End the app in good order on SIGTERM, SIGHUP and SIGINT (kill -INT; ctrl+c is a key in the app), so the terminal is restored and nothing is lost."""

from __future__ import annotations

import asyncio
import signal
from typing import Callable

from textual.app import App

ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name))


def exit_on_signals(app: App, before_exit: Callable[[int], None] | None = None) -> None:
    """On SIGTERM, SIGHUP or SIGINT, call `before_exit(signum)` and then exit with 128 + signum.

    Exiting through Textual leaves the alternate screen and turns mouse tracking off. Without
    this, either signal would end the process with the terminal left as the app had set it.
    """
    if app.is_headless:  # tests drive the app in pytest's own loop; leave its signals alone
        return
    loop = asyncio.get_running_loop()

    def ending(signum: int) -> None:
        if before_exit is not None:
            try:
                before_exit(signum)
            except Exception:  # ending anyway matters more
                pass
        app.exit(return_code=128 + signum)

    for signum in ENDING_SIGNALS:
        try:
            loop.add_signal_handler(signum, ending, signum)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
