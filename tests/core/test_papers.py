"""An item's papers as the plan edits them (core/papers.py), reasons for exemption from the
Schedule 12A choice (core/exemption.py), and the pack's details saved by the planner."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.exemption import PARAGRAPH_CHOICES, paragraph_choice, reason_from
from facilitator.core.exemption import schedule_12a_reason as para
from facilitator.core.papers import PaperError, paper_line, read_paper, set_papers
from facilitator.core.planning import Planner
from tests.helpers import agenda

TODAY = date(2026, 11, 23)


@pytest.fixture
def writer(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    opened = store.writer(sid)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Survey | survey.pdf | 18/12/2026", ("Survey", "survey.pdf", "2026-12-18")),
        ("  Map  of  it |https://x.org/m", ("Map of it", "https://x.org/m", "")),
        ("Note", ("Note", "", "")),
        ("Note | | friday", ("Note", "", "2026-11-27")),
    ],
)
def test_a_line_is_a_paper(line, shown):
    paper = read_paper(line, 1, TODAY)
    assert (paper.title, paper.file, paper.circulated) == shown
    assert read_paper(paper_line(paper), 1, TODAY) == paper  # and back


@pytest.mark.parametrize(("line", "said"), [(" | x.pdf", "needs a title"),
                                            ("A | a.pdf | 31/02/2027", "date circulated")])
def test_a_bad_line_says_why(line, said):
    with pytest.raises(PaperError, match=said):
        read_paper(line, 1, TODAY)


def test_papers_are_changed_in_place_added_and_removed(writer):
    set_papers(writer, 1, ["A | a.pdf", "B", ""], TODAY)
    first = [(p.id, p.title) for p in writer.session.papers]
    assert first == [(0, "A"), (1, "B")]
    set_papers(writer, 2, ["C"], TODAY)
    set_papers(writer, 1, ["A2 | a.pdf", "", "B", "D"], TODAY)
    assert [(p.id, p.item, p.title) for p in writer.session.papers] == [
        (0, 1, "A2"), (1, 1, "B"), (2, 2, "C"), (3, 1, "D")]
    with pytest.raises(PaperError):  # one bad line: nothing changes
        set_papers(writer, 1, ["", "E | | not a date"], TODAY)
    assert len(writer.session.papers) == 4
    set_papers(writer, 1, [], TODAY)
    assert [p.title for p in writer.session.papers] == ["C"]


def test_a_removed_item_takes_its_papers_with_it(writer, store, clock):
    set_papers(writer, 2, ["AOB paper"], TODAY)
    Planner(writer, clock=clock).remove_item(2)
    assert writer.session.papers == []
    assert store.load(writer.session.info.id).papers == []  # the file still opens


@pytest.mark.parametrize(
    ("choice", "text", "reason"),
    [
        ("none", "  commercially  sensitive ", "commercially sensitive"),
        (PARAGRAPH_CHOICES[3], "", para(3)),
        (PARAGRAPH_CHOICES[3], para(1), para(3)),  # another paragraph's words: the new one
        (PARAGRAPH_CHOICES[1], "Paragraph 1: the officer's appraisal",
         "Paragraph 1: the officer's appraisal"),
        (PARAGRAPH_CHOICES[7], "an open police inquiry",
         "Paragraph 7 of Schedule 12A: an open police inquiry"),
    ],
)
def test_the_reason_from_the_choice_and_the_words(choice, text, reason):
    assert reason_from(choice, text) == reason
    assert paragraph_choice(reason) == choice


def test_the_planner_saves_the_pack_details_and_keeps_a_reason(writer, clock):
    planner = Planner(writer, clock=clock)
    planner.set_detail("joining", "  https://meet.example.org/x  PIN 42 ")
    planner.set_detail("apologies_to", "sam@cvs.example.org")
    info = writer.session.info
    assert (info.joining, info.apologies_to) == ("https://meet.example.org/x PIN 42",
                                                 "sam@cvs.example.org")
    planner.update_item(1, {"title": "Lighting", "exempt_paragraph": PARAGRAPH_CHOICES[5],
                            "exempt_reason": ""})
    assert writer.session.agenda[1].exempt_reason == para(5)
    planner.update_item(1, {"title": "Lighting again"})  # a form without the reason
    assert writer.session.agenda[1].exempt_reason == para(5)


def test_a_redacted_session_holds_no_exempt_papers(store, clock):
    from facilitator.core.public import redact
    from tests.helpers import SENTINEL, sentinel_session

    session = store.load(sentinel_session(store, clock))
    assert any(SENTINEL in p.title for p in session.papers)
    assert redact(session).papers == []


def test_the_next_meeting_like_this_one_keeps_the_pack_details(store, clock):
    from facilitator.core.templates import like

    data = agenda(joining="https://meet.example.org/b", apologies_to="sam@cvs.example.org")
    data["items"][1].update(confidential=True, exempt_reason=para(3), standing=True)
    previous = agenda_from_dict(data, clock().date())
    nxt = like(previous, items=[2])
    assert (nxt.info.joining, nxt.info.apologies_to) == ("https://meet.example.org/b",
                                                         "sam@cvs.example.org")
    assert [(i.confidential, i.exempt_reason) for i in nxt.agenda] == [(True, para(3))]
    assert nxt.papers == []  # papers are this meeting's own


def test_a_deferred_exempt_item_keeps_its_reason():
    from facilitator.core.carry import _carried
    from facilitator.core.model import AgendaItem, Session, SessionInfo

    item = AgendaItem(title="Contract", confidential=True, exempt_reason=para(3))
    source = Session(info=SessionInfo(id="s", title="Board", date="2026-11-23"))
    assert _carried(item, source).exempt_reason == para(3)
