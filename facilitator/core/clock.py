"""The meeting's clock: stored timestamps, and the time spent between them.

Every moment a session stores is an ISO string to the second, read from the meeting's clock
(``datetime.now`` when it is run, a frozen clock in the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from facilitator.core.model import AgendaItem

Clock = Callable[[], datetime]


def now_iso(clock: Clock) -> str:
    """The clock's time as a session stores it."""
    return clock().isoformat(timespec="seconds")


def seconds_between(start_iso: str, end_iso: str) -> int:
    """Whole seconds from one stored timestamp to another (never negative)."""
    try:
        delta = datetime.fromisoformat(end_iso) - datetime.fromisoformat(start_iso)
    except ValueError:
        return 0
    return max(int(delta.total_seconds()), 0)


def item_elapsed(item: AgendaItem, now: datetime) -> int:
    """Seconds spent on an item so far, counting the visit in progress."""
    running = seconds_between(item.entered_at, now.isoformat()) if item.entered_at else 0
    return item.spent_seconds + running
