"""A table that holds a page of a long list at a time and draws only the lines in view.

The review screens (home's sessions, the tracker, search) show lists of up to thousands of
rows a page (``PAGE`` rows) at a time. Textual's DataTable renders each cell through Rich
when it is first drawn, about 45 ms for a page: a new page, each filter letter and each
search answer held the event loop that long. This table is a line-API widget (Textual's
``ScrollView``): each row is one ready-made segment, padded to the column widths, made the
first time the row is in view (and again only when its style changes, as the cursor comes
onto it or the theme changes), and a line drawn is that row's strip cropped to the view.
Drawing costs the same whatever the number of rows held.

It looks as DataTable does (the same component classes, so themes style both alike), with
a fixed header, zebra stripes and a row cursor; cells are user text and shown literally.
A column may be given a widest width (``widest``): a longer cell is cut there, ending in
"…", so that the columns after it are in view (``row_cells`` still gives it whole).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from facilitator.core.cells import cut
from facilitator.core.controls import visible

PAGE = 60  # rows asked for at a time: two screenfuls, drawn well within a frame's time
MARGIN = 20  # the next page is asked for when the cursor or the view comes this near the end
PADDING = 1  # blank cells either side of each column's text, as DataTable's cell_padding
HEADER = 1  # lines the header takes at the top: it stays there as the rows scroll


class PagedTable(ScrollView, can_focus=True):
    """The first rows of a longer list (``total`` in all), asking for the next page, by
    posting :class:`PagedTable.NearEnd`, as the cursor or the view comes near the last row
    it holds.

    Its columns are as wide as the widest cell it holds (in terminal cells: wide characters
    count two), worked out as the rows come. A cell that holds several lines shows its
    first, as DataTable's one-line rows do; its column is as wide as its widest line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--cursor",
        "datatable--hover",
        "datatable--header",
        "datatable--odd-row",
        "datatable--even-row",
    }

    # DataTable's own rules for these classes (textual/widgets/_data_table.py), so the
    # table looks the same and a theme styles both alike.
    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .datatable--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--odd-row {
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", id="table.select", show=False),
        Binding("up", "cursor_up", "Cursor up", id="table.up", show=False),
        Binding("down", "cursor_down", "Cursor down", id="table.down", show=False),
        Binding("pageup", "page_up", "Page up", id="table.page-up", show=False),
        Binding("pagedown", "page_down", "Page down", id="table.page-down", show=False),
        Binding("home,ctrl+home", "first", "First row", id="table.first", show=False),
        Binding("end,ctrl+end", "last", "Last row", id="table.last", show=False),
        Binding("left", "scroll_left", "Scroll left", id="table.left", show=False),
        Binding("right", "scroll_right", "Scroll right", id="table.right", show=False),
    ]

    @dataclass
    class NearEnd(Message):
        """The cursor or the view came near the last row held: the page from ``offset``."""

        table: PagedTable
        offset: int  # the first row wanted

        @property
        def control(self) -> PagedTable:
            return self.table

    @dataclass
    class RowHighlighted(Message):
        """The cursor came onto another row (or the rows under it were replaced)."""

        table: PagedTable
        cursor_row: int
        key: str | None  # the row's key, if the rows were given keys

        @property
        def control(self) -> PagedTable:
            return self.table

    @dataclass
    class RowSelected(Message):
        """Enter was pressed on the cursor's row, or the row under the cursor clicked."""

        table: PagedTable
        cursor_row: int
        key: str | None

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        widest: dict[int, int] | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.widest = dict(widest or {})  # column → the most cells it takes
        self.total = 0
        self._asked = -1  # the offset last asked for, until it arrives
        self._header: tuple[str, ...] = ()
        self._cells: list[tuple[str, ...]] = []  # every row held, as given
        self._keys: list[str] = []
        self._widths: list[int] = []  # each column's text width, padding not counted
        self._cursor = 0
        self._hover = -1  # the row under the mouse, shown until the cursor moves
        self._drawn = 0  # bumped when the rows or columns change: every strip made is stale
        self._strips: LRUCache[tuple[int, Style, int], Strip] = LRUCache(4 * PAGE)

    # -- what the screens ask

    @property
    def row_count(self) -> int:
        return len(self._cells)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def cursor_key(self) -> str | None:
        """The key of the cursor's row (None with no rows, or rows given without keys)."""
        return self._key(self._cursor)

    def row_cells(self, row: int) -> tuple[str, ...]:
        """A row's cells, as given."""
        return self._cells[row]

    def show(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        total: int,
        keys: Sequence[str] = (),
    ) -> None:
        """Replace what the table shows (in one go: never an empty table in between),
        keeping the cursor's row where it can. Cells are shown literally (user text)."""
        cells, kept = [tuple(r) for r in rows], list(keys)
        same = (tuple(header), cells, kept, total)
        if same == (self._header, self._cells, self._keys, self.total):
            return  # the same answer again (a space typed): nothing drawn again
        self._header, self._cells, self._keys = tuple(header), cells, kept
        self.total, self._asked = total, -1
        self._measure(self._capped(_widths(self._header, self._cells)), fresh=True)
        self._cursor = max(0, min(self._cursor, len(cells) - 1))
        if cells:
            self.post_message(self.RowHighlighted(self, self._cursor, self.cursor_key()))
            self._scroll_to_cursor()
        self._near_end()

    def extend(self, offset: int, rows: Iterable[Sequence[str]], keys: Sequence[str] = ()) -> None:
        """Add the page that starts at ``offset`` (ignored unless it follows the last row).
        A column is widened if a new cell needs it; the cursor and the view stay."""
        if offset != self.row_count:
            return
        more = [tuple(r) for r in rows]
        self._cells += more
        self._keys += keys
        wider = self._capped(_widths(self._header, more))
        self._measure([max(a, b) for a, b in zip(self._widths, wider, strict=True)])
        self._asked = -1
        self._near_end()

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on ``row`` (kept within the rows held), scrolled into view."""
        if not self._cells:
            return
        self._hover_on(-1)  # the cursor is driven now: the mouse's row no longer shown
        row = max(0, min(row, len(self._cells) - 1))
        if row != self._cursor:
            old, self._cursor = self._cursor, row
            self.refresh_line(old + HEADER)
            self.refresh_line(row + HEADER)
            self.post_message(self.RowHighlighted(self, row, self._key(row)))
        if scroll:
            self._scroll_to_cursor(animate)
        self._near_end()

    # -- keys and the mouse

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        page = max(1, self._rows_in_view())
        self.scroll_to(y=self.scroll_y - page, animate=False, force=True)
        self.move_cursor(row=self._cursor - page)

    def action_page_down(self) -> None:
        page = max(1, self._rows_in_view())
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)
        self.move_cursor(row=self._cursor + page)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self._cells:
            self.post_message(self.RowSelected(self, self._cursor, self.cursor_key()))

    def on_click(self, event: events.Click) -> None:
        """A click on a row puts the cursor there; on the cursor's row, selects it."""
        row = self._row_at(event)
        if row < 0:
            return
        event.stop()
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(-1)

    def _hover_on(self, row: int) -> None:
        if row != self._hover:
            old, self._hover = self._hover, row
            for changed in (old, row):
                if changed >= 0:
                    self.refresh_line(changed + HEADER)

    def _row_at(self, event: events.MouseEvent) -> int:
        """The row under the mouse (-1 on the header or below the last row)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER:
            return -1
        row = offset.y - HEADER + self.scroll_offset.y
        return row if row < self.row_count else -1

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._near_end()

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    # -- drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if not self._header:
            return Strip.blank(width, self.rich_style)
        if y < HEADER:
            style = self.get_component_rich_style("datatable--header")
            strip = self._strip(-1, style)
        else:
            row = y - HEADER + scroll_y
            if row >= len(self._cells):
                return Strip.blank(width, self.rich_style)
            style = self.get_component_rich_style(
                "datatable--odd-row" if row % 2 else "datatable--even-row"
            )
            if row == self._hover:
                style += self.get_component_rich_style("datatable--hover")
            if row == self._cursor:
                style += self.get_component_rich_style("datatable--cursor")
            strip = self._strip(row, style)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _strip(self, row: int, style: Style) -> Strip:
        """A row's line (the header's for -1), all its columns, as one segment."""
        key = (row, style, self._drawn)
        strip = self._strips.get(key)
        if strip is None:
            cells = self._header if row < 0 else self._cells[row]
            pad = " " * PADDING
            text = "".join(
                f"{pad}{_fitted(_shown(cell), width)}{pad}"
                for cell, width in zip(cells, self._widths, strict=False)
            )
            strip = Strip([Segment(text, style)], cell_len(text))
            self._strips[key] = strip
        return strip

    def _measure(self, widths: list[int], *, fresh: bool = False) -> None:
        """Columns as wide as ``widths``, and the scrollable size for the rows held;
        ``fresh``: the rows were replaced, so no line drawn before is drawn again."""
        if fresh or widths != self._widths:
            self._widths = widths
            self._drawn += 1
            self._strips.clear()
        width = sum(widths) + 2 * PADDING * len(widths)
        self.virtual_size = Size(width, HEADER + len(self._cells) if self._header else 0)
        self.refresh()

    # -- helpers

    def _capped(self, widths: list[int]) -> list[int]:
        return [min(w, self.widest.get(n, w)) for n, w in enumerate(widths)]

    def _key(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < min(len(self._keys), len(self._cells)) else None

    def _rows_in_view(self) -> int:
        return self.scrollable_content_region.height - HEADER

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll so the cursor's row is in view below the header."""
        height = self._rows_in_view()
        if height <= 0 or not self._cells:
            return  # not laid out yet: done on the first resize
        top = self.scroll_offset.y
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=animate, force=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=animate, force=True)

    def _near_end(self) -> None:
        if self.row_count >= self.total or self._asked == self.row_count:
            return
        bottom = self.scroll_y + self.scrollable_content_region.height
        if self._cursor >= self.row_count - MARGIN or bottom >= self.row_count - MARGIN:
            self._asked = self.row_count
            self.post_message(self.NearEnd(self, self.row_count))


def _lines(cell: str) -> list[str]:
    """A cell's lines as they would be drawn: control characters shown, never sent to the
    terminal (ESC as ␛, as every screen and output of the app shows them: DataTable's
    Rich dropped a few and let ESC through), tabs expanded."""
    return visible(cell).expandtabs(8).split("\n")


def _fitted(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut ending in "…" (only a column
    given a widest width is narrower than its cells)."""
    return set_cell_size(cut(text, width), width)


def _shown(cell: str) -> str:
    """What a cell shows on its one line: its first line."""
    return _lines(cell)[0]


def _widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width: its widest cell or heading (its widest line), in cells."""
    widths = [cell_len(_shown(h)) for h in header]
    for row in rows:
        for n, cell in enumerate(row):
            widths[n] = max(widths[n], max(map(cell_len, _lines(cell))))
    return widths
