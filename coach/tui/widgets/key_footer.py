"""The key footer, compact (less space between keys) on a narrow terminal so more keys fit."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 80  # columns


class KeyFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
