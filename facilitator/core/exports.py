"""Actions and decisions as CSV, JSON and iCalendar, from the tracker's rows.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) are written with a leading apostrophe, so an action typed as
``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core.controls import visible
from facilitator.core.tracker import ActionRow, DecisionRow

ACTION_COLUMNS = [
    "code",
    "due",
    "owner",
    "organisation",
    "text",
    "status",
    "partnership",
    "session",
    "item",
    "decision",
    "confidential",
]
DECISION_COLUMNS = [
    "session_date",
    "partnership",
    "text",
    "owner",
    "how",
    "votes",
    "status",
    "review",
    "dissent",
    "item",
    "session",
    "confidential",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Sequence[ActionRow | DecisionRow], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        data = asdict(row)
        writer.writerow([safe_cell(data[c]) for c in columns])
    return out.getvalue()


def to_json(rows: Sequence[ActionRow | DecisionRow]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


def actions_to_ics(rows: Sequence[ActionRow], now: datetime) -> str:
    """One all-day entry per open action with a due date, with its owner and partnership."""
    from icalendar import Event

    calendar = new_calendar("partnership actions", "Partnership actions")
    for row in rows:
        if row.status != "open" or not row.due:
            continue
        due = date.fromisoformat(row.due)
        event = Event()
        event.add("uid", _uid(row))
        event.add("dtstamp", now)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        # iCalendar text holds no control characters (RFC 5545 3.3.11): shown, as in minutes
        event.add("summary", visible(f"{row.owner or 'No owner'}: {row.text}"))
        event.add("description", visible(_describe(row)))
        event.add("categories", [visible(row.partnership) or "Partnership"])
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def new_calendar(product: str, name: str) -> Any:
    """An empty iCalendar (an ``icalendar.Calendar``) of facilitator's ``product``, shown in
    a calendar app as ``name``."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//facilitator//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", visible(name))
    return calendar


def calendar_uid(*parts: object) -> str:
    """A stable UID for the event that ``parts`` name (the same event gets the same UID, so a
    calendar app updates it rather than adding a second)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"{digest}@facilitator"


def _uid(row: ActionRow) -> str:
    return calendar_uid(row.session, row.seq)


def _describe(row: ActionRow) -> str:
    lines: list[Any] = [
        f"Action {row.code} for {row.owner or 'no owner yet'}"
        + (f" ({row.organisation})" if row.organisation and row.organisation != row.owner else ""),
        f"Partnership: {row.partnership}",
        f"Raised at the meeting of {row.session_date[:10]} ({row.session}), item: {row.item}",
    ]
    if row.decision:
        lines.append(f"Carries out the decision: {row.decision}")
    return "\n".join(lines)
