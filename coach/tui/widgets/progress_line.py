"""A one-row progress bar that repaints only when its filled length changes, and never animates."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class ProgressLine(Widget):
    """`share` (0 to 1) of the row drawn filled, in half cells."""

    DEFAULT_CSS = """
    ProgressLine { height: 1; color: $accent; }
    ProgressLine > .progress-line--rest { color: $surface-lighten-2; }
    """
    COMPONENT_CLASSES = {"progress-line--rest"}

    share: reactive[float] = reactive(0.0, layout=False)

    def render(self) -> Text:
        width = self.content_size.width
        halves = round(max(0.0, min(1.0, self.share)) * width * 2)
        full, half = divmod(halves, 2)
        rest_style = self.get_component_rich_style("progress-line--rest")
        text = Text("━" * full + ("╸" if half else ""))
        text.append("━" * (width - full - half), style=rest_style)
        return text
