"""Tests for actions and decisions across meetings (core/tracker.py, followup.py, carry.py).

An action lives in the session that raised it and nowhere else. It is known by a code
``S.N`` (S: its session's place among the partnership's sessions by date, N: its place among
that session's actions) and followed up from any later meeting of the partnership with
``/done /drop /redate /reassign /actnote CODE``: the change goes to the one record, in the
earlier session's file, with an ``ActionUpdate`` kept there. The tracker (``Archive``) lists
every action and decision through an index that is reused only while a file is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from facilitator import cli
from facilitator.core import carry
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Action, ActionUpdate, Decision, Session
from facilitator.core.store import SessionStore
from facilitator.core.tracker import (
    INDEX,
    INDEX_VERSION,
    LIST_INDEX,
    ActionRow,
    Archive,
    update_action,
)
from tests.conftest import FakeClock
from tests.helpers import agenda

NORTHFIELD = "Northfield Community Safety Partnership"
KINGSMEAD = "Kingsmead Community Safety Partnership"
A_DATE = "23/11/2026 14:00"  # Mon 23 Nov 2026, the frozen clock's day
B_DATE = "07/12/2026 14:00"
NEXT_ITEMS = [
    {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
    {"title": "Youth services contract", "minutes": 20, "kind": "decision"},
    {"title": "Any other business", "minutes": 5},
]


pytestmark = pytest.mark.usefixtures("cli_today")  # the CLI's "today" is the clock's


def session_of(
    clock: FakeClock,
    when: str,
    *,
    partnership: str = NORTHFIELD,
    items: list[dict[str, Any]] | None = None,
) -> Session:
    overrides: dict[str, Any] = {"date": when, "partnership": partnership}
    if items is not None:
        overrides["items"] = items
    return agenda_from_dict(agenda(**overrides), clock().date())


def create(store: SessionStore, clock: FakeClock, when: str, **kwargs: Any) -> str:
    """A new session of the partnership through ``carry.create``; returns its id."""
    return carry.create(store, session_of(clock, when, **kwargs))[0]


def run(store: SessionStore, clock: FakeClock, sid: str, *lines: str) -> Session:
    """Open the session, carry out the lines, close it; the session afterwards."""
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock=clock)
        for line in lines:
            meeting.capture(line)
        return writer.session
    finally:
        writer.close()


def file_text(store: SessionStore, sid: str) -> str:
    return store.path_for(sid).read_text(encoding="utf-8")


def codes(store: SessionStore) -> dict[str, ActionRow]:
    return {r.code: r for r in Archive(store).actions()}


def cli_json(capsys: pytest.CaptureFixture[str], store: SessionStore, *argv: str) -> Any:
    code = cli.main(["--data-dir", str(store.root), *argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out)


def two_meetings(store: SessionStore, clock: FakeClock) -> tuple[str, str]:
    """Meeting A (23 Nov) decides and raises two actions, 1.1 (Ravi, due Fri 27 Nov) and
    1.2 (Lena, no date); two weeks later meeting B (7 Dec) is created and not yet run."""
    a = create(store, clock, A_DATE)
    run(
        store,
        clock,
        a,
        "/next",
        "/decision Fit brighter lamps @Council",
        "/action @Ravi Survey the street by friday",
        "/action @Lena Tell the tenants",
        "/end",
    )
    clock.advance(days=14)
    b = create(store, clock, B_DATE, items=NEXT_ITEMS)
    return a, b


# --------------------------------------------------------------------------- codes and rows


def test_codes_number_sessions_by_date_within_each_partnership(
    store: SessionStore, clock: FakeClock
) -> None:
    # created out of date order, interleaved with another partnership
    later = create(store, clock, B_DATE, items=NEXT_ITEMS)
    other = create(store, clock, "30/11/2026 10:00", partnership=KINGSMEAD)
    earlier = create(store, clock, A_DATE)
    run(store, clock, later, "/action @Sam Book the hall")
    run(store, clock, other, "/action @Joan Kingsmead audit", "/action @Ravi Kingsmead patrols")
    run(store, clock, earlier, "/action @Ravi Survey the street", "/action @Lena Tell the tenants")
    found = {(r.partnership, r.code): (r.session, r.text) for r in Archive(store).actions()}
    assert found == {
        (NORTHFIELD, "1.1"): (earlier, "Survey the street"),
        (NORTHFIELD, "1.2"): (earlier, "Tell the tenants"),
        (NORTHFIELD, "2.1"): (later, "Book the hall"),
        (KINGSMEAD, "1.1"): (other, "Kingsmead audit"),
        (KINGSMEAD, "1.2"): (other, "Kingsmead patrols"),
    }


def test_codes_count_only_actions_and_skip_withdrawn_ones(
    store: SessionStore, clock: FakeClock
) -> None:
    sid = create(store, clock, A_DATE)
    run(
        store,
        clock,
        sid,
        "a note",
        "/decision Fit brighter lamps",
        "/action @Ravi Survey the street",
        "/action @Lena Tell the tenants",
        "/action @Sam Mistyped",
        "/undo",
    )
    assert {c: r.text for c, r in codes(store).items()} == {
        "1.1": "Survey the street",
        "1.2": "Tell the tenants",
    }


def test_the_minutes_and_the_live_meeting_give_each_action_the_trackers_code(
    store: SessionStore, clock: FakeClock
) -> None:
    later = create(store, clock, B_DATE, items=NEXT_ITEMS)
    other = create(store, clock, "30/11/2026 10:00", partnership=KINGSMEAD)
    earlier = create(store, clock, A_DATE)
    run(store, clock, other, "/action @Joan Kingsmead audit")
    run(store, clock, earlier, "/action @Ravi Survey the street", "/action @Sam Oops", "/undo")
    run(store, clock, later, "/action @Sam Book the hall", "/action @Lena Tell the tenants")
    tracker = {(r.session, r.seq): r.code for r in Archive(store).actions()}
    everyone = [store.load(i) for i in (later, other, earlier)]
    for session in everyone:
        others = [s for s in everyone if s is not session]
        minutes = {a.text: a.code for a in build_minutes(session, others).actions}
        writer = store.writer(session.info.id)
        try:
            live = Meeting(writer, clock=clock).action_codes()
        finally:
            writer.close()
        for action in session.actions:
            if action.withdrawn:
                continue
            code = tracker[(session.info.id, action.seq)]
            assert minutes[action.text] == code
            assert live[action.seq] == code
    assert sorted(tracker.values()) == ["1.1", "1.1", "2.1", "2.2"]


def test_action_rows_carry_owner_organisation_item_and_decision(
    store: SessionStore, clock: FakeClock
) -> None:
    items = [
        {"title": "Welcome and apologies", "minutes": 5},
        {"title": "Street lighting on Hope Street", "minutes": 15, "kind": "decision"},
        {"title": "Named cases", "minutes": 10, "confidential": True},
    ]
    sid = create(store, clock, A_DATE, items=items)
    run(
        store,
        clock,
        sid,
        "/action Find a venue",
        "/next",
        "/decision Fit brighter lamps",
        "/action @Ravi Survey the street by 27/11/2026 for D1",  # linked only when named
        "/action @Council Pay for the lamps due in 2 weeks for D1",
        "/next",
        "/action @Lena Visit the family",
    )
    rows = {r.text: r for r in Archive(store).actions()}
    got = {
        text: (r.code, r.owner, r.organisation, r.due, r.status, r.item, r.decision, r.confidential)
        for text, r in rows.items()
    }
    lighting = "Street lighting on Hope Street"
    assert got == {
        "Find a venue": ("1.1", "", "", "", "open", "Welcome and apologies", "", False),
        "Survey the street": (
            *("1.2", "Ravi Patel", "Northfield Police", "2026-11-27", "open"),
            *(lighting, "Fit brighter lamps", False),
        ),
        "Pay for the lamps": (
            *("1.3", "Northfield Council", "Northfield Council", "2026-12-07", "open"),
            *(lighting, "Fit brighter lamps", False),
        ),
        "Visit the family": (
            *("1.4", "Lena Novak", "Hope Street Tenants", "", "open"),
            *("Named cases", "", True),
        ),
    }
    assert {r.partnership for r in rows.values()} == {NORTHFIELD}
    assert {r.session for r in rows.values()} == {sid}


def test_an_action_carrying_out_a_confidential_decision_is_confidential(
    store: SessionStore, clock: FakeClock
) -> None:
    sid = create(store, clock, A_DATE)
    run(
        store,
        clock,
        sid,
        "/next",
        "/decision Close the hub confidential",
        "/action @Ravi Tell staff for D1",
    )
    [row] = Archive(store).actions()
    assert row.decision == "Close the hub"
    assert row.confidential  # its row shows the confidential decision's text


def test_decision_rows(store: SessionStore, clock: FakeClock) -> None:
    items = [
        {"title": "Street lighting", "minutes": 15, "kind": "decision"},
        {"title": "Named cases", "minutes": 10, "confidential": True},
    ]
    a = create(store, clock, A_DATE, items=items)
    run(
        store,
        clock,
        a,
        "/decision Fit brighter lamps @Council vote 7-1-2 review 1/3/2027",
        "/dissent Lena wants consultation",
        "/decision Mistake",
        "/undo",
        "/next",
        "/decision Refer the family by consensus",
    )
    b = create(store, clock, B_DATE, items=items)
    run(store, clock, b, "/decision Close the hub @Ravi vote 2-5-0 confidential")
    rows = Archive(store).decisions()
    got = [
        (
            r.session,
            r.text,
            r.owner,
            r.how,
            r.votes,
            r.status,
            r.review,
            r.dissent,
            r.confidential,
            r.item,
        )
        for r in rows
    ]
    assert got == [  # newest meeting first
        (
            b,
            "Close the hub",
            "Ravi Patel",
            "vote",
            "2-5-0",
            "not agreed",
            "",
            "",
            True,
            items[0]["title"],
        ),
        (a, "Refer the family", "", "consensus", "", "agreed", "", "", True, "Named cases"),
        (
            *(a, "Fit brighter lamps", "Northfield Council", "vote", "7-1-2", "agreed"),
            *("2027-03-01", "Lena Novak: wants consultation", False, "Street lighting"),
        ),
    ]
    assert {r.partnership for r in rows} == {NORTHFIELD}


def row(status: str = "open", due: str = "") -> ActionRow:
    return ActionRow(
        *("s", NORTHFIELD, "2026-11-01", 1, 1, "Survey", "Ravi Patel", "Northfield Police"),
        due=due,
        status=status,
        item="Street lighting",
        confidential=False,
    )


@pytest.mark.parametrize(
    ("status", "due", "overdue", "this_week"),
    [
        ("open", "2026-11-22", True, False),
        ("open", "2026-01-01", True, False),
        ("open", "2026-11-23", False, True),  # due today: not yet overdue
        ("open", "2026-11-30", False, True),  # seven days on
        ("open", "2026-12-01", False, False),  # eight days on
        ("open", "", False, False),
        ("done", "2026-11-01", False, False),
        ("done", "2026-11-25", False, False),
        ("dropped", "2026-11-01", False, False),
        ("dropped", "2026-11-25", False, False),
    ],
)
def test_overdue_and_due_within(status: str, due: str, overdue: bool, this_week: bool) -> None:
    today = date(2026, 11, 23)
    action = row(status, due)
    assert action.overdue(today) is overdue
    assert action.due_within(today, 7) is this_week


# --------------------------------------------------------------------------- follow-ups


@pytest.mark.parametrize(
    ("line", "code", "fields", "change", "note"),
    [
        ("/done 1.2 called them", "1.2", {"status": "done"}, "status: open → done", "called them"),
        ("/done 1.1", "1.1", {"status": "done"}, "status: open → done", ""),
        (
            "/drop 1.1 no longer needed",
            "1.1",
            {"status": "dropped"},
            "status: open → dropped",
            "no longer needed",
        ),
        (
            "/redate 1.1 18/12/2026",
            "1.1",
            {"due": "2026-12-18", "status": "open"},
            "due: Fri 27 Nov 2026 → Fri 18 Dec 2026",
            "",
        ),
        (
            "/redate 1.2 friday",
            "1.2",
            {"due": "2026-12-11"},
            "due: none → Fri 11 Dec 2026",
            "",
        ),
        (
            "/reassign 1.1 @Sam",
            "1.1",
            {"owner": "Sam Okafor"},
            "owner: Ravi Patel → Sam Okafor",
            "",
        ),
        (
            "/reassign 1.2 Northfield CVS",
            "1.2",
            {"owner": "Northfield CVS"},
            "owner: Lena Novak → Northfield CVS",
            "",
        ),
        (
            "/actnote 1.1 waiting on the contractor",
            "1.1",
            {"status": "open"},
            "note",
            "waiting on the contractor",
        ),
    ],
)
def test_follow_up_changes_the_one_record_in_the_earlier_session(
    store: SessionStore,
    clock: FakeClock,
    line: str,
    code: str,
    fields: dict[str, str],
    change: str,
    note: str,
) -> None:
    a, b = two_meetings(store, clock)
    seq = codes(store)[code].seq
    untouched = [x for x in store.load(a).actions if x.seq != seq]

    writer = store.writer(b)
    try:
        outcome = Meeting(writer, clock=clock).capture(line)
    finally:
        writer.close()

    assert outcome is not None
    assert outcome.message.startswith(f"Action {code} (")
    assert change in outcome.message or change == "note"
    earlier = store.load(a)
    [action] = [x for x in earlier.actions if x.seq == seq]
    assert {k: getattr(action, k) for k in fields} == fields
    if change != "note":  # a note changes no field of the action
        assert action.updated_at == "2026-12-07T14:00:00"
    assert [x for x in earlier.actions if x.seq != seq] == untouched
    assert earlier.action_updates == [
        ActionUpdate(action=seq, at="2026-12-07T14:00:00", change=change, note=note, where=b)
    ]
    later = store.load(b)  # no copy in the new session, only a note for its minutes
    assert later.actions == []
    assert later.action_updates == []
    [said] = [n.text for n in later.notes]
    assert said == f"Matters arising: {outcome.message}"
    assert f"Matters arising: Action {code}" in to_markdown(build_minutes(later))


def test_each_follow_up_is_kept_in_order(store: SessionStore, clock: FakeClock) -> None:
    a, b = two_meetings(store, clock)
    seq = codes(store)["1.1"].seq
    run(
        store,
        clock,
        b,
        "/actnote 1.1 contractor booked",
        "/redate 1.1 18/12/2026",
        "/reassign 1.1 @Sam",
        "/done 1.1 survey filed",
    )
    earlier = store.load(a)
    assert [(u.action, u.change, u.note, u.where) for u in earlier.action_updates] == [
        (seq, "note", "contractor booked", b),
        (seq, "due: Fri 27 Nov 2026 → Fri 18 Dec 2026", "", b),
        (seq, "owner: Ravi Patel → Sam Okafor", "", b),
        (seq, "status: open → done", "survey filed", b),
    ]
    [action] = [x for x in earlier.actions if x.seq == seq]
    assert (action.owner, action.due, action.status) == ("Sam Okafor", "2026-12-18", "done")
    assert len(store.load(b).notes) == 4


def test_closing_it_at_matters_arising_closes_it_in_the_tracker(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_meetings(store, clock)
    before = cli_json(capsys, store, "actions", "--open")
    assert sorted(r["code"] for r in before) == ["1.1", "1.2"]

    run(store, clock, b, "/done 1.2 tenants told")

    code = cli.main(["--data-dir", str(store.root), "actions", "--open", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert [(r["code"], r["text"]) for r in json.loads(out)] == [("1.1", "Survey the street")]
    done = cli_json(capsys, store, "actions", "--status", "done")
    assert [(r["code"], r["session"], r["status"]) for r in done] == [("1.2", a, "done")]


def test_follow_up_from_the_raising_meeting_itself(store: SessionStore, clock: FakeClock) -> None:
    sid = create(store, clock, A_DATE)
    session = run(
        store,
        clock,
        sid,
        "/next",
        "/action @Ravi Survey the street by friday",
        "/done 1.1 done on the spot",
    )
    assert [a.status for a in session.actions] == ["done"]
    assert [(u.change, u.note, u.where) for u in session.action_updates] == [
        ("status: open → done", "done on the spot", sid)
    ]
    # a note on the item it was done at, so the minutes say it and /undo can put it back
    assert [n.text for n in session.notes] == [
        "Action update: Action 1.1 (Ravi Patel: Survey the street) — status: open → done"
        " — done on the spot"
    ]


# --------------------------------------------------------------------------- /undo of a follow-up


def test_undo_after_done_reopens_the_action_and_keeps_both_in_its_history(
    store: SessionStore, clock: FakeClock
) -> None:
    sid = create(store, clock, A_DATE)
    session = run(
        store, clock, sid, "/next", "/action @Ravi Survey the street by friday", "/done 1.1",
        "/undo",
    )
    (action,) = session.actions
    assert (action.status, action.withdrawn) == ("open", False)  # the action itself stays
    assert [n.withdrawn for n in session.notes] == [True]  # the update's note is withdrawn
    assert [u.change for u in session.action_updates] == [
        "status: open → done",
        "undone: status: done → open",
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [("/done 1.1", "status"), ("/drop 1.2", "status"), ("/redate 1.1 10/12/2026", "due"),
     ("/reassign 1.1 @Sam", "owner")],
)
def test_undo_of_a_matters_arising_follow_up_puts_the_earlier_action_back(
    store: SessionStore, clock: FakeClock, line: str, field: str
) -> None:
    a, b = two_meetings(store, clock)
    before = {r.code: getattr(r, field) for r in Archive(store).actions()}
    changed = run(store, clock, b, line)
    assert {r.code: getattr(r, field) for r in Archive(store).actions()} != before
    later = run(store, clock, b, "/undo")
    assert {r.code: getattr(r, field) for r in Archive(store).actions()} == before
    assert [n.withdrawn for n in later.notes] == [True]
    assert len(store.load(a).action_updates) == 2  # the change and its undoing
    assert changed.notes[0].text.startswith("Matters arising: Action 1.")


def test_undo_leaves_a_field_changed_since_by_someone_else(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/redate 1.1 10/12/2026")
    row = next(r for r in Archive(store).actions() if r.code == "1.1")
    update_action(store, row, due="17/12/2026", clock=clock)  # the tracker, meanwhile
    writer = store.writer(b)
    try:
        outcome = Meeting(writer, clock=clock).capture("/undo")
    finally:
        writer.close()
    assert "due left as Thu 17 Dec 2026 (changed since)" in outcome.message
    assert next(r for r in Archive(store).actions() if r.code == "1.1").due == "2026-12-17"


def test_undo_of_a_follow_up_is_refused_whole_while_the_earlier_session_is_open(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/done 1.1")
    elsewhere = store.writer(a)
    try:
        writer = store.writer(b)
        try:
            with pytest.raises(CaptureError, match="not put back"):
                Meeting(writer, clock=clock).capture("/undo")
        finally:
            writer.close()
    finally:
        elsewhere.close()
    assert [n.withdrawn for n in store.load(b).notes] == [False]  # nothing withdrawn
    assert next(r for r in Archive(store).actions() if r.code == "1.1").status == "done"


@pytest.mark.parametrize(
    "line", ["/done 1.1", "/drop 1.2", "/redate 1.1 friday", "/reassign 1.1 @Sam", "/actnote 1.2 x"]
)
def test_follow_up_refused_while_the_earlier_session_is_open_elsewhere(
    store: SessionStore, clock: FakeClock, line: str
) -> None:
    a, b = two_meetings(store, clock)
    before_a, before_b = file_text(store, a), file_text(store, b)
    holder = store.writer(a)  # another facilitator has meeting A open
    try:
        writer = store.writer(b)
        try:
            with pytest.raises(CaptureError, match=f"session {a} is already open for writing"):
                Meeting(writer, clock=clock).capture(line)
        finally:
            writer.close()
    finally:
        holder.close()
    assert (file_text(store, a), file_text(store, b)) == (before_a, before_b)
    # and once it is closed there, the same line works
    run(store, clock, b, line)
    assert store.load(a).action_updates


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/done 9.9", "no action '9.9' in this partnership"),
        ("/done 1.3", "no action '1.3'"),
        ("/done 2.1", "no action '2.1'"),  # meeting B raised none
        ("/done 1", "no action '1'"),
        ("/done 1.1.1", "no action"),
        ("/done x.y and more", "no action 'x.y'"),
        ("/drop 0.0", "no action"),
        ("/redate 1.1", "needs more after the code"),
        ("/redate 1.1 31/02/2027", "no day 31"),
        ("/redate 1.1 someday", "new date not saved"),
        ("/reassign 1.1", "needs more after the code"),
        ("/reassign 1.1 @Nobody", "not a participant or organisation"),
        ("/reassign 1.1 @Ravi and Lena", "more than an owner"),
        ("/actnote 1.1", "needs more after the code"),
        ("/done", "needs more"),
    ],
)
def test_follow_up_refused_changes_nothing(
    store: SessionStore, clock: FakeClock, line: str, says: str
) -> None:
    a, b = two_meetings(store, clock)
    before_a, before_b = file_text(store, a), file_text(store, b)
    writer = store.writer(b)
    try:
        with pytest.raises(CaptureError, match=says):
            Meeting(writer, clock=clock).capture(line)
    finally:
        writer.close()
    assert (file_text(store, a), file_text(store, b)) == (before_a, before_b)


def test_reassign_to_someone_at_this_meeting_who_was_not_at_the_earlier_one(
    store: SessionStore, clock: FakeClock
) -> None:
    a = create(store, clock, A_DATE)
    run(store, clock, a, "/action @Ravi Survey the street")
    data = agenda(date=B_DATE, items=NEXT_ITEMS)
    data["participants"] = [
        *data["participants"],
        {"name": "Priya Shah", "organisation": "Northfield Youth Trust"},
    ]
    b = carry.create(store, agenda_from_dict(data, clock().date()))[0]
    run(store, clock, b, "/reassign 1.1 @Priya")  # she is in this meeting
    [action] = store.load(a).actions
    assert action.owner == "Priya Shah"


def test_follow_up_cannot_reach_another_partnerships_action(
    store: SessionStore, clock: FakeClock
) -> None:
    a, _ = two_meetings(store, clock)
    other = create(store, clock, "08/12/2026 10:00", partnership=KINGSMEAD)
    run(store, clock, other, "/action @Joan Kingsmead audit")
    before = file_text(store, a)
    writer = store.writer(other)
    try:
        with pytest.raises(CaptureError, match="no action '1.2' in this partnership"):
            Meeting(writer, clock=clock).capture("/done 1.2")
    finally:
        writer.close()
    assert file_text(store, a) == before


# --------------------------------------------------------------------------- matters arising


def titles(store: SessionStore, sid: str) -> list[str]:
    return [i.title for i in store.load(sid).agenda]


def test_new_session_with_open_actions_gets_matters_arising(
    store: SessionStore, clock: FakeClock
) -> None:
    _, b = two_meetings(store, clock)
    assert titles(store, b) == [
        "Welcome and apologies",
        "Matters arising",
        "Youth services contract",
        "Any other business",
    ]
    agenda_items = store.load(b).agenda
    assert [(i.id, i.position) for i in agenda_items] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert agenda_items[1].standing


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["a note only", "/decision Fit brighter lamps"],
        ["/action @Ravi Survey", "/done 1.1"],
        ["/action @Ravi Survey", "/drop 1.1"],
        ["/action @Ravi Survey", "/undo"],
    ],
    ids=["nothing", "no-actions", "all-done", "all-dropped", "withdrawn"],
)
def test_no_matters_arising_without_open_actions(
    store: SessionStore, clock: FakeClock, lines: list[str]
) -> None:
    a = create(store, clock, A_DATE)
    run(store, clock, a, *lines)
    b = create(store, clock, B_DATE, items=NEXT_ITEMS)
    assert "Matters arising" not in titles(store, b)


def test_another_partnerships_open_actions_bring_no_matters_arising(
    store: SessionStore, clock: FakeClock
) -> None:
    other = create(store, clock, A_DATE, partnership=KINGSMEAD)
    run(store, clock, other, "/action @Ravi Kingsmead patrols")
    b = create(store, clock, B_DATE, items=NEXT_ITEMS)
    assert titles(store, b) == [i["title"] for i in NEXT_ITEMS]


@pytest.mark.parametrize(
    "title",
    ["Minutes and matters arising", "MATTERS ARISING from the last meeting", "Matters  arising"],
)
def test_no_second_matters_arising(store: SessionStore, clock: FakeClock, title: str) -> None:
    a = create(store, clock, A_DATE)
    run(store, clock, a, "/action @Ravi Survey the street")
    items = [NEXT_ITEMS[0], {"title": title, "minutes": 10}, *NEXT_ITEMS[1:]]
    b = create(store, clock, B_DATE, items=items)
    assert titles(store, b) == [i["title"] for i in items]


def test_matters_arising_only_from_earlier_sessions(store: SessionStore, clock: FakeClock) -> None:
    later = create(store, clock, B_DATE)
    run(store, clock, later, "/action @Ravi Survey the street")
    earlier = create(store, clock, "09/11/2026 14:00", items=NEXT_ITEMS)
    assert titles(store, earlier) == [i["title"] for i in NEXT_ITEMS]


# --------------------------------------------------------------------------- the index


def actions_seen(store: SessionStore) -> list[dict[str, Any]]:
    return [asdict(r) for r in Archive(store).actions()]


def read_index(store: SessionStore) -> dict[str, Any]:
    return json.loads((store.root / INDEX).read_text(encoding="utf-8"))


def test_index_is_reused_while_unchanged_and_refreshed_after_a_change(
    store: SessionStore, clock: FakeClock
) -> None:
    a, _ = two_meetings(store, clock)
    first = actions_seen(store)
    assert [r["text"] for r in first] == ["Survey the street", "Tell the tenants"]
    index = read_index(store)
    assert index["version"] == INDEX_VERSION
    # a summary whose file is unchanged is taken from the index, not re-read
    index["sessions"][a]["summary"]["actions"][0]["text"] = "FROM THE INDEX"
    (store.root / INDEX).write_text(json.dumps(index), encoding="utf-8")
    assert [r["text"] for r in actions_seen(store)][0] == "FROM THE INDEX"
    # a change to the file (a new action captured) is seen by the next Archive
    run(store, clock, a, "/reopen", "/action @Sam Book the hall by 10/12/2026")
    texts = [r["text"] for r in actions_seen(store)]
    assert texts == ["Survey the street", "Book the hall", "Tell the tenants"]
    # and a follow-up's change too
    run(store, clock, a, "/done 1.1")
    assert {r.code: r.status for r in Archive(store).actions()} == {
        "1.1": "done",
        "1.2": "open",
        "1.3": "open",
    }


def test_index_sees_a_change_made_while_it_was_reading(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another facilitator saves the file just after the tracker read it: the summary it
    made from the old text must not be reused for the new file."""
    a, _ = two_meetings(store, clock)
    (store.root / ".index.json").unlink(missing_ok=True)  # so the first file read is a's
    real_load = store.load

    def load_then_someone_writes(session_id: str) -> Session:
        session = real_load(session_id)
        monkeypatch.setattr(store, "load", real_load)  # only once
        run(store, clock, session_id, "/reopen", "/action @Sam Book the hall")
        return session

    monkeypatch.setattr(store, "load", load_then_someone_writes)
    Archive(store).actions()
    assert [r.text for r in store.load(a).actions][-1] == "Book the hall"
    assert "Book the hall" in [r["text"] for r in actions_seen(store)]


