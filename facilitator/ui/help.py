"""F1: every key of the screen underneath, and every capture-bar command."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.core.capture import ALIASES, COMMANDS


def key_lines(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's and the app's bindings."""
    found = []
    for node in (screen, screen.app):
        for binding in node.BINDINGS:  # type: ignore[attr-defined]
            if isinstance(binding, Binding) and binding.description:
                keys = " / ".join(format_key(k.strip()) for k in binding.key.split(","))
                found.append((keys, binding.description))
    return found


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        lines = [Content.from_markup("[b]Keys on this screen[/b]")]
        lines += [
            Content.from_markup("  [b]$k[/b]  $d", k=f"{k:<18}", d=d)
            for k, d in key_lines(self.under)
        ]
        if getattr(self.under, "SHOWS_CAPTURE_HELP", False):
            lines += [Content(""), Content.from_markup("[b]Capture bar[/b] (type, then Enter)")]
            lines += [
                Content.from_markup("  [b]$u[/b]  $s", u=f"{c.usage:<32}", s=c.summary)
                for c in COMMANDS.values()
            ]
            aliases = ", ".join(f"{a} = /{n}" for a, n in ALIASES.items())
            lines += [
                Content(f"  Plain text saves a note. Aliases: {aliases}."),
                Content("  // at the start saves a note that begins with /."),
            ]
        lines += [Content(""), Content("Esc or F1 closes this help.")]
        with VerticalScroll(id="help"):
            yield Static(Content("\n").join(lines))
