"""The status line: one line under the work that says what just happened.

"✓ Saved 14:02:11 — note", "✗ Not saved: …", "✓ Moved to item 3". Every screen that saves
has one (``#status`` in app.tcss) and says things through :meth:`StatusLine.say`, so a
message is always shown literally (user text may hold ``[b]`` or ``$``), an error is always
marked the same way, and refused lines the capture bar has set aside are always named.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from facilitator.ui import redraw


class StatusLine(Static):
    """What the last thing done came to. ``error`` marks it (red, bold) until the next."""

    def __init__(self) -> None:
        super().__init__(id="status")

    def say(
        self, message: str, *, error: bool = False, advice: str = "", notice: str = ""
    ) -> None:
        """Show ``message`` then ``advice``; ``notice`` is what the capture bar adds while
        refused lines are set aside (it keeps the line marked as an error while it lasts)."""
        text = f"{message} {advice}" if advice else message
        if notice:
            text = f"{text} · {notice}" if text else notice
        redraw.show(self, Content(text), again=True)  # each save said, on screen
        self.set_class(error or bool(notice), "error")
