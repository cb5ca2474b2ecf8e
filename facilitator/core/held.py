"""When a meeting was held, as against when it was planned.

A meeting planned for Fri 12 Feb 2027 may be run on another day (brought forward, an
emergency meeting, a rehearsal). Its record must say when it was actually held: the day it
started. The planned date is kept and said beside it when the two differ.
"""

from __future__ import annotations

from datetime import date, datetime

from facilitator.core.dates import echo_date
from facilitator.core.model import SessionInfo


def _moment(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _shown(moment: datetime, with_time: bool = True) -> str:
    return f"{echo_date(moment.date())}, {moment:%H:%M}" if with_time else echo_date(moment.date())


def planned_day(info: SessionInfo) -> date | None:
    moment = _moment(info.date)
    return moment.date() if moment else None


def held_day(info: SessionInfo) -> date | None:
    """The day the meeting started (None until it has)."""
    moment = _moment(info.started_at)
    return moment.date() if moment else None


def sat_on(info: SessionInfo) -> str:
    """When the meeting sat, as the record's dates are written: the planned date (and time)
    while it was held that day or has not started; when it started if that was another day.
    What a series of meetings is dated and ordered by (registers, the annual report); a
    meeting planned with no date stays undated there, as the registers have decided."""
    planned, started = _moment(info.date), _moment(info.started_at)
    if started is None or planned is None or planned.date() == started.date():
        return info.date
    return info.started_at[:16]


def held_when(info: SessionInfo) -> str:
    """What the minutes give as the meeting's date: the planned date and time while it was
    held that day (or has not started); otherwise when it started, then the planned date."""
    planned, started = _moment(info.date), _moment(info.started_at)
    if started is None or (planned is not None and planned.date() == started.date()):
        return _shown(planned, len(info.date) > 10) if planned else ""
    if planned is None:
        return _shown(started)
    return f"{_shown(started)} (planned for {_shown(planned, len(info.date) > 10)})"


def day_note(info: SessionInfo, today: date) -> str:
    """For the live screen: a meeting run on a day other than its planned one says so
    ("" when it is its day, or it has no planned date)."""
    planned, held = planned_day(info), held_day(info)
    if planned is None:
        return ""
    if held is not None:
        if held == planned:
            return ""
        return f"planned for {echo_date(planned)}; held on {echo_date(held)}"
    if today == planned:
        return ""
    return f"planned for {echo_date(planned)}; if run now, it is held today, {echo_date(today)}"
