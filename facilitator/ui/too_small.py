"""Shown instead of a broken layout when the terminal is too small to be usable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; height: auto; text-align: center; }
    """

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        w, h = self.need
        yield Static(Content(f"Please enlarge the window\n(at least {w}×{h}).\nNothing is lost."))
