"""Nudges from the compacts: what a partnership is due to do, worked out from its record.

* A Compact Steering Group "will meet at least twice a year" (Kirklees Compact §3.2): a
  partnership whose steering-group meetings (``SessionInfo.steering_group``) last met six
  months ago or more is nudged, and one falling due within four weeks with none planned.
* Open challenges (Kirklees Compact §4) older than the partnership's next meeting: raised
  before it and still open, so that meeting should hear where each stands (or, with no
  meeting planned, nobody is due to).
* A checklist review falling due (the Wiltshire promise to "review the effectiveness of
  partnerships on a regular basis"; the same rule as the chair's ``checklist_due`` prompt):
  at the partnership's next meeting, or now if none is planned.

Pure functions over the archive's listings (:meth:`tracker.Archive.listings`) and the
challenges (:class:`challenges.ChallengeBook`), with today given: no clock, no disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from facilitator.core.challenges import Case
from facilitator.core.clauses import cite
from facilitator.core.dates import echo_date
from facilitator.core.health import review_overdue
from facilitator.core.tracker import review_gap

STEERING_MONTHS = 6  # "at least twice a year" (Kirklees Compact §3.2)
SOON = timedelta(days=28)  # a meeting falling due this soon, with none planned, is said
KINDS = ("steering", "challenges", "review")


@dataclass(frozen=True)
class Nudge:
    """One thing a partnership is due to do, in one line, with the clause it comes from."""

    kind: str  # steering | challenges | review
    partnership: str
    text: str
    cite: str
    due: str = ""  # ISO date it fell or falls due ("" if not by a date)
    overdue: bool = False  # past due, not only falling due
    count: int = 0  # challenges: how many


def _day(info: dict[str, Any]) -> str:
    return str(info.get("date", ""))[:10]


def held(info: dict[str, Any], today: date) -> bool:
    """A meeting that has taken place: ended in the app, or dated before today."""
    return info.get("state") == "ended" or bool(_day(info)) and _day(info) < today.isoformat()


def upcoming(info: dict[str, Any], today: date) -> bool:
    """A meeting still to come: not held, and dated today or later (an undated plan is not
    a meeting anyone can come to)."""
    return not held(info, today) and _day(info) >= today.isoformat()


def next_meetings(listings: list[dict[str, Any]], today: date) -> dict[str, dict[str, Any]]:
    """Each partnership's next meeting (the soonest upcoming one), by partnership."""
    found: dict[str, dict[str, Any]] = {}
    for info in sorted(listings, key=lambda i: (str(i["date"]), str(i["id"]))):
        if upcoming(info, today):
            found.setdefault(info["partnership"], info)
    return found


def nudges(
    listings: list[dict[str, Any]],
    cases: list[Case],
    today: date,
    *,
    review_meetings: int = 4,
    review_months: int = 6,
) -> list[Nudge]:
    """Every nudge, overdue first, then by partnership."""
    found = [
        *_steering(listings, today),
        *_challenges(listings, cases, today),
        *_reviews(listings, today, review_meetings, review_months),
    ]
    return sorted(found, key=lambda n: (not n.overdue, n.partnership.casefold(), n.kind))


def _steering(listings: list[dict[str, Any]], today: date) -> list[Nudge]:
    partnerships = sorted({i["partnership"] for i in listings if i.get("steering_group")})
    found = []
    for partnership in partnerships:
        mine = [i for i in listings if i["partnership"] == partnership and i.get("steering_group")]
        met = sorted(_day(i) for i in mine if held(i, today) and _day(i))
        planned = sorted(_day(i) for i in mine if upcoming(i, today))
        if not met:
            continue  # a new steering group: its first meeting is not yet due by time
        last = date.fromisoformat(met[-1])
        due = last + relativedelta(months=STEERING_MONTHS)
        if planned and date.fromisoformat(planned[0]) <= due:
            continue  # its next meeting comes in time
        after = (
            f"; the next is planned for {echo_date(date.fromisoformat(planned[0]))}"
            if (planned)
            else "; none is planned"
        )
        if today >= due:
            text = (
                f"The steering group last met on {echo_date(last)}, six months ago or more: "
                f"it meets at least twice a year{after}"
            )
        elif today + SOON >= due and not planned:
            text = (
                f"The steering group's next meeting falls due by {echo_date(due)} (it meets "
                f"at least twice a year; last on {echo_date(last)}){after}"
            )
        else:
            continue
        found.append(
            Nudge(
                "steering",
                partnership,
                text,
                cite(["kirklees-3.2"], words=False),
                due.isoformat(),
                overdue=today >= due,
            )
        )
    return found


def _challenges(listings: list[dict[str, Any]], cases: list[Case], today: date) -> list[Nudge]:
    coming = next_meetings(listings, today)
    by_partnership: dict[str, list[Case]] = {}
    for case in cases:
        if case.open:
            by_partnership.setdefault(case.challenge.partnership, []).append(case)
    found = []
    for partnership, open_cases in sorted(by_partnership.items()):
        meeting = coming.get(partnership)
        cutoff = _day(meeting) if meeting else today.isoformat()
        older = [c for c in open_cases if c.challenge.raised_on < cutoff]
        if not older:
            continue
        oldest = date.fromisoformat(min(c.challenge.raised_on for c in older))
        numbers = ", ".join(str(c.number) for c in older)
        many = len(older) > 1
        what = (
            f"{len(older)} open challenge{'s' if many else ''} (no. {numbers}, the oldest "
            f"raised {echo_date(oldest)})"
        )
        if meeting:
            when = echo_date(date.fromisoformat(_day(meeting)))
            text = (
                f"{what} {'are' if many else 'is'} older than the next meeting on {when}: it "
                f"should hear where {'each stands' if many else 'it stands'}"
            )
        else:
            text = f"{what}, and no meeting is planned to consider {'them' if many else 'it'}"
        found.append(
            Nudge(
                "challenges",
                partnership,
                text,
                cite(["kirklees-4"], words=False),
                cutoff,
                overdue=meeting is None,
                count=len(older),
            )
        )
    return found


def _reviews(
    listings: list[dict[str, Any]], today: date, meetings: int, months: int
) -> list[Nudge]:
    coming = next_meetings(listings, today)
    found = []
    for partnership in sorted({i["partnership"] for i in listings}):
        mine = [i for i in listings if i["partnership"] == partnership]
        meeting = coming.get(partnership)
        if meeting is not None:
            at, day = meeting, date.fromisoformat(_day(meeting))
        else:  # none planned: as of today, after the latest meeting
            latest = max(mine, key=lambda i: (str(i["date"]), str(i["id"])))
            at, day = {**latest, "date": "9999-12-31", "id": ""}, today
        since, last = review_gap(listings, at)
        if not since and not last:
            continue  # no meeting yet: nothing to review
        if not review_overdue(since, last, day, meetings, months):
            continue
        ago = f"last reviewed {echo_date(date.fromisoformat(last))}" if last else "never reviewed"
        if since:
            ago += f", {since} meeting{'s' if since != 1 else ''} since"
        if meeting is not None:
            text = f"A checklist review falls due at the next meeting on {echo_date(day)} ({ago})"
        else:
            text = f"A checklist review is due ({ago}) and no meeting is planned"
        found.append(
            Nudge(
                "review",
                partnership,
                text,
                cite(["wiltshire-joint-3"], words=False),
                day.isoformat(),
                overdue=meeting is None,
            )
        )
    return found
