"""F1: every key of the screen underneath, and every capture-bar command."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Static

from facilitator.core.capture import ALIASES, COMMANDS
from facilitator.ui.screen_base import AppModal


def key_lines(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's and the app's bindings."""
    return _bindings(screen) + _bindings(screen.app)


def _bindings(node: DOMNode) -> list[tuple[str, str]]:
    found = []
    for binding in node.BINDINGS:
        if isinstance(binding, Binding) and binding.description:
            keys = " / ".join(format_key(k.strip()) for k in binding.key.split(","))
            found.append((keys, binding.description))
    return found


def panel_keys(screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, its keys) for each widget of the screen with keys of its own while it has
    focus (a ``HELP_TITLE``; ``KEY_HINTS`` for keys that are not bindings)."""
    return [
        (
            widget.HELP_TITLE,  # type: ignore[attr-defined]
            [(keys, long) for keys, _short, long in getattr(widget, "KEY_HINTS", ())]
            + _bindings(widget),
        )
        for widget in screen.query("*")
        if getattr(widget, "HELP_TITLE", "")
    ]


class HelpScreen(AppModal[None]):
    STYLES = "help.tcss"

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.from_markup("[b]Keys on this screen[/b]"))
            yield from _rows(key_lines(self.under), "help-key")
            for title, keys in panel_keys(self.under):
                yield Static(Content.from_markup("\n[b]$title[/b]", title=title))
                yield from _rows(keys, "help-key")
            if getattr(self.under, "SHOWS_CAPTURE_HELP", False):
                yield Static(Content.from_markup("\n[b]Capture bar[/b] (type, then Enter)"))
                yield from _rows([(c.usage, c.summary) for c in COMMANDS.values()], "help-usage")
                aliases = ", ".join(f"{a} = /{n}" for a, n in ALIASES.items())
                yield Static(
                    Content(
                        f"  Plain text saves a note. Aliases: {aliases}.\n"
                        "  // at the start saves a note that begins with /."
                    )
                )
            yield Static(Content("\nEsc or F1 closes this help."))


def _rows(pairs: list[tuple[str, str]], left: str) -> ComposeResult:
    """Two columns; a long description wraps under itself, not under the key."""
    for name, what in pairs:
        with Horizontal(classes="help-row"):
            yield Static(Content.styled(name, "bold"), classes=left)
            yield Static(Content(what), classes="help-what")
