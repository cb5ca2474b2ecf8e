"""The keys that matter on this screen, in one line at the bottom.

Textual's ``Footer`` builds a widget per key and rebuilds them all each time focus moves; on
the live screen that was a third of start-up (see ``benchmarks/bench_app.py``). This bar shows
the same bindings (those with ``show=True``, one per action, disabled ones dimmed) as a single
widget, and a click on a key presses it, as in the Footer.
"""

from __future__ import annotations

import msgspec
from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class KeyHint(msgspec.Struct, frozen=True):  # a Struct: made in C, not compiled at start
    key: str  # the key to simulate on a click ("": a hint for several keys, not clickable)
    display: str  # how the key is shown, e.g. "^t" or "F1"
    description: str
    enabled: bool
    kept: bool = False  # the app's own keys (Help, Quit): the last to go when space is short


def key_hints(screen: Screen[object], palette: bool = True) -> list[KeyHint]:
    """The screen's shown bindings, first key per action, in the order Textual lists them
    (the focused widget's first, led by the keys it names in ``KEY_HINTS``, such as the
    speakers panel's person keys: keys, short and long description); then the command
    palette's key (last, as in Textual's Footer) when ``palette``."""
    app = screen.app
    active = screen.active_bindings
    hints: dict[str, KeyHint] = {
        f"hint:{display}": KeyHint("", display, short, True)
        for display, short, _long in getattr(screen.focused, "KEY_HINTS", ())
    }
    for node, binding, enabled, _tooltip in active.values():
        if binding.show and binding.action not in hints:
            hints[binding.action] = KeyHint(
                binding.key, app.get_key_display(binding), binding.description, enabled,
                kept=node is app,
            )
    if palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
        hints.setdefault(binding.action, KeyHint(
            binding.key, app.get_key_display(binding), binding.description, enabled, kept=True
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
        """Hints in order, whole, on up to ``MAX_LINES`` lines; when they do not fit, the
        screen's last hints give way first so that the app's own (Help, Quit) stay."""
        parts = [(hint, _part(hint)) for hint in hints]
        while len(_lines([p for _, p in parts], width)) > self.MAX_LINES:
            drop = next((i for i in range(len(parts) - 1, -1, -1) if not parts[i][0].kept),
                        len(parts) - 1)
            del parts[drop]
            if not parts:
                break
        self._spans = []
        rows = _lines([p for _, p in parts], width)
        shown = iter(hint for hint, _ in parts)
        for y, row in enumerate(rows):
            x = 0
            for part in row:
                self._spans.append((y, x, x + part.cell_length, next(shown)))
                x += part.cell_length
        return Content("\n").join(Content("").join(row) for row in rows)

    def hint_at(self, x: int, y: int = 0) -> KeyHint | None:
        for line, start, end, hint in self._spans:
            if line == y and start <= x < end:
                return hint
        return None

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x, event.y)
        if hint is not None and hint.enabled and hint.key:
            event.stop()
            self.app.simulate_key(hint.key)


def _part(hint: KeyHint) -> Content:
    """One hint as Textual's Footer draws it: the key, then its description, both literal.
    Assembled from spans rather than parsed from markup (the same Content, a thirtieth of
    the time: there are fifteen of them at every start)."""
    part = Content.assemble(
        (f" {hint.display}", "b $footer-key-foreground"),
        " ",
        (hint.description, "$footer-description-foreground"),
        " ",
    )
    return part.stylize("dim") if not hint.enabled else part


def _lines(parts: list[Content], width: int) -> list[list[Content]]:
    """Parts laid out left to right, a new line where the next would not fit."""
    lines: list[list[Content]] = [[]]
    x = 0
    for part in parts:
        if x and x + part.cell_length > width:
            lines.append([])
            x = 0
        lines[-1].append(part)
        x += part.cell_length
    return lines