def good_index(store: SessionStore, sid: str) -> dict[str, Any]:
    Archive(store).actions()
    index = read_index(store)
    assert sid in index["sessions"]
    return index


def _tampered(index: dict[str, Any], sid: str, **changes: Any) -> dict[str, Any]:
    index["sessions"][sid]["summary"]["actions"][0].update(changes)
    return index


def _entry(index: dict[str, Any], sid: str, entry: Any) -> dict[str, Any]:
    index["sessions"][sid] = entry
    return index


def _summary(index: dict[str, Any], sid: str, **changes: Any) -> dict[str, Any]:
    index["sessions"][sid]["summary"].update(changes)
    return index


CORRUPT_INDEXES = {
    "not-json": lambda index, sid: b"{not json",
    "empty": lambda index, sid: b"",
    "not-utf8": lambda index, sid: b"\xff\xfe\x00garbage",
    "a-list": lambda index, sid: [],
    "foreign-version": lambda index, sid: {
        **_tampered(index, sid, text="FROM THE INDEX"),
        "version": INDEX_VERSION + 1,
    },
    "old-version": lambda index, sid: {
        **_tampered(index, sid, text="FROM THE INDEX"),
        "version": INDEX_VERSION - 1,
    },
    "no-version": lambda index, sid: {"sessions": _tampered(index, sid, text="X")["sessions"]},
    "sessions-a-list": lambda index, sid: {"version": INDEX_VERSION, "sessions": []},
    "stale-stamp": lambda index, sid: _entry(
        _tampered(index, sid, text="FROM THE INDEX"),
        sid,
        {**index["sessions"][sid], "stamp": [1, 2]},
    ),
    "entry-a-string": lambda index, sid: _entry(index, sid, "garbage"),
    "entry-a-list": lambda index, sid: _entry(index, sid, [1, 2]),
    "no-summary": lambda index, sid: _entry(index, sid, {"stamp": index["sessions"][sid]["stamp"]}),
    "summary-a-string": lambda index, sid: _entry(
        index, sid, {"stamp": index["sessions"][sid]["stamp"], "summary": "x"}
    ),
    "actions-null": lambda index, sid: _summary(index, sid, actions=None),
    "unknown-action-field": lambda index, sid: _summary(index, sid, actions=[{"bogus": 1}]),
    "info-empty": lambda index, sid: _summary(index, sid, info={}),
    "due-not-text": lambda index, sid: _tampered(index, sid, due=5),
}


