"""The notice and agenda pack (core/agenda_pack.py, `facilitator agenda --format …`): every
format read back, planned start times, Part B grouped at the end with its resolution, the
public version, the invitation, the draft email, and what the session records."""

from __future__ import annotations

import email
import tomllib
from datetime import UTC, datetime
from email import policy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict, to_toml
from facilitator.core.agenda_pack import build_pack, exclusion_resolution, render_pack
from facilitator.core.circulation import agenda_circulated
from facilitator.core.exemption import SCHEDULE_12A, paragraphs_of, schedule_12a_reason
from tests.conftest import FROZEN_NOW
from tests.helpers import INJECTION_STRINGS, agenda, docx_text

pytestmark = pytest.mark.usefixtures("cli_today")
HOSTILE = '<script>alert(1)</script> **b** [b]x [/ & "q"'
NOW = datetime(2026, 12, 2, 9, 30)


def board(**overrides):
    """A Wednesday 30 December 2026 meeting at 14:00, hybrid, with papers and two exempt items
    in the middle of the plan."""
    data = agenda(**{
        "date": "30/12/2026 14:00",
        "joining": "https://meet.example.org/board\nDial 0300 123 4567, PIN 42",
        "apologies_to": "Sam Okafor, sam@cvs.example.org",
        **overrides,
    })
    data = {k: v for k, v in data.items() if v is not None}
    data["items"][1]["lead"] = "Lena Novak"
    data["items"][1]["papers"] = [
        {"title": "Lighting survey", "file": "lighting-survey.pdf", "circulated": "18/12/2026"},
        {"title": "Map of Hope Street", "file": "https://example.org/map"},
    ]
    data["items"][1]["papers_circulated"] = "17/12/2026"
    data["items"].insert(1, {
        "title": "Contract award to Acme", "minutes": 20, "kind": "decision",
        "lead": "Joan Pike", "confidential": True, "exempt_reason": schedule_12a_reason(3),
        "papers": [{"title": "Tender scores", "file": "tender-scores.xlsx"}],
    })
    data["items"].insert(2, {
        "title": "Staff restructure", "minutes": 10, "confidential": True,
        "exempt_reason": "Paragraphs 1 and 4: consultation with staff",
    })
    return data


@pytest.fixture
def sid(store, clock):
    return store.create(agenda_from_dict(board(), clock().date()))


def run(store, *argv):
    return main(["--data-dir", str(store.root), *argv])


# --------------------------------------------------------------------------- the pack itself


def test_items_are_numbered_with_planned_starts_part_a_first(store, sid):
    pack = build_pack(store.load(sid), public=False)
    assert [(i.number, i.title, f"{i.start:%H:%M}", i.minutes) for i in pack.items] == [
        (1, "Welcome and apologies", "14:00", 5),
        (2, "Street lighting on Hope Street", "14:05", 15),
        (3, "Any other business", "14:20", 5),
        (4, "Contract award to Acme", "14:25", 20),
        (5, "Staff restructure", "14:45", 10),
    ]
    assert [i.exempt for i in pack.items] == [False, False, False, True, True]
    assert pack.when == "Wednesday 30 December 2026, 14:00"
    assert f"{pack.end:%H:%M}" == "14:55"
    assert pack.reordered == [4, 5]  # the plan had them before open items


def test_without_a_start_time_no_item_has_one(store, clock):
    sid = store.create(agenda_from_dict(board(date="30/12/2026"), clock().date()))
    pack = build_pack(store.load(sid), public=False)
    assert pack.when == "Wednesday 30 December 2026" and pack.end is None
    assert all(i.start is None for i in pack.items)
    assert "Starts:" not in render_pack(store.load(sid), "txt", public=False, now=NOW)


@pytest.mark.parametrize(
    ("reasons", "words"),
    [
        (["Paragraph 3 of Schedule 12A: …"],
         "for the following item of business on the grounds that it involves the likely "
         "disclosure of exempt information as defined in paragraph 3 of Part 1"),
        (["para 1", "Paragraphs 1 and 4"],
         "following items of business on the grounds that they involve the likely disclosure "
         "of exempt information as defined in paragraphs 1 and 4 of Part 1"),
        (["commercial"], "as defined in paragraph [to be given] of Part 1"),
    ],
)
def test_the_resolution_names_the_paragraphs(reasons, words):
    from facilitator.core.agenda_pack import PackItem

    items = [PackItem(n, n, "t", 5, None, exempt=True, reason=r) for n, r in enumerate(reasons)]
    text = exclusion_resolution(items)
    assert text.startswith("That under Section 100A(4) of the Local Government Act 1972 the "
                           "public be excluded from the meeting")
    assert words in text and text.endswith("of Schedule 12A of the Act.")


