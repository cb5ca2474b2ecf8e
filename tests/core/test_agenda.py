"""Tests for agenda files (core/agenda.py): the good full agenda, and one-line errors for bad
ones that name the file, the field and what is wrong."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from facilitator.core.agenda import AgendaError, agenda_from_dict, load_agenda
from facilitator.core.store import SessionStore
from tests.helpers import agenda

DATA = Path(__file__).parents[1] / "data"
BOARD = DATA / "board.toml"
TODAY = date(2026, 11, 23)

# The smallest valid agenda; bad cases below add one mistake to it.
HEAD = 'title = "Partnership Board"\npartnership = "Northfield Community Safety Partnership"\n'
PEOPLE = """
[[participants]]
name = "Joan Pike"
organisation = "Northfield Borough Council"
sector = "public"

[[participants]]
name = "Sam Okafor"
organisation = "Northfield CVS"
sector = "voluntary"
"""
ITEM = '\n[[items]]\ntitle = "Welcome and apologies"\nminutes = 5\n'


# --------------------------------------------------------------------------- the good file


def test_board_agenda_loads_in_full() -> None:
    session = load_agenda(BOARD, TODAY)
    info = session.info
    assert info.title == "Quarterly Partnership Board"
    assert info.partnership == "Kingsmead Community Safety Partnership"
    assert (info.date, info.date_text) == ("2027-02-12T14:00", "12/02/2027 14:00")
    assert info.venue == "Kingsmead Civic Centre, Committee Room 1"
    assert (info.chair, info.secretary) == ("Cllr Janet Moore", "Daniel Osei")
    assert info.state == "upcoming"
    assert info.current_item == 0

    people = {p.name: p for p in session.participants}
    assert len(people) == 9
    assert {p.sector for p in people.values()} == {
        "public",
        "voluntary",
        "community",
        "private",
        "education",
        "health",
    }
    assert people["Daniel Osei"].role == "advisor"
    assert people["Sean Walsh"].role == "observer"
    assert people["Farah Ahmed"].role == "representative"  # the default
    assert people["Bill Turner"].new and not people["Farah Ahmed"].new
    assert [p.name for p in session.apologies] == ["Ruth Adeyemi"]
    assert people["Insp Claire Dawson"].organisation == "Wessex Constabulary"

    items = session.agenda
    assert len(items) == 8
    assert [i.position for i in items] == list(range(8))
    assert len({i.id for i in items}) == 8
    assert items[0].title == "Welcome, introductions and apologies"
    assert (items[0].minutes, items[0].kind, items[0].lead) == (
        5,
        "information",
        "Cllr Janet Moore",
    )
    grants = items[4]
    assert grants.kind == "decision" and grants.confidential
    assert grants.papers_circulated == "2027-02-05"  # UK day first: 5 February
    assert items[3].papers_circulated == "2027-02-05"  # the same date written ISO
    assert items[6].kind == "discussion"  # the default
    assert not items[6].confidential
    assert session.planned_minutes == 90


def test_board_agenda_can_be_stored_and_read_back(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    sid = store.create(load_agenda(BOARD, TODAY))
    assert sid == "2027-02-12-quarterly-partnership-board"
    loaded = store.load(sid)
    assert loaded.info.title == "Quarterly Partnership Board"
    assert len(loaded.participants) == 9
    assert [i.title for i in loaded.agenda] == [i.title for i in load_agenda(BOARD, TODAY).agenda]


def test_minimal_agenda_gets_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_text(HEAD + '\n[[items]]\ntitle = "Any other business"\n', encoding="utf-8")
    session = load_agenda(path, TODAY)
    assert session.participants == []
    assert (session.info.date, session.info.venue, session.info.chair) == ("", "", "")
    item = session.agenda[0]
    assert (item.minutes, item.kind, item.lead, item.confidential) == (10, "discussion", "", False)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ('date = "12/02/2027 14:00"', "2027-02-12T14:00"),
        ('date = "12/02/2027 2pm"', "2027-02-12T14:00"),
        ('date = "2027-02-12 14:00"', "2027-02-12T14:00"),
        ('date = "2027-02-12T14:00"', "2027-02-12T14:00"),
        ('date = "12 Feb 2027 at 9:30"', "2027-02-12T09:30"),
        ('date = "12/02/2027"', "2027-02-12"),
        ("date = 2027-02-12T14:00:00", "2027-02-12T14:00"),
        ("date = 2027-02-12 14:00:00", "2027-02-12T14:00"),
        ("date = 2027-02-12", "2027-02-12"),
        ("date = 2027-02-12T14:00:00Z", "2027-02-12T14:00"),
    ],
)
def test_date_forms(tmp_path: Path, line: str, iso: str) -> None:
    path = tmp_path / "dated.toml"
    path.write_text(HEAD + line + "\n", encoding="utf-8")
    assert load_agenda(path, TODAY).info.date == iso


def test_chair_and_secretary_are_matched_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(
        HEAD + 'chair = "joan pike"\nsecretary = "SAM OKAFOR"\n' + PEOPLE, encoding="utf-8"
    )
    info = load_agenda(path, TODAY).info
    assert (info.chair, info.secretary) == ("Joan Pike", "Sam Okafor")


def test_chair_is_free_text_when_there_are_no_participants(tmp_path: Path) -> None:
    path = tmp_path / "nobody.toml"
    path.write_text(HEAD + 'chair = "Joan Pike"\n', encoding="utf-8")
    assert load_agenda(path, TODAY).info.chair == "Joan Pike"


def test_choices_are_read_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text(
        HEAD
        + '[[participants]]\nname = "Joan Pike"\nsector = "Public"\nrole = "ADVISOR"\n'
        + '[[items]]\ntitle = "Grants"\nkind = "Decision"\n',
        encoding="utf-8",
    )
    session = load_agenda(path, TODAY)
    assert (session.participants[0].sector, session.participants[0].role) == ("public", "advisor")
    assert session.agenda[0].kind == "decision"


def test_agenda_from_dict_matches_the_file() -> None:
    import tomllib

    data = tomllib.loads(BOARD.read_text(encoding="utf-8"))
    assert agenda_from_dict(data, TODAY) == load_agenda(BOARD, TODAY)


def test_agenda_from_dict_raises_agenda_error() -> None:
    with pytest.raises(AgendaError, match=r"items\[1\]\.minutes"):
        agenda_from_dict(
            {"title": "T", "partnership": "P", "items": [{"title": "x", "minutes": "ten"}]},
            TODAY,
        )


# --------------------------------------------------------------------------- bad files

BAD = [
    # (id, TOML text, field path, what is wrong)
    (
        "missing title",
        'partnership = "Northfield CSP"\n' + ITEM,
        "title",
        "is required",
    ),
    (
        "empty title",
        'title = "   "\npartnership = "Northfield CSP"\n',
        "title",
        "empty",
    ),
    (
        "title not text",
        'title = 5\npartnership = "Northfield CSP"\n',
        "title",
        "should be text",
    ),
    (
        "missing partnership",
        'title = "Partnership Board"\n',
        "partnership",
        "is required",
    ),
    (
        "minutes ten",
        HEAD + ITEM + '\n[[items]]\ntitle = "Street lighting"\nminutes = "ten"\n',
        "items[2].minutes",
        "should be a whole number of minutes, not 'ten'",
    ),
    (
        "minutes zero",
        HEAD + '[[items]]\ntitle = "Street lighting"\nminutes = 0\n',
        "items[1].minutes",
        "from 1 to 600",
    ),
    (
        "minutes negative",
        HEAD + '[[items]]\ntitle = "Street lighting"\nminutes = -5\n',
        "items[1].minutes",
        "from 1 to 600",
    ),
    (
        "minutes too many",
        HEAD + '[[items]]\ntitle = "Street lighting"\nminutes = 601\n',
        "items[1].minutes",
        "from 1 to 600",
    ),
    (
        "minutes fraction",
        HEAD + '[[items]]\ntitle = "Street lighting"\nminutes = 7.5\n',
        "items[1].minutes",
        "whole number",
    ),
    (
        "minutes boolean",
        HEAD + '[[items]]\ntitle = "Street lighting"\nminutes = true\n',
        "items[1].minutes",
        "whole number",
    ),
    (
        "item without title",
        HEAD + ITEM + ITEM + "\n[[items]]\nminutes = 5\n",
        "items[3].title",
        "is required",
    ),
    (
        "kind unknown",
        HEAD + '[[items]]\ntitle = "Street lighting"\nkind = "chat"\n',
        "items[1].kind",
        "should be one of information | discussion | decision | review",
    ),
    (
        "confidential not boolean",
        HEAD + '[[items]]\ntitle = "Street lighting"\nconfidential = "yes"\n',
        "items[1].confidential",
        "true or false",
    ),
    (
        "papers_circulated bad date",
        HEAD + '[[items]]\ntitle = "Street lighting"\npapers_circulated = "31/02/2027"\n',
        "items[1].papers_circulated",
        "February 2027 has no day 31",
    ),
    (
        "misspelt item field",
        HEAD + ITEM + '\n[[items]]\ntitle = "Street lighting"\nminuts = 10\n',
        "items[2].minuts",
        "did you mean 'minutes'",
    ),
    (
        "misspelt top field",
        HEAD + 'venu = "Town Hall"\n',
        "venu",
        "did you mean 'venue'",
    ),
    (
        "unknown field with no near match",
        HEAD + 'colour = "blue"\n',
        "colour",
        "is not a field here",
    ),
    (
        "sector charity",
        HEAD + '[[participants]]\nname = "Joan Pike"\nsector = "charity"\n',
        "participants[1].sector",
        "should be one of public | voluntary | community",
    ),
    (
        "role unknown",
        HEAD + PEOPLE + '\n[[participants]]\nname = "Ravi Patel"\nrole = "boss"\n',
        "participants[3].role",
        "should be one of representative | advisor",
    ),
    (
        "participant without name",
        HEAD + '[[participants]]\norganisation = "Northfield CVS"\n',
        "participants[1].name",
        "is required",
    ),
    (
        "misspelt participant field",
        HEAD + '[[participants]]\nname = "Joan Pike"\norganization = "Northfield Council"\n',
        "participants[1].organization",
        "did you mean 'organisation'",
    ),
    (
        "new not boolean",
        HEAD + '[[participants]]\nname = "Joan Pike"\nnew = "yes"\n',
        "participants[1].new",
        "true or false",
    ),
    (
        "apologies not boolean",
        HEAD + '[[participants]]\nname = "Joan Pike"\napologies = 1\n',
        "participants[1].apologies",
        "true or false",
    ),
    (
        "duplicate participant",
        HEAD + PEOPLE + '\n[[participants]]\nname = "joan  pike"\n',
        "participants[3].name",
        "listed twice",
    ),
    (
        "chair not a participant",
        HEAD + 'chair = "Ravi Patel"\n' + PEOPLE,
        "chair",
        "'Ravi Patel' is not one of the participants",
    ),
    (
        "secretary not a participant",
        HEAD + 'secretary = "Ravi Patel"\n' + PEOPLE,
        "secretary",
        "'Ravi Patel' is not one of the participants",
    ),
    (
        "bad date",
        HEAD + 'date = "31/02/2027"\n',
        "date",
        "February 2027 has no day 31",
    ),
    (
        "date not a date",
        HEAD + 'date = "next blue moon"\n',
        "date",
        "can't read 'next blue moon'",
    ),
    (
        "date a number",
        HEAD + "date = 20270212\n",
        "date",
        "should be a date",
    ),
    (
        "date a bad time",
        HEAD + 'date = "12/02/2027 25:00"\n',
        "date",
        "25:00",
    ),
    (
        "items not a list",
        HEAD + 'items = "Welcome, AOB"\n',
        "items",
        "should be a list of tables ([[items]])",
    ),
    (
        "items a single table",
        HEAD + '[items]\ntitle = "Welcome"\n',
        "items",
        "should be a list of tables",
    ),
    (
        "item not a table",
        HEAD + 'items = ["Welcome", "AOB"]\n',
        "items[1]",
        "should be a table",
    ),
    (
        "participants not a list",
        HEAD + 'participants = "Joan Pike, Sam Okafor"\n',
        "participants",
        "should be a list of tables ([[participants]])",
    ),
]


@pytest.mark.parametrize(
    ("text", "field", "problem"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_bad_agenda_gets_one_line_naming_file_and_field(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    path = tmp_path / "bad-board.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: "), message
    assert problem in message


def test_value_in_an_error_is_shown_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "board.toml"
    path.write_text(HEAD + '[[participants]]\nname = "Joan"\nsector = "char\\nity"\n')
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    assert "\n" not in str(caught.value)
    assert "participants[1].sector" in str(caught.value)


def test_unknown_field_with_a_line_break_in_its_name_is_shown_on_one_line(
    tmp_path: Path,
) -> None:
    """A quoted TOML key can hold a line break; the message must still be one line."""
    path = tmp_path / "board.toml"
    path.write_text(HEAD + '[[items]]\ntitle = "Welcome"\n"min\\nutes" = 5\n', encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    message = str(caught.value)
    assert message.startswith(f"{path}: items[1].")
    assert "\n" not in message


def test_not_toml_at_all(tmp_path: Path) -> None:
    path = tmp_path / "minutes.md"
    path.write_text("# Partnership Board\n\n- Welcome\n- AOB\n", encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid TOML")
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-board.toml"
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    assert str(caught.value) == f"{path}: no such file"


def test_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "board.toml"
    path.write_bytes(b"title = '\xff\xfe\x00'\n")
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read it")
    assert "\n" not in message


def test_a_folder_is_not_an_agenda(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as caught:
        load_agenda(tmp_path, TODAY)
    assert str(caught.value).startswith(f"{tmp_path}: cannot read it")


def test_path_given_as_text(tmp_path: Path) -> None:
    copy = tmp_path / "board.toml"
    shutil.copy(BOARD, copy)
    assert load_agenda(str(copy), TODAY).info.title == "Quarterly Partnership Board"


def test_first_mistake_in_the_full_board_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "board.toml"
    text = BOARD.read_text(encoding="utf-8").replace("minutes = 20", 'minutes = "20"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, TODAY)
    assert str(caught.value) == (
        f"{path}: items[4].minutes: should be a whole number of minutes, not '20'"
    )


@pytest.mark.parametrize("field", ["chair", "secretary"])
def test_chair_written_exactly_as_the_participant_is_accepted(tmp_path: Path, field: str) -> None:
    """Participant names are stored with their spaces tidied ("Joan  Pike" → "Joan Pike");
    the chair and secretary written the very same way must still match them."""
    path = tmp_path / "board.toml"
    path.write_text(
        HEAD + f'{field} = "Joan  Pike"\n[[participants]]\nname = "Joan  Pike"\n',
        encoding="utf-8",
    )
    session = load_agenda(path, TODAY)
    assert session.participants[0].name == "Joan Pike"
    assert getattr(session.info, field) == "Joan Pike"


def test_papers_circulated_as_a_toml_datetime_is_stored_as_a_date(tmp_path: Path) -> None:
    """``papers_circulated`` is an ISO date (model.AgendaItem); a TOML date-time given there
    should keep its date, not become a date-time string."""
    path = tmp_path / "board.toml"
    path.write_text(
        HEAD + '[[items]]\ntitle = "Grants"\npapers_circulated = 2027-02-05T10:00:00\n',
        encoding="utf-8",
    )
    assert load_agenda(path, TODAY).agenda[0].papers_circulated == "2027-02-05"


def test_papers_circulated_as_a_toml_date(tmp_path: Path) -> None:
    path = tmp_path / "board.toml"
    path.write_text(
        HEAD + '[[items]]\ntitle = "Grants"\npapers_circulated = 2027-02-05\n', encoding="utf-8"
    )
    assert load_agenda(path, TODAY).agenda[0].papers_circulated == "2027-02-05"


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028"])
@pytest.mark.parametrize(
    ("where", "path"),
    [("venue", "venue"), ("items", "items[1].lead"), ("participants", "participants[1].name")],
)
def test_a_one_line_field_with_a_line_break_is_refused(brk: str, where: str, path: str) -> None:
    """One-line fields (shown in one-line inputs and table cells) never hold a line break."""
    data = agenda()
    hostile = f"Town Hall{brk}Room [reverse] 4"
    if where == "venue":
        data["venue"] = hostile
    elif where == "items":
        data["items"][0]["lead"] = hostile
    else:
        data["participants"][0]["name"] = hostile
    with pytest.raises(AgendaError) as caught:
        agenda_from_dict(data, date(2026, 11, 23))
    message = str(caught.value)
    assert path in message and "one line" in message and "\n" not in message


def test_a_trailing_line_break_from_a_toml_multi_line_string_is_fine() -> None:
    data = agenda(venue="Town Hall\n")
    assert agenda_from_dict(data, date(2026, 11, 23)).info.venue == "Town Hall"