@pytest.mark.parametrize("damage", CORRUPT_INDEXES.values(), ids=CORRUPT_INDEXES.keys())
def test_a_damaged_or_foreign_index_is_ignored_and_rebuilt(
    store: SessionStore, clock: FakeClock, damage: Any
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/action @Sam Book the hall by 10/12/2026")
    expected = actions_seen(store)
    bad = damage(good_index(store, a), a)
    path = store.root / INDEX
    path.write_bytes(bad if isinstance(bad, bytes) else json.dumps(bad).encode())

    assert actions_seen(store) == expected
    rebuilt = read_index(store)
    assert rebuilt["version"] == INDEX_VERSION
    assert set(rebuilt["sessions"]) == {a, b}
    assert actions_seen(store) == expected  # and the rebuilt index gives the same


def test_deleting_the_index_changes_nothing(store: SessionStore, clock: FakeClock) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/decision Renew the contract vote 5-1-0", "/action @Sam Sign it")
    actions, decisions = actions_seen(store), [asdict(d) for d in Archive(store).decisions()]
    (store.root / INDEX).unlink()
    assert actions_seen(store) == actions
    assert [asdict(d) for d in Archive(store).decisions()] == decisions
    assert set(read_index(store)["sessions"]) == {a, b}


@pytest.mark.parametrize("indexed_first", [False, True], ids=["no-index", "indexed-before"])
def test_a_damaged_session_is_reported_and_the_rest_listed(
    store: SessionStore, clock: FakeClock, indexed_first: bool
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/decision Renew the contract", "/action @Sam Sign it")
    broken = create(store, clock, "14/12/2026 14:00", items=NEXT_ITEMS)
    run(store, clock, broken, "/action @Joan Lost action")
    if indexed_first:
        assert len(Archive(store).actions()) == 4
    store.path_for(broken).write_text('{"session": {"1": {"id": ', encoding="utf-8")

    archive = Archive(store)
    assert [r.text for r in archive.actions()] == [
        "Survey the street",
        "Tell the tenants",
        "Sign it",
    ]
    assert len(archive.problems) == 1
    assert f"{broken}.session.json" in archive.problems[0]
    assert [d.text for d in Archive(store).decisions()] == [
        "Renew the contract",
        "Fit brighter lamps",
    ]


def test_the_actions_command_warns_about_a_damaged_session(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = two_meetings(store, clock)
    broken = create(store, clock, "14/12/2026 14:00", items=NEXT_ITEMS)
    store.path_for(broken).write_text("not json at all", encoding="utf-8")
    code = cli.main(["--data-dir", str(store.root), "actions", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert [r["session"] for r in json.loads(out)] == [a, a]
    assert err.startswith("facilitator: warning: ")
    assert f"{broken}.session.json" in err


# --------------------------------------------------------------------------- CLI filters


def add_session(
    store: SessionStore,
    clock: FakeClock,
    when: str,
    *,
    partnership: str = NORTHFIELD,
    actions: Sequence[tuple[str, str, str, str]] = (),
    decisions: Sequence[tuple[str, str, str]] = (),
) -> str:
    """A session stored with the given actions (text, owner, due, status) and decisions
    (text, owner, status) on item 2."""
    session = session_of(clock, when, partnership=partnership)
    if partnership == KINGSMEAD:
        session.participants[0].name = "Priya Shah"
        session.participants[0].organisation = "Kingsmead Council"
        session.info.chair = "Priya Shah"
    at = "2026-11-23T14:00:00"
    seq = 0
    for text, owner, status in decisions:
        seq += 1
        session.decisions.append(
            Decision(item=1, text=text, at=at, seq=seq, owner=owner, status=status)
        )
    for text, owner, due, status in actions:
        seq += 1
        session.actions.append(
            Action(item=1, text=text, at=at, seq=seq, owner=owner, due=due, status=status)
        )
    return store.create(session)


@pytest.fixture
def register(store: SessionStore, clock: FakeClock) -> SessionStore:
    add_session(
        store,
        clock,
        "02/11/2026 14:00",
        actions=[
            ("Survey the lamps", "Ravi Patel", "2026-11-20", "open"),
            ("Old report", "Ravi Patel", "2026-11-01", "done"),
            ("Abandoned idea", "Joan Pike", "", "dropped"),
        ],
        decisions=[("Fit brighter lamps", "Northfield Council", "agreed")],
    )
    add_session(
        store,
        clock,
        A_DATE,
        actions=[
            ("Write to the tenants", "Lena Novak", "2026-11-27", "open"),
            ("Book the hall", "Sam Okafor", "2026-12-20", "open"),
            ("Council letter", "Northfield Council", "", "open"),
        ],
        decisions=[
            ("Install cameras", "Ravi Patel", "not agreed"),
            ("Close the hub", "Sam Okafor", "deferred"),
        ],
    )
    add_session(
        store,
        clock,
        "16/11/2026 10:00",
        partnership=KINGSMEAD,
        actions=[("Kingsmead audit", "Priya Shah", "2026-11-25", "open")],
        decisions=[("Kingsmead patrols", "Priya Shah", "agreed")],
    )
    return store


OPEN = [
    "Survey the lamps",
    "Kingsmead audit",
    "Write to the tenants",
    "Book the hall",
    "Council letter",
]


@pytest.mark.parametrize(
    ("flags", "texts"),
    [
        (
            [],
            [
                *("Old report", "Survey the lamps", "Kingsmead audit", "Write to the tenants"),
                *("Book the hall", "Abandoned idea", "Council letter"),
            ],
        ),
        (["--open"], OPEN),
        (["--status", "open"], OPEN),
        (["--status", "done"], ["Old report"]),
        (["--status", "dropped"], ["Abandoned idea"]),
        (["--overdue"], ["Survey the lamps"]),
        (["--this-week"], ["Kingsmead audit", "Write to the tenants"]),
        (["--owner", "ravi"], ["Old report", "Survey the lamps"]),
        (["--owner", "RAVI PATEL", "--open"], ["Survey the lamps"]),
        (["--organisation", "police"], ["Old report", "Survey the lamps"]),
        (
            ["--organisation", "council"],
            ["Kingsmead audit", "Abandoned idea", "Council letter"],
        ),
        (["--organisation", "tenants"], ["Write to the tenants"]),
        (["--partnership", "kingsmead"], ["Kingsmead audit"]),
        (["--partnership", "Northfield", "--this-week"], ["Write to the tenants"]),
        (["--partnership", "northfield", "--owner", "sam", "--open"], ["Book the hall"]),
        (["--owner", "nobody"], []),
    ],
)
def test_actions_filters(
    register: SessionStore, capsys: pytest.CaptureFixture[str], flags: list[str], texts: list[str]
) -> None:
    rows = cli_json(capsys, register, "actions", *flags)
    assert [r["text"] for r in rows] == texts


def test_actions_filters_by_organisation_of_the_owner(
    register: SessionStore, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = cli_json(capsys, register, "actions", "--organisation", "Northfield Council")
    assert {(r["owner"], r["organisation"]) for r in rows} == {
        ("Joan Pike", "Northfield Council"),
        ("Northfield Council", "Northfield Council"),
    }


def test_actions_codes_in_the_register(
    register: SessionStore, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = cli_json(capsys, register, "actions")
    assert {(r["partnership"][:9], r["code"], r["text"]) for r in rows} == {
        ("Northfiel", "1.1", "Survey the lamps"),
        ("Northfiel", "1.2", "Old report"),
        ("Northfiel", "1.3", "Abandoned idea"),
        ("Northfiel", "2.1", "Write to the tenants"),
        ("Northfiel", "2.2", "Book the hall"),
        ("Northfiel", "2.3", "Council letter"),
        ("Kingsmead", "1.1", "Kingsmead audit"),
    }


def test_actions_table_says_when_nothing_matches(
    register: SessionStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--data-dir", str(register.root), "actions", "--owner", "nobody"])
    assert (code, capsys.readouterr().out) == (0, "No actions match.\n")


@pytest.mark.parametrize(
    ("flags", "texts"),
    [
        ([], ["Close the hub", "Install cameras", "Kingsmead patrols", "Fit brighter lamps"]),
        (["--status", "agreed"], ["Kingsmead patrols", "Fit brighter lamps"]),
        (["--status", "not agreed"], ["Install cameras"]),
        (["--status", "deferred"], ["Close the hub"]),
        (["--owner", "sam"], ["Close the hub"]),
        (["--owner", "council"], ["Fit brighter lamps"]),
        (["--partnership", "kingsmead"], ["Kingsmead patrols"]),
        (["--partnership", "northfield", "--status", "agreed"], ["Fit brighter lamps"]),
        (["--owner", "priya", "--partnership", "northfield"], []),
    ],
)
def test_decisions_filters(
    register: SessionStore, capsys: pytest.CaptureFixture[str], flags: list[str], texts: list[str]
) -> None:
    rows = cli_json(capsys, register, "decisions", *flags)
    assert [r["text"] for r in rows] == texts


def test_decisions_table(register: SessionStore, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--data-dir", str(register.root), "decisions", "--status", "not agreed"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Install cameras" in out
    assert "Close the hub" not in out


def test_an_empty_data_folder_lists_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = SessionStore(tmp_path / "none")
    assert cli_json(capsys, store, "actions") == []
    assert cli_json(capsys, store, "decisions") == []
    assert Archive(store).problems == []


# --------------------------------------------------------------------------- the list index


def listed(store: SessionStore) -> list[dict[str, Any]]:
    return sorted(Archive(store).listings(), key=lambda info: info["id"])


def test_lists_use_a_small_index_without_actions_or_decisions(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    first = listed(store)
    assert [(i["id"], i["state"]) for i in first] == [(a, "ended"), (b, "upcoming")]
    small = json.loads((store.root / LIST_INDEX).read_text(encoding="utf-8"))
    assert small["version"] == INDEX_VERSION
    entry = small["sessions"][a]["summary"]
    assert set(entry) == {"id", "title", "partnership", "date", "state", "venue", "chair",
                          "reviewed", "steering_group"}
    # reused while the file is unchanged ...
    small["sessions"][a]["summary"]["title"] = "FROM THE LIST INDEX"
    (store.root / LIST_INDEX).write_text(json.dumps(small), encoding="utf-8")
    assert listed(store)[0]["title"] == "FROM THE LIST INDEX"
    # ... and refreshed once it changes
    run(store, clock, a, "/reopen")
    assert listed(store)[0]["title"] == first[0]["title"]
    assert listed(store)[0]["state"] == "live"


LIST_DAMAGE = {
    "not-json": b"{not json",
    "a-list": b"[]",
    "other-version": json.dumps({"version": INDEX_VERSION + 1, "sessions": {}}).encode(),
    "entry-garbage": None,  # filled in below from the good index
    "listing-missing-keys": None,
}


@pytest.mark.parametrize("damage", LIST_DAMAGE, ids=LIST_DAMAGE)
def test_a_damaged_list_index_is_rebuilt_from_the_files(
    store: SessionStore, clock: FakeClock, damage: str
) -> None:
    a, _b = two_meetings(store, clock)
    expected = listed(store)
    path = store.root / LIST_INDEX
    bad = LIST_DAMAGE[damage]
    if bad is None:
        index = json.loads(path.read_text(encoding="utf-8"))
        stamp = index["sessions"][a]["stamp"]
        broken = "x" if damage == "entry-garbage" else {"title": 5}
        index["sessions"][a] = {"stamp": stamp, "summary": broken}
        bad = json.dumps(index).encode()
    path.write_bytes(bad)
    assert listed(store) == expected
    assert json.loads(path.read_text(encoding="utf-8"))["sessions"][a]["summary"] == (
        expected[0]
    )


def test_a_damaged_session_is_reported_once_by_the_list(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    store.path_for(b).write_text('{"session": {"1": {"title": "torn', encoding="utf-8")
    archive = Archive(store)
    assert [i["id"] for i in archive.listings()] == [a]
    assert len(archive.problems) == 1 and b in archive.problems[0]


def test_undo_after_redate_puts_back_the_date_and_the_words_typed_for_it(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    typed = next(x for x in store.load(a).actions if x.text == "Survey the street").due_text
    run(store, clock, b, "/redate 1.1 10/12/2026", "/undo")
    action = next(x for x in store.load(a).actions if x.text == "Survey the street")
    assert (action.due, action.due_text) == ("2026-11-27", typed)


def test_undo_of_an_actnote_withdraws_the_note_and_claims_nothing(
    store: SessionStore, clock: FakeClock
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/actnote 1.1 called the council")
    writer = store.writer(b)
    try:
        outcome = Meeting(writer, clock=clock).capture("/undo")
    finally:
        writer.close()
    assert "put back" not in outcome.message and outcome.message.startswith("Withdrawn note")


@pytest.mark.parametrize("damage", ["session-gone", "record-damaged"])
def test_undo_never_sticks_on_a_follow_up_it_cannot_put_back(
    store: SessionStore, clock: FakeClock, damage: str
) -> None:
    a, b = two_meetings(store, clock)
    run(store, clock, b, "/done 1.1")
    if damage == "session-gone":
        store.path_for(a).rename(store.root / "elsewhere.bak")
    else:
        data = json.loads(store.path_for(b).read_text(encoding="utf-8"))
        (note,) = data["notes"].values()
        note["changed"] = note["changed"][:-1]  # a hand-edit that breaks the triples
        store.path_for(b).write_text(json.dumps(data), encoding="utf-8")
    writer = store.writer(b)
    try:
        outcome = Meeting(writer, clock=clock).capture("/undo")
    finally:
        writer.close()
    assert "could NOT be put back" in outcome.message
    assert [n.withdrawn for n in store.load(b).notes] == [True]


def test_a_follow_up_whose_note_cannot_be_saved_says_the_change_itself_was(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    a, b = two_meetings(store, clock)
    writer = store.writer(b)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Opening note")  # the meeting is under way
        real_insert = writer.insert

        def full_for_notes(table: str, obj: Any) -> int:
            if table == "notes":
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_insert(table, obj)

        monkeypatch.setattr(writer, "insert", full_for_notes)
        outcome = meeting.capture("/done 1.1")
    finally:
        writer.close()
    assert "saved; but the note at this meeting was NOT saved" in outcome.message
    assert next(x for x in store.load(a).actions if x.text == "Survey the street").status == "done"


def test_undo_that_puts_the_action_back_but_cannot_withdraw_the_note_says_so(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    a, b = two_meetings(store, clock)
    run(store, clock, b, "/done 1.1")
    writer = store.writer(b)
    try:
        meeting = Meeting(writer, clock=clock)
        real_update = writer.update_where

        def full_for_notes(table: str, fields: dict[str, Any], **match: Any) -> None:
            if table == "notes":
                raise OSError(errno.ENOSPC, "No space left on device")
            real_update(table, fields, **match)

        monkeypatch.setattr(writer, "update_where", full_for_notes)
        outcome = meeting.capture("/undo")
        assert "could NOT be marked withdrawn" in outcome.message
        assert next(r for r in Archive(store).actions() if r.code == "1.1").status == "open"
        monkeypatch.setattr(writer, "update_where", real_update)
        again = meeting.capture("/undo")  # the disk has room again: it finishes the job
        assert again.message.startswith("Withdrawn note")
    finally:
        writer.close()
    assert [n.withdrawn for n in store.load(b).notes] == [True]
