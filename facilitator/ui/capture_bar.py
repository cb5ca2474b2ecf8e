"""The capture bar: an Input that takes a line at a time in the order typed, remembers
what was saved (up/down) and completes participant names after @ (→ accepts the
suggestion)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual._time import get_time  # the clock Textual stamps each key with when read
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.suggester import Suggester, SuggestionReady
from textual.widgets import Input

from facilitator.core.patterns import lazy
from facilitator.core.text import fold

_AT = lazy(r"(?:^|\s)@([^\s@]*)$")


class NameSuggester(Suggester):
    """Suggest the rest of a participant's name (or organisation) after an @."""

    def __init__(self, names: Callable[[], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = names

    async def get_suggestion(self, value: str) -> str | None:
        return self.suggest(value)

    def suggest(self, value: str) -> str | None:
        """The whole of ``value`` with the name after its last @ completed, or None."""
        match = _AT.search(value)
        if match is None or not match.group(1):
            return None
        typed = fold(match.group(1))  # "@sian" completes to Siân, as the owner rule reads it
        for name in self.names():
            if fold(name).startswith(typed) and len(name) > len(match.group(1)):
                return value[: match.start(1)] + name
        return None


def completions(session: Any) -> list[str]:
    """What @ completes to in a meeting: people, then organisations."""
    people = session.participants
    return [p.name for p in people] + sorted({p.organisation for p in people if p.organisation})


def pasted_lines(text: str) -> list[str]:
    """A paste's lines; the last is what follows the last line break ("" when it ends in one)."""
    lines = text.splitlines()
    if not lines or text.splitlines(keepends=True)[-1] != lines[-1]:
        lines.append("")
    return lines


def _quoted(line: str, width: int = 40) -> str:
    line = line.strip()
    return f"'{line if len(line) <= width else line[: width - 1] + '…'}'"


class CaptureBar(Input):
    """A line at a time, in the order typed, each exactly as it stood at Enter.

    Enter takes the line out of the bar and hands it to ``take`` there and then, before
    the next key is read, so keys typed while it is saved start the next line. The bar's
    own keys and the screen's are also carried out in the order typed (Textual runs a
    binding only once the key has bubbled up to the app, after the keys behind it have
    been typed into the bar). A paste of several lines is taken a line at a time, as if
    Enter had been pressed after each; what follows the last line break stays in the bar.

    ``take(line, kept)`` returns False when the line was refused (and says why). A refused
    line stays in the bar when nothing follows it (``kept``); when something does (more
    lines of a paste, or keys typed before the refusal could have been seen) it is set
    aside instead, ``set_aside(line)`` is told, and ↑ brings it back. Nothing is merged
    with it and nothing behind it is held up.
    """

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier line", show=False, id="capture.up"),
        Binding("down", "history(1)", "Later line", show=False, id="capture.down"),
    ]

    REACTION = 0.5
    """Seconds after a refusal in which a key cannot be an answer to it: it was typed ahead."""

    virtual_size = Reactive(Size(0, 0), layout=False)
    """Input sets its virtual size (its text's width, to scroll along a long line) at every
    key, and Textual's virtual size lays the whole screen out again when it changes: a
    reflow of every widget of the live screen at each key, most of the time a key took to
    reach the screen (1.4x a bare Input's). The bar's own size never depends on its text,
    so a new virtual size only repaints it; scrolling reads it as it is."""

    def __init__(
        self,
        names: Callable[[], list[str]],
        take: Callable[[str, bool], bool],
        set_aside: Callable[[str], None],
        **kwargs: Any,
    ) -> None:
        # focus never selects the line: the next key would replace a half-typed line
        # (back from the speakers panel, or a line restored when the meeting was reopened)
        kwargs.setdefault("select_on_focus", False)
        # the names are suggested here as the value changes, not by Input's suggester,
        # which starts a worker at every key (most keys have no @ to complete)
        super().__init__(**kwargs)
        self.names = NameSuggester(names)
        self.take = take
        self.told_set_aside = set_aside
        self.history: list[str] = []
        self.aside: list[str] = []  # refused lines set aside, after the history for ↑
        self._recalled: set[int] = set()  # which of them ↑ has brought back since Enter
        self._kept: tuple[str, float] | None = None  # a refused line back in the bar, until
        self._place = 0
        self._draft = ""

    # -- typing

    def watch_value(self, value: str) -> None:
        """Suggest the rest of a name after @ (→ accepts it), as Input shows a suggestion."""
        suggestion = self.names.suggest(value) if "@" in value else None
        if suggestion:
            self.post_message(SuggestionReady(value, suggestion))

    async def _on_key(self, event: events.Key) -> None:
        self._typed_ahead(event.time)
        if event.is_printable:
            return  # Input inserts it
        if await self.app._check_bindings(event.key):  # the app's own lookup, run now
            event.stop()
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        self._typed_ahead(event.time)
        event.stop()
        event.prevent_default()
        lines = pasted_lines(event.text)
        start, end = sorted(self.selection)
        before, after = self.value[:start], self.value[end:]
        if len(lines) == 1:
            self.value = before + lines[0] + after
            self.cursor_position = len(before + lines[0])
            return
        lines[0] = before + lines[0]
        last = lines.pop()
        self._take([line for line in lines if line.strip()], last + after, len(last))

    async def action_submit(self) -> None:
        self._take([self.value], "", 0)

    def _take(self, lines: list[str], rest: str, cursor: int) -> None:
        """Hand each line over in order; the bar ends holding ``rest`` (or a refused last line)."""
        self._settle_recalled()
        self.value = self._draft = ""
        kept: str | None = None
        for n, line in enumerate(lines):
            last = n == len(lines) - 1 and not rest
            if self.take(line, last):
                self.remember(line)
            elif not line.strip():
                pass  # a blank line refused: nothing to keep
            elif last:
                kept = line
            else:
                self._set_aside(line)
        if kept is not None:
            rest, cursor = kept, len(kept)
            self._kept = (kept, get_time() + self.REACTION)
        self.value = rest
        self.cursor_position = cursor
        self._place = len(self.history) + len(self.aside)

    def _typed_ahead(self, read_at: float) -> None:
        """A key read so soon after a refusal was typed ahead, not at the refused line:
        the refused line is set aside so that the key starts a line of its own."""
        if self._kept is None:
            return
        line, until = self._kept
        self._kept = None
        if self.value == line and read_at < until:
            self.value = ""
            self._set_aside(line)

    def _set_aside(self, line: str) -> None:
        self.aside.append(line)
        self._place = len(self.history) + len(self.aside)
        self.told_set_aside(line)

    def notice(self) -> str:
        """What the status line adds while refused lines are set aside ("" when none)."""
        waiting = [line for n, line in enumerate(self.aside) if n not in self._recalled]
        if not waiting:
            return ""
        if len(waiting) == 1:
            return f"✗ {_quoted(waiting[0])} was not saved: ↑ brings it back"
        return f"✗ {len(waiting)} lines were not saved: ↑ brings them back"

    def with_notice(self, message: str) -> str:
        notice = self.notice()
        return f"{message} · {notice}" if notice else message

    # -- kept for next time (core/drafts.py)

    def unsaved(self) -> list[str]:
        """The refused lines set aside that ↑ has not brought back (those the status line
        names), for the draft kept when the meeting is closed."""
        return [line for n, line in enumerate(self.aside) if n not in self._recalled]

    def restore(self, line: str, aside: list[str]) -> None:
        """Back as it was left: ``line`` in the bar, ``aside`` set aside for ↑ to bring back."""
        self.aside = list(aside)
        self._recalled.clear()
        self._kept = None
        self.value = line
        self.cursor_position = len(line)
        self._place = len(self.history) + len(self.aside)

    # -- history

    def remember(self, line: str) -> None:
        if line.strip() and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._place = len(self.history) + len(self.aside)

    def _settle_recalled(self) -> None:
        """Set-aside lines that ↑ has brought back become ordinary history at the next Enter."""
        if self._recalled:
            for n in sorted(self._recalled):
                self.history.append(self.aside[n])
            self.aside = [line for n, line in enumerate(self.aside) if n not in self._recalled]
            self._recalled.clear()

    def action_history(self, step: int) -> None:
        entries = self.history + self.aside
        if not entries:
            return
        if self._place >= len(entries):
            self._draft = self.value  # the line being typed comes back at the bottom
        self._place = max(0, min(self._place + step, len(entries)))
        if self._place < len(entries):
            if self._place >= len(self.history):
                self._recalled.add(self._place - len(self.history))
            self.value = entries[self._place]
        else:
            self.value = self._draft
        self.cursor_position = len(self.value)
