"""Tests for decisions as the capture bar records them (core/decision_form.py, meeting.py).

A decision carries its text, an owner (a participant or a partner organisation), how it was
made (consensus, or a vote FOR-AGAINST-ABSTAIN), a status (agreed, not agreed, deferred),
dissent, a review date and a confidential flag. The clauses are read off the end of the line
in any order; what is left is the text. Every check of a captured line is made on the file
(``store.load``), not on the meeting object.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.decision_form import DecisionDetails, read_details
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Decision
from facilitator.core.store import SessionStore, SessionWriter
from tests.conftest import FakeClock
from tests.helpers import agenda

TODAY = date(2026, 11, 23)  # the frozen clock's day, a Monday


@dataclass
class Live:
    """A meeting running on item 2 (a decision item), with its store and session id."""

    store: SessionStore
    sid: str
    writer: SessionWriter
    meeting: Meeting

    def file_text(self) -> str:
        return self.store.path_for(self.sid).read_text(encoding="utf-8")

    def decisions(self) -> list[Decision]:
        return self.store.load(self.sid).decisions


@pytest.fixture
def live(store: SessionStore, clock: FakeClock) -> Iterator[Live]:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("/next")  # item 2: Street lighting on Hope Street
        yield Live(store, sid, writer, meeting)
    finally:
        writer.close()


def details(text: str, **fields: Any) -> DecisionDetails:
    return DecisionDetails(text=text, **fields)


# --------------------------------------------------------------------------- read_details


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("Fund the youth panel", details("Fund the youth panel", status="agreed")),
        pytest.param(
            "Fund the youth panel vote 7-1-2 review in 6 months",
            details(
                "Fund the youth panel",
                how="vote",
                votes=(7, 1, 2),
                status="agreed",
                review="2027-05-23",
                review_text="in 6 months",
            ),
            id="vote-and-review",
        ),
        pytest.param(
            "Close the hub by consensus status deferred confidential",
            details("Close the hub", status="deferred", confidential=True),
            id="consensus-deferred-confidential",
        ),
        pytest.param(
            "Close the hub By Consensus",
            details("Close the hub", status="agreed"),
            id="by-consensus-any-case",
        ),
        pytest.param(
            "Close the hub consensus",
            details("Close the hub", status="agreed"),
            id="bare-consensus",
        ),
        pytest.param(
            "Install cameras vote 2-5-1",
            details("Install cameras", how="vote", votes=(2, 5, 1), status="not agreed"),
            id="more-against-is-not-agreed",
        ),
        pytest.param(
            "Install cameras vote 4-4-0",
            details("Install cameras", how="vote", votes=(4, 4, 0), status="not agreed"),
            id="tie-is-not-agreed",
        ),
        pytest.param(
            "Install cameras vote 5-4-3",
            details("Install cameras", how="vote", votes=(5, 4, 3), status="agreed"),
            id="one-more-for-is-agreed",
        ),
        pytest.param(
            "Install cameras vote 2-5-1 status agreed",
            details("Install cameras", how="vote", votes=(2, 5, 1), status="agreed"),
            id="status-overrides-a-lost-vote",
        ),
        pytest.param(
            "Install cameras status deferred vote 9-0-0",
            details("Install cameras", how="vote", votes=(9, 0, 0), status="deferred"),
            id="status-overrides-a-won-vote",
        ),
        pytest.param(
            "Install cameras status not agreed",
            details("Install cameras", status="not agreed"),
            id="status-not-agreed",
        ),
        pytest.param(
            "Install cameras STATUS Not   Agreed",
            details("Install cameras", status="not agreed"),
            id="status-any-case-and-spacing",
        ),
        pytest.param(
            "Install cameras VOTE 7 - 1 - 2 Status Deferred CONFIDENTIAL",
            details(
                "Install cameras", how="vote", votes=(7, 1, 2), status="deferred", confidential=True
            ),
            id="clauses-any-case",
        ),
        pytest.param(
            "Fund lighting review on 1/3/2027",
            details("Fund lighting", status="agreed", review="2027-03-01", review_text="1/3/2027"),
            id="review-on-uk-date",
        ),
        pytest.param(
            "Fund lighting review 03/04/2027",
            details(
                "Fund lighting", status="agreed", review="2027-04-03", review_text="03/04/2027"
            ),
            id="review-is-day-first",
        ),
        pytest.param(
            "Fund lighting review friday",
            details("Fund lighting", status="agreed", review="2026-11-27", review_text="friday"),
            id="review-weekday",
        ),
        pytest.param(
            "Commission a review of grants",
            details("Commission a review of grants", status="agreed"),
            id="review-of-stays-text",
        ),
        pytest.param(
            "Commission a review of grants review 1/3/2027",
            details(
                "Commission a review of grants",
                status="agreed",
                review="2027-03-01",
                review_text="1/3/2027",
            ),
            id="text-review-then-review-clause",
        ),
        pytest.param(
            "Review the figures at the next board",
            details("Review the figures at the next board", status="agreed"),
            id="leading-review-stays-text",
        ),
        pytest.param(
            "Agree to review",
            details("Agree to review", status="agreed"),
            id="trailing-review-word",
        ),
        pytest.param(
            "Vote of thanks to the secretary",
            details("Vote of thanks to the secretary", status="agreed"),
            id="vote-word-in-text",
        ),
        pytest.param(
            "Publish the confidential annex",
            details("Publish the confidential annex", status="agreed"),
            id="confidential-word-mid-text",
        ),
    ],
)
def test_read_details(typed: str, expected: DecisionDetails) -> None:
    assert read_details(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        # "review" followed by words that are not a date stays part of the text
        "Review March budget figures",
        "Commission a review in 2 stages",
    ],
)
def test_review_followed_by_words_that_are_not_a_date_stays_text(typed: str) -> None:
    assert read_details(typed, TODAY) == details(typed, status="agreed")


VOTE_CLAUSES = ["vote 7-1-2", "review 1/3/2027", "status deferred", "confidential"]
CONSENSUS_CLAUSES = ["by consensus", "review in 6 months", "status not agreed", "confidential"]


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations(VOTE_CLAUSES)),
    ids=lambda order: " | ".join(order),
)
def test_vote_clauses_in_any_order(order: tuple[str, ...]) -> None:
    got = read_details("Fund the youth panel " + " ".join(order), TODAY)
    assert got == details(
        "Fund the youth panel",
        how="vote",
        votes=(7, 1, 2),
        status="deferred",
        review="2027-03-01",
        review_text="1/3/2027",
        confidential=True,
    )


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations(CONSENSUS_CLAUSES)),
    ids=lambda order: " | ".join(order),
)
def test_consensus_clauses_in_any_order(order: tuple[str, ...]) -> None:
    got = read_details("Close the hub " + " ".join(order), TODAY)
    assert got == details(
        "Close the hub",
        status="not agreed",
        review="2027-05-23",
        review_text="in 6 months",
        confidential=True,
    )


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Fund lighting review 31/02/2027", "February 2027 has no day 31"),
        ("Fund lighting review 12/13/2027", "no month 13"),
        ("Fund lighting review in 0 months", "review date not saved"),
        ("Fund lighting review 31/02/2027 confidential", "February 2027 has no day 31"),
        ("vote 7-1-2", "a decision needs its text"),
        ("confidential", "a decision needs its text"),
        ("by consensus status deferred", "a decision needs its text"),
        ("review in 6 months", "a decision needs its text"),
        ("status agreed vote 3-0-0 confidential", "a decision needs its text"),
        ("", "a decision needs its text"),
    ],
)
def test_read_details_refuses(typed: str, says: str) -> None:
    with pytest.raises(CaptureError, match=says):
        read_details(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "echo"),
    [
        (
            "Fund the youth panel vote 7-1-2 review in 6 months",
            "vote 7 for, 1 against, 2 abstaining · agreed · review Sun 23 May 2027",
        ),
        ("Close the hub by consensus status deferred confidential", "deferred · confidential"),
        ("Install cameras vote 2-5-1", "vote 2 for, 5 against, 1 abstaining · not agreed"),
        ("Install cameras", "agreed"),
    ],
)
def test_echo(typed: str, echo: str) -> None:
    assert read_details(typed, TODAY).echo() == echo


# --------------------------------------------------------------------------- capture bar


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "/decision Fund the youth panel @Council vote 7-1-2 review in 6 months",
            {
                "text": "Fund the youth panel",
                "owner": "Northfield Council",
                "how": "vote",
                "votes": (7, 1, 2),
                "status": "agreed",
                "review": "2027-05-23",
                "review_text": "in 6 months",
                "confidential": False,
            },
            id="spec-example-vote",
        ),
        pytest.param(
            "/decision Close the hub by consensus status deferred confidential",
            {
                "text": "Close the hub",
                "owner": "",
                "how": "consensus",
                "votes": (0, 0, 0),
                "status": "deferred",
                "review": "",
                "review_text": "",
                "confidential": True,
            },
            id="spec-example-consensus",
        ),
        pytest.param(
            "/decision @Ravi Patel Install cameras vote 2-5-1",
            {
                "text": "Install cameras",
                "owner": "Ravi Patel",
                "how": "vote",
                "votes": (2, 5, 1),
                "status": "not agreed",
            },
            id="owner-first-lost-vote",
        ),
        pytest.param(
            "/decision Install cameras vote 4-4-0 @Joan",
            {"text": "Install cameras", "owner": "Joan Pike", "status": "not agreed"},
            id="owner-last-tied-vote",
        ),
        pytest.param(
            "/decision Install cameras vote 2-5-1 @Lena status agreed",
            {"text": "Install cameras", "owner": "Lena Novak", "status": "agreed"},
            id="owner-between-clauses",
        ),
        pytest.param(
            "/decision Commission a review of grants @CVS",
            {
                "text": "Commission a review of grants",
                "owner": "Northfield CVS",
                "review": "",
                "status": "agreed",
            },
            id="review-stays-text-org-owner",
        ),
        pytest.param(
            "#agreed Publish the report confidential review 1/3/2027 status deferred vote 6-0-0",
            {
                "text": "Publish the report",
                "how": "vote",
                "votes": (6, 0, 0),
                "status": "deferred",
                "review": "2027-03-01",
                "review_text": "1/3/2027",
                "confidential": True,
            },
            id="alias-all-clauses",
        ),
        pytest.param(
            "/decision Fund lighting @Hope Street Tenants review Fri 27 Nov 2026",
            {
                "text": "Fund lighting",
                "owner": "Hope Street Tenants",
                "review": "2026-11-27",
                "review_text": "Fri 27 Nov 2026",
            },
            id="multi-word-org-and-echoed-date",
        ),
    ],
)
def test_capture_decision_saved_on_disk(live: Live, line: str, expected: dict[str, Any]) -> None:
    live.meeting.capture(line)
    [saved] = live.decisions()
    got = {
        "text": saved.text,
        "owner": saved.owner,
        "how": saved.how,
        "votes": (saved.votes_for, saved.votes_against, saved.votes_abstain),
        "status": saved.status,
        "review": saved.review,
        "review_text": saved.review_text,
        "confidential": saved.confidential,
    }
    assert {k: got[k] for k in expected} == expected
    assert saved.item == 1  # the current item's id
    assert not saved.withdrawn


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "/decision Fund the youth panel @Council vote 7-1-2 review in 6 months",
            "Decision saved — owner: Northfield Council · vote 7 for, 1 against, "
            "2 abstaining · agreed · review Sun 23 May 2027",
        ),
        (
            "/decision Close the hub by consensus status deferred confidential",
            "Decision saved — no owner yet (add @OWNER) · deferred · confidential",
        ),
        (
            "/decision Install cameras @Ravi vote 3-3-1",
            "Decision saved — owner: Ravi Patel · vote 3 for, 3 against, 1 abstaining · not agreed",
        ),
    ],
)
def test_capture_decision_echoes_what_was_saved(live: Live, line: str, message: str) -> None:
    outcome = live.meeting.capture(line)
    assert outcome is not None
    assert outcome.message == message


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/decision Fix the lights review 31/02/2027", "review date not saved"),
        ("/decision Fix the lights @Council vote 5-0-0 review 31/02/2027", "no day 31"),
        ("/decision vote 7-1-2", "needs its text"),
        ("/decision @Council confidential", "needs its text"),
        ("/decision by consensus status deferred", "needs its text"),
        ("/decision review in 6 months @Ravi", "needs its text"),
        ("/decision Fix the lights @Nobody", "not a participant or organisation"),
        ("/decision Fix the lights @Northfield", "could be"),
        ("/decision", "needs more"),
    ],
)
def test_capture_decision_refused_saves_nothing(live: Live, line: str, says: str) -> None:
    before = live.file_text()
    with pytest.raises(CaptureError, match=says):
        live.meeting.capture(line)
    assert live.file_text() == before
    assert live.decisions() == []


def test_decision_details_reach_the_minutes_text(live: Live) -> None:
    live.meeting.capture("/decision Fund the youth panel @Council vote 7-1-2")
    minutes = to_markdown(build_minutes(live.store.load(live.sid)))
    assert "- **D1** Fund the youth panel — owner: Northfield Council" in minutes


# --------------------------------------------------------------------------- dissent


def test_dissent_is_kept_on_the_items_last_decision(live: Live) -> None:
    live.meeting.capture("/decision Fit brighter lamps @Council")
    live.meeting.capture("/decision Fund the youth panel vote 7-1-2")
    outcome = live.meeting.capture("/dissent Lena wants a tenants' vote first")
    assert outcome is not None
    assert (
        outcome.message
        == "Dissent recorded on the decision: Lena Novak: wants a tenants' vote first"
    )
    live.meeting.capture("/dissent Ravi Patel")
    first, last = live.decisions()
    assert first.dissent == ""
    assert last.dissent == "Lena Novak: wants a tenants' vote first; Ravi Patel"
    minutes = to_markdown(build_minutes(live.store.load(live.sid)))
    assert "dissent: Lena Novak: wants a tenants' vote first; Ravi Patel" in minutes


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ([], "no decision on this item"),
        (["/decision Fit brighter lamps", "/next"], "no decision on this item"),
        (["/decision Fit brighter lamps"], "not a participant"),
    ],
    ids=["no-decision", "decision-on-another-item", "unknown-person"],
)
def test_dissent_refused(live: Live, lines: list[str], says: str) -> None:
    for line in lines:
        live.meeting.capture(line)
    before = live.file_text()
    who = "Nobody" if says == "not a participant" else "Lena"
    with pytest.raises(CaptureError, match=says):
        live.meeting.capture(f"/dissent {who} disagrees")
    assert live.file_text() == before


def test_dissent_cannot_name_an_organisation(live: Live) -> None:
    live.meeting.capture("/decision Fit brighter lamps")
    with pytest.raises(CaptureError):
        live.meeting.capture("/dissent Police disagree")
    assert live.decisions()[0].dissent == ""


# --------------------------------------------------------------------------- linked actions


def test_an_action_is_never_linked_to_the_last_decision_by_default(live: Live) -> None:
    """'Book the room for the away day' does not carry out 'Minutes approved' (issue 14.2)."""
    live.meeting.capture("/decision Minutes of the last meeting approved")
    outcome = live.meeting.capture("/action @Sam Book the room for the away day by friday")
    assert outcome is not None
    assert "not linked to a decision ('/link D1' links it)" in outcome.message
    [action] = live.store.load(live.sid).actions
    assert action.decision == 0


def test_an_action_is_linked_when_its_line_names_the_decision(live: Live) -> None:
    live.meeting.capture("/action @Ravi Count the broken lamps")  # before any decision
    live.meeting.capture("/decision Fit brighter lamps @Council")
    live.meeting.capture("/decision Fund the youth panel")
    outcome = live.meeting.capture("/action @Sam Write to the youth panel for D1 by friday")
    assert outcome is not None
    assert "carries out D1 'Fit brighter lamps' (/unlink to undo)" in outcome.message
    assert "due Fri 27 Nov 2026" in outcome.message
    session = live.store.load(live.sid)
    decisions = {d.text: d.seq for d in session.decisions}
    links = {a.text: a.decision for a in session.actions}
    assert links == {
        "Count the broken lamps": 0,
        "Write to the youth panel": decisions["Fit brighter lamps"],
    }


def test_link_and_unlink_the_last_action(live: Live) -> None:
    live.meeting.capture("/decision Fit brighter lamps")
    live.meeting.capture("/next")
    live.meeting.capture("/action @Ravi Order the lamps")  # on another item: allowed
    said = live.meeting.capture("/link D1")
    assert said is not None and said.message == (
        "Action 'Order the lamps' now carries out D1 'Fit brighter lamps'"
    )
    [lamps] = live.store.load(live.sid).decisions
    assert live.store.load(live.sid).actions[0].decision == lamps.seq
    assert live.meeting.capture("/unlink") is not None
    assert live.store.load(live.sid).actions[0].decision == 0
    with pytest.raises(CaptureError, match="is not linked"):
        live.meeting.capture("/unlink")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("/action @Ravi Order the lamps for D7", r"no decision D7 at this meeting \(D1 to D2\)"),
        ("/action @Ravi Order the lamps for D2", "decision D2 was withdrawn"),
        ("/action @Ravi Order the lamps for D1 re D1", "carries out one decision"),
    ],
)
def test_a_link_to_a_decision_that_is_not_there_is_refused(
    live: Live, line: str, reason: str
) -> None:
    live.meeting.capture("/decision Fit brighter lamps")
    live.meeting.capture("/decision Fund the youth panel")
    live.meeting.capture("/undo")  # withdraws D2, which keeps its number
    with pytest.raises(CaptureError, match=reason):
        live.meeting.capture(line)
    assert live.store.load(live.sid).actions == []


def test_for_d_in_lower_case_is_text(live: Live) -> None:
    live.meeting.capture("/decision Fit brighter lamps")
    live.meeting.capture("/action @Ravi Print the forms for d1 wards")
    [action] = live.store.load(live.sid).actions
    assert (action.text, action.decision) == ("Print the forms for d1 wards", 0)


def test_an_unlinked_action_after_a_confidential_decision_warns_it_will_be_public(
    live: Live,
) -> None:
    live.meeting.capture("/decision Close the hub confidential")
    outcome = live.meeting.capture("/action @Ravi Tell the staff")
    assert outcome is not None
    assert "⚠ not linked to the confidential decision D1, so it will be in the public" in (
        outcome.message
    )
    linked = live.meeting.capture("/link D1")
    assert linked is not None and "now carries out D1" in linked.message


def test_decisions_are_labelled_and_links_shown_in_the_minutes(live: Live) -> None:
    live.meeting.capture("/decision Fit brighter lamps @Council")
    live.meeting.capture("/action @Ravi Order the lamps by friday for D1")
    live.meeting.capture("/action @Sam Book the room by friday")
    minutes = to_markdown(build_minutes(live.store.load(live.sid)))
    assert "- **D1** Fit brighter lamps — owner: Northfield Council" in minutes
    assert "Ravi Patel: Order the lamps — due Fri 27 Nov 2026 (carries out D1)" in minutes
    assert "Sam Okafor: Book the room — due Fri 27 Nov 2026\n" in minutes
