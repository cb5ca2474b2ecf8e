"""A screen's tabs as one widget: which of its views is shown.

Textual's ``TabbedContent`` is ten widgets (the tabs, their scroll container and rows, the
underline, the switcher, a pane per tab). On the tracker they were ten of its nineteen, and
opening it styled, laid out and drew them all in one go on the event loop: 30-50 ms, where
the same screen with this strip in their place took 15-30 (``benchmarks/bench_archive.py``,
the event loop's phases). The strip draws the labels as one line with the current one
marked and underlined, as Textual's tabs look; ←/→ while it has the focus, or a click on a
label, changes it, and it posts :class:`TabStrip.Changed` for the screen to show the view
that goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


class TabStrip(Static, can_focus=True):
    """Tab labels (``tabs``: each tab's id and label, in order), one of them ``active``."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous tab", show=False, id="tabs.previous"),
        Binding("right", "move(1)", "Next tab", show=False, id="tabs.next"),
    ]

    DEFAULT_CSS = """
    TabStrip {
        height: 2;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    active: reactive[str] = reactive("", init=False)

    @dataclass
    class Changed(Message):
        """Another tab is the current one."""

        tab_strip: TabStrip
        active: str

        @property
        def control(self) -> TabStrip:
            return self.tab_strip

    def __init__(self, tabs: dict[str, str], *, id: str | None = None) -> None:
        if not tabs:
            raise ValueError("a tab strip needs a tab")
        super().__init__(id=id)
        self.tabs = dict(tabs)
        self.set_reactive(TabStrip.active, next(iter(self.tabs)))
        self._spans: list[tuple[int, int, str]] = []  # start, end, tab id

    def validate_active(self, tab: str) -> str:
        if tab not in self.tabs:
            raise ValueError(f"no tab {tab!r}: {', '.join(self.tabs)}")
        return tab

    def watch_active(self, tab: str) -> None:
        self._draw()
        self.post_message(self.Changed(self, tab))

    def on_mount(self) -> None:
        self._draw()

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self._draw()  # the current tab marked as the cursor while the strip has the focus

    def action_move(self, step: int) -> None:
        ids = list(self.tabs)
        self.active = ids[(ids.index(self.active) + step) % len(ids)]

    def tab_at(self, x: int) -> str | None:
        """The tab whose label is at ``x`` (a cell of the widget's content), if any."""
        return next((tab for start, end, tab in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        tab = self.tab_at(event.x - self.styles.padding.left)
        if tab is not None and event.y == 0:
            event.stop()
            self.active = tab

    def _draw(self) -> None:
        labels, bars, self._spans = [], [], []
        x = 0
        for tab, label in self.tabs.items():
            shown = Content(f" {label} ")
            if tab == self.active:
                mark = "$block-cursor-foreground on $block-cursor-background" if (
                    self.has_focus
                ) else "$accent"
                shown = Content.from_markup(f"[b {mark}]$label[/]", label=shown.plain)
                bar = Content.from_markup("[$accent]$bar[/]", bar="━" * shown.cell_length)
            else:
                shown = shown.stylize("dim")
                bar = Content("─" * shown.cell_length).stylize("dim")
            labels.append(shown)
            bars.append(bar)
            self._spans.append((x, x + shown.cell_length, tab))
            x += shown.cell_length + 1
        gap = Content(" ")
        self.update(Content("\n").join([gap.join(labels), Content("─").stylize("dim").join(bars)]))
