"""Names and search ignore accents and case: ``@sian`` is Siân, ``/interest Lukasz`` is
Łukasz, a search for ``sian`` finds "Siân".

The one rule is ``text.fold`` (tested first, table-driven); then every place typed text is
matched against people or the record uses it: owners (core/owners.py), attendance and
interests (core/roll.py), speakers (core/speakers.py), /goto by title, search (core/search.py)
and the capture bar's @-completion. What is stored and shown stays as written, and a name two
people share once accents are ignored is refused with the reason, never guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Participant
from facilitator.core.owners import Owners, split_owner
from facilitator.core.search import search
from facilitator.core.store import SessionStore
from facilitator.core.text import fold
from facilitator.ui.capture_bar import NameSuggester, completions
from tests.conftest import FakeClock
from tests.helpers import MeetingRig, agenda

SIAN = "Siân Łukasiewicz"
LUKASZ = "Łukasz Nowak"
ZOE = "Zoë Ní Bhriain"
PLAIN_SIAN = "Sian Jones"
PEOPLE = [
    {"name": SIAN, "organisation": "Kirklees CVS", "sector": "voluntary"},
    {"name": LUKASZ, "organisation": "Dewsbury Tenants' Forum", "sector": "community"},
    {"name": ZOE, "organisation": "Kirklees Council", "sector": "public"},
    {"name": "Joan Pike", "organisation": "Northfield Council", "sector": "public"},
]


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Siân", "sian"),
        ("Łukasz", "lukasz"),
        ("Łukasiewicz", "lukasiewicz"),
        ("Zoë Ní Bhriain", "zoe ni bhriain"),
        ("Søren Østergaard", "soren ostergaard"),
        ("Đorđe", "dorde"),
        ("Straße", "strasse"),
        ("STRAẞE", "strasse"),
        ("Æthelflæd", "aethelflaed"),
        ("Cœur", "coeur"),
        ("Þóra", "thora"),
        ("İlkay", "ilkay"),
        ("François", "francois"),
        ("Ｗｉｄｅ", "wide"),  # compatibility forms (NFKD)
        ("Sia\u0302n", "sian"),  # already decomposed: a combining circumflex
        ("O'Brien-Smith", "o'brien-smith"),  # punctuation is kept
        ("Priya Shah", "priya shah"),
        ("", ""),
    ],
)
def test_fold(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize(("a", "b"), [("Sian", "Siân"), ("LUKASZ", "Łukasz"), ("sian", "SIÂN")])
def test_the_same_once_folded(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Sian", "Sean"), ("Lukasz", "Lucas"), ("Ann", "Anne")])
def test_different_names_stay_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@given(st.text())
def test_fold_is_settled(text: str) -> None:
    """Folding twice changes nothing: what is compared is always in the same form."""
    assert fold(fold(text)) == fold(text)


# --------------------------------------------------------------------------- owners


def people(*extra: dict[str, str]) -> list[Participant]:
    return [Participant(**p) for p in [*PEOPLE, *extra]]


@pytest.mark.parametrize(
    ("body", "owner"),
    [
        ("@sian to circulate the report", SIAN),
        ("@Sian to circulate the report", SIAN),
        ("@SIÂN to circulate the report", SIAN),
        ("@Siân to circulate the report", SIAN),
        ("@lukasiewicz to circulate the report", SIAN),
        ("@Sian Lukasiewicz to circulate the report", SIAN),
        ("@Lukasz to circulate the report", LUKASZ),
        ("@lukasz nowak to circulate the report", LUKASZ),
        ("@Łukasz to circulate the report", LUKASZ),
        ("@zoe to circulate the report", ZOE),
        ("@Zoe Ni Bhriain to circulate the report", ZOE),
        ("@Zoe's team to circulate the report", ZOE),
    ],
)
def test_an_owner_is_found_whatever_the_accents(body: str, owner: str) -> None:
    text, found = split_owner(body, Owners.of(people()))
    assert found == owner  # stored as written, accents and all
    assert text.endswith("to circulate the report")


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ("@Sian to host", [PLAIN_SIAN, SIAN, "could be", "full name"]),
        ("@Siân to host", [PLAIN_SIAN, SIAN, "could be"]),
        ("@sian to host", [PLAIN_SIAN, SIAN]),
    ],
)
def test_sian_and_sian_with_a_circumflex_are_not_guessed_between(
    body: str, fragments: list[str]
) -> None:
    with pytest.raises(CaptureError) as caught:
        split_owner(body, Owners.of(people({"name": PLAIN_SIAN})))
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("body", "owner"),
    [("@Sian Jones to host", PLAIN_SIAN), ("@Siân Łukasiewicz to host", SIAN)],
)
def test_a_full_name_still_finds_its_owner_beside_a_namesake(body: str, owner: str) -> None:
    assert split_owner(body, Owners.of(people({"name": PLAIN_SIAN})))[1] == owner


def test_full_names_the_same_but_for_accents_need_typing_as_written() -> None:
    owners = Owners.of(people({"name": "Sian Łukasiewicz"}))
    assert split_owner("@Siân Łukasiewicz to host", owners)[1] == SIAN
    assert split_owner("@Sian Łukasiewicz to host", owners)[1] == "Sian Łukasiewicz"
    with pytest.raises(CaptureError, match="exactly as written"):
        split_owner("@Sian Lukasiewicz to host", owners)


# --------------------------------------------------------------------------- in the meeting


class Rig(MeetingRig):
    """A meeting with accented names to drive (see tests.helpers.MeetingRig)."""


@pytest.fixture
def make_rig(store: SessionStore, clock: FakeClock) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(**overrides: Any) -> Rig:
        data = agenda(**{"participants": PEOPLE, "secretary": "", **overrides})
        sid = store.create(agenda_from_dict(data, clock().date()))
        rig = Rig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.meeting.writer.close()


@pytest.fixture
def rig(make_rig: Callable[..., Rig]) -> Rig:
    return make_rig()


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/interest Lukasz rents a flat on Hope Street", f"Interest declared by {LUKASZ}"),
        ("/interest lukasz nowak rents a flat on Hope Street", f"Interest declared by {LUKASZ}"),
        ("/present sian", f"{SIAN}: present"),
        ("/apologies ZOE", f"{ZOE}: sent apologies"),
        ("/left Sian", f"{SIAN} left during item 1"),
        ("/speak sian", f"Speaking: {SIAN}"),
        ("/queue zoe ni bhriain", f"{ZOE} is waiting to speak"),
        ("/decision Light the whole street @lukasz", f"owner: {LUKASZ}"),
    ],
)
def test_commands_find_people_whatever_the_accents(rig: Rig, line: str, said: str) -> None:
    outcome = rig.meeting.capture(line)
    assert outcome is not None and said in outcome.message


def test_names_are_kept_as_written_in_the_record(rig: Rig) -> None:
    rig.run("/interest Lukasz rents a flat", "/left sian", 5, "/arrived SIAN")
    session = rig.on_disk()
    assert [i.name for i in session.interests] == [LUKASZ]
    assert [a.name for a in session.attendance] == [SIAN, SIAN]
    text = to_markdown(build_minutes(session))
    assert f"{LUKASZ}, item 1: rents a flat" in text
    assert f"{SIAN} returned during item 1" in text


def test_an_ambiguous_name_in_a_command_is_refused(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(participants=[*PEOPLE, {"name": PLAIN_SIAN}])
    before = rig.path.read_bytes()
    for line in ("/left Sian", "/interest sian owns a flat", "/speak Siân"):
        with pytest.raises(CaptureError, match="could be"):
            rig.meeting.capture(line)
    assert rig.path.read_bytes() == before


@pytest.mark.parametrize("typed", ["/goto Wellbeing", "/goto wellbeing", "/goto Wéllbeing"])
def test_goto_finds_a_title_whatever_the_accents(make_rig: Callable[..., Rig], typed: str) -> None:
    items = [{"title": "Welcome"}, {"title": "Wéllbeing hub in Dewsbury"}, {"title": "AOB"}]
    rig = make_rig(items=items)
    rig.run(typed)
    assert rig.on_disk().info.current_item == 1


# --------------------------------------------------------------------------- search


def test_search_ignores_accents_and_case(rig: Rig) -> None:
    rig.run(f"{SIAN} to write to Łódź council", "/action @sian book the Café Nero room")
    session = rig.on_disk()
    for query in ("sian", "SIÂN", "lukasiewicz", "lodz", "cafe nero", "Café"):
        assert search([session], query), query
    found = search([session], "sian lodz")
    assert [h.text for h in found] == [f"{SIAN} to write to Łódź council"]  # as written
    assert search([session], "x", partnership="northfield") == []
    assert search([session], "sian", partnership="NÖRTHFIELD")


# --------------------------------------------------------------------------- @-completion


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("/action @sian", f"/action @{SIAN}"),
        ("/action @SIA", f"/action @{SIAN}"),
        ("/action @luk", f"/action @{LUKASZ}"),
        ("/action @Łuk", f"/action @{LUKASZ}"),
        ("/action @zo", f"/action @{ZOE}"),
        ("/action @nobody", None),
    ],
)
def test_at_completes_names_whatever_the_accents(
    rig: Rig, typed: str, suggested: str | None
) -> None:
    suggester = NameSuggester(lambda: completions(rig.meeting.session))
    assert asyncio.run(suggester.get_suggestion(typed)) == suggested
