"""The agenda beside the live screen: one row per item, titles wrap under themselves.

One widget that renders its own lines (Textual's line API), not a row of widgets per item:
the first screen has one widget to style and lay out however long the agenda is, a save
redraws it without re-composing anything, and only the lines in view are drawn. The lines
are those the earlier widget-per-row panel drew, cell for cell (the snapshots hold them).
"""

from __future__ import annotations

from typing import cast

from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize

from facilitator.core.model import Session
from facilitator.ui import render
from facilitator.ui.wrapping import wrapped_rows, wraps_plainly

MARKER_WIDTH = 6  # "▶ 12." and a space before the title
EMPTY = "No agenda items."

_RowKey = tuple[str, bool, str, tuple[object, ...]]


def _key(row: render.AgendaRow) -> _RowKey:
    """A row as it is drawn (Content compares its text only, not its styles)."""
    return (row.marker, row.current, row.title.plain, tuple(row.title.spans))


class AgendaPanel(ScrollView):
    """The agenda: ▶ the current item (kept in view), ⇥ deferred, ✓ done; redrawn whenever
    its ``session`` is set — bound to the live screen's (``data_bind``), which is set after
    every change, the same session object changed in place (hence ``always_update``)."""

    session: Reactive[Session | None] = Reactive(
        None, always_update=True, init=False, layout=False, repaint=False
    )

    DEFAULT_CSS = """
    AgendaPanel {
        overflow-x: hidden;
        overflow-y: auto;
    }
    AgendaPanel > .agenda-panel--current {
        background: $accent 30%;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"agenda-panel--current"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[render.AgendaRow] = []
        self._width = 0  # the width the lines are laid out for (0: not yet)
        self._lines: list[tuple[int, int]] = []  # each line: (row, line of that row)
        self._tops: list[int] = []  # each row's first line
        self._heights: dict[int, dict[str, int]] = {}  # by width: each title's lines
        self._drawn: dict[_RowKey, list[Strip]] = {}  # a row's lines at self._width …
        self._drawn_in: tuple[Style, Style] | None = None  # … in these styles (normal, current)

    def watch_session(self, session: Session | None) -> None:
        if session is None:
            return
        self._rows = render.agenda_rows(session)
        self._lay_out()
        self.refresh()
        self.call_after_refresh(self._current_in_view)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()
        self._current_in_view()

    # -- laying out

    def _lay_out(self) -> None:
        """Each row's lines at the width there is: less the scrollbar's when the rows are
        taller than the panel (known without wrapping a title when they outnumber its
        lines, as a long agenda does)."""
        width, lines = self.size  # the content area, inside the border and padding
        if width <= 0:
            return  # not laid out yet: done when the panel is given its size
        overflow, scrollbar = self.styles.overflow_y, self.styles.scrollbar_size_vertical
        scrolls = overflow in ("auto", "scroll") and 0 < scrollbar < width
        narrow = width - scrollbar if scrolls else width
        if overflow == "scroll" or len(self._rows) > lines:
            width = narrow
        tops, height = self._fit(width)
        if height > lines and width != narrow:
            width = narrow
            tops, height = self._fit(width)
        if width != self._width:
            self._width = width
            self._drawn.clear()
        self._tops = tops
        ends = [*tops[1:], height]
        self._lines = [
            (row, line) for row, top in enumerate(tops) for line in range(ends[row] - top)
        ]
        self.virtual_size = Size(width, height if self._rows else 1)

    def _fit(self, width: int) -> tuple[list[int], int]:
        """Each row's first line, and the lines of all, at ``width``."""
        if width not in self._heights:  # the widths with and without the scrollbar are kept
            self._heights = {w: h for w, h in self._heights.items() if w == self._width}
        known = self._heights.setdefault(width, {})
        plainly = wraps_plainly(self.styles)
        tops, height = [], 0
        for row in self._rows:
            tops.append(height)
            height += self._title_height(row.title, width - MARKER_WIDTH, known, plainly)
        return tops, height

    def _title_height(
        self, title: Content, width: int, known: dict[str, int], plainly: bool = True
    ) -> int:
        """The lines ``title`` wraps to at ``width``, as a Static would wrap it (``known``:
        those worked out at this width before, by text)."""
        plain = title.plain
        plainly = plainly and "\t" not in plain
        if plainly and "\n" not in plain and title.cell_length <= width:
            return 1
        if (lines := known.get(plain)) is None:
            if plainly:  # where Content.get_height would split it, a few times quicker
                lines = wrapped_rows(plain, width)
            else:
                rules = cast(RulesMap, self.styles)  # as Textual's own widgets pass it
                lines = visualize(self, title).get_height(rules, max(width, 1))
            known[plain] = lines = max(1, lines)
        return lines

    def _current_in_view(self) -> None:
        """Scroll the current item to the middle (a long agenda in a short window)."""
        current = next((n for n, row in enumerate(self._rows) if row.current), None)
        if current is None or not self._tops or not self._width:
            return
        top = self._tops[current]
        bottom = self._tops[current + 1] if current + 1 < len(self._tops) else len(self._lines)
        self.scroll_to_region(
            Region(0, top, self._width, bottom - top),
            animate=False,
            center=True,
            immediate=True,
        )

    # -- drawing

    def render_line(self, y: int) -> Strip:
        number = self.scroll_offset.y + y
        width = self.size.width
        if not self._rows:
            if number == 0 and self.session is not None:
                return self._text(Content(EMPTY), width, self.visual_style)[0]
            return Strip.blank(width, self._fill(self.visual_style))
        if number >= len(self._lines):
            return Strip.blank(width, self._fill(self.visual_style))
        row, line = self._lines[number]
        return self._draw(self._rows[row])[line]

    def _draw(self, row: render.AgendaRow) -> list[Strip]:
        """A row's lines: its marker, and its title wrapped beside it."""
        styles = (self.visual_style, self.get_visual_style("agenda-panel--current"))
        if styles != self._drawn_in:  # a theme changed: every row is drawn again
            self._drawn.clear()
            self._drawn_in = styles
        key = _key(row)
        if (strips := self._drawn.get(key)) is None:
            style = styles[row.current]
            fill = self._fill(style)
            marker = self._text(Content(row.marker), MARKER_WIDTH, style)
            title = self._text(row.title, self._width - MARKER_WIDTH, style)
            blank = Strip.blank(MARKER_WIDTH, fill)
            strips = [
                Strip.join([marker[n] if n < len(marker) else blank, part])
                for n, part in enumerate(title)
            ]
            self._drawn[key] = strips
        return strips

    def _text(self, content: Content, width: int, style: Style) -> list[Strip]:
        """``content`` drawn as a Static of ``width`` draws it, its lines filled out to the
        width with the background."""
        visual: Visual = visualize(self, content, markup=False)
        fill = self._fill(style)
        strips = Visual.to_strips(self, visual, width, None, style) or [Strip.blank(0)]
        return [strip.adjust_cell_length(width, fill) for strip in strips]

    @staticmethod
    def _fill(style: Style) -> RichStyle:
        """The background alone, as the space beside the text is filled."""
        return Style(background=style.background).rich_style
