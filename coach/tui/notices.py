"""Notifications carry outside text (file names, routine names, error messages): one safe way to show them."""

from __future__ import annotations

from typing import Callable

from coach.safe_text import for_terminal


def notify_safely(notify: Callable[..., None], message: str, **options) -> None:
    """Show `message` with control characters made visible and no markup read from it."""
    options["markup"] = False
    notify(for_terminal(message, lines=True), **options)
