"""Tests for the chair's prompts (core/prompts.py) and the chair's commands (core/chair.py).

Every rule is driven by a table of scenarios: an agenda, the lines the chair types and the
minutes that pass on a frozen clock, and whether the rule's prompt shows at the end. The
overrun choices, dismiss and snooze, partnership overrides of prompts.toml and the minutes'
record of the chair's choices follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.prompts import (
    RULES,
    Prompt,
    PromptConfigError,
    evaluate,
    load_config,
)
from facilitator.core.store import SessionStore
from tests.conftest import FakeClock
from tests.helpers import MeetingRig, agenda

SEED_DOCUMENTS = ("Gloucestershire", "Wiltshire", "Scottish", "Kirklees", "recipe card")
JOAN, SAM, RAVI, LENA = "Joan Pike", "Sam Okafor", "Ravi Patel", "Lena Novak"


def with_item(n: int, **fields: Any) -> dict[str, Any]:
    """Agenda overrides: item ``n`` (1-based) of the helper agenda with ``fields`` set."""
    items = [dict(item) for item in agenda()["items"]]
    items[n - 1].update(fields)
    return {"items": items}


def with_person(name: str, **fields: Any) -> dict[str, Any]:
    """Agenda overrides: the participant called ``name`` with ``fields`` set."""
    people = [dict(p) for p in agenda()["participants"]]
    next(p for p in people if p["name"] == name).update(fields)
    return {"participants": people}


def one_item(minutes: int = 60, **fields: Any) -> dict[str, Any]:
    """Agenda overrides: a single long discussion item (no timebox prompts for a while)."""
    return {"items": [{"title": "Lighting review", "minutes": minutes, **fields}]}


class Rig(MeetingRig):
    """A meeting to drive (see tests.helpers.MeetingRig)."""

    def prompts(self, config: dict[str, Any] | None = None) -> list[Prompt]:
        """The prompts for the session as a fresh reader finds it on disk."""
        return evaluate(self.on_disk(), self.clock(), config or load_config())

    def rules(self) -> list[str]:
        return [p.rule for p in self.prompts()]

    def reopen(self) -> None:
        """Close the writer and open the session again, as a new run would."""
        self.meeting.writer.close()
        self.meeting = Meeting(self.store.writer(self.sid), clock=self.clock)


@pytest.fixture
def make_rig(store: SessionStore, clock: FakeClock) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(**overrides: Any) -> Rig:
        sid = store.create(agenda_from_dict(agenda(**overrides), clock().date()))
        rig = Rig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.meeting.writer.close()


# --------------------------------------------------------------------------- every rule


@dataclass(frozen=True)
class Case:
    rule: str
    fires: bool
    steps: tuple[str | float, ...]
    overrides: dict[str, Any] | None = None
    text: str = ""  # part of the prompt's text when it fires


def case(rule: str, fires: bool, *steps: str | float, text: str = "", **overrides: Any) -> Case:
    return Case(rule, fires, steps, overrides or None, text)


OPEN = "Meeting opened"  # a plain note: starts the meeting and its clock

CASES = [
    # overrun: the 5-minute first item, past its timebox
    case("overrun", True, OPEN, 5.5, text="Over time on this item by 1 min"),
    case("overrun", True, OPEN, 3, "/extend 2", 4.5, text="by 1 min"),
    case("overrun", False, OPEN, 5),
    case("overrun", False, OPEN, 6, "/extend 5"),
    case("overrun", False, OPEN, 4, "/next", 4),  # left the item in time
    case("overrun", False),  # the meeting has not started
    # timebox_warning: 80% of the timebox
    case("timebox_warning", True, OPEN, 4, text="1 min left on this item"),
    case("timebox_warning", True, OPEN, 5, text="0 min left"),
    case("timebox_warning", False, OPEN, 3.9),
    case("timebox_warning", False, OPEN, 5.1),  # over time: the overrun prompt instead
    case("timebox_warning", False, OPEN, 4, "/extend 5"),
    # not_quorate: a decision item with fewer in the room than the quorum
    case(
        "not_quorate",
        True,
        "/goto 2",
        text="Not quorate for this decision: 4 in the room, quorum 5",
        quorum=5,
    ),  # fmt: skip
    case("not_quorate", True, "/absent Ravi", "/goto 2", text="3 in the room", quorum=4),
    case("not_quorate", True, "/goto 2", "/left Lena", text="3 in the room", quorum=4),
    case("not_quorate", False, "/goto 2", quorum=4),
    case("not_quorate", False, "/goto 2"),  # no quorum set
    case("not_quorate", False, OPEN, quorum=5),  # not a decision item
    # confidential_item
    case("confidential_item", True, OPEN, text="confidential", **with_item(1, confidential=True)),
    case("confidential_item", False, OPEN, **with_item(2, confidential=True)),
    case("confidential_item", True, "/goto 2", **with_item(2, confidential=True)),
    # start_openness: the first minutes of the meeting
    case("start_openness", True, OPEN, text="apologies and declarations of interest"),
    case("start_openness", True, OPEN, 9.9),
    case("start_openness", False, OPEN, 10),
    case("start_openness", False),
    # new_partner: someone new to the partnership, in the room, at the start
    case(
        "new_partner",
        True,
        OPEN,
        text="Welcome Lena Novak (Hope Street Tenants)",
        **with_person(LENA, new=True),
    ),  # fmt: skip
    case("new_partner", False, OPEN),
    case("new_partner", False, OPEN, 10, **with_person(LENA, new=True)),
    case("new_partner", False, "/absent Lena", OPEN, **with_person(LENA, new=True)),
    case("new_partner", False, OPEN, **with_person(LENA, new=True, apologies=True)),
    # decision_missing: a decision item left with no decision
    case(
        "decision_missing",
        True,
        "/goto 2",
        "/next",
        text="No decision was recorded on item 2: Street lighting on Hope Street",
    ),  # fmt: skip
    case("decision_missing", True, "/goto 2", "/end"),
    case("decision_missing", True, "/goto 2", "/decision Fund it @Joan", "/undo", "/next"),
    case("decision_missing", False, "/goto 2", "/decision Fund it @Joan", "/next"),
    case("decision_missing", False, "/goto 2"),  # still on it
    case("decision_missing", False, "/goto 2", "/defer"),
    case("decision_missing", False, OPEN, "/goto 3", "/goto 1"),  # information, discussion
    # sector_silent: a sector in the room but silent after 3 minutes of discussion
    case(
        "sector_silent",
        True,
        "/speak Joan",
        3,
        text="We have not heard from the community sector on this item: Lena Novak",
    ),  # fmt: skip
    case("sector_silent", True, "/speak Joan", 3, text="the voluntary sector"),
    case("sector_silent", False, "/speak Joan", 2.9),
    case("sector_silent", False, OPEN, 3),  # no turns recorded on the item
    case("sector_silent", False, "/speak Joan", 1, "/next", 3),  # turns only on another item
    case("sector_silent", False, "/speak Joan", "/speak Sam", "/speak Lena", 3),
    case("sector_silent", False, "/speak Joan", "/speak Sam", "/left Lena", 3),
    # dominant_voice: one voice over 40% of at least 2 minutes of speaking on the item
    case(
        "dominant_voice",
        True,
        "/speak Joan",
        2,
        "/stop",
        text="Joan Pike has had 100% of the speaking time on this item",
    ),  # fmt: skip
    case("dominant_voice", True, "/speak Joan", 1.5, "/speak Sam", 1, "/stop", text="60%"),
    case("dominant_voice", False, "/speak Joan", 1.9, "/stop"),  # under 2 minutes
    case("dominant_voice", False, "/speak Joan", 1, "/speak Sam", 1, "/speak Lena", 1, "/stop"),
    case("dominant_voice", False, "/speak Joan", 1, "/speak Sam", 1.5, "/speak Lena", 1.5),
    case("dominant_voice", False, "/speak Joan", 3, "/next"),  # the talking was on item 1
    # dissent: a decision recorded with dissent
    case(
        "dissent",
        True,
        "/decision Fund it @Joan",
        "/dissent Lena wants a consultation",
        text='Dissent recorded on "Fund it"',
    ),  # fmt: skip
    case("dissent", False, "/decision Fund it @Joan"),
    case("dissent", False, "/decision Fund it @Joan", "/dissent Lena no", "/undo"),
    # decision_no_owner
    case("decision_no_owner", True, "/decision Fund it", text='Who owns the decision "Fund it"'),
    case("decision_no_owner", False, "/decision Fund it @Joan"),
    case("decision_no_owner", False, "/decision Fund it", "/undo"),
    case("decision_no_owner", False, "/decision Fund it @Council"),  # an organisation owns it
    # action_incomplete: no owner or no due date
    case(
        "action_incomplete",
        True,
        "/action @Ravi check the lamps",
        text='The action "check the lamps" needs a due date',
    ),  # fmt: skip
    case("action_incomplete", True, "/action check the lamps by friday", text="needs an owner"),
    case("action_incomplete", True, "/action check the lamps", text="an owner and a due date"),
    case("action_incomplete", False, "/action @Ravi check the lamps by friday"),
    case("action_incomplete", False, "/action @Ravi check the lamps", "/undo"),
    # participant_silent: past half the planned 25 minutes, someone in the room never spoke
    case(
        "participant_silent",
        True,
        "/speak Joan",
        12.5,
        text="Invite Sam Okafor (Northfield CVS): not heard yet this meeting",
    ),  # fmt: skip
    case("participant_silent", False, "/speak Joan", 12),
    case("participant_silent", False, OPEN, 13),  # no turns recorded at all
    case(
        "participant_silent", False, "/speak Joan", "/speak Sam", "/speak Ravi", "/speak Lena", 13
    ),
    case(
        "participant_silent", False, "/speak Joan", "/speak Sam", "/absent Ravi", "/left Lena", 13
    ),
    # hard_to_reach: decision items
    case("hard_to_reach", True, "/goto 2", text="hard-to-reach groups"),
    case("hard_to_reach", False, OPEN),
    case("hard_to_reach", False, "/goto 3"),
    # papers_late: fewer than 5 clear working days before the meeting (Monday 23 November)
    case(
        "papers_late",
        True,
        OPEN,
        text="Papers for this item went out only 2 clear working days",
        **with_item(1, papers_circulated=date(2026, 11, 18)),  # the Wednesday before
    ),  # fmt: skip
    case(
        "papers_late",
        True,
        OPEN,
        text="only 0 clear working days before",
        **with_item(1, papers_circulated=date(2026, 11, 20)),
    ),  # fmt: skip
    case("papers_late", True, OPEN, **with_item(1, papers_circulated=date(2026, 11, 17))),
    case("papers_late", True, OPEN, **with_item(1, papers_circulated=date(2026, 11, 16))),
    case("papers_late", False, OPEN, **with_item(1, papers_circulated=date(2026, 11, 13))),
    case("papers_late", False, OPEN),  # no date for the papers
    case("papers_late", False, OPEN, **with_item(2, papers_circulated=date(2026, 11, 18))),
]


def case_ids(cases: list[Case]) -> list[str]:
    seen: dict[tuple[str, bool], int] = {}
    ids = []
    for c in cases:
        n = seen[c.rule, c.fires] = seen.get((c.rule, c.fires), 0) + 1
        ids.append(f"{c.rule}-{'fires' if c.fires else 'quiet'}-{n}")
    return ids


@pytest.mark.parametrize("c", CASES, ids=case_ids(CASES))
def test_rule(make_rig: Callable[..., Rig], c: Case) -> None:
    rig = make_rig(**(c.overrides or {}))
    rig.run(*c.steps)
    prompts = [p for p in rig.prompts() if p.rule == c.rule]
    if not c.fires:
        assert prompts == []
        return
    assert prompts, f"{c.rule} did not fire"
    if c.text:
        assert any(c.text in p.text for p in prompts), [p.text for p in prompts]
    conf = load_config()[c.rule]
    for p in prompts:
        assert p.source == conf["source"]
        assert p.priority == conf["priority"]
        assert p.choice == (c.rule == "overrun")
        assert p.reason and "{" not in p.text + p.reason


ACROSS_MEETINGS = {"checklist_due"}  # needs earlier meetings: tests/core/test_health.py


def test_the_table_covers_every_rule() -> None:
    made_by = {f.__name__: {f.__name__} for f in RULES}
    made_by["decision_flags"] = {"dissent", "decision_no_owner"}
    rules = set().union(*made_by.values())
    assert rules == set(load_config())
    for rule in rules - ACROSS_MEETINGS:
        assert {c.fires for c in CASES if c.rule == rule} == {True, False}, rule


def test_every_source_names_a_seed_document() -> None:
    for rule, conf in load_config().items():
        assert any(doc in conf["source"] for doc in SEED_DOCUMENTS), rule


def test_every_citation_is_shown_whole_on_the_live_screen_and_in_the_room() -> None:
    """The source is made from clauses.toml (quotes, '&', '/'): shown as it is, never parsed."""
    from facilitator.ui.render import prompt_line
    from facilitator.ui.room import room_prompt

    for rule, conf in load_config().items():
        prompt = Prompt(rule, rule, conf["text"], conf["reason"], conf["source"], 1)
        assert f"— {conf['source']}  " in prompt_line(prompt, 1).plain, rule
        assert room_prompt([prompt]).plain == f"⚑ {conf['text']}\n{conf['source']}", rule


def test_prompts_come_most_urgent_first(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(
        quorum=5, **with_item(2, confidential=True, papers_circulated=date(2026, 11, 19))
    )
    rig.run("/goto 2", "/decision Noted", "/action check the lamps")
    prompts = rig.prompts()
    assert [p.rule for p in prompts] == [
        "not_quorate",
        "confidential_item",
        "decision_no_owner",
        "action_incomplete",
        "hard_to_reach",
        "papers_late",
    ]
    assert all(any(doc in p.source for doc in SEED_DOCUMENTS) for p in prompts)


def test_prompts_with_many_rules_firing_all_cite_seed_documents(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig(**with_person(LENA, new=True))
    rig.run("/speak Joan", "/decision Fund it", "/dissent Sam wants it costed", "/action lamps")
    rig.run(4)
    rules = {p.rule for p in rig.prompts()}
    assert {"new_partner", "dissent", "decision_no_owner", "action_incomplete"} <= rules
    assert {"timebox_warning", "sector_silent", "dominant_voice"} <= rules
    for prompt in rig.prompts():
        assert any(doc in prompt.source for doc in SEED_DOCUMENTS), prompt


def test_prompt_keys_are_unique(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**with_person(LENA, new=True))
    rig.run("/speak Joan", "/decision A", "/decision B", "/action x", "/action y", 4)
    keys = [p.key for p in rig.prompts()]
    assert len(keys) == len(set(keys))


def test_no_prompts_on_an_untouched_meeting(make_rig: Callable[..., Rig]) -> None:
    assert make_rig().prompts() == []


# --------------------------------------------------------------------------- papers


def test_papers_late_says_how_late(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**with_item(1, papers_circulated=date(2026, 11, 18)))
    rig.run(OPEN)
    (prompt,) = [p for p in rig.prompts() if p.rule == "papers_late"]
    assert prompt.text == (
        "Papers for this item went out only 2 clear working days before the meeting"
    )
    assert prompt.reason == (
        "Fewer than 5 clear working days (the partnership's own rule, bank holidays counted) "
        "between circulating papers and the meeting"
    )
    assert "best practice 7" in prompt.source and "partnership's own rule" in prompt.source


# --------------------------------------------------------------------------- overrun


def overrun_prompt(rig: Rig) -> Prompt | None:
    return next((p for p in rig.prompts() if p.rule == "overrun"), None)


def item_block(markdown: str, number: int) -> list[str]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {number}. "))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
    return [line for line in lines[start:end] if line.strip()]


def test_overrun_needs_a_choice(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6.5)
    prompts = rig.prompts()
    assert prompts[0].rule == "overrun"
    assert prompts[0].choice
    assert "/extend N" in prompts[0].text and "/defer" in prompts[0].text
    assert prompts[0].reason == "The item has run 2 minutes past its 5-minute timebox"
    assert all(not p.choice for p in prompts[1:])


def test_extend_adds_minutes_and_records_the_choice(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6)
    outcome = rig.meeting.capture("/extend 5")
    assert outcome is not None and outcome.message == "Item extended by 5 min"
    session = rig.on_disk()
    assert session.agenda[0].extra_minutes == 5
    assert [(c.item, c.text, c.at) for c in session.choices] == [
        (0, "extended by 5 min", "2026-11-23T14:06:00")
    ]
    assert overrun_prompt(rig) is None
    rig.run(4)  # 10 of the 10 minutes
    assert overrun_prompt(rig) is None
    rig.run(0.5)  # the extension has run out: the chair must choose again
    prompt = overrun_prompt(rig)
    assert prompt is not None and "by 1 min" in prompt.text
    assert "10-minute timebox" in prompt.reason


def test_extend_twice_adds_up(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6, "/extend 5", 5, "/extend 3 min")
    session = rig.on_disk()
    assert session.agenda[0].extra_minutes == 8
    assert [c.text for c in session.choices] == ["extended by 5 min", "extended by 3 min"]


def test_extend_by_less_than_the_overrun_leaves_the_item_over_time(
    make_rig: Callable[..., Rig],
) -> None:
    """Ten minutes into a five-minute item, extending by 2 leaves it 3 minutes over: the
    overrun prompt for the new timebox must still show (the chair's choice settles the
    prompt that was showing, not the overrun that follows it)."""
    rig = make_rig()
    rig.run(OPEN, 10, "/extend 2")
    assert rig.on_disk().agenda[0].extra_minutes == 2
    rig.run(1)
    prompt = overrun_prompt(rig)
    assert prompt is not None, "the item is 4 minutes over its 7-minute timebox, no prompt"
    assert "by 4 min" in prompt.text


@pytest.mark.parametrize(
    ("seconds_over", "minutes_said"),
    [(1, 1), (30, 1), (59, 1), (60, 1), (61, 2), (150, 3), (300, 5)],
)
def test_overrun_minutes_are_rounded_up(
    make_rig: Callable[..., Rig], seconds_over: int, minutes_said: int
) -> None:
    rig = make_rig()
    rig.run(OPEN)
    rig.clock.advance(minutes=5, seconds=seconds_over)
    prompt = overrun_prompt(rig)
    assert prompt is not None
    assert f"by {minutes_said} min:" in prompt.text
    assert f"has run {minutes_said} minutes past" in prompt.reason


@pytest.mark.parametrize("line", ["/extend 0", "/extend 121", "/extend five", "/extend -2"])
def test_bad_extensions_are_refused(make_rig: Callable[..., Rig], line: str) -> None:
    rig = make_rig()
    rig.run(OPEN, 6)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="extend by 1 to 120 minutes"):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


def test_decide_records_the_choice(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6)
    outcome = rig.meeting.capture("/decide")
    assert outcome is not None and "/decision" in outcome.message
    session = rig.on_disk()
    assert [(c.item, c.text) for c in session.choices] == [(0, "moved to a decision")]
    assert session.agenda[0].extra_minutes == 0
    assert overrun_prompt(rig) is None


def test_defer_while_over_time_records_the_choice(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, "/goto 3", 6)
    assert overrun_prompt(rig) is not None
    rig.run("/defer")
    session = rig.on_disk()
    assert [(c.item, c.text) for c in session.choices] == [(2, "deferred to the next meeting")]
    assert session.agenda[2].deferred_at


def test_defer_in_time_records_no_choice(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 2, "/defer")
    session = rig.on_disk()
    assert session.choices == []
    assert session.agenda[0].deferred_at
    assert session.info.current_item == 1


def test_defer_over_time_with_the_prompt_snoozed_still_records_the_choice(
    make_rig: Callable[..., Rig],
) -> None:
    """/snooze is allowed on the overrun prompt; the item is still over time when deferred."""
    rig = make_rig()
    rig.run(OPEN, "/goto 3", 6, "/snooze 5")
    rig.run(1, "/defer")
    assert [c.text for c in rig.on_disk().choices] == ["deferred to the next meeting"]


def test_the_chairs_choices_are_in_the_minutes(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6, "/extend 5", 5, "/decide", "/decision Noted @Joan", "/next", "/next", 6)
    rig.run("/defer", "/end")
    markdown = to_markdown(build_minutes(rig.on_disk()))
    assert "**Over time:** extended by 5 min; moved to a decision" in item_block(markdown, 1)
    assert "**Over time:** deferred to the next meeting" in item_block(markdown, 3)
    assert not any("Over time" in line for line in item_block(markdown, 2))


def test_withdrawn_choice_leaves_the_minutes(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6, "/decide", "/undo")
    markdown = to_markdown(build_minutes(rig.on_disk()))
    assert not any("Over time" in line for line in item_block(markdown, 1))


# --------------------------------------------------------------------------- dissent


def test_dissent_attaches_to_the_last_decision_on_the_item(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/decision Adopt the priorities @Joan", "/next", "/decision Light the lamps @Joan")
    rig.run("/decision Fund the lamps @Council")
    outcome = rig.meeting.capture("/dissent Lena wants a residents' consultation first")
    assert outcome is not None
    assert outcome.message == (
        f"Dissent recorded on the decision: {LENA}: wants a residents' consultation first"
    )
    rig.run("/dissent Sam")
    session = rig.on_disk()
    assert [d.dissent for d in session.decisions] == [
        "",
        "",
        f"{LENA}: wants a residents' consultation first; {SAM}",
    ]
    (prompt,) = [p for p in rig.prompts() if p.rule == "dissent"]
    assert prompt.text == 'Dissent recorded on "Fund the lamps": agree what happens next'
    assert LENA in prompt.reason
    assert "Scottish" in prompt.source and "if agreement cannot be reached" in prompt.source
    assert "Kirklees" not in prompt.source  # its challenges are for breaches, not decisions
    markdown = to_markdown(build_minutes(session))
    assert (
        f"- **D3** Fund the lamps — owner: Northfield Council — dissent: {LENA}: wants a "
        f"residents' "
        f"consultation first; {SAM}"
    ) in item_block(markdown, 2)


@pytest.mark.parametrize(
    ("setup", "line", "message"),
    [
        ((), "/dissent Lena no", "no decision on this item"),
        (("/decision Fund it @Joan", "/next"), "/dissent Lena no", "no decision on this item"),
        (("/decision Fund it @Joan", "/undo"), "/dissent Lena no", "no decision on this item"),
        (("/decision Fund it @Joan",), "/dissent Nobody no", "not a participant"),
        (("/decision Fund it @Joan",), "/dissent", "needs more"),
    ],
)
def test_dissent_refused(
    make_rig: Callable[..., Rig], setup: tuple[str, ...], line: str, message: str
) -> None:
    rig = make_rig()
    rig.run(*setup)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match=re.escape(message)):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


# --------------------------------------------------------------------------- decision missing


def test_next_warns_when_no_decision_was_recorded(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/goto 2")
    outcome = rig.meeting.capture("/next")
    assert outcome is not None and "no decision was recorded on item 2" in outcome.message


def test_next_does_not_warn_after_a_decision(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/goto 2", "/decision Fund it @Joan")
    outcome = rig.meeting.capture("/next")
    assert outcome is not None and "no decision" not in outcome.message


def test_decision_missing_cites_gloucestershire(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/goto 2", "/next")
    (prompt,) = [p for p in rig.prompts() if p.rule == "decision_missing"]
    assert "Gloucestershire Compact, common success factor 6" in prompt.source
    assert '"A clear and open decision-making process"' in prompt.source


def test_decision_no_owner_cites_gloucestershire_514(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/decision Fund it")
    (prompt,) = [p for p in rig.prompts() if p.rule == "decision_no_owner"]
    assert "Gloucestershire Compact 5.14" in prompt.source


def test_hard_to_reach_cites_gloucestershire_54(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/goto 2")
    (prompt,) = [p for p in rig.prompts() if p.rule == "hard_to_reach"]
    assert "Gloucestershire Compact 5.4" in prompt.source


# --------------------------------------------------------------------------- dismiss, snooze


def test_dismiss_the_top_prompt_is_stored(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**one_item())
    rig.run(OPEN, "/decision Fund it")
    assert rig.rules() == ["start_openness", "decision_no_owner"]
    outcome = rig.meeting.capture("/dismiss")
    assert outcome is not None
    assert outcome.message == "Prompt dismissed: Ask for apologies and declarations of interest"
    assert rig.rules() == ["decision_no_owner"]
    (mark,) = rig.on_disk().prompt_marks
    assert (mark.key, mark.state, mark.at) == ("start_openness", "dismissed", "2026-11-23T14:00:00")
    rig.reopen()
    assert [p.rule for p in rig.meeting.prompts()] == ["decision_no_owner"]
    rig.run("/dismiss")
    assert rig.prompts() == []
    rig.run(30)
    assert rig.prompts() == []  # dismissed for good


def test_dismiss_is_per_instance(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**one_item())
    rig.run("/decision Fund it", 10, "/dismiss", "/decision Light it")
    prompts = [p for p in rig.prompts() if p.rule == "decision_no_owner"]
    assert [p.text for p in prompts] == ['Who owns the decision "Light it"?']


def test_dismiss_is_refused_for_an_overrun(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run(OPEN, 6)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="over time: choose /extend N, /defer or /decide"):
        rig.meeting.capture("/dismiss")
    assert rig.path.read_bytes() == before
    assert overrun_prompt(rig) is not None


@pytest.mark.parametrize("line", ["/dismiss", "/snooze", "/snooze 5"])
def test_nothing_to_dismiss_or_snooze(make_rig: Callable[..., Rig], line: str) -> None:
    rig = make_rig(**one_item())
    rig.run(OPEN, 10)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="no chair prompt showing"):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


def test_snooze_hides_the_prompt_then_it_returns(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**one_item())
    rig.run("/decision Fund it", 10)
    assert rig.rules() == ["decision_no_owner"]
    outcome = rig.meeting.capture("/snooze 10")
    assert outcome is not None
    assert outcome.message == 'Prompt snoozed for 10 min: Who owns the decision "Fund it"?'
    (mark,) = rig.on_disk().prompt_marks
    assert (mark.state, mark.until) == ("snoozed", "2026-11-23T14:20:00")
    rig.run(9.5)
    assert rig.prompts() == []
    rig.reopen()
    assert rig.meeting.prompts() == []
    rig.run(0.5)
    assert rig.rules() == ["decision_no_owner"]
    assert [p.rule for p in rig.meeting.prompts()] == ["decision_no_owner"]


def test_snooze_defaults_to_five_minutes(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(**one_item())
    rig.run("/decision Fund it", 10, "/snooze", 4)
    assert rig.prompts() == []
    rig.run(1)
    assert rig.rules() == ["decision_no_owner"]


@pytest.mark.parametrize("line", ["/snooze 0", "/snooze 121", "/snooze soon", "/snooze ５"])
def test_bad_snoozes_are_refused(make_rig: Callable[..., Rig], line: str) -> None:
    rig = make_rig(**one_item())
    rig.run("/decision Fund it", 10)
    before = rig.path.read_bytes()
    with pytest.raises(CaptureError, match="snooze for 1 to 120 minutes"):
        rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


# --------------------------------------------------------------------------- overrides


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prompts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_override_changes_a_threshold_and_a_text(
    make_rig: Callable[..., Rig], tmp_path: Path
) -> None:
    rig = make_rig()
    rig.run("/speak Joan", 2, "/speak Sam", 1, "/stop")  # Joan: two thirds of the time
    shipped = [p for p in rig.prompts() if p.rule == "dominant_voice"]
    assert [p.text for p in shipped] == [
        "Joan Pike has had 66% of the speaking time on this item: bring in others"
    ]
    config = load_config(write(tmp_path, "[dominant_voice]\nshare = 0.9\n"))
    assert [p for p in rig.prompts(config) if p.rule == "dominant_voice"] == []
    config = load_config(
        write(tmp_path, '[dominant_voice]\nshare = 0.5\ntext = "{name}: {percent}% of it"\n')
    )
    (prompt,) = [p for p in rig.prompts(config) if p.rule == "dominant_voice"]
    assert prompt.text == "Joan Pike: 66% of it"
    assert prompt.reason == "One voice above 50% of the item's speaking time"


def test_override_reaches_the_meeting(make_rig: Callable[..., Rig], tmp_path: Path) -> None:
    rig = make_rig(**with_item(1, kind="decision"))
    config = load_config(
        write(tmp_path, "[start_openness]\nstart_minutes = 2\n[hard_to_reach]\npriority = 200\n")
    )
    rig.meeting = Meeting(rig.meeting.writer, clock=rig.clock, prompt_config=config)
    rig.run("Joan welcomed everyone")  # the meeting starts on its opening item
    assert [p.rule for p in rig.meeting.prompts()][:2] == ["hard_to_reach", "start_openness"]
    rig.run(2)
    assert "start_openness" not in [p.rule for p in rig.meeting.prompts()]
    rig.run("/dismiss")  # the top prompt is now hard_to_reach
    assert [m.key for m in rig.on_disk().prompt_marks] == ["hard_to_reach:0"]  # item 1


def test_override_does_not_leak_into_the_shipped_config(tmp_path: Path) -> None:
    shipped = load_config()
    load_config(write(tmp_path, "[overrun]\npriority = 1\n"))
    assert load_config() == shipped
    assert shipped["overrun"]["priority"] == 100


def test_a_missing_override_file_means_the_shipped_prompts(tmp_path: Path) -> None:
    assert load_config(tmp_path / "no-such.toml") == load_config()
    assert load_config(None) == load_config()


def test_literal_braces_are_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[hard_to_reach]\ntext = "Heard {{everyone}}?"\n'))
    assert config["hard_to_reach"]["text"] == "Heard {{everyone}}?"


BAD_OVERRIDES = [
    ("[loud_voice]\nshare = 0.5\n", "[loud_voice] is not a chair prompt"),
    ("dominant_voice = 0.5\n", "[dominant_voice] is not a chair prompt"),
    ('[dominant_voice]\nshare = "high"\n', "dominant_voice.share is not a setting of that type"),
    ("[dominant_voice]\npriority = 5.5\n", "dominant_voice.priority"),
    ("[dominant_voice]\ntext = 5\n", "dominant_voice.text"),
    ("[start_openness]\nstart_minutes = true\n", "start_openness.start_minutes"),
    ("[dominant_voice]\nvolume = 3\n", "dominant_voice.volume is not a setting"),
    ('[dominant_voice]\ntext = "Hush {name"\n', "dominant_voice: the text has a stray brace"),
    ('[overrun]\nreason = "late }"\n', "overrun: the text has a stray brace"),
    ('[overrun]\ntext = "over by {"\n', "overrun: the text has a stray brace"),
    ("this is not toml\n", "cannot be read"),
    ("[dominant_voice\nshare = 0.5\n", "cannot be read"),
]


@pytest.mark.parametrize(("text", "message"), BAD_OVERRIDES)
def test_bad_override_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PromptConfigError) as caught:
        load_config(path)
    said = str(caught.value)
    assert said.startswith(f"{path}: ")
    assert message in said
    assert "\n" not in said


def test_override_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prompts.toml"
    path.write_bytes(b'[overrun]\ntext = "caf\xe9"\n')
    with pytest.raises(PromptConfigError, match=re.escape(f"{path}: cannot be read")):
        load_config(path)


@pytest.mark.parametrize("text", ["{name.first} please", "{name[0]} please", "{0} please"])
def test_bad_placeholder_is_refused_not_a_crash(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, f'[new_partner]\ntext = "{text}"\n')
    with pytest.raises(PromptConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------- a prompt about an
# item ends with that item (issue 14.6)


def test_apologies_and_declarations_end_with_the_opening_items(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig()
    rig.run("Joan welcomed everyone")
    assert "start_openness" in [p.rule for p in rig.prompts()]
    rig.run("/next")  # item 2 is business, one minute in: the opening is over
    assert "start_openness" not in [p.rule for p in rig.prompts()]


def test_who_owns_the_decision_ends_with_its_item(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig()
    rig.run("/goto 2", "/decision Fund it", "/action check the lamps")
    rules = [p.rule for p in rig.prompts()]
    assert "decision_no_owner" in rules and "action_incomplete" in rules
    rig.run("/next")
    rules = [p.rule for p in rig.prompts()]
    assert "decision_no_owner" not in rules and "action_incomplete" not in rules
    rig.run("/prev")  # back on the item: still unowned, so asked again
    assert "decision_no_owner" in [p.rule for p in rig.prompts()]


def test_no_decision_on_an_item_is_said_on_the_next_item_only(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig()
    rig.run("/goto 2", 1, "/next")
    assert "decision_missing" in [p.rule for p in rig.prompts()]
    rig.run(1, "/goto 1")  # on again: said once, on the item after it
    assert "decision_missing" not in [p.rule for p in rig.prompts()]
