"""Reading the archive off the event loop: a screen's review index, opened and asked only in
worker threads (the page of a long list it answers is shown by ui/paged_table.py).

The review screens (tracker, search) never read the disk on the event loop: they ask the
index (core/review_index.py) in ``@work(thread=True)`` workers and draw what the worker
posts back as a message. A newer answer replaces an older one still on its way: each carries
the ``generation`` it was asked in, and the screen draws only the latest.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState, get_current_worker

from facilitator.core.errors import UserError
from facilitator.core.store import SessionStore

if TYPE_CHECKING:  # SQLite is imported with the index, by the review screens' workers, not
    # by every start (the live screen reads read_failure from here)
    from facilitator.core.review_index import ReviewIndex


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
        from facilitator.core.review_index import ReviewIndex

        with self._lock:
            if self._index is None:
                self._index = ReviewIndex(self.store)
            return self._index

    def fresh(self) -> ReviewIndex:
        """The index, brought up to date with the files once for this screen (the first
        caller refreshes it; the others wait for that, then ask). Call from a worker: if it
        is cancelled meanwhile (the screen closed, the app quitting), the refresh stops."""
        from facilitator.core.review_index import ReviewIndex

        worker = get_current_worker()
        with self._lock:
            if self._index is None:
                self._index = ReviewIndex(self.store)
            if self.problems is None:
                problems = self._index.refresh(stop=lambda: worker.is_cancelled, apart=True)
                if not worker.is_cancelled:
                    self.problems = problems
            return self._index

    def close(self) -> None:
        """Close the index once any question still running is answered, off the event loop."""
        with self._lock:
            index, self._index = self._index, None
        if index is not None:
            threading.Thread(target=index.close, name="close review index", daemon=True).start()
