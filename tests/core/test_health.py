"""The ingredient checklist review and partnership health over time.

* core/checklists.py: the three built-in checklists, verbatim from the seed documents, and a
  partnership's own checklists from ``<data-dir>/checklists/*.toml``.
* core/review.py: the room's answer typed in a few keys (``read_answer``), recorded against
  the current item, and an improvement action agreed after a ✗.
* core/health.py: each item's answers across a partnership's reviews, what changed since the
  last review, the improvement actions still open, and when a review is due.
* The minutes' "Partnership health over time" table and the ``checklist_due`` chair prompt
  (the Wiltshire promise: review the effectiveness of partnerships on a regular basis).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core import carry, health
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.checklists import (
    BUILT_IN,
    INGREDIENTS,
    PRINCIPLES,
    SUCCESS_FACTORS,
    Checklist,
    ChecklistError,
    available,
    load_checklist,
)
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.minutes_doc import render
from facilitator.core.model import SECTORS, ChecklistAnswer, RecordError, Session
from facilitator.core.review import ReadAnswer, read_answer
from facilitator.core.store import SessionStore
from facilitator.core.tracker import Archive, review_gap
from tests.conftest import FROZEN_NOW, FakeClock
from tests.helpers import agenda

SEEDS = Path("/work/shared/seeds")
RECIPE_CARD = SEEDS / "004_8e32ecb18b1f8ffa.txt"
GLOUCESTERSHIRE = SEEDS / "000_d55cf657c896d50f.txt"
WILTSHIRE = SEEDS / "001_41cc93067fa12cc2.txt"
KIRKLEES = SEEDS / "003_4f978afb7f4afbd1.txt"

NORTHFIELD = "Northfield Community Safety Partnership"
KINGSMEAD = "Kingsmead Community Safety Partnership"
TODAY = FROZEN_NOW.date()  # Mon 23 Nov 2026


def seed_text(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"the seed document {path} is not on this machine")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- sessions


def new_session(store: SessionStore, when: str, partnership: str = NORTHFIELD) -> str:
    """A session of ``partnership`` on ``when`` (dd/mm/yyyy), created through carry.create."""
    day, month, year = when.split("/")
    data = agenda(date=f"{when} 14:00", partnership=partnership)
    session = agenda_from_dict(data, TODAY)
    session_id, _ = carry.create(store, session)
    assert store.load(session_id).info.date == f"{year}-{month}-{day}T14:00"
    return session_id


def hold(
    store: SessionStore,
    session_id: str,
    clock: FakeClock,
    steps: Callable[[Meeting], Any] | None = None,
    *,
    end: bool = True,
) -> Session:
    """Open the meeting, note that it started, do ``steps``, end it (unless told not to)."""
    writer = store.writer(session_id)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Meeting opened")
        if steps is not None:
            steps(meeting)
        if end:
            meeting.capture("/end")
        return writer.session
    finally:
        writer.close()


def clock_at(iso_day: str, hour: int = 14) -> FakeClock:
    day = date.fromisoformat(iso_day)
    return FakeClock(datetime(day.year, day.month, day.day, hour))


def review(answers: dict[str, str], checklist: str = "ingredients") -> Callable[[Meeting], None]:
    """Record the room's answers, one item after another, a minute apart."""

    def steps(meeting: Meeting) -> None:
        for ref, typed in answers.items():
            meeting.record_answer(checklist, ref, typed)
            meeting.clock.advance(minutes=1)  # type: ignore[attr-defined]

    return steps


# --------------------------------------------------------------------------- 1. checklists


def test_the_13_ingredients_are_the_recipe_cards_table_verbatim() -> None:
    lines = seed_text(RECIPE_CARD).splitlines()
    start = next(n for n, line in enumerate(lines) if "Ingredients to add to your shopping" in line)
    table = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        table.append(line.rstrip("\t ").strip())
    assert len(table) == 13
    assert len(INGREDIENTS.items) == 13
    for n, row in enumerate(table):
        assert INGREDIENTS.items[n].text == row, n + 1
    assert [i.ref for i in INGREDIENTS.items] == [f"I{n}" for n in range(1, 14)]
    for n, item in enumerate(INGREDIENTS.items, start=1):
        assert "recipe card" in item.source
        assert item.source.endswith(f"ingredient {n}")


def _bullets(text: str) -> list[str]:
    return [
        line.lstrip("-• ").rstrip(";.,").strip()
        for line in text.splitlines()
        if line.lstrip().startswith(("- ", "• "))
    ]


def test_the_11_success_factors_come_from_gloucestershire_with_wiltshires_capacity() -> None:
    gloucestershire = _bullets(seed_text(GLOUCESTERSHIRE))
    wiltshire = _bullets(seed_text(WILTSHIRE))
    assert len(SUCCESS_FACTORS.items) == 11
    assert [i.ref for i in SUCCESS_FACTORS.items] == [f"S{n}" for n in range(1, 12)]
    for item in SUCCESS_FACTORS.items:
        assert "Gloucestershire Compact" in item.source
        assert "Wiltshire Compact" in item.source
        if "capacity" in item.text:  # Wiltshire's wording, which adds capacity
            assert item.text in wiltshire, item.text
            assert "adds capacity" in item.source
        else:
            assert item.text in gloucestershire, item.text
            assert "adds" not in item.source
    assert sum("capacity" in i.text for i in SUCCESS_FACTORS.items) == 2


