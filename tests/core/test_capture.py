"""Tests for the capture bar's grammar (core/capture.py) and @OWNER resolution (core/owners.py).

Both are pure: no store, no clock. Carrying the commands out against a session is tested in
tests/core/test_meeting.py.
"""

from __future__ import annotations

import pytest

from facilitator.core.capture import (
    ActionCmd,
    CaptureError,
    DecisionCmd,
    EndCmd,
    MoveCmd,
    NoteCmd,
    ReopenCmd,
    UndoCmd,
    parse,
)
from facilitator.core.model import Participant
from facilitator.core.owners import Owners, split_owner

# --------------------------------------------------------------------------- the parser

PARSE_CASES = [
    # notes
    ("Residents raised street lighting", NoteCmd("Residents raised street lighting")),
    ("   padded on both sides   ", NoteCmd("padded on both sides")),
    ("/note Papers were late", NoteCmd("Papers were late")),
    ("/NOTE Papers were late", NoteCmd("Papers were late")),
    ("#note Papers were late", NoteCmd("Papers were late")),
    ("//x", NoteCmd("/x")),
    ("//", NoteCmd("/")),
    ("//next is not a command here", NoteCmd("/next is not a command here")),
    ("#hashtag is just text", NoteCmd("#hashtag is just text")),
    ("@Priya said hello", NoteCmd("@Priya said hello")),
    ("a/next in the middle", NoteCmd("a/next in the middle")),
    ("[b]x", NoteCmd("[b]x")),
    ("a\\", NoteCmd("a\\")),
    # decisions
    ("/decision Fund the lights @Council", DecisionCmd("Fund the lights @Council")),
    ("/Decision Fund the lights", DecisionCmd("Fund the lights")),
    ("#agreed Fund the lights", DecisionCmd("Fund the lights")),
    ("#AGREED Fund the lights", DecisionCmd("Fund the lights")),
    ("/decision    extra   spaces  ", DecisionCmd("extra   spaces")),
    # actions
    (
        "/action @Priya circulate the ToR by friday",
        ActionCmd("@Priya circulate the ToR by friday"),
    ),
    ("#action @Tom brief the analyst due 3/4", ActionCmd("@Tom brief the analyst due 3/4")),
    # moving
    ("/next", MoveCmd("next")),
    ("/NEXT", MoveCmd("next")),
    ("  /prev  ", MoveCmd("prev")),
    ("/goto 3", MoveCmd("goto", "3")),
    ("/goto    3", MoveCmd("goto", "3")),
    ("/goto street lighting", MoveCmd("goto", "street lighting")),
    ("#topic 4", MoveCmd("goto", "4")),
    ("#topic youth", MoveCmd("goto", "youth")),
    # the rest
    ("/undo", UndoCmd()),
    ("/end", EndCmd()),
    ("/reopen", ReopenCmd()),
]


