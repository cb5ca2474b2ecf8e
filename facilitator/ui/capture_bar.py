"""The capture bar: an Input that remembers what was saved (up/down) and completes
participant names after @ (→ accepts the suggestion)."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

_AT = re.compile(r"(?:^|\s)@([^\s@]*)$")


class NameSuggester(Suggester):
    """Suggest the rest of a participant's name (or organisation) after an @."""

    def __init__(self, names: Callable[[], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        match = _AT.search(value)
        if match is None or not match.group(1):
            return None
        typed = match.group(1).casefold()
        for name in self.names():
            if name.casefold().startswith(typed) and len(name) > len(typed):
                return value[: match.start(1)] + name
        return None


class CaptureBar(Input):
    BINDINGS = [
        Binding("up", "history(-1)", "Earlier line", show=False, id="capture.up"),
        Binding("down", "history(1)", "Later line", show=False, id="capture.down"),
    ]

    def __init__(self, names: Callable[[], list[str]], **kwargs: object) -> None:
        super().__init__(suggester=NameSuggester(names), **kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._place = 0

    def remember(self, line: str) -> None:
        if line.strip() and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._place = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._place = max(0, min(self._place + step, len(self.history)))
        self.value = self.history[self._place] if self._place < len(self.history) else ""
        self.cursor_position = len(self.value)