def test_the_seven_paragraphs_of_schedule_12a():
    assert [n for n, _ in SCHEDULE_12A] == [1, 2, 3, 4, 5, 6, 7]
    said = dict(SCHEDULE_12A)
    assert said[1] == "Information relating to any individual."
    assert "reveal the identity of an individual" in said[2]
    assert "(including the authority holding that information)" in said[3]
    assert "labour relations matter" in said[4]
    assert "legal professional privilege" in said[5]
    assert "requirements are imposed on a person" in said[6] and "order or direction" in said[6]
    assert "prevention, investigation or prosecution of crime" in said[7]
    assert all(paragraphs_of(schedule_12a_reason(n)) == [n] for n in said)


# --------------------------------------------------------------------------- each format


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def read_back(path: Path, fmt: str) -> str:
    if fmt == "html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        assert "script" not in parser.tags  # hostile text never becomes markup
        return "".join(parser.parts)
    if fmt == "docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_every_format_holds_the_whole_pack(store, sid, tmp_path, fmt, capsys):
    target = tmp_path / f"pack.{fmt}"
    assert run(store, "agenda", sid, "--format", fmt, "-o", str(target)) == 0
    text = read_back(target, fmt)
    if fmt == "md":
        text = text.replace("\\", "")
    if fmt == "txt":  # plain text sets the title in capitals, as the minutes do
        text = text.replace("PARTNERSHIP BOARD", "Partnership Board", 1)
    for said in [
        "Partnership Board", "Northfield Community Safety Partnership",
        "Wednesday 30 December 2026, 14:00", "Town Hall, Room 4",
        "https://meet.example.org/board", "Dial 0300 123 4567, PIN 42",
        "Joan Pike", "Sam Okafor", "sam@cvs.example.org",
        "Part A: open business", "2. Street lighting on Hope Street", "14:05", "15 min",
        "Lena Novak", "For decision", "For information",
        "Lighting survey (lighting-survey.pdf), circulated Friday 18 December 2026",
        "Map of Hope Street (https://example.org/map), circulated Thursday 17 December 2026",
        "Part B: exempt business", "That under Section 100A(4)", "paragraphs 1, 3 and 4",
        "4. Contract award to Acme", "Tender scores (tender-scores.xlsx), not yet circulated",
        "Paragraph 3 of Schedule 12A: Information relating to the financial or business",
        "5. Staff restructure",
    ]:
        assert said in text, said
    assert text.index("Any other business") < text.index("Part B") < text.index("Contract")
    assert "warning: the plan has exempt items before open ones" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_the_public_pack_shows_an_exempt_item_by_number_and_reason_only(
    store, sid, tmp_path, fmt
):
    target = tmp_path / f"pack.{fmt}"
    assert run(store, "agenda", sid, "--format", fmt, "--public", "-o", str(target)) == 0
    text = read_back(target, fmt).replace("\\", "")
    assert "Public version" in text and "Street lighting on Hope Street" in text
    assert "4. Exempt item" in text and "5. Exempt item" in text
    assert "Paragraph 3 of Schedule 12A" in text and "consultation with staff" in text
    assert "That under Section 100A(4)" in text  # the resolution is itself public
    for secret in ["Contract award", "Acme", "Tender scores", "tender-scores.xlsx",
                   "Staff restructure"]:
        assert secret not in text, secret


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_hostile_text_is_printed_as_typed(store, clock, tmp_path, fmt):
    data = board(title=HOSTILE, venue=" ".join(INJECTION_STRINGS))
    data["items"][0]["title"] = "<b>bold</b> # not a heading"
    sid = store.create(agenda_from_dict(data, clock().date()))
    target = tmp_path / f"pack.{fmt}"
    assert run(store, "agenda", sid, "--format", fmt, "-o", str(target)) == 0
    text = read_back(target, fmt)
    if fmt == "md":
        raw = target.read_text(encoding="utf-8")
        assert "<script>" not in raw.replace("\\<", "")  # escaped as the minutes escape it
        from tests.helpers import as_read

        text = as_read(raw)
    assert (HOSTILE.upper() if fmt == "txt" else HOSTILE) in text  # (txt: a capital title)
    assert " ".join(INJECTION_STRINGS) in text
    assert "<b>bold</b> # not a heading" in text


