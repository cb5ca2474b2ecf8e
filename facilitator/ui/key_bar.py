"""The keys that matter on this screen, in one line at the bottom.

Textual's ``Footer`` builds a widget per key and rebuilds them all each time focus moves; on
the live screen that was a third of start-up (see ``benchmarks/bench_app.py``). This bar shows
the same bindings (those with ``show=True``, one per action, disabled ones dimmed) as a single
widget, and a click on a key presses it, as in the Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyHint:
    key: str  # the key to simulate on a click
    display: str  # how the key is shown, e.g. "^t" or "F1"
    description: str
    enabled: bool


def key_hints(screen: Screen[object], palette: bool = True) -> list[KeyHint]:
    """The screen's shown bindings, first key per action, in the order Textual lists them;
    then the command palette's key (last, as in Textual's Footer) when ``palette``."""
    app = screen.app
    active = screen.active_bindings
    hints: dict[str, KeyHint] = {}
    for _node, binding, enabled, _tooltip in active.values():
        if binding.show and binding.action not in hints:
            hints[binding.action] = KeyHint(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )
    if palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
        hints.setdefault(binding.action, KeyHint(
            binding.key, app.get_key_display(binding), binding.description, enabled
        ))
    return list(hints.values())


class KeyBar(Static):
    """The key hints along the bottom, on as many lines as they need (at most ``MAX_LINES``,
    never splitting a hint); redrawn, not rebuilt, when the bindings or the width change."""

    MAX_LINES = 2

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 2;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, palette: bool = True) -> None:
        super().__init__()
        self.palette = palette
        self._hints: list[KeyHint] = []
        self._spans: list[tuple[int, int, int, KeyHint]] = []  # line, start, end, hint

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.update(self._draw(self._hints, self.size.width))

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        hints = key_hints(screen, self.palette)
        if hints != self._hints:
            self._hints = hints
            self.update(self._draw(hints, self.size.width or self.app.size.width))

    def _draw(self, hints: list[KeyHint], width: int) -> Content:
        lines: list[list[Content]] = [[]]
        self._spans = []
        x = 0
        for hint in hints:
            part = Content.from_markup(
                "[b $footer-key-foreground]$key[/] [$footer-description-foreground]$text[/] ",
                key=f" {hint.display}",
                text=hint.description,
            )
            if not hint.enabled:
                part = part.stylize("dim")
            if x and x + part.cell_length > width and len(lines) < self.MAX_LINES:
                lines.append([])
                x = 0
            self._spans.append((len(lines) - 1, x, x + part.cell_length, hint))
            x += part.cell_length
            lines[-1].append(part)
        return Content("\n").join(Content("").join(line) for line in lines)

    def hint_at(self, x: int, y: int = 0) -> KeyHint | None:
        for line, start, end, hint in self._spans:
            if line == y and start <= x < end:
                return hint
        return None

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x, event.y)
        if hint is not None and hint.enabled:
            event.stop()
            self.app.simulate_key(hint.key)
