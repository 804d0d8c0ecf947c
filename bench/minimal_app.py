"""The yardstick for coach's start-up: the smallest Textual app that draws one Digits and exits after its first frame."""

from textual.app import App, ComposeResult
from textual.widgets import Digits


class FirstFrameApp(App[int]):
    def compose(self) -> ComposeResult:
        yield Digits("12:34")

    def on_ready(self) -> None:
        self.exit(0)


if __name__ == "__main__":
    FirstFrameApp().run()
