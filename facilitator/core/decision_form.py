"""The details a decision can carry on the capture bar, read off the end of the line.

    /decision Fund the youth panel @Council vote 7-1-2 review in 6 months
    /decision Close the hub by consensus status deferred confidential

Clauses (in any order, at the end): ``vote FOR-AGAINST-ABSTAIN`` (a vote; more against than
for means "not agreed" unless a status says otherwise), ``by consensus`` / ``consensus``,
``status agreed|not agreed|deferred``, ``review DATE`` (UK dates, "in 6 months"),
``confidential``. Whatever is left is the decision's text.
"""

from __future__ import annotations

import re
from datetime import date

import msgspec

from facilitator.core.capture import CaptureError
from facilitator.core.dates import DateError, echo_date, looks_like_date, parse_date
from facilitator.core.model import DECISION_STATUSES as DECISION_STATUSES  # one list
from facilitator.core.patterns import lazy

_VOTE = lazy(r"(?i)\s+vote\s+([0-9]{1,4})\s*-\s*([0-9]{1,4})\s*-\s*([0-9]{1,4})\s*$")
_CONSENSUS = lazy(r"(?i)\s+(?:by\s+)?consensus\s*$")
_STATUS = lazy(r"(?i)\s+status\s+(agreed|not\s+agreed|deferred)\s*$")
_CONFIDENTIAL = lazy(r"(?i)\s+confidential\s*$")
_IN_UNITS = lazy(r"(?i)^in\s+\S+\s+(?:day|week|month|year)s?$")
_REVIEW = lazy(r"(?i)\s+review\s+(?:on\s+)?(?=\S)")


class DecisionDetails(msgspec.Struct):
    text: str
    how: str = "consensus"  # consensus | vote
    votes: tuple[int, int, int] = (0, 0, 0)  # for, against, abstain
    status: str = ""  # "" until known: agreed unless a vote says otherwise
    review: str = ""  # ISO date
    review_text: str = ""
    confidential: bool = False

    def echo(self) -> str:
        parts = []
        if self.how == "vote":
            f, a, ab = self.votes
            parts.append(f"vote {f} for, {a} against, {ab} abstaining")
        parts.append(self.status)
        if self.review:
            parts.append(f"review {echo_date(date.fromisoformat(self.review))}")
        if self.confidential:
            parts.append("confidential")
        return " · ".join(parts)


def read_details(text: str, today: date) -> DecisionDetails:
    """Peel the clauses off the end of ``text``; raises CaptureError for a bad one."""
    details = DecisionDetails(text=" " + text.strip())
    while True:
        rest = details.text
        if match := _VOTE.search(rest):
            details.how = "vote"
            details.votes = tuple(int(g) for g in match.groups())  # type: ignore[assignment]
        elif match := _CONSENSUS.search(rest):
            details.how = "consensus"
        elif match := _STATUS.search(rest):
            details.status = " ".join(match.group(1).lower().split())
        elif match := _CONFIDENTIAL.search(rest):
            details.confidential = True
        elif match := _review(rest, today, details):
            pass
        else:
            break
        details.text = rest[: match.start()]
    details.text = details.text.strip()
    if not details.status:
        f, a, _ = details.votes
        details.status = "not agreed" if details.how == "vote" and a >= f else "agreed"
    if not details.text:
        raise CaptureError("a decision needs its text: /decision TEXT [@OWNER]")
    return details


def _meant_as_date(typed: str) -> bool:
    """A failed date that was surely meant as one ("31/02/2027", "next frday"), as against
    words that happen to start like a date ("March budget figures", "in 2 stages")."""
    words = typed.split()
    if _IN_UNITS.match(typed):
        return True  # "in 0 months", "in six weeks"
    return len(words) <= 2 or any(c in words[0] for c in "/.-") and words[0][:1].isdigit()


def _review(rest: str, today: date, details: DecisionDetails) -> re.Match[str] | None:
    """``review DATE`` at the end of the line. Words after "review" that do not look like a
    date stay in the text ("Commission a review of grants"); a date-like one that is not a
    real date is refused, never guessed."""
    found = list(_REVIEW.finditer(rest))
    if not found:
        return None
    match = found[-1]
    typed = rest[match.end() :].strip()
    if not looks_like_date(typed):
        return None
    try:
        when = parse_date(typed, today)
    except DateError as exc:
        if _meant_as_date(typed):
            raise CaptureError(f"review date not saved: {exc}") from None
        return None  # "review March budget figures": words, not a date
    details.review, details.review_text = when.isoformat(), typed
    return match
