"""The yardstick for coach's CPU while a session runs: the smallest Textual app that counts down.

One Digits, redrawn once a second from a deadline on the monotonic clock: what any Textual timer
costs, so that coach's figure can be read against Textual's own cost as well as against termdown.
"""

import time

from textual.app import App, ComposeResult
from textual.widgets import Digits


class CountdownApp(App[int]):
    def __init__(self, seconds: float = 3600.0) -> None:
        super().__init__()
        self.deadline = time.monotonic() + seconds

    def compose(self) -> ComposeResult:
        yield Digits(self._text())

    def on_mount(self) -> None:
        self._wake()

    def _text(self) -> str:
        left = max(0, int(self.deadline - time.monotonic() + 0.999))
        return f"{left // 60:02d}:{left % 60:02d}"

    def _wake(self) -> None:
        self.query_one(Digits).update(self._text())
        left = self.deadline - time.monotonic()
        self.set_timer(max(0.01, left - int(left)) or 1.0, self._wake)


if __name__ == "__main__":
    CountdownApp().run()