def test_the_invitation_reads_back_with_the_public_agenda(store, sid, tmp_path):
    target = tmp_path / "meeting.ics"
    assert run(store, "agenda", sid, "--format", "ics", "-o", str(target)) == 0
    calendar = Calendar.from_ical(target.read_bytes())
    [event] = calendar.walk("VEVENT")
    # 14:00 in London on 30 December is 14:00 UTC (GMT); the end is start + every timebox
    assert event.decoded("dtstart") == datetime(2026, 12, 30, 14, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 30, 14, 55, tzinfo=UTC)
    assert str(event["location"]) == "Town Hall, Room 4"
    assert str(event["url"]) == "https://meet.example.org/board"
    assert "Partnership Board" in str(event["summary"])
    description = str(event["description"])
    assert "Dial 0300 123 4567, PIN 42" in description
    assert "2. Street lighting on Hope Street" in description and "4. Exempt item" in description
    assert "Contract award" not in description and "Tender scores" not in description
    again = tmp_path / "again.ics"
    assert run(store, "agenda", sid, "--format", "ics", "-o", str(again)) == 0
    [same] = Calendar.from_ical(again.read_bytes()).walk("VEVENT")
    assert same["uid"] == event["uid"]  # the same meeting: a calendar updates it


def test_a_summer_meeting_is_an_hour_behind_in_utc(store, clock, tmp_path):
    sid = store.create(agenda_from_dict(board(date="1/7/2027 10:00"), clock().date()))
    target = tmp_path / "meeting.ics"
    assert run(store, "agenda", sid, "--format", "ics", "-o", str(target)) == 0
    [event] = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


def test_a_meeting_with_no_time_is_an_all_day_invitation(store, clock, tmp_path):
    sid = store.create(agenda_from_dict(board(date="30/12/2026"), clock().date()))
    target = tmp_path / "meeting.ics"
    assert run(store, "agenda", sid, "--format", "ics", "-o", str(target)) == 0
    [event] = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event.decoded("dtstart")) == "2026-12-30"


def test_the_draft_email_has_the_text_as_body_and_the_word_pack_attached(store, sid, tmp_path):
    target = tmp_path / "pack.eml"
    to = "board@example.org, Joan Pike <joan@example.org>"
    assert run(store, "agenda", sid, "--format", "eml", "--to", to, "-o", str(target)) == 0
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Agenda: Partnership Board, Wednesday 30 December 2026"
    assert [a.addr_spec for a in message["To"].addresses] == ["board@example.org",
                                                              "joan@example.org"]
    body = message.get_body(("plain",)).get_content()
    assert "2. Street lighting on Hope Street" in body and "Contract award to Acme" in body
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == f"{sid}-agenda.docx"
    word = tmp_path / "attached.docx"
    word.write_bytes(attached.get_content())
    assert "Part B: exempt business" in docx_text(word)
    assert "Contract award to Acme" in docx_text(word)


def test_producing_the_pack_to_a_file_is_recorded_as_circulated(store, sid, tmp_path, capsys):
    assert agenda_circulated(store.load(sid)) is None
    assert run(store, "agenda", sid, "--format", "txt") == 0  # a look on screen: not sent
    assert store.load(sid).circulation == []
    assert run(store, "agenda", sid, "--format", "eml", "--public", "--to", "a@example.org",
               "-o", str(tmp_path)) == 0
    assert (tmp_path / f"{sid}-agenda-public.eml").exists()
    [record] = store.load(sid).circulation
    assert (record.what, record.format, record.public, record.to) == (
        "agenda", "eml", True, ["a@example.org"])
    assert agenda_circulated(store.load(sid)) == FROZEN_NOW.date()


