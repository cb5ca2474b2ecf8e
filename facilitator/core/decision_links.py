"""Which decision an action carries out: only the one the secretary names.

Decisions are numbered in the order they were taken at a meeting, D1, D2, … (a withdrawn
one keeps its number, so the numbers never shift). An action is linked to a decision only
when its line says so — ``/action @Sam Write to the tenants by friday for D2`` (or ``re D2``,
with a capital D)
— or afterwards with ``/link D2``; ``/unlink`` takes the link off. An action is never linked
by default: the last decision on the item is often not the one it carries out.
"""

from __future__ import annotations

from facilitator.core.capture import CaptureError
from facilitator.core.model import Decision, Session
from facilitator.core.patterns import lazy

# "for D2" names a decision only with a capital D, the label the feed shows ("for d2 forms"
# stays text)
_NAMED = lazy(r"(?:^|\s)(?i:for|re)\s+D([0-9]{1,6})(?=\s|[.,;!]|$)")
_LABEL = lazy(r"(?i)^D?([0-9]{1,6})$")


def numbers(session: Session) -> dict[int, int]:
    """Each decision's seq → its number at the meeting (1 for D1)."""
    ordered = sorted(session.decisions, key=lambda d: d.seq)
    return {d.seq: n for n, d in enumerate(ordered, start=1)}


def label(session: Session, seq: int) -> str:
    """"D2" for a decision's seq ("" for none or an unknown one)."""
    n = numbers(session).get(seq)
    return f"D{n}" if n else ""


def find(session: Session, wanted: str) -> Decision:
    """The decision called ``D2`` (or ``2``) at this meeting; CaptureError if there is none
    or it was withdrawn."""
    match = _LABEL.fullmatch(wanted.strip())
    if match is None:
        raise CaptureError(f"say which decision by its number, e.g. D2 (not {wanted[:20]!r})")
    number = int(match.group(1))
    by_number = {n: seq for seq, n in numbers(session).items()}
    decisions = {d.seq: d for d in session.decisions}
    found = decisions.get(by_number.get(number, -1))
    if found is None:
        have = len(by_number)
        known = f"D1 to D{have}" if have > 1 else "only D1" if have else "none yet"
        raise CaptureError(f"there is no decision D{number} at this meeting ({known})")
    if found.withdrawn:
        raise CaptureError(f"decision D{number} was withdrawn")
    return found


def take(body: str, session: Session) -> tuple[str, Decision | None]:
    """Take a ``for D2`` / ``re D2`` off an action's text: (text without it, the decision)."""
    matches = list(_NAMED.finditer(body))
    if not matches:
        return body, None
    if len(matches) > 1:
        raise CaptureError("an action carries out one decision: name one (for D2)")
    match = matches[0]
    decision = find(session, match.group(1))
    return (body[: match.start()] + body[match.end() :]).strip(), decision
