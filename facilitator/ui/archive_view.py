"""Reading the archive off the event loop: a screen's review index, opened and asked only in
worker threads, and a table that holds a page of a long list at a time.

The review screens (tracker, search) never read the disk on the event loop: they ask the
index (core/review_index.py) in ``@work(thread=True)`` workers and draw what the worker
posts back as a message. A newer answer replaces an older one still on its way: each carries
the ``generation`` it was asked in, and the screen draws only the latest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState, get_current_worker

from facilitator.core.errors import UserError
from facilitator.core.review_index import ReviewIndex
from facilitator.core.store import SessionStore


def read_failure(event: Worker.StateChanged) -> UserError | OSError | None:
    """What an archive read that failed should say on the screen: the disk's or the user's
    error (None while the worker has not failed). Any other error is a bug, raised here as
    it would have been on the event loop, never turned into a status line."""
    error = event.worker.error
    if event.state != WorkerState.ERROR or error is None:
        return None
    if not isinstance(error, UserError | OSError):
        raise error
    return error


PAGE = 60  # rows asked for at a time: two screenfuls, drawn well within a frame's time
MARGIN = 20  # the next page is asked for when the cursor or the view comes this near the end


class ScreenIndex:
    """The review index a screen asks, made on first use in a worker thread (making it
    touches the disk) and closed in one when the screen goes."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self._index: ReviewIndex | None = None
        self._lock = threading.Lock()
        self.problems: list[str] | None = None  # from the first refresh, once it has run

    def get(self) -> ReviewIndex:
        """The index (call from a worker thread)."""
        with self._lock:
            if self._index is None:
                self._index = ReviewIndex(self.store)
            return self._index

    def fresh(self) -> ReviewIndex:
        """The index, brought up to date with the files once for this screen (the first
        caller refreshes it; the others wait for that, then ask). Call from a worker: if it
        is cancelled meanwhile (the screen closed, the app quitting), the refresh stops."""
        worker = get_current_worker()
        with self._lock:
            if self._index is None:
                self._index = ReviewIndex(self.store)
            if self.problems is None:
                problems = self._index.refresh(stop=lambda: worker.is_cancelled)
                if not worker.is_cancelled:
                    self.problems = problems
            return self._index

    def close(self) -> None:
        """Close the index once any question still running is answered, off the event loop."""
        with self._lock:
            index, self._index = self._index, None
        if index is not None:
            threading.Thread(target=index.close, name="close review index", daemon=True).start()


class PagedTable(DataTable[Text]):
    """A DataTable showing the first rows of a longer list (``total`` in all) and asking for
    the next page, by posting :class:`PagedTable.NearEnd`, as the cursor or the view comes
    near the last row it holds.

    Its columns are as wide as the widest cell it holds, worked out here as the rows come
    (DataTable would measure them when next idle, and keep any lines drawn before that with
    the columns cut to their headings: here rows come after the first paint)."""

    @dataclass
    class NearEnd(Message):
        table: PagedTable
        offset: int  # the first row wanted

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.total = 0
        self._asked = -1  # the offset last asked for, until it arrives
        self._header: tuple[str, ...] = ()
        self._cells: list[tuple[str, ...]] = []  # every row held, as shown
        self._keys: list[str] = []

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
        row = self.cursor_row
        self._header, self._cells, self._keys = tuple(header), cells, kept
        self.clear(columns=True)
        widths = _widths(self._header, self._cells)
        for label, width in zip(self._header, widths, strict=True):
            self.add_column(label, width=width)
        self._add(self._cells, self._keys)
        self.total, self._asked = total, -1
        if self.row_count:
            self.move_cursor(row=max(0, min(row, self.row_count - 1)), animate=False)

    def extend(self, offset: int, rows: Iterable[Sequence[str]], keys: Sequence[str] = ()) -> None:
        """Add the page that starts at ``offset`` (ignored unless it follows the last row)."""
        if offset != self.row_count:
            return
        more = [tuple(r) for r in rows]
        wider = zip(_widths(self._header, more), self._column_widths(), strict=True)
        if any(needed > width for needed, width in wider):  # drawn again, each column as
            # wide as its widest cell now
            cursor, scroll = self.cursor_row, self.scroll_y
            self.show(self._header, [*self._cells, *more], self.total, [*self._keys, *keys])
            self.move_cursor(row=cursor, animate=False)
            self.scroll_to(y=scroll, animate=False)
        else:
            self._cells += more
            self._keys += keys
            self._add(more, keys)
        self._asked = -1
        self._near_end()

    def _column_widths(self) -> list[int]:
        return [column.width for column in self.ordered_columns]

    def _add(self, rows: Sequence[tuple[str, ...]], keys: Sequence[str]) -> None:
        if not keys:
            self.add_rows([Text(c) for c in r] for r in rows)
            return
        for r, key in zip(rows, keys, strict=True):
            self.add_row(*(Text(c) for c in r), key=key)

    def _near_end(self) -> None:
        if self.row_count >= self.total or self._asked == self.row_count:
            return
        bottom = self.scroll_y + self.scrollable_content_region.height
        if self.cursor_row >= self.row_count - MARGIN or bottom >= self.row_count - MARGIN:
            self._asked = self.row_count
            self.post_message(self.NearEnd(self, self.row_count))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._near_end()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._near_end()


def _widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width: its widest cell or heading, in terminal cells."""
    widths = [cell_len(h) for h in header]
    for row in rows:
        for n, cell in enumerate(row):
            widths[n] = max(widths[n], max(map(cell_len, cell.splitlines() or [""])))
    return widths