def test_the_7_kirklees_principles_are_verbatim_with_their_names() -> None:
    text = seed_text(KIRKLEES)
    section = text[text.index("## 2.1. Key Principles") : text.index("## 2.2.")]
    pairs = re.findall(r"- \*\*(.+?)\*\*\s*\n(.+)", section)
    assert [name for name, _ in pairs] == [
        "Openness",
        "Mutual Respect",
        "Partnership",
        "Leadership & Governance",
        "Diversity",
        "Equality",
        "Involvement",
    ]
    assert [i.text for i in PRINCIPLES.items] == [f"{n}: {t.strip()}" for n, t in pairs]
    for item, (name, _) in zip(PRINCIPLES.items, pairs, strict=True):
        assert "Kirklees Compact" in item.source
        assert item.source.endswith(name)


def test_every_built_in_item_has_a_source_and_a_unique_ref() -> None:
    assert set(BUILT_IN) == {"ingredients", "success-factors", "kirklees-principles"}
    for checklist in BUILT_IN.values():
        refs = [i.ref for i in checklist.items]
        assert len(set(refs)) == len(refs), checklist.id
        for item in checklist.items:
            assert item.text.strip(), (checklist.id, item.ref)
            assert item.source.strip(), (checklist.id, item.ref)
            assert checklist.item(item.ref) is item
    assert INGREDIENTS.item("I14") is None


YOUTH_VOICE = """\
id = "youth-voice"
title = "Youth   voice in the partnership"
source = "Our terms of reference, 2026"
[[items]]
text = "Young people are consulted   before decisions that affect them"
[[items]]
text = "The youth council has a seat"
source = "Minutes of 2 March 2026, item 4"
"""


def write_checklist(store: SessionStore, name: str, text: str | bytes) -> Path:
    folder = store.root / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_partnerships_own_checklist_loads_beside_the_built_in_ones(
    store: SessionStore,
) -> None:
    assert available(store.root) == BUILT_IN  # no folder yet
    assert available(None) == BUILT_IN
    write_checklist(store, "youth.toml", YOUTH_VOICE)
    write_checklist(store, "README.md", "not a checklist")  # only *.toml files are read
    found = available(store.root)
    assert set(found) == {*BUILT_IN, "youth-voice"}
    own = found["youth-voice"]
    assert isinstance(own, Checklist)
    assert own.title == "Youth voice in the partnership"
    assert [(i.ref, i.text, i.source) for i in own.items] == [
        (
            "C1",
            "Young people are consulted before decisions that affect them",
            "Our terms of reference, 2026",
        ),
        ("C2", "The youth council has a seat", "Minutes of 2 March 2026, item 4"),
    ]
    assert BUILT_IN == {c.id: c for c in (INGREDIENTS, SUCCESS_FACTORS, PRINCIPLES)}


GOOD = {"id": '"youth-voice"', "title": '"Youth voice"', "source": '"Our terms, 2026"'}


def toml_with(*, drop: str = "", items: str = '[[items]]\ntext = "One"\n', **top: str) -> str:
    fields = {k: v for k, v in {**GOOD, **top}.items() if k != drop}
    return "".join(f"{k} = {v}\n" for k, v in fields.items()) + items


BAD_FILES = [
    ("not-toml", 'id = "youth-voice\ntitle = ', "cannot be read"),
    ("not-utf8", b'id = "youth-\xff"\n', "cannot be read"),
    ("no-id", toml_with(drop="id"), "id is required"),
    ("no-title", toml_with(drop="title"), "title is required"),
    ("blank-title", toml_with(title='"   "'), "title is required"),
    ("no-source", toml_with(drop="source"), "source is required"),
    ("id-not-text", toml_with(id="7"), "id is required"),
    ("id-upper-case", toml_with(id='"Youth Voice"'), "id should be lower-case"),
    ("id-too-long", toml_with(id='"' + "a" * 41 + '"'), "id should be lower-case"),
    ("no-items", toml_with(items=""), "items should be a list"),
    ("empty-items", toml_with(items="items = []\n"), "items should be a list"),
    ("items-not-tables", toml_with(items='items = ["One"]\n'), "items[1].text is required"),
    (
        "item-without-text",
        toml_with(items='[[items]]\ntext = "One"\n[[items]]\nsource = "x"\n'),
        "items[2].text is required",
    ),
    ("item-blank-text", toml_with(items='[[items]]\ntext = " "\n'), "items[1].text is required"),
    (
        "item-source-not-text",
        toml_with(items='[[items]]\ntext = "One"\nsource = 3\n'),
        "items[1].source should be text",
    ),
    ("clashes-with-built-in", toml_with(id='"ingredients"'), "already a checklist"),
]


