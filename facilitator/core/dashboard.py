"""What home's dashboard shows, read in one go (home reads it in a worker thread): the next
meeting and its papers deadline, the overdue actions, the open compact challenges, and the
nudges from the compacts (core/nudges.py). Each line names the key that opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from facilitator.core.dates import echo_date

if TYPE_CHECKING:
    from facilitator.core.model import Session
    from facilitator.core.nudges import Nudge
    from facilitator.core.store import SessionStore
    from facilitator.core.working_days import PapersStatus

SHOWN_NUDGES = 4  # the rest are counted


@dataclass
class Dashboard:
    next_meeting: Session | None = None  # the soonest upcoming meeting of any partnership
    papers: PapersStatus | None = None  # its papers deadline
    overdue: int = 0  # open actions past due, across every partnership
    open_challenges: list[int] = field(default_factory=list)  # their numbers
    nudges: list[Nudge] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what could not be read, a line each


def read_dashboard(
    store: SessionStore,
    today: date,
    listings: list[dict[str, Any]] | None = None,
    *,
    stop: Callable[[], bool] = lambda: False,
    apart: bool = False,
) -> Dashboard:
    """Everything the dashboard shows as of ``today``, from the sessions' ``listings``
    (:meth:`tracker.Archive.listings`, as home has just read them; read here if None).
    Never raises for a file that cannot be read: it is said in ``problems`` and the rest is
    shown. ``stop()`` true ends it early (home was left): what it found is then not shown.
    ``apart``: a large first build of the review index is made by a process of its own
    (:meth:`ReviewIndex.refresh`), for a screen drawn meanwhile."""
    from facilitator.core.challenges import ChallengeBook, ChallengeError
    from facilitator.core.nudges import next_meetings, nudges
    from facilitator.core.review_index import ReviewIndex
    from facilitator.core.store import StoreError
    from facilitator.core.tracker import Archive
    from facilitator.core.working_days import papers_status

    found = Dashboard()
    if listings is None:
        listings = Archive(store).listings()
    try:
        cases = ChallengeBook(store.root).cases()
    except ChallengeError as exc:
        cases = []
        found.problems.append(str(exc))
    found.open_challenges = [c.number for c in cases if c.open]
    found.nudges = nudges(listings, cases, today)
    coming = sorted(
        next_meetings(listings, today).values(), key=lambda i: (str(i["date"]), str(i["id"]))
    )
    if coming:
        try:
            found.next_meeting = store.load(coming[0]["id"])
            found.papers = papers_status(found.next_meeting, today)
        except StoreError as exc:
            found.problems.append(str(exc))
    index = ReviewIndex(store)
    try:
        index.refresh(stop=stop, apart=apart)
        found.overdue = index.actions({"overdue"}, "", today, limit=1).total
    finally:
        index.close()
    return found


def papers_said(status: PapersStatus | None) -> str:
    """The next meeting's papers deadline in a few words."""
    if status is None:
        return ""
    if status.problem:
        return status.problem
    if status.due is None:
        return "no papers deadline (no date, or no rule set)"
    said = f"papers due by {echo_date(status.due)}"
    return f"{said} — {status.issues}" if status.issues else said


def dashboard_lines(d: Dashboard) -> list[str]:
    """The dashboard as lines of plain text (user text as it is: shown literally)."""
    from facilitator.core.dates import show_when

    if d.next_meeting is None:
        lines = ["Next meeting (u): none planned — n starts a new session"]
    else:
        info = d.next_meeting.info
        where = f" ({info.partnership})" if info.partnership else ""
        papers = papers_said(d.papers)
        lines = [
            f"Next meeting (u: its plan): {show_when(info.date)} — {info.title}{where}"
            + (f" · {papers}" if papers else "")
        ]
    lines.append(f"Overdue actions (v): {d.overdue}" if d.overdue else "Overdue actions (v): none")
    numbers = ", ".join(str(n) for n in d.open_challenges)
    lines.append(
        f"Open compact challenges (c): {len(d.open_challenges)} (no. {numbers})"
        if d.open_challenges
        else "Open compact challenges (c): none"
    )
    lines += [f"⚠ {problem}" for problem in d.problems]
    for nudge in d.nudges[:SHOWN_NUDGES]:
        lines.append(f"⚑ {nudge.partnership}: {nudge.text} ({nudge.cite})")
    if len(d.nudges) > SHOWN_NUDGES:
        lines.append(f"⚑ … and {len(d.nudges) - SHOWN_NUDGES} more")
    return lines