def test_a_session_open_elsewhere_still_gets_its_pack_with_a_warning(store, sid, tmp_path,
                                                                     capsys):
    writer = store.writer(sid)  # the app has it open
    try:
        assert run(store, "agenda", sid, "--format", "html", "-o", str(tmp_path / "p.html")) == 0
    finally:
        writer.close()
    err = capsys.readouterr().err
    assert "warning: not recorded as circulated" in err
    assert (tmp_path / "p.html").exists()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--format", "eml", "--to", "not-an-address", "-o", "x.eml"], "not an email address"),
        (["--format", "txt", "--to", "a@example.org"], "--to is for a draft email"),
        (["--public"], "--public is for the pack"),
        (["--format", "docx"], "give -o FILE.docx"),
        (["--format", "eml"], "give -o FILE.eml"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_a_wrong_request_is_one_line(store, sid, capsys, argv, said):
    assert run(store, "agenda", sid, *argv) == 2
    err = capsys.readouterr().err
    assert said in err and err.startswith("facilitator: ") and err.count("\n") == 1


def test_an_invitation_needs_a_date(store, clock, capsys):
    sid = store.create(agenda_from_dict(board(date=None), clock().date()))
    assert run(store, "agenda", sid, "--format", "ics") == 2
    assert "no date yet" in capsys.readouterr().err


# --------------------------------------------------------------------------- the agenda file


def test_the_agenda_file_carries_the_new_fields_both_ways(store, sid, clock):
    session = store.load(sid)
    again = agenda_from_dict(tomllib.loads(to_toml(session)), clock().date())
    assert again.info.joining == session.info.joining
    assert "\n" in again.info.joining  # several lines of joining details
    assert again.info.apologies_to == session.info.apologies_to
    assert [i.exempt_reason for i in again.agenda] == [i.exempt_reason for i in session.agenda]
    assert [(p.item, p.title, p.file, p.circulated) for p in again.papers] == [
        (p.item, p.title, p.file, p.circulated) for p in session.papers]
    assert {p.item for p in session.papers} == {1, 3}


def test_an_agenda_file_without_the_new_fields_exports_as_before(clock):
    text = to_toml(agenda_from_dict(agenda(), clock().date()))
    assert "joining" not in text and "papers" not in text and "exempt_reason" not in text


@pytest.mark.parametrize(
    ("paper", "said"),
    [
        ({"file": "x.pdf"}, "items[2].papers[1].title: is required"),
        ({"title": "x", "circulated": "31/02/2026"}, "items[2].papers[1].circulated"),
        ({"title": "x", "pages": 3}, "items[2].papers[1].pages: is not a field here"),
    ],
)
def test_a_bad_paper_in_an_agenda_file_is_named(clock, paper, said):
    from facilitator.core.agenda import AgendaError

    data = agenda()
    data["items"][1]["papers"] = [paper]
    with pytest.raises(AgendaError, match=said.replace("[", r"\[").replace("]", r"\]")):
        agenda_from_dict(data, clock().date())


def test_the_pack_says_when_papers_are_due_and_which_are_late(store, clock):
    data = board()
    for paper in data["items"][3]["papers"]:
        paper["circulated"] = "22/12/2026"  # 3 clear working days in England, not 5
    data["items"][0]["papers"] = [{"title": "Notes of the last meeting"}]  # not sent yet
    sid = store.create(agenda_from_dict(data, clock().date()))
    session = store.load(sid)
    before = render_pack(session, "txt", public=False, now=datetime(2026, 12, 1, 9))
    assert ("Papers due by: Friday 18 December 2026 (5 clear working days, England and Wales "
            "bank holidays: the partnership's own rule)") in before
    assert "late: the last sent Tuesday 22 December 2026, 3 clear working days ahead" in before
    assert "missing" not in before  # the deadline has not passed yet: still to come
    assert "Date of next meeting" not in before  # not set
    after = render_pack(session, "txt", public=False, now=datetime(2026, 12, 21, 9))
    assert "missing: not yet circulated, and the deadline has passed" in after


def test_the_pack_gives_the_date_of_the_next_meeting(store, clock):
    sid = store.create(agenda_from_dict(board(), clock().date()))
    writer = store.writer(sid)
    try:
        writer.update_where("session", {"next_meeting": "2027-02-10T14:00"})
    finally:
        writer.close()
    text = render_pack(store.load(sid), "txt", public=True, now=NOW)
    assert "Date of next meeting: Wednesday 10 February 2027, 14:00" in text


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx", "ics", "eml"])
def test_control_characters_are_shown_never_obeyed(store, clock, tmp_path, fmt):
    import re

    controls = "\x1b[2J\x1b]0;pwned\x07 \x00 \x7f \x9b31m"
    data = board(title=f"Board {controls}", venue=f"Hall {controls}")
    data["items"][0]["papers"] = [{"title": f"Paper {controls}", "file": "a.pdf"}]
    sid = store.create(agenda_from_dict(data, clock().date()))
    target = tmp_path / f"pack.{fmt}"
    assert run(store, "agenda", sid, "--format", fmt, "-o", str(target)) == 0
    if fmt == "docx":
        text = docx_text(target)
    elif fmt == "eml":
        message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
        text = str(message["Subject"]) + message.get_body(("plain",)).get_content()
    else:
        text = target.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    assert "␛" in text