@pytest.mark.parametrize(
    ("content", "says"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_checklist_file_is_refused_in_one_line_naming_it(
    store: SessionStore, content: str | bytes, says: str
) -> None:
    path = write_checklist(store, "ours.toml", content)
    with pytest.raises(ChecklistError) as caught:
        available(store.root)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert says in message
    assert "\n" not in message


def test_two_own_checklists_with_one_id_are_refused(store: SessionStore) -> None:
    write_checklist(store, "a.toml", YOUTH_VOICE)
    second = write_checklist(store, "b.toml", YOUTH_VOICE)
    with pytest.raises(ChecklistError, match="already a checklist") as caught:
        available(store.root)
    assert str(caught.value).startswith(f"{second}: ")


def test_load_checklist_reads_one_file(tmp_path: Path) -> None:
    path = tmp_path / "youth.toml"
    path.write_text(YOUTH_VOICE, encoding="utf-8")
    assert load_checklist(path).id == "youth-voice"
    with pytest.raises(ChecklistError, match="cannot be read"):
        load_checklist(tmp_path / "missing.toml")


# --------------------------------------------------------------------------- 2. recording

READS = [
    # typed, answer, (yes, no, unsure), note, sector
    ("y", "yes", (0, 0, 0), "", ""),
    ("yes", "yes", (0, 0, 0), "", ""),
    ("Y", "yes", (0, 0, 0), "", ""),
    ("✓", "yes", (0, 0, 0), "", ""),
    ("tick", "yes", (0, 0, 0), "", ""),
    ("n", "no", (0, 0, 0), "", ""),
    ("no", "no", (0, 0, 0), "", ""),
    ("x", "no", (0, 0, 0), "", ""),
    ("✗", "no", (0, 0, 0), "", ""),
    ("cross", "no", (0, 0, 0), "", ""),
    ("?", "unsure", (0, 0, 0), "", ""),
    ("u", "unsure", (0, 0, 0), "", ""),
    ("unsure", "unsure", (0, 0, 0), "", ""),
    ("not sure", "unsure", (0, 0, 0), "", ""),
    ("Not  Sure", "unsure", (0, 0, 0), "", ""),
    ("6 2 1", "yes", (6, 2, 1), "", ""),
    ("6/2/1", "yes", (6, 2, 1), "", ""),
    ("6-2", "yes", (6, 2, 0), "", ""),
    ("6,2,1", "yes", (6, 2, 1), "", ""),
    ("1 5 2", "no", (1, 5, 2), "", ""),
    ("1 2 7", "unsure", (1, 2, 7), "", ""),
    ("3 3", "unsure", (3, 3, 0), "", ""),  # a tie is "not sure"
    ("4 1 4", "unsure", (4, 1, 4), "", ""),
    ("0 0 2", "unsure", (0, 0, 2), "", ""),
    ("0 3", "no", (0, 3, 0), "", ""),
    ("6 2 1 papers late", "yes", (6, 2, 1), "papers late", ""),
    ("n papers arrive late", "no", (0, 0, 0), "papers arrive late", ""),
    ("✗ - papers arrive late", "no", (0, 0, 0), "papers arrive late", ""),
    ("? nobody knows", "unsure", (0, 0, 0), "nobody knows", ""),
    ("not sure, ask the council", "unsure", (0, 0, 0), "ask the council", ""),
    ("  y   all   agreed  ", "yes", (0, 0, 0), "all agreed", ""),
    ("public: n", "no", (0, 0, 0), "", "public"),
    ("Voluntary: y we say so", "yes", (0, 0, 0), "we say so", "voluntary"),
    ("community : 2 5", "no", (2, 5, 0), "", "community"),
    # a colon after the answer starts the note, as a full stop or dash does
    ("y. all agreed", "yes", (0, 0, 0), "all agreed", ""),
    ("n: papers arrive late", "no", (0, 0, 0), "papers arrive late", ""),
    ("yes: all agreed", "yes", (0, 0, 0), "all agreed", ""),
]


@pytest.mark.parametrize(
    ("typed", "answer", "counted", "note", "sector"), READS, ids=[r[0] for r in READS]
)
def test_read_answer(
    typed: str, answer: str, counted: tuple[int, int, int], note: str, sector: str
) -> None:
    read = read_answer(typed)
    assert read == ReadAnswer(answer, *counted, note=note, sector=sector)
    assert read.counted == any(counted)


REFUSED = [
    ("", "type y"),
    ("   ", "type y"),
    ("maybe", "type y"),
    ("yesterday", "type y"),
    ("nope", "type y"),
    ("12345 1", "type y"),
    ("0 0 0", "add up to nobody"),
    ("0 0", "add up to nobody"),
    ("0/0/0 nobody voted", "add up to nobody"),
    ("business: y", "is not a sector"),
    ("public:", "type y"),
    ("public: 0 0", "add up to nobody"),
]


@pytest.mark.parametrize(("typed", "says"), REFUSED, ids=[repr(r[0]) for r in REFUSED])
def test_read_answer_refuses(typed: str, says: str) -> None:
    with pytest.raises(CaptureError, match=says):
        read_answer(typed)


# Letters that Python's case-insensitive matching folds onto ASCII: "ſ" (long s) onto "s",
# "ı" (dotless i) and "İ" onto "i", "K" (Kelvin sign) onto "k".
FOLDING = ["yeſ", "unſure", "not ſure", "nſ", "tıck", "tİck", "YEſ papers late"]


@pytest.mark.parametrize("typed", FOLDING)
def test_read_answer_with_a_look_alike_letter_is_refused_not_a_crash(typed: str) -> None:
    try:
        read = read_answer(typed)
    except CaptureError:
        return
    assert read.answer in ("yes", "no", "unsure")


def live_meeting(store: SessionStore, clock: FakeClock) -> tuple[str, Any, Meeting]:
    """Today's Northfield meeting, live on item 2 (the street lighting)."""
    session_id = new_session(store, "23/11/2026")
    writer = store.writer(session_id)
    meeting = Meeting(writer, clock=clock)
    meeting.capture("/next")
    return session_id, writer, meeting


def test_an_answer_is_saved_with_counts_verdict_note_and_the_item(
    store: SessionStore, clock: FakeClock
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        item = meeting.session.current
        assert item is not None and item.id != 0
        read = meeting.record_answer("ingredients", "I3", "6 2 1 papers late")
    finally:
        writer.close()
    assert read.answer == "yes"
    assert store.load(session_id).checklist == [
        ChecklistAnswer(
            checklist="ingredients",
            ref="I3",
            answer="yes",
            note="papers late",
            item=item.id,
            at="2026-11-23T14:00:00",
            yes=6,
            no=2,
            unsure=1,
            text="The partnership is inclusive and representative of stakeholder interests",
            title="The 13 ingredients of an effective partnership",
        )
    ]


def test_a_refused_answer_saves_nothing(store: SessionStore, clock: FakeClock) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        before = store.path_for(session_id).read_text(encoding="utf-8")
        with pytest.raises(CaptureError):
            meeting.record_answer("ingredients", "I3", "perhaps")
        assert meeting.session.checklist == []
    finally:
        writer.close()
    assert store.path_for(session_id).read_text(encoding="utf-8") == before


def test_the_latest_answer_for_an_item_wins_and_a_sectors_view_is_apart(
    store: SessionStore, clock: FakeClock
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        meeting.record_answer("ingredients", "I3", "n")
        clock.advance(minutes=2)
        meeting.record_answer("ingredients", "I3", "y on reflection")
        meeting.record_answer("ingredients", "I4", "?")
        clock.advance(minutes=1)
        meeting.record_answer("ingredients", "I3", "public: n")  # a sector's own view
        meeting.record_answer("success-factors", "S2", "n")
    finally:
        writer.close()
    session = store.load(session_id)
    assert len(session.checklist) == 5
    latest = health.latest_answers(session, "ingredients")
    assert {ref: (a.answer, a.note) for ref, a in latest.items()} == {
        "I3": ("yes", "on reflection"),
        "I4": ("unsure", ""),
    }
    assert set(health.latest_answers(session, "success-factors")) == {"S2"}
    assert health.latest_answers(session, "kirklees-principles") == {}


def test_a_cross_leads_to_an_improvement_action(store: SessionStore, clock: FakeClock) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        meeting.record_answer("ingredients", "I3", "n the youth council is missing")
        message = meeting.improvement_action(
            "ingredients", "I3", "@Joan invite the youth council by friday"
        )
    finally:
        writer.close()
    assert "Joan Pike" in message and "Fri 27 Nov 2026" in message
    [action] = store.load(session_id).actions
    assert (action.owner, action.text, action.due, action.status, action.improves) == (
        "Joan Pike",
        "invite the youth council",
        "2026-11-27",
        "open",
        "ingredients:I3",
    )


@pytest.mark.parametrize(
    "body",
    [
        "@Nobody invite the youth council by friday",
        "@Joan invite the youth council by 31/02/2027",
        "@Joan @Ravi invite the youth council",
        "@Joan",
    ],
)
def test_a_bad_improvement_action_is_refused_and_nothing_saved(
    store: SessionStore, clock: FakeClock, body: str
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        meeting.improvement_action("ingredients", "I2", "@Ravi ask the tenants by friday")
        before = store.path_for(session_id).read_text(encoding="utf-8")
        with pytest.raises(CaptureError):
            meeting.improvement_action("ingredients", "I3", body)
    finally:
        writer.close()
    assert store.path_for(session_id).read_text(encoding="utf-8") == before
    assert [a.improves for a in store.load(session_id).actions] == ["ingredients:I2"]


# --------------------------------------------------------------------------- 3. the trend


@pytest.fixture
def three_reviews(store: SessionStore) -> dict[str, str]:
    """Northfield reviews the 13 ingredients in May, August and November 2026; Kingsmead
    reviews them once, in October, with very different answers."""
    may = new_session(store, "18/05/2026")
    hold(
        store,
        may,
        clock_at("2026-05-18"),
        review({"I1": "y", "I2": "n", "I3": "6 2 1", "I4": "y", "I7": "y"}),
    )

    def august_steps(meeting: Meeting) -> None:
        review({"I1": "n", "I2": "?", "I3": "y", "I5": "y", "I7": "n"})(meeting)
        meeting.improvement_action("ingredients", "I1", "@Joan invite the youth council by friday")
        meeting.improvement_action("ingredients", "I2", "@Ravi share the budget by friday")
        meeting.improvement_action("ingredients", "I7", "@Lena write a rota")
        meeting.capture("/undo")  # the I7 action is withdrawn

    august = new_session(store, "17/08/2026")
    hold(store, august, clock_at("2026-08-17"), august_steps)

    kingsmead = new_session(store, "12/10/2026", partnership=KINGSMEAD)
    hold(
        store,
        kingsmead,
        clock_at("2026-10-12"),
        review({f"I{n}": "n" for n in range(1, 14)}),
    )

    def november_steps(meeting: Meeting) -> None:
        meeting.capture("/done 2.2 the budget went out")  # August's I2 action
        review({"I1": "n", "I2": "n", "I3": "y", "I6": "n", "I7": "?"})(meeting)
        meeting.record_answer("ingredients", "I1", "y the youth council came")  # latest wins
        meeting.record_answer("ingredients", "I3", "public: n")  # a sector's view apart

    november = new_session(store, "23/11/2026")
    hold(store, november, clock_at("2026-11-23"), november_steps)
    return {"may": may, "august": august, "kingsmead": kingsmead, "november": november}


def northfield(store: SessionStore, ids: dict[str, str]) -> list[Session]:
    return [store.load(ids[k]) for k in ("may", "august", "november")]


TREND = {
    # ref: (answers oldest first, row, change)
    "I1": (["yes", "no", "yes"], "✓ ✗ ✓", "improved"),
    "I2": (["no", "unsure", "no"], "✗ ? ✗", "worsened"),  # only the last two count
    "I3": (["yes", "yes", "yes"], "✓ ✓ ✓", "same"),
    "I4": (["yes"], "✓", "new"),
    "I5": (["yes"], "✓", "new"),
    "I6": (["no"], "✗", "new"),
    "I7": (["yes", "no", "unsure"], "✓ ✗ ?", "improved"),  # only the last two count
}


def test_the_trend_over_three_reviews(store: SessionStore, three_reviews: dict[str, str]) -> None:
    sessions = northfield(store, three_reviews)
    rows = health.trend(list(reversed(sessions)), INGREDIENTS)  # any order
    assert [r.ref for r in rows] == [i.ref for i in INGREDIENTS.items]
    for row, item in zip(rows, INGREDIENTS.items, strict=True):
        assert (row.text, row.source) == (item.text, item.source)
        answers, mark_row, change = TREND.get(row.ref, ([], "", ""))
        assert [a for _, a, _ in row.marks] == answers, row.ref
        assert row.row == mark_row, row.ref
        assert row.change == change, row.ref
    by_ref = {r.ref: r for r in rows}
    assert [d for d, _, _ in by_ref["I1"].marks] == ["2026-05-18", "2026-08-17", "2026-11-23"]
    assert [d for d, _, _ in by_ref["I6"].marks] == ["2026-11-23"]
    assert [c for _, _, c in by_ref["I3"].marks] == ["6 yes · 2 no · 1 not sure", "", ""]
    assert by_ref["I3"].history == "✓ (6 yes · 2 no · 1 not sure) ✓ ✓"  # counts as counts


def test_only_open_improvement_actions_are_listed_for_their_item(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    rows = {r.ref: r for r in health.trend(northfield(store, three_reviews), INGREDIENTS)}
    assert rows["I1"].open_actions == ["Joan Pike: invite the youth council"]
    assert rows["I2"].open_actions == []  # done at the November meeting
    assert rows["I7"].open_actions == []  # withdrawn with /undo
    assert all(r.open_actions == [] for ref, r in rows.items() if ref != "I1")


def test_the_trend_of_a_checklist_nobody_reviewed_is_empty(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    rows = health.trend(northfield(store, three_reviews), SUCCESS_FACTORS)
    assert len(rows) == 11
    assert all((r.marks, r.row, r.change, r.open_actions) == ([], "", "", []) for r in rows)
    assert health.trend([], INGREDIENTS)[0].change == ""


@pytest.mark.parametrize(
    ("answers", "change"),
    [
        ([], ""),
        (["no"], "new"),
        (["no", "yes"], "improved"),
        (["no", "unsure"], "improved"),
        (["unsure", "yes"], "improved"),
        (["yes", "no"], "worsened"),
        (["yes", "unsure"], "worsened"),
        (["unsure", "no"], "worsened"),
        (["no", "no"], "same"),
        (["unsure", "unsure"], "same"),
        (["no", "yes", "yes"], "same"),
        (["yes", "yes", "no"], "worsened"),
        (["yes", "no", "no", "unsure"], "improved"),
    ],
)
def test_change_compares_the_last_two_reviews(answers: list[str], change: str) -> None:
    row = health.ItemTrend("I1", "text", "source")
    row.marks = [(f"2026-0{n + 1}-01", a, "consensus") for n, a in enumerate(answers)]
    assert row.change == change
    assert row.row == " ".join({"yes": "✓", "no": "✗", "unsure": "?"}[a] for a in answers)


def test_the_minutes_show_health_over_time_against_earlier_reviews(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    may, august, november = northfield(store, three_reviews)
    kingsmead = store.load(three_reviews["kingsmead"])
    minutes = build_minutes(november, [may, august, kingsmead])
    rows = {row[0].split(".")[0]: row[1:] for row in minutes.health}
    assert rows == {
        "I1": ["✓ ✗ ✓", "improved", "Joan Pike: invite the youth council"],
        "I2": ["✗ ? ✗", "worsened", "—"],
        "I3": ["✓ (6 yes · 2 no · 1 not sure) ✓ ✓", "same", "—"],
        "I4": ["✓", "not reviewed at this meeting", "—"],  # May's answer, not November's
        "I5": ["✓", "not reviewed at this meeting", "—"],
        "I6": ["✗", "first review", "—"],
        "I7": ["✓ ✗ ?", "improved", "—"],
    }
    text = to_markdown(minutes)
    assert "## Partnership health over time" in text
    assert "| I1. Partners see real benefit and results in collaboration | ✓ ✗ ✓ | improved |" in (
        text
    )
    assert "| ✗ ? ✗ | worsened |" in text


def test_the_minutes_of_a_first_review_have_no_health_table(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    may, august, november = northfield(store, three_reviews)
    for minutes in (
        build_minutes(may),
        build_minutes(may, []),
        build_minutes(may, [august, november]),  # later meetings are not earlier reviews
    ):
        assert minutes.health == []
        text = to_markdown(minutes)
        assert "## Checklist review" in text
        assert "Partnership health over time" not in text
        assert "improved" not in text and "worsened" not in text


def test_the_minutes_of_the_second_review_compare_with_the_first(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    may, august, _ = northfield(store, three_reviews)
    rows = {row[0].split(".")[0]: row[1:3] for row in build_minutes(august, [may]).health}
    assert rows["I1"] == ["✓ ✗", "worsened"]
    assert rows["I2"] == ["✗ ?", "improved"]
    assert rows["I5"] == ["✓", "first review"]
    assert "I6" not in rows


def test_another_partnerships_review_is_not_an_earlier_review(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    may, august, november = northfield(store, three_reviews)
    kingsmead = store.load(three_reviews["kingsmead"])
    # Kingsmead's only review, with all of Northfield's passed in as "earlier"
    alone = build_minutes(kingsmead, [may, august, november])
    assert alone.health == []
    assert "Partnership health over time" not in to_markdown(alone)
    # Northfield's May review, with Kingsmead's passed in: still a first review
    assert build_minutes(may, [kingsmead]).health == []
    # a later Kingsmead session gives no marks to Northfield's items
    rows = {
        row[0].split(".")[0]: row[1] for row in build_minutes(november, [kingsmead, may]).health
    }
    assert rows["I1"] == "✓ ✓"  # May and November: not Kingsmead's ✗ of October
    assert rows["I2"] == "✗ ✗"
    assert rows["I3"] == "✓ (6 yes · 2 no · 1 not sure) ✓"  # not November's sector view


# --------------------------------------------------------------------------- 3a. whose view


SHARED_VISION = "I9. There is a shared vision of what success looks like"
INCLUSIVE = "I3. The partnership is inclusive and representative of stakeholder interests"


def sector_room_and_counts(meeting: Meeting) -> None:
    """A sector's view, then the whole room's answer, on one item; a count on another."""
    meeting.record_answer("ingredients", "I9", "public: n statutory partners feel over-burdened")
    meeting.record_answer("ingredients", "I9", "y")
    meeting.record_answer("ingredients", "I3", "5 1 0")


def test_a_sectors_view_the_rooms_answer_and_a_count_each_read_as_such_in_the_minutes(
    store: SessionStore, clock: FakeClock
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        sector_room_and_counts(meeting)
    finally:
        writer.close()
    minutes = build_minutes(store.load(session_id))
    table = [line for line in to_markdown(minutes).splitlines() if re.match(r"\| I\d", line)]
    assert table == [
        f"| {INCLUSIVE} | whole room | ✓ yes, by count: 5 yes · 1 no · 0 not sure |   |",
        f"| {SHARED_VISION} | whole room | ✓ yes |   |",
        f"| {SHARED_VISION} | public sector | ✗ no | statutory partners feel over-burdened |",
    ]
    text = render(minutes, "txt")
    assert (
        f"Item: {SHARED_VISION}; Whose view: public sector; Answer: ✗ no; "
        "Note: statutory partners feel over-burdened"
    ) in text
    street = section_of(to_markdown(minutes), "2. Street lighting on Hope Street")
    assert street == [
        "*15 min, decision*",
        "**Checklist review:** The 13 ingredients of an effective partnership: 2 of 13 items "
        "reviewed, with the public sector's own view (see Checklist review).",
    ]  # not "Nothing recorded."


def test_the_latest_answer_of_the_room_or_of_a_sector_replaces_its_earlier_one(
    store: SessionStore, clock: FakeClock
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        for typed in ["public: n", "n", "voluntary: ?", "y", "public: y on reflection"]:
            meeting.record_answer("ingredients", "I9", typed)
            clock.advance(minutes=1)
    finally:
        writer.close()
    views = health.standing_views(store.load(session_id), "ingredients")["I9"]
    assert [health.describe(a) for a in views] == [
        "whole room ✓ yes",
        "public sector ✓ yes (on reflection)",
        "voluntary sector ? not sure",
    ]


def test_the_trend_shows_counts_as_counts_and_keeps_sector_views_apart(
    store: SessionStore, three_reviews: dict[str, str]
) -> None:
    rows = {r.ref: r for r in health.trend(northfield(store, three_reviews), INGREDIENTS)}
    assert rows["I3"].history == "✓ (6 yes · 2 no · 1 not sure) ✓ ✓"
    [(day, view)] = rows["I3"].sector_views  # November's "public: n"
    assert (day, health.describe(view)) == ("2026-11-23", "public sector ✗ no")
    assert rows["I1"].sector_views == []


def test_a_partnerships_own_checklist_shows_its_wording_in_the_minutes(
    store: SessionStore, tmp_path: Path
) -> None:
    path = tmp_path / "youth.toml"
    path.write_text(
        'id = "youth-voice"\ntitle = "Youth voice in the partnership"\n'
        'source = "Our terms of reference"\n[[items]]\n'
        'text = "Young people are consulted before decisions that affect them"\n'
        '[[items]]\ntext = "Young people sit on the board"\n',
        encoding="utf-8",
    )
    youth = load_checklist(path)
    ids = []
    for n, day in enumerate(["17/08/2026", "23/11/2026"]):
        ids.append(new_session(store, day))
        answers = {"C1": "n", "C2": "public: ?"} if n == 0 else {"C1": "y", "C2": "3 0 1"}

        def steps(meeting: Meeting, answers: dict[str, str] = answers) -> None:
            for ref, typed in answers.items():
                meeting.record_answer(youth, ref, typed)

        hold(store, ids[-1], clock_at("-".join(reversed(day.split("/")))), steps)
    path.unlink()  # the minutes need no file: the answers keep the wording
    august, november = (store.load(i) for i in ids)
    text = to_markdown(build_minutes(november, [august]))
    assert "### Youth voice in the partnership" in text.splitlines()
    assert (
        "| C1. Young people are consulted before decisions that affect them | whole room "
        "| ✓ yes |   |"
    ) in text.splitlines()
    assert (
        "| C2. Young people sit on the board | whole room "
        "| ✓ yes, by count: 3 yes · 0 no · 1 not sure |   |"
    ) in text.splitlines()
    assert "| C1 |" not in text and "| C1. C1 |" not in text
    health_rows = build_minutes(november, [august]).health  # compared with August
    assert health_rows[0][:3] == [
        "C1. Young people are consulted before decisions that affect them",
        "✗ ✓",
        "improved",
    ]


def test_a_file_from_before_answers_kept_their_wording_still_reads(
    store: SessionStore, clock: FakeClock
) -> None:
    session_id, writer, meeting = live_meeting(store, clock)
    try:
        meeting.record_answer("ingredients", "I9", "y")
    finally:
        writer.close()
    path = store.path_for(session_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["checklist"].values():
        del doc["text"], doc["title"]
    path.write_text(json.dumps(data), encoding="utf-8")
    text = to_markdown(build_minutes(store.load(session_id)))
    assert f"| {SHARED_VISION} | whole room | ✓ yes |   |" in text.splitlines()


@pytest.mark.parametrize("field", ["text", "title"])
def test_a_checklist_wording_on_two_lines_is_refused_when_read(field: str) -> None:
    doc = ChecklistAnswer("ingredients", "I9", "yes", at="2026-11-23T14:00:00").to_doc()
    doc[field] = "two\nlines"
    with pytest.raises(RecordError, match=f"field {field}: should be one line"):
        ChecklistAnswer.from_doc(doc)


def section_of(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line.strip()]


# --------------------------------------------------------------------------- 4. the nudge


@pytest.mark.parametrize(
    ("meetings_since", "last", "today", "due"),
    [
        (4, "2026-11-02", date(2026, 11, 23), True),  # four meetings since
        (7, "2026-11-02", date(2026, 11, 23), True),
        (3, "2026-06-23", date(2026, 11, 23), False),  # three meetings and five months
        (3, "2026-05-24", date(2026, 11, 23), False),  # a day short of six months
        (0, "2026-05-23", date(2026, 11, 23), True),  # six months exactly
        (1, "2026-05-23T14:00:00", date(2026, 11, 23), True),
        (1, "2026-05-22", date(2026, 11, 23), True),
        (1, "2025-12-23", date(2026, 11, 23), True),  # eleven months, across a year
        (1, "2026-07-23", date(2027, 1, 23), True),  # six months, across a year
        (1, "2026-07-24", date(2027, 1, 23), False),
        (1, "2026-08-31", date(2027, 2, 28), True),  # six months to the month's end
        (4, "", date(2026, 11, 23), True),  # never reviewed, four meetings
        (2, "", date(2026, 11, 23), False),  # never reviewed, a new partnership
        (0, "", date(2026, 11, 23), False),
    ],
)
def test_review_overdue(meetings_since: int, last: str, today: date, due: bool) -> None:
    assert health.review_overdue(meetings_since, last, today) is due


def test_review_overdue_takes_the_partnerships_own_thresholds() -> None:
    assert health.review_overdue(2, "2026-11-02", TODAY, meetings=2)
    assert not health.review_overdue(2, "2026-11-02", TODAY, meetings=3)
    assert health.review_overdue(0, "2026-08-23", TODAY, months=3)
    assert not health.review_overdue(0, "2026-08-24", TODAY, months=3)


EARLIER = ["27/07/2026", "24/08/2026", "21/09/2026", "19/10/2026"]  # all within six months


def earlier_meetings(
    store: SessionStore, days: list[str], reviewed: dict[int, str] | None = None
) -> list[str]:
    """Hold a Northfield meeting on each day; ``reviewed`` maps an index to the typed
    answer for I1 at that meeting."""
    ids = []
    for n, day in enumerate(days):
        session_id = new_session(store, day)
        answer = (reviewed or {}).get(n)
        steps = review({"I1": answer}) if answer else None
        iso = "-".join(reversed(day.split("/")))
        hold(store, session_id, clock_at(iso), steps)
        ids.append(session_id)
    return ids


def nudges(meeting: Meeting) -> list[Any]:
    return [p for p in meeting.prompts() if p.rule == "checklist_due"]


def test_the_nudge_comes_after_four_meetings_without_a_review_and_goes_with_one(
    store: SessionStore, clock: FakeClock
) -> None:
    earlier_meetings(store, EARLIER)
    today = new_session(store, "23/11/2026")
    writer = store.writer(today)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Welcome, apologies from Owen")
        [prompt] = nudges(meeting)
        assert "Wiltshire" in prompt.source
        assert "regular basis" in prompt.source
        assert "never" in prompt.text
        assert "4 meetings" in prompt.reason and "6 months" in prompt.reason
        clock.advance(minutes=5)
        meeting.record_answer("ingredients", "I1", "y")
        assert nudges(meeting) == []
    finally:
        writer.close()


def test_a_sectors_view_alone_is_not_a_review(store: SessionStore, clock: FakeClock) -> None:
    earlier_meetings(store, EARLIER)
    today = new_session(store, "23/11/2026")
    writer = store.writer(today)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Welcome")
        meeting.record_answer("ingredients", "I1", "public: n")
        assert len(nudges(meeting)) == 1
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("days", "reviewed", "due", "when"),
    [
        (EARLIER, {}, True, "never"),
        (EARLIER, {3: "y"}, False, ""),  # reviewed at the last meeting
        (EARLIER, {0: "n"}, False, ""),  # three meetings since, four months ago
        (EARLIER, {0: "public: n"}, True, "never"),  # only a sector's view
        (EARLIER[1:], {}, False, ""),  # three meetings, never reviewed: a new partnership
        (["20/04/2026", "19/10/2026"], {0: "y"}, True, "on 2026-04-20"),  # seven months ago
    ],
    ids=["never-4", "last-meeting", "three-since", "sector-only", "never-3", "seven-months"],
)
def test_the_nudge_through_a_real_meeting(
    store: SessionStore,
    clock: FakeClock,
    days: list[str],
    reviewed: dict[int, str],
    due: bool,
    when: str,
) -> None:
    earlier_meetings(store, days, reviewed)
    today = new_session(store, "23/11/2026")
    writer = store.writer(today)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Welcome")
        found = nudges(meeting)
    finally:
        writer.close()
    assert len(found) == int(due)
    if due:
        assert when in found[0].text


def test_other_partnerships_and_later_meetings_do_not_count(
    store: SessionStore, clock: FakeClock
) -> None:
    earlier_meetings(store, EARLIER[:2])  # Northfield: two meetings, no review
    for day in EARLIER:  # Kingsmead: four meetings, no review
        hold(store, new_session(store, day, partnership=KINGSMEAD), clock_at("2026-10-01"))
    today = new_session(store, "23/11/2026")
    later = new_session(store, "07/12/2026")
    summaries = Archive(store).listings()
    info = store.load(today).info
    current = {"partnership": NORTHFIELD, "date": info.date, "id": info.id}
    assert review_gap(summaries, current) == (2, "")
    later_info = store.load(later).info
    assert review_gap(
        summaries, {"partnership": NORTHFIELD, "date": later_info.date, "id": later_info.id}
    ) == (3, "")
    kingsmead = {"partnership": KINGSMEAD, "date": info.date, "id": "zzz"}
    assert review_gap(summaries, kingsmead) == (4, "")
    writer = store.writer(today)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Welcome")
        assert nudges(meeting) == []
    finally:
        writer.close()


def test_review_gap_counts_meetings_since_the_last_review(
    store: SessionStore,
) -> None:
    ids = earlier_meetings(
        store, ["18/05/2026", *EARLIER], reviewed={0: "y", 2: "public: y", 3: "6 2 1"}
    )
    summaries = {s.info["id"]: s for s in Archive(store).summaries()}
    assert [summaries[i].info["reviewed"] for i in ids] == [True, False, False, True, False]
    today = new_session(store, "23/11/2026")
    info = store.load(today).info
    current = {"partnership": NORTHFIELD, "date": info.date, "id": info.id}
    assert review_gap(Archive(store).listings(), current) == (1, "2026-09-21")


def test_the_nudge_is_quiet_without_the_archive_and_later_in_the_meeting(
    store: SessionStore, clock: FakeClock
) -> None:
    from facilitator.core.prompts import evaluate, load_config

    earlier_meetings(store, EARLIER)
    today = new_session(store, "23/11/2026")
    writer = store.writer(today)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("Welcome")
        config = load_config()
        assert [p.rule for p in evaluate(meeting.session, clock(), config)].count(
            "checklist_due"
        ) == 0
        gap = meeting.review_gap()
        assert gap == (4, "")
        assert any(
            p.rule == "checklist_due" for p in evaluate(meeting.session, clock(), config, gap)
        )
        clock.advance(minutes=31)
        assert nudges(meeting) == []
    finally:
        writer.close()


# --------------------------------------------------------------------------- 5. property

ALPHABET = st.sampled_from(
    [*"yYnNxXuU?✓✗:;,.-/ 0123456789", "ſ", "ı", "İ", "K", "\t", "\n", "é", "ǅ"]
)
PIECES = st.sampled_from(
    [
        "y",
        "yes",
        "no",
        "not sure",
        "unsure",
        "tick",
        "cross",
        "ns",
        "public:",
        "voluntary :",
        "business:",
        "6 2 1",
        "0 0",
        "6/2",
        " ",
        "papers late",
    ]
)
TYPED = st.one_of(
    st.text(),
    st.text(alphabet=ALPHABET, max_size=20),
    st.lists(st.one_of(PIECES, st.text(alphabet=ALPHABET, max_size=3)), max_size=6).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(TYPED)
def test_read_answer_reads_or_refuses_anything(typed: str) -> None:
    try:
        read = read_answer(typed)
    except CaptureError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(read, ReadAnswer)
    assert read.answer in ("yes", "no", "unsure")
    assert read.sector in ("", *SECTORS)
    if read.counted:
        assert read.answer == _majority(read.yes, read.no, read.unsure)


def _majority(yes: int, no: int, unsure: int) -> str:
    top = max(yes, no, unsure)
    winners = [a for a, n in (("yes", yes), ("no", no), ("unsure", unsure)) if n == top]
    return winners[0] if len(winners) == 1 else "unsure"