@pytest.mark.parametrize(("line", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse(line: str, expected: object) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize("line", ["", " ", "   \t  ", "\n"])
def test_blank_line_is_nothing(line: str) -> None:
    assert parse(line) is None


PARSE_ERRORS = [
    ("/frobnicate", "unknown command '/frobnicate'"),
    ("/frobnicate with words", "unknown command '/frobnicate'"),
    ("/", "unknown command '/'"),
    ("/notes plural", "unknown command '/notes'"),
    ("/next now", "/next takes nothing"),
    ("/prev 2", "/prev takes nothing"),
    ("/undo that", "/undo takes nothing"),
    ("/end now please", "/end takes nothing"),
    ("/reopen it", "/reopen takes nothing"),
    ("/decision", "/decision needs more"),
    ("/decision    ", "/decision needs more"),
    ("#agreed", "/decision needs more"),
    ("/action", "/action needs more"),
    ("#action", "/action needs more"),
    ("/goto", "/goto needs more"),
    ("#topic", "/goto needs more"),
    ("/note", "/note needs more"),
]


@pytest.mark.parametrize(("line", "fragment"), PARSE_ERRORS, ids=[c[0] for c in PARSE_ERRORS])
def test_parse_refuses(line: str, fragment: str) -> None:
    with pytest.raises(CaptureError) as caught:
        parse(line)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_unknown_command_says_how_to_save_a_slash_note() -> None:
    with pytest.raises(CaptureError, match="//"):
        parse("/frobnicate")


def test_unknown_command_message_is_short_for_a_long_word() -> None:
    with pytest.raises(CaptureError) as caught:
        parse("/" + "z" * 500)
    assert len(str(caught.value)) < 250


def test_capture_error_is_a_value_error() -> None:
    # The UI catches CaptureError; anything refused must be one.
    assert issubclass(CaptureError, ValueError)


# --------------------------------------------------------------------------- owners

BOARD = [
    Participant(
        "Stephen Sheedy", "Basingstoke and Deane Borough Council", "public", "representative"
    ),
    Participant("Priya Shah", "Basingstoke Voluntary Action", "voluntary"),
    Participant("Aisha Khan", "Hampshire and Isle of Wight ICB", "health"),
    Participant("Tom Reid", "Hampshire Constabulary", "public"),
    Participant("Maria Lopez", "Oakridge Community Association", "community"),
    Participant("Cllr Grace Obi", "Oakridge Community Association", "community"),
    Participant("Helen Brooks", "Basingstoke Chamber of Commerce", "private"),
    Participant("Sam Okafor", "Northfield CVS", "voluntary"),
    Participant("Sam Reed", "Basingstoke College of Technology", "education"),
]

COUNCIL = "Basingstoke and Deane Borough Council"

SPLIT_OWNER_CASES = [
    # (body, text, owner)
    ("@Priya circulate the ToR", "circulate the ToR", "Priya Shah"),
    ("@priya circulate the ToR", "circulate the ToR", "Priya Shah"),
    ("@PRIYA circulate the ToR", "circulate the ToR", "Priya Shah"),
    ("@Priya Shah to circulate", "to circulate", "Priya Shah"),
    ("@priya shah to circulate", "to circulate", "Priya Shah"),
    ("@Shah to circulate", "to circulate", "Priya Shah"),
    ("Adopt the priorities @Tom Reid", "Adopt the priorities", "Tom Reid"),
    ("Adopt the priorities @Tom", "Adopt the priorities", "Tom Reid"),
    ("Adopt @Tom the priorities", "Adopt the priorities", "Tom Reid"),
    ("@Tom, to present the figures", "to present the figures", "Tom Reid"),
    ("Thanks to @Tom.", "Thanks to", "Tom Reid"),
    ("@Priya's team to circulate", "team to circulate", "Priya Shah"),
    # titles are optional
    ("@Grace to contact tenants", "to contact tenants", "Cllr Grace Obi"),
    ("@Cllr Grace Obi to contact tenants", "to contact tenants", "Cllr Grace Obi"),
    ("@Grace Obi to contact tenants", "to contact tenants", "Cllr Grace Obi"),
    ("@Obi to contact tenants", "to contact tenants", "Cllr Grace Obi"),
    # two people sharing a first name: the full name picks one
    ("@Sam Okafor to host", "to host", "Sam Okafor"),
    ("@sam reed to host", "to host", "Sam Reed"),
    # organisations: full name, a distinctive word, initials
    ("Extend the contract @Council", "Extend the contract", COUNCIL),
    ("Extend the contract @council", "Extend the contract", COUNCIL),
    (f"Extend the contract @{COUNCIL}", "Extend the contract", COUNCIL),
    ("@BDBC to extend the contract", "to extend the contract", COUNCIL),
    ("@bdbc to extend the contract", "to extend the contract", COUNCIL),
    ("@Constabulary to brief", "to brief", "Hampshire Constabulary"),
    ("@Basingstoke Voluntary Action to host", "to host", "Basingstoke Voluntary Action"),
    ("@BVA to host", "to host", "Basingstoke Voluntary Action"),
    ("@Oakridge to consult", "to consult", "Oakridge Community Association"),
    ("@Chamber to promote", "to promote", "Basingstoke Chamber of Commerce"),
    # no owner
    ("no owner here", "no owner here", ""),
    ("  padded  ", "padded", ""),
    ("email priya@example.org the papers", "email priya@example.org the papers", ""),
    ("meet@Council offices", "meet@Council offices", ""),
]


@pytest.mark.parametrize(
    ("body", "text", "owner"), SPLIT_OWNER_CASES, ids=[c[0] for c in SPLIT_OWNER_CASES]
)
def test_split_owner(body: str, text: str, owner: str) -> None:
    assert split_owner(body, Owners.of(BOARD)) == (text, owner)


SPLIT_OWNER_ERRORS = [
    # (body, fragments the one-line reason must contain)
    ("@Nobody to do it", ["@Nobody", "not a participant"]),
    ("@Sam to host", ["Sam Okafor", "Sam Reed", "full name"]),
    ("@sam to host", ["Sam Okafor", "Sam Reed"]),
    ("@Basingstoke to host", ["could be", COUNCIL, "Basingstoke Voluntary Action"]),
    ("@Hampshire to host", ["Hampshire Constabulary", "Hampshire and Isle of Wight ICB"]),
    ("@Priya and @Tom to circulate", ["only one @owner"]),
    ("@Cllr to contact tenants", ["@Cllr", "not a participant"]),
]


@pytest.mark.parametrize(
    ("body", "fragments"), SPLIT_OWNER_ERRORS, ids=[c[0] for c in SPLIT_OWNER_ERRORS]
)
def test_split_owner_refuses(body: str, fragments: list[str]) -> None:
    with pytest.raises(CaptureError) as caught:
        split_owner(body, Owners.of(BOARD))
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_no_participants_says_so() -> None:
    with pytest.raises(CaptureError, match="no participants"):
        split_owner("@Priya to circulate", Owners.of([]))


def test_an_organisation_shared_by_two_people_is_one_owner() -> None:
    # Maria Lopez and Cllr Grace Obi are both from Oakridge Community Association.
    owners = Owners.of(BOARD)
    assert owners.table["oakridge community association"] == ("Oakridge Community Association",)


OWNERS_KEYS = [
    ("stephen sheedy", ("Stephen Sheedy",)),
    ("stephen", ("Stephen Sheedy",)),
    ("sheedy", ("Stephen Sheedy",)),
    ("grace obi", ("Cllr Grace Obi",)),
    ("council", (COUNCIL,)),
    ("bdbc", (COUNCIL,)),
    ("sam", ("Sam Okafor", "Sam Reed")),
]


@pytest.mark.parametrize(("key", "owners"), OWNERS_KEYS, ids=[k for k, _ in OWNERS_KEYS])
def test_owners_table(key: str, owners: tuple[str, ...]) -> None:
    assert Owners.of(BOARD).table[key] == owners


@pytest.mark.parametrize(
    ("body", "owner"),
    [
        ("@ICB to share the A&E data", "Hampshire and Isle of Wight ICB"),
        ("@CVS to host", "Northfield CVS"),
    ],
)
def test_short_acronym_word_of_an_organisation_names_it(body: str, owner: str) -> None:
    """README: ``@OWNER`` may be "a distinctive word of [the organisation], such as @Council,
    or its initials". An all-capitals word such as ICB or CVS is the most distinctive word of
    all, and it is what people in the room call the organisation."""
    text, found = split_owner(body, Owners.of(BOARD))
    assert found == owner
    assert text == body.split(" ", 1)[1]
