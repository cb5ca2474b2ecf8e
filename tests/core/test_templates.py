"""Tests for starting points of a new session (core/templates.py) and for exporting a plan
as an agenda file (``agenda.to_toml``) that reads back to the same plan."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.agenda import (
    AgendaError,
    agenda_from_dict,
    has_line_break,
    load_agenda,
    to_toml,
    toml_string,
)
from facilitator.core.meeting import Meeting
from facilitator.core.model import ITEM_KINDS, Session
from facilitator.core.planning import Planner
from facilitator.core.store import SessionStore
from facilitator.core.templates import (
    Template,
    carriable,
    from_template,
    like,
    templates,
    usual_items,
)
from tests.conftest import FakeClock
from tests.helpers import INJECTION_STRINGS, agenda

TODAY = date(2026, 11, 23)
BUILT_IN = ["compact-steering-group", "effectiveness-review", "partnership-board"]
KINGSMEAD = "Kingsmead Community Safety Partnership"


# --------------------------------------------------------------------------- templates


def test_three_built_in_templates() -> None:
    found = templates()
    assert sorted(found) == BUILT_IN
    for name, template in found.items():
        assert isinstance(template, Template)
        assert template.name == name
        for text in (template.title, template.description, template.sources):
            assert isinstance(text, str) and text.strip() == text and text
        assert template.items


@pytest.mark.parametrize("name", BUILT_IN)
def test_template_items_pass_the_agenda_checker(name: str) -> None:
    template = templates()[name]
    data = {"title": template.title, "partnership": KINGSMEAD, "items": template.items}
    session = agenda_from_dict(data, TODAY)
    assert [i.title for i in session.agenda] == [i["title"] for i in template.items]
    for item in session.agenda:
        assert 1 <= item.minutes <= 600
        assert item.kind in ITEM_KINDS


@pytest.mark.parametrize("name", BUILT_IN)
def test_from_template(name: str, store: SessionStore) -> None:
    template = templates()[name]
    session = from_template(name, partnership=KINGSMEAD, today=TODAY)
    info = session.info
    assert (info.title, info.partnership, info.date, info.state) == (
        template.title,
        KINGSMEAD,
        "",
        "upcoming",
    )
    assert session.participants == []
    assert [i.title for i in session.agenda] == [i["title"] for i in template.items]
    assert [i.minutes for i in session.agenda] == [i["minutes"] for i in template.items]
    assert [i.standing for i in session.agenda] == [
        i.get("standing", False) for i in template.items
    ]
    assert [i.position for i in session.agenda] == list(range(len(template.items)))
    assert len({i.id for i in session.agenda}) == len(template.items)
    sid = store.create(session)
    assert store.load(sid) == session


def test_from_template_with_title_and_date() -> None:
    session = from_template(
        "partnership-board",
        partnership=KINGSMEAD,
        today=TODAY,
        title="Spring Board",
        date="friday 2pm",
    )
    info = session.info
    assert (info.title, info.date, info.date_text) == (
        "Spring Board",
        "2026-11-27T14:00",
        "friday 2pm",
    )


@pytest.mark.parametrize(
    "name", ["board", "", "Partnership-Board", "partnership-board.toml", "../partnership-board"]
)
def test_unknown_template_names_the_known_ones(name: str) -> None:
    with pytest.raises(AgendaError) as caught:
        from_template(name, partnership=KINGSMEAD, today=TODAY)
    message = str(caught.value)
    assert repr(name) in message
    for known in BUILT_IN:
        assert known in message


@pytest.mark.parametrize(
    "kwargs",
    [{"partnership": ""}, {"partnership": "   "}, {"partnership": KINGSMEAD, "date": "nonsense"}],
)
def test_from_template_checks_what_it_is_given(kwargs: dict[str, Any]) -> None:
    with pytest.raises(AgendaError):
        from_template("partnership-board", today=TODAY, **kwargs)


# --------------------------------------------------------------------------- like this one

PREVIOUS_ITEMS = [
    {"title": "Welcome and apologies", "minutes": 5, "kind": "information", "standing": True},
    {"title": "Street lighting on Hope Street", "minutes": 15, "kind": "decision"},
    {
        "title": "Partnership checklist review",
        "minutes": 15,
        "kind": "review",
        "lead": "Sam Okafor",
        "confidential": True,
        "papers_circulated": "20/11/2026",
        "standing": True,
    },
    {"title": "Any other business", "minutes": 5, "standing": True},
]


def held_meeting(store: SessionStore, clock: FakeClock) -> Session:
    """A held meeting: attendance marked, an item added, one deferred, entries captured."""
    participants = agenda()["participants"]
    participants[3] = {**participants[3], "new": True}
    data = agenda(items=PREVIOUS_ITEMS, participants=participants, quorum=3)
    sid = store.create(agenda_from_dict(data, TODAY))
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock)
        for line in (
            "/present Joan",
            "/absent Ravi",
            "a note",
            "/next",
            "/arrived Owen",
            "/add Budget 10 min",
            "/defer",
            "/decision Adopt the budget",
            "/end",
        ):
            meeting.capture(line)
        return writer.session
    finally:
        writer.close()


def test_like_copies_the_setting_and_the_standing_items(
    store: SessionStore, clock: FakeClock
) -> None:
    previous = held_meeting(store, clock)
    snapshot = copy.deepcopy(previous)
    session = like(previous, date_iso="2026-12-10T14:00", date_text="10/12/2026 14:00")
    info, old = session.info, previous.info
    assert (info.partnership, info.venue, info.chair, info.secretary, info.quorum) == (
        old.partnership,
        old.venue,
        old.chair,
        old.secretary,
        3,
    )
    assert (info.title, info.date, info.date_text) == (
        old.title,
        "2026-12-10T14:00",
        "10/12/2026 14:00",
    )
    assert (info.id, info.state, info.current_item, info.started_at, info.ended_at) == (
        "",
        "upcoming",
        0,
        "",
        "",
    )

    def who(p: Any) -> tuple[str, str, str, str]:
        return (p.name, p.organisation, p.sector, p.role)

    assert [who(p) for p in session.participants] == [who(p) for p in previous.participants]
    for person in session.participants:
        assert (person.new, person.apologies, person.attendance) == (False, False, "")
    assert [p.id for p in session.participants] == list(range(5))

    assert [i.title for i in session.agenda] == [
        "Welcome and apologies",
        "Partnership checklist review",
        "Any other business",
    ]
    review = session.agenda[1]
    assert (review.minutes, review.kind, review.lead, review.confidential, review.standing) == (
        15,
        "review",
        "Sam Okafor",
        True,
        True,
    )
    for n, item in enumerate(session.agenda):
        assert (item.id, item.position) == (n, n)
        assert not (item.started_at or item.entered_at or item.ended_at or item.spent_seconds)
        assert not (item.added_at or item.deferred_at or item.deferred_from)
    assert session.entries == []
    assert session.checklist == []
    assert previous == snapshot  # the earlier session is not touched


LIGHTING = "Street lighting on Hope Street"
BOARD_WITHOUT_FLAGS = [  # a board whose agenda file never said "standing"
    "Welcome, introductions and Apologies",
    "DÉCLARATIONS of interest",
    "Minutes of the last meeting",
    "Matters arising",
    "Youth services contract",
    LIGHTING,
    "Any Other Business",
    "AOB",
    "Date of next meeting",
]


def unflagged_board(store: SessionStore) -> Session:
    items = [{"title": t, "minutes": 5} for t in BOARD_WITHOUT_FLAGS]
    return store.load(store.create(agenda_from_dict(agenda(items=items), TODAY)))


def test_like_carries_the_usual_standing_items_by_title_when_none_is_flagged(
    store: SessionStore,
) -> None:
    previous = unflagged_board(store)
    assert [i.title for i in like(previous).agenda] == [
        t for t in BOARD_WITHOUT_FLAGS if t not in ("Youth services contract", LIGHTING)
    ]
    assert usual_items(previous) == [1, 2, 3, 4, 7, 8, 9]


def test_like_carries_the_items_picked_in_the_agendas_order(store: SessionStore) -> None:
    previous = unflagged_board(store)
    assert [i.title for i in like(previous, items=[6, 1, 5]).agenda] == [
        "Welcome, introductions and Apologies",
        "Youth services contract",
        LIGHTING,
    ]
    assert like(previous, items=[]).agenda == []
    assert [(i.id, i.position) for i in like(previous, items=[2, 9]).agenda] == [(0, 0), (1, 1)]


def test_like_refuses_an_item_not_there_or_deferred(store: SessionStore, clock: FakeClock) -> None:
    previous = held_meeting(store, clock)  # item 2 deferred, item 3 added: 5 items
    with pytest.raises(AgendaError, match="there is no item 7 on that agenda \\(it has 5\\)"):
        like(previous, items=[1, 7])
    with pytest.raises(AgendaError, match="there is no item 0"):
        like(previous, items=[0])
    with pytest.raises(AgendaError, match="item 2 was deferred: it comes over by itself"):
        like(previous, items=[2])
    assert [n for n, _ in carriable(previous)] == [1, 3, 4, 5]
    assert [i.title for i in like(previous, items=[3]).agenda] == ["Budget"]


def test_like_with_a_new_title_can_be_stored(store: SessionStore, clock: FakeClock) -> None:
    previous = held_meeting(store, clock)
    session = like(previous, title="Extraordinary Board")
    assert (session.info.title, session.info.date) == ("Extraordinary Board", "")
    sid = store.create(session)
    assert sid != previous.info.id
    assert store.load(sid) == session
    assert store.load(previous.info.id) == previous


# --------------------------------------------------------------------------- to_toml


def roundtrip(session: Session) -> Session:
    return agenda_from_dict(tomllib.loads(to_toml(session)), TODAY)


def plan_of(session: Session) -> tuple[Any, ...]:
    """What an agenda file carries: the details, the people, the items."""
    info = session.info
    return (
        (info.title, info.partnership, info.date, info.venue),
        (info.chair, info.secretary, info.quorum),
        [
            (p.name, p.organisation, p.sector, p.role, p.new, p.apologies)
            for p in session.participants
        ],
        [
            (
                i.title,
                i.minutes,
                i.lead,
                i.kind,
                i.confidential,
                i.papers_circulated,
                i.standing,
            )
            for i in session.agenda
        ],
    )


def test_round_trip_of_a_plain_agenda(tmp_path: Path) -> None:
    session = agenda_from_dict(agenda(quorum=3), TODAY)
    assert plan_of(roundtrip(session)) == plan_of(session)
    path = tmp_path / "exported.toml"
    path.write_text(to_toml(session), encoding="utf-8")
    assert plan_of(load_agenda(path, TODAY)) == plan_of(session)


def test_round_trip_of_a_plan_made_in_the_app(store: SessionStore, clock: FakeClock) -> None:
    sid = store.create(agenda_from_dict(agenda(), TODAY))
    writer = store.writer(sid)
    try:
        planner = Planner(writer, clock)
        planner.set_detail("date", "friday 6:30pm")
        planner.set_detail("quorum", "4")
        planner.add_participant(
            {"name": "Priya Shah", "organisation": "Hope Street Surgery", "sector": "health"}
        )
        planner.set_detail("secretary", "priya shah")
        planner.add_item(
            {
                "title": "Youth services contract",
                "minutes": "45",
                "lead": "Ravi Patel",
                "kind": "decision",
                "confidential": True,
                "papers_circulated": "20/11/2026",
                "standing": True,
            },
            at=1,
        )
    finally:
        writer.close()
    session = store.load(sid)
    back = roundtrip(session)
    assert plan_of(back) == plan_of(session)
    assert back.info.date == "2026-11-27T18:30"


HOSTILE = [
    'say "hello"',
    "back\\slash",
    "a\\",
    "line one\nline two",
    "tab\there",
    "[b]x",
    "emoji 🎉 👩🏽‍⚖️",
    "RTL مرحبا שלום \u202eevil",
    "del\x7fchar",
    "bell\x07 esc\x1b[31m nul\x00",
    "cr\r\nlf",
    "'''triple''' \"\"\"quoted\"\"\"",
    "# not a comment",
    "key = 'value'",
    "[[items]]\ntitle = 'injected'",
    "[[items]] title = 'injected'",
    "\\u0041 is not A",
    "\u2028separator\u0085next",
    *INJECTION_STRINGS,
]


def hostile_agenda(text: str) -> dict[str, Any]:
    participants = agenda()["participants"]
    participants[1] = {**participants[1], "name": f"Sam {text}", "organisation": text}
    return agenda(
        title=f"Board {text}",
        partnership=f"{text} partnership",
        venue=text,
        secretary=f"Sam {text}",
        participants=participants,
        items=[
            {"title": text, "lead": text, "minutes": 5},
            {"title": f"{text} again", "kind": "decision", "standing": True},
        ],
    )


@pytest.mark.parametrize("text", [t for t in HOSTILE if not has_line_break(t.strip())])
def test_round_trip_of_hostile_text(text: str, tmp_path: Path) -> None:
    session = agenda_from_dict(hostile_agenda(text), TODAY)
    exported = to_toml(session)
    back = agenda_from_dict(tomllib.loads(exported), TODAY)
    assert plan_of(back) == plan_of(session)
    assert [i.title for i in back.agenda] == [text.strip(), f"{text} again".strip()]
    path = tmp_path / "exported.toml"
    path.write_text(exported, encoding="utf-8")
    assert plan_of(load_agenda(path, TODAY)) == plan_of(session)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("date = 2026-12-10T14:00:00", "2026-12-10T14:00"),
        ('date = "10/12/2026 14:00"', "2026-12-10T14:00"),
        ('date = "friday"', "2026-11-27"),
        ("date = 2026-12-10", "2026-12-10"),  # a date with no time
    ],
)
def test_round_trip_keeps_the_date(line: str, iso: str) -> None:
    text = f'title = "Board"\npartnership = "{KINGSMEAD}"\n{line}\n'
    session = agenda_from_dict(tomllib.loads(text), TODAY)
    assert session.info.date == iso
    assert roundtrip(session).info.date == iso


def test_round_trip_of_an_empty_plan() -> None:
    session = agenda_from_dict({"title": "Board", "partnership": KINGSMEAD}, TODAY)
    assert plan_of(roundtrip(session)) == plan_of(session)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_toml_string_reads_back_exactly(text: str) -> None:
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


_FIELD = st.text(min_size=1).map(str.strip).filter(lambda t: t and not has_line_break(t))


@pytest.mark.parametrize("text", [t for t in HOSTILE if has_line_break(t.strip())])
def test_hostile_text_on_two_lines_is_refused_not_exported(text: str) -> None:
    with pytest.raises(AgendaError, match="should be one line"):
        agenda_from_dict(hostile_agenda(text), TODAY)


@settings(max_examples=200, deadline=None)
@given(_FIELD, _FIELD, _FIELD, _FIELD)
def test_round_trip_of_any_text(title: str, venue: str, item: str, lead: str) -> None:
    data = agenda(title=title, venue=venue, items=[{"title": item, "lead": lead}])
    session = agenda_from_dict(data, TODAY)
    assert plan_of(roundtrip(session)) == plan_of(session)
