"""Approving the previous meeting's minutes (/approve), the lock on an approved record, the
amendment log, and follow-ups to its actions that still work."""

from __future__ import annotations

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.approval import ApprovalError, amend, approve_minutes, previous_meeting
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.minutes_doc import minutes_fingerprint, render
from facilitator.core.planning import Planner
from facilitator.core.store import RecordLocked, SessionLocked
from facilitator.core.tracker import Archive, partnership_sessions, update_action
from tests.helpers import agenda

SECOND = [
    {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
    {"title": "Minutes of the last meeting and matters arising", "minutes": 10},
    {"title": "Any other business", "minutes": 5},
]


def first_meeting(store, clock) -> str:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    for line in [
        "Welcome given",
        "/next",
        "Lamps reported broken on Hope Street",
        "/decision Repair the lamps @Joan",
        "/action @Sam write to the council about the lamps by 30/11/2026",
        "/end",
    ]:
        meeting.capture(line)
    writer.close()
    return sid


def second_meeting(store, clock) -> tuple[str, Meeting]:
    clock.advance(days=28)
    data = agenda(date="21/12/2026 14:00", items=SECOND)
    sid = store.create(agenda_from_dict(data, clock().date()))
    return sid, Meeting(store.writer(sid), clock=clock)


@pytest.fixture
def two(store, clock):
    first = first_meeting(store, clock)
    second, meeting = second_meeting(store, clock)
    yield first, second, meeting
    meeting.writer.close()


def test_minutes_approved_at_a_meeting_held_on_another_day_give_the_day_it_was_held(
    store, clock
):
    """The next meeting was planned for Mon 21 Dec but held on Thu 24 Dec (issue 14): the
    approval is of that meeting, on the day it sat, not on the day it was planned for."""
    first = first_meeting(store, clock)
    second, meeting = second_meeting(store, clock)
    try:
        clock.advance(days=3)
        meeting.capture("Welcome given")
        meeting.capture("/next")
        meeting.capture("/approve")
    finally:
        meeting.writer.close()
    approval = store.load(first).approval
    assert approval is not None and approval.by_date == "2026-12-24"
    minutes = to_markdown(build_minutes(store.load(first)))
    assert "Approved as a true record at the meeting of Thu 24 Dec 2026" in minutes
    assert "21 Dec" not in minutes


def test_the_previous_meeting_is_the_latest_earlier_one_of_the_partnership(store, clock, two):
    first, second, meeting = two
    other = agenda(partnership="Another Partnership", date="20/12/2026 10:00")
    store.create(agenda_from_dict(other, clock().date()))
    found = previous_meeting(store, meeting.session.info)
    assert found is not None and found.info.id == first


def test_approve_on_the_minutes_item_stores_the_approval_in_the_earlier_session(
    store, clock, two
):
    first, second, meeting = two
    with pytest.raises(CaptureError, match="item 2.*/goto 2"):
        meeting.capture("/approve")  # still on the welcome item
    assert store.load(first).approval is None
    meeting.capture("/next")
    said = meeting.capture("/approve").message
    assert said.startswith("Approved the minutes of the meeting of Mon 23 Nov 2026 as a true")
    assert f"{first} is now locked" in said
    approval = store.load(first).approval
    assert approval is not None
    assert (approval.by_session, approval.by_date[:10]) == (second, "2026-12-21")
    assert approval.at.startswith("2026-12-21") and approval.corrections == ""
    assert len(approval.fingerprint) == 64 and approval.fingerprint != approval.public_fingerprint
    note = meeting.session.notes[-1]
    assert note.text.startswith("Minutes of the meeting of Mon 23 Nov 2026 approved")
    assert note.seq == approval.note_seq
    with pytest.raises(CaptureError, match="already approved"):
        meeting.capture("/approve")


def test_approve_with_corrections_records_them_and_the_minutes_say_so(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    with pytest.raises(CaptureError, match="say what was corrected"):
        meeting.capture("/approve with corrections")
    with pytest.raises(CaptureError, match="takes nothing, or 'with corrections"):
        meeting.capture("/approve please")
    meeting.capture("/approve with corrections item 2: Ravi Patel was present")
    approval = store.load(first).approval
    assert approval.corrections == "item 2: Ravi Patel was present"
    full = to_markdown(build_minutes(store.load(first), []))
    assert "Approved as a true record, with corrections, at the meeting of Mon 21 Dec 2026" in full
    assert "Ravi Patel was present" in full
    public = to_markdown(build_minutes(store.load(first), [], public=True))
    assert "with corrections" in public and "Ravi Patel was present" not in public
    here = to_markdown(build_minutes(meeting.session, []))
    assert f"with corrections (set out in the full minutes of {first})" in here
    here_public = to_markdown(build_minutes(meeting.session, [], public=True))
    assert "with corrections" in here_public and "Ravi Patel was present" not in here_public


def test_draft_minutes_say_so_and_carry_no_fingerprint(store, clock):
    first = first_meeting(store, clock)
    text = to_markdown(build_minutes(store.load(first), []))
    assert "**Draft — not yet approved**" in text
    assert "Fingerprint" not in text
    html = render(build_minutes(store.load(first), []), "html")
    assert "Signed: " in html and "Chair" in html and "Date: " in html


def test_approve_is_refused_while_the_earlier_session_is_open_elsewhere(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    held = store.writer(first)
    try:
        with pytest.raises(CaptureError, match="already open for writing"):
            meeting.capture("/approve")
    finally:
        held.close()
    assert store.load(first).approval is None


def test_approve_needs_an_ended_earlier_meeting(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    second, meeting = second_meeting(store, clock)
    try:
        meeting.capture("/goto 2")
        with pytest.raises(CaptureError, match="has not been held"):
            meeting.capture("/approve")
    finally:
        meeting.writer.close()
    assert store.load(sid).approval is None


def test_undo_takes_the_approval_back(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    said = meeting.capture("/undo").message
    assert "draft again" in said
    assert store.load(first).approval is None
    assert meeting.session.notes[-1].withdrawn


def test_an_approved_record_refuses_every_silent_edit(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    before = store.path_for(first).read_bytes()
    writer = store.writer(first)
    try:
        earlier = Meeting(writer, clock=clock)
        with pytest.raises(RecordLocked, match="approved minutes are locked"):
            earlier.capture("/reopen")
        with pytest.raises(RecordLocked):
            writer.update_where("notes", {"text": "rewritten"}, seq=1)
        with pytest.raises(RecordLocked):
            writer.update_where("decisions", {"text": "Do nothing"}, seq=3)
        with pytest.raises(RecordLocked):
            writer.update_where("actions", {"text": "something else"}, seq=4)
        with pytest.raises(RecordLocked):
            writer.update_where("agenda", {"title": "Other"}, id=1)
        with pytest.raises(RecordLocked):
            writer.remove_where("agenda", id=2)
        with pytest.raises(RecordLocked):
            writer.set_order(list(reversed(writer.session.agenda)))
        with pytest.raises(RecordLocked):
            earlier.decision_edit.edit_decision(3, {"text": "Do nothing"})
        with pytest.raises(CaptureError, match="approved minutes are locked"):
            earlier.set_attendance("Joan Pike", "absent")  # a refusal every screen shows
        plan = Planner(writer, clock)
        with pytest.raises(RecordLocked):
            plan.set_detail("title", "Renamed")
        with pytest.raises(RecordLocked):
            writer.update_where("approvals", {"corrections": "x"})
        with pytest.raises(RecordLocked):
            writer.remove_where("approvals")
    finally:
        writer.close()
    assert store.path_for(first).read_bytes() == before


def test_follow_ups_to_an_approved_sessions_actions_still_work(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    approved = store.load(first)
    fingerprint = approved.approval.fingerprint
    code = "1.1"
    clock.advance(minutes=2)
    said = meeting.capture(f"/done {code} letter sent").message
    assert "done" in said
    row = next(r for r in Archive(store).actions() if r.session == first)
    assert row.status == "done"
    update_action(store, row, owner="Ravi", where="tracker", clock=clock)
    update_action(store, row, due="31/01/2027", where="tracker", clock=clock)
    now = store.load(first)
    assert (now.actions[0].status, now.actions[0].owner, now.actions[0].due) == (
        "done",
        "Ravi Patel",
        "2027-01-31",
    )
    # the approved minutes still show the action as it stood when approved
    others = partnership_sessions(store, now.info.partnership, but=first)
    minutes = build_minutes(now, others)
    assert [(a.status, a.owner, a.due) for a in minutes.actions] == [
        ("open", "Sam Okafor", "Mon 30 Nov 2026")
    ]
    assert minutes_fingerprint(minutes) == fingerprint
    assert "status as they stood when these minutes were approved" in to_markdown(minutes)


def test_a_correction_to_an_item_numbered_with_a_superscript_is_one_line(store, clock, two):
    """'²' passes str.isdigit() but int() refuses it: a one-line refusal, not a traceback."""
    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    for ref in ("²", "2.²"):
        kind = "item" if "." not in ref else "note"
        with pytest.raises(ApprovalError, match="is not"):
            amend(store, first, kind, ref, "Street lighting", by="Sam Okafor", clock=clock)


def test_a_correction_is_recorded_in_the_amendment_log_and_shown(store, clock, two):
    first, second, meeting = two
    with pytest.raises(ApprovalError, match="not approved yet"):
        amend(store, first, "note", "2.1", "Lamps broken", by="Sam Okafor", clock=clock)
    meeting.capture("/goto 2")
    meeting.capture("/approve with corrections the note on item 2 names the street")
    fingerprint = store.load(first).approval.fingerprint
    made = amend(
        store, first, "note", "2.1", "Lamps reported broken on Hope Street, north end",
        by="Sam Okafor (secretary), as agreed at 2026-12-21", clock=clock,
    )
    amend(store, first, "item", "2", "Street lighting", by="Sam Okafor", clock=clock)
    amend(store, first, "decision", "D1", "Repair the lamps by March", by="Joan Pike", clock=clock)
    amend(store, first, "action", "1.1", "write to the council", by="Joan Pike", clock=clock)
    session = store.load(first)
    assert [a.what for a in session.amendments] == [
        "note 1 of item 2", "item 2 title", "decision D1", "action 1.1 (item 2)"
    ]
    assert made.before == "Lamps reported broken on Hope Street"
    assert session.notes[1].text.endswith("north end")
    assert session.agenda[1].title == "Street lighting"
    text = to_markdown(build_minutes(session, []))
    assert "## Amendments after approval" in text
    assert "Lamps reported broken on Hope Street, north end" in text
    assert "| note 1 of item 2 | Lamps reported broken on Hope Street |" in text
    assert session.amendments[-1].fingerprint != fingerprint
    assert session.amendments[-1].fingerprint == minutes_fingerprint(
        build_minutes(session, partnership_sessions(store, session.info.partnership, but=first))
    )
    with pytest.raises(ApprovalError, match="already reads so"):
        amend(store, first, "item", "2", "Street lighting", by="Sam", clock=clock)
    with pytest.raises(ApprovalError, match="no action 9.9"):
        amend(store, first, "action", "9.9", "x", by="Sam", clock=clock)


def test_a_correction_respects_the_lock_of_a_session_open_elsewhere(store, clock, two):
    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    held = store.writer(first)
    try:
        with pytest.raises(SessionLocked):
            amend(store, first, "item", "2", "Street lighting", by="Sam", clock=clock)
    finally:
        held.close()


def test_approve_minutes_outside_the_app(store, clock, two):
    first, second, meeting = two
    approval = approve_minutes(
        store, first, by=meeting.session.info, at="2026-12-21T14:30:00", corrections=""
    )
    assert store.load(first).approval == approval
    with pytest.raises(ApprovalError, match="already approved"):
        approve_minutes(store, first, by=None, at="2026-12-21T14:31:00")


def test_a_correction_and_its_log_entry_are_one_write_or_none(store, clock, two, monkeypatch):
    from facilitator.core import store as store_module

    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    writes = []
    real = store_module.write_atomic

    def counted(path, data, **kw):
        writes.append(path)
        return real(path, data, **kw)

    monkeypatch.setattr(store_module, "write_atomic", counted)
    amend(store, first, "item", "2", "Street lighting", by="Sam", clock=clock)
    assert writes == [store.path_for(first)]
    before = store.path_for(first).read_bytes()

    def refused(path, data, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "write_atomic", refused)
    with pytest.raises(OSError):
        amend(store, first, "item", "3", "Other business", by="Sam", clock=clock)
    assert store.path_for(first).read_bytes() == before
    assert [a.what for a in store.load(first).amendments] == ["item 2 title"]


def test_an_approved_session_moved_to_another_machine_stays_approved_and_locked(
    store, clock, two, tmp_path
):
    from facilitator.core.store import SessionStore
    from facilitator.core.transfer import export_session, import_session, read_export

    first, second, meeting = two
    meeting.capture("/goto 2")
    meeting.capture("/approve")
    amend(store, first, "item", "2", "Street lighting", by="Sam", clock=clock)
    there = SessionStore(tmp_path / "elsewhere")
    moved = import_session(there, read_export(export_session(store.load(first))))
    session = there.load(moved)
    assert session.approval == store.load(first).approval
    assert [a.what for a in session.amendments] == ["item 2 title"]
    writer = there.writer(moved)
    try:
        with pytest.raises(RecordLocked):
            writer.update_where("agenda", {"title": "Silently changed"}, id=1)
    finally:
        writer.close()
