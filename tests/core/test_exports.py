"""Tests for exporting the tracker's rows (core/exports.py) through the command line.

``facilitator actions`` and ``facilitator decisions`` write CSV (parsed back here with the
csv module; cells a spreadsheet would run as a formula get a leading apostrophe), JSON, and
for actions iCalendar (parsed back with icalendar: one all-day event per open action with a
due date). ``-o FILE`` never replaces a file without ``--force``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from facilitator import cli
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.exports import ACTION_COLUMNS, DECISION_COLUMNS, safe_cell
from facilitator.core.meeting import Meeting
from facilitator.core.model import Action, Decision
from facilitator.core.store import SessionStore
from facilitator.core.tracker import Archive
from tests.conftest import FakeClock
from tests.helpers import agenda

NORTHFIELD = "Northfield Community Safety Partnership"
KINGSMEAD = "Kingsmead Community Safety Partnership"
AT = "2026-11-23T14:00:00"

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturn",
]
ORDINARY = [
    "Fix the street lights",
    "Pay £5 = a fair share",
    "O'Brien to call the tenants",
    "1+1 review",
    "a-b test",
    'Say "hello" to the panel',
    "Email x@y.org",
    " leading space",
    "Ünïcode ✓ café",
    "2026-11-27",
]


pytestmark = pytest.mark.usefixtures("cli_today")  # the CLI's "today" is the clock's


def add_session(
    store: SessionStore,
    clock: FakeClock,
    when: str = "23/11/2026 14:00",
    *,
    partnership: str = NORTHFIELD,
    actions: Sequence[tuple[str, str, str, str]] = (),
    decisions: Sequence[dict[str, Any]] = (),
) -> str:
    """A session stored with actions (text, owner, due, status) and decisions (Decision
    fields) on item 2, "Street lighting on Hope Street"; returns its id."""
    session = agenda_from_dict(agenda(date=when, partnership=partnership), clock().date())
    seq = 0
    for fields in decisions:
        seq += 1
        session.decisions.append(Decision(item=1, at=AT, seq=seq, **fields))
    for text, owner, due, status in actions:
        seq += 1
        session.actions.append(
            Action(item=1, text=text, at=AT, seq=seq, owner=owner, due=due, status=status)
        )
    return store.create(session)


def run_cli(
    capsys: pytest.CaptureFixture[str], store: SessionStore, *argv: str | Path
) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(store.root), *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return code, out, err


def export(
    capsys: pytest.CaptureFixture[str], store: SessionStore, target: Path, *argv: str
) -> str:
    """Run an export to ``target`` and return the file's text exactly as written."""
    code, out, err = run_cli(capsys, store, *argv, "-o", target)
    assert (code, err) == (0, "")
    assert out.endswith(f" written to {target}\n")
    return target.read_bytes().decode("utf-8")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    "value",
    [*FORMULAS, *ORDINARY, ""],
    ids=repr,
)
def test_safe_cell(value: str) -> None:
    expected = "'" + value if value in FORMULAS else value
    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [*((t, "'" + t) for t in FORMULAS), *((t, t) for t in ORDINARY)],
    ids=repr,
)
def test_actions_csv_neutralises_formulas_and_leaves_text_alone(
    store: SessionStore,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    text: str,
    shown: str,
) -> None:
    sid = add_session(store, clock, actions=[(text, "Ravi Patel", "2026-11-27", "open")])
    rows = csv_rows(export(capsys, store, tmp_path / "actions.csv", "actions", "--format", "csv"))
    assert rows == [
        {
            "code": "1.1",
            "due": "2026-11-27",
            "owner": "Ravi Patel",
            "organisation": "Northfield Police",
            "text": shown,
            "status": "open",
            "partnership": NORTHFIELD,
            "session": sid,
            "item": "Street lighting on Hope Street",
            "decision": "",
            "confidential": "no",
        }
    ]


def test_actions_csv_has_the_tracker_columns_and_every_row(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    texts = [*FORMULAS, *ORDINARY]
    add_session(store, clock, actions=[(t, "Lena Novak", "", "open") for t in texts])
    text = export(capsys, store, tmp_path / "a.csv", "actions", "--format", "csv")
    assert text.startswith(",".join(ACTION_COLUMNS) + "\r\n")
    for column in ("code", "owner", "organisation", "partnership", "due", "status", "item"):
        assert column in ACTION_COLUMNS
    rows = csv_rows(text)
    by_code = {r["code"]: r["text"] for r in rows}
    assert by_code == {
        f"1.{n}": ("'" + t if t in FORMULAS else t) for n, t in enumerate(texts, start=1)
    }


def test_csv_neutralises_every_column_not_only_the_text(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_session(store, clock, actions=[("Ring the housing office", "@Home Group", "", "done")])
    [row] = csv_rows(export(capsys, store, tmp_path / "a.csv", "actions", "--format", "csv"))
    assert (row["owner"], row["organisation"], row["text"]) == (
        "'@Home Group",
        "'@Home Group",
        "Ring the housing office",
    )


def test_actions_csv_to_stdout_is_the_same_as_to_a_file(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_session(store, clock, actions=[("=1+1", "Ravi Patel", "2026-11-27", "open")])
    code, out, err = run_cli(capsys, store, "actions", "--format", "csv")
    assert (code, err) == (0, "")
    assert out == export(capsys, store, tmp_path / "a.csv", "actions", "--format", "csv")


def test_actions_csv_keeps_the_filters(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_session(
        store,
        clock,
        actions=[
            ("Survey the lamps", "Ravi Patel", "2026-11-20", "open"),
            ("Old report", "Ravi Patel", "2026-11-01", "done"),
            ("Write to the tenants", "Lena Novak", "2026-11-27", "open"),
        ],
    )
    text = export(capsys, store, tmp_path / "a.csv", "actions", "--format", "csv", "--overdue")
    assert [r["text"] for r in csv_rows(text)] == ["Survey the lamps"]


def test_decisions_csv(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid = add_session(
        store,
        clock,
        decisions=[
            {
                "text": "Fund the youth panel",
                "owner": "Northfield Council",
                "how": "vote",
                "votes_for": 7,
                "votes_against": 1,
                "votes_abstain": 2,
                "review": "2027-05-23",
                "dissent": "Lena Novak: wants a tenants' vote",
            },
            {"text": '=HYPERLINK("http://x","y")', "owner": "+Council", "dissent": "-no"},
            {"text": "Close the hub", "status": "not agreed", "dissent": "@Ravi"},
        ],
    )
    text = export(capsys, store, tmp_path / "d.csv", "decisions", "--format", "csv")
    assert text.startswith(",".join(DECISION_COLUMNS) + "\r\n")
    rows = csv_rows(text)
    picked = [
        (r["text"], r["owner"], r["how"], r["votes"], r["status"], r["dissent"]) for r in rows
    ]
    assert picked == [  # newest first
        ("Close the hub", "", "consensus", "", "not agreed", "'@Ravi"),
        ('\'=HYPERLINK("http://x","y")', "'+Council", "consensus", "", "agreed", "'-no"),
        (
            *("Fund the youth panel", "Northfield Council", "vote", "7-1-2", "agreed"),
            "Lena Novak: wants a tenants' vote",
        ),
    ]
    assert {(r["session"], r["partnership"], r["item"]) for r in rows} == {
        (sid, NORTHFIELD, "Street lighting on Hope Street")
    }
    assert rows[2]["review"] == "2027-05-23"
    assert rows[2]["session_date"] == "2026-11-23T14:00"


# --------------------------------------------------------------------------- JSON


def test_actions_json_parses_back_to_the_tracker_rows(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    add_session(
        store,
        clock,
        actions=[
            ('=HYPERLINK("http://x","y")', "Ravi Patel", "2026-11-27", "open"),
            ("Write to the tenants ✓", "Lena Novak", "", "done"),
        ],
    )
    code, out, err = run_cli(capsys, store, "actions", "--format", "json")
    assert (code, err) == (0, "")
    parsed = json.loads(out)
    assert parsed == [asdict(r) for r in Archive(store).actions()]
    assert parsed[0]["text"] == '=HYPERLINK("http://x","y")'  # JSON keeps text as typed
    assert parsed[1]["text"] == "Write to the tenants ✓"
    assert run_cli(capsys, store, "actions", "--json")[1] == out


def test_decisions_json_parses_back(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_session(
        store,
        clock,
        decisions=[
            {"text": "Fund the youth panel", "how": "vote", "votes_for": 7, "votes_against": 1},
            {"text": "Close the hub", "status": "deferred", "confidential": True},
        ],
    )
    parsed = json.loads(export(capsys, store, tmp_path / "d.json", "decisions", "--format", "json"))
    assert parsed == [asdict(r) for r in Archive(store).decisions()]
    assert [(d["text"], d["votes"], d["status"], d["confidential"]) for d in parsed] == [
        ("Close the hub", "", "deferred", True),
        ("Fund the youth panel", "7-1-0", "agreed", False),
    ]


# --------------------------------------------------------------------------- iCalendar


@pytest.fixture
def calendar_data(store: SessionStore, clock: FakeClock) -> SessionStore:
    add_session(
        store,
        clock,
        actions=[
            ("Survey the lamps", "Ravi Patel", "2026-11-27", "open"),
            ("Tell the tenants", "Lena Novak", "", "open"),
            ("Old report", "Ravi Patel", "2026-11-20", "done"),
            ("Abandoned idea", "Joan Pike", "2026-11-30", "dropped"),
            ("Council letter", "Northfield Council", "2026-12-01", "open"),
        ],
        decisions=[{"text": "Fit brighter lamps"}],
    )
    add_session(
        store,
        clock,
        "07/12/2026 14:00",
        actions=[("Book the hall", "Sam Okafor", "2026-12-10", "open")],
    )
    add_session(
        store,
        clock,
        partnership=KINGSMEAD,
        actions=[("Kingsmead audit", "", "2026-11-25", "open")],
    )
    return store


def events(text: str) -> dict[str, Any]:
    """The calendar's events by summary."""
    calendar = Calendar.from_ical(text)
    found = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT"))
    return found


def test_ics_has_one_event_per_open_action_with_a_due_date(
    calendar_data: SessionStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = export(capsys, calendar_data, tmp_path / "a.ics", "actions", "--format", "ics")
    found = events(text)
    assert {s: e["DTSTART"].dt for s, e in found.items()} == {
        "Ravi Patel: Survey the lamps": date(2026, 11, 27),
        "Northfield Council: Council letter": date(2026, 12, 1),
        "Sam Okafor: Book the hall": date(2026, 12, 10),
        "No owner: Kingsmead audit": date(2026, 11, 25),
    }
    for summary, event in found.items():
        start = event["DTSTART"].dt
        assert type(start) is date  # an all-day entry
        owner = summary.split(":")[0]
        description = str(event["DESCRIPTION"])
        partnership = KINGSMEAD if "Kingsmead" in summary else NORTHFIELD
        assert f"Partnership: {partnership}" in description
        assert (owner if owner != "No owner" else "no owner yet") in description
    survey = str(found["Ravi Patel: Survey the lamps"]["DESCRIPTION"])
    assert "Northfield Police" in survey
    uids = [str(e["UID"]) for e in found.values()]
    assert len(set(uids)) == len(uids)


def test_ics_uids_are_stable_across_exports(
    calendar_data: SessionStore,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    def uids(name: str) -> dict[str, str]:
        text = export(capsys, calendar_data, tmp_path / name, "actions", "--format", "ics")
        return {s: str(e["UID"]) for s, e in events(text).items()}

    first = uids("first.ics")
    assert uids("second.ics") == first
    # the archive changes: one action closed, one added — the others keep their UIDs
    [sid] = {r.session for r in Archive(calendar_data).actions() if r.text == "Survey the lamps"}
    writer = calendar_data.writer(sid)
    try:
        meeting = Meeting(writer, clock=clock)
        meeting.capture("/done 1.1")
        meeting.capture("/action @Sam Order new lamps by 04/12/2026")
    finally:
        writer.close()
    third = uids("third.ics")
    assert "Ravi Patel: Survey the lamps" not in third
    assert "Sam Okafor: Order new lamps" in third
    kept = {s: u for s, u in first.items() if s != "Ravi Patel: Survey the lamps"}
    assert {s: third[s] for s in kept} == kept
    assert len(set(third.values())) == len(third)


def test_ics_keeps_the_filters(
    calendar_data: SessionStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = export(
        capsys, calendar_data, tmp_path / "k.ics", "actions", "--format", "ics", "--owner", "sam"
    )
    assert list(events(text)) == ["Sam Okafor: Book the hall"]


def test_ics_with_no_dated_open_actions_is_an_empty_calendar(
    store: SessionStore, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_session(
        store,
        clock,
        actions=[
            ("Undated", "Ravi Patel", "", "open"),
            ("Done", "Ravi Patel", "2026-11-27", "done"),
        ],
    )
    text = export(capsys, store, tmp_path / "e.ics", "actions", "--format", "ics")
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert calendar.walk("VEVENT") == []


# --------------------------------------------------------------------------- -o FILE


@pytest.mark.parametrize(
    "argv",
    [
        ["actions", "--format", "csv"],
        ["actions", "--format", "ics"],
        ["actions", "--json"],
        ["actions"],
        ["decisions", "--format", "csv"],
        ["decisions", "--format", "json"],
    ],
    ids=" ".join,
)
def test_output_file_is_not_replaced_without_force(
    calendar_data: SessionStore, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    target = tmp_path / "existing.out"
    target.write_text("keep me\n", encoding="utf-8")
    code, out, err = run_cli(capsys, calendar_data, *argv, "-o", target)
    assert (code, out) == (2, "")
    assert err.startswith("facilitator: ")
    assert "already exists" in err and "--force" in err
    assert len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "keep me\n"

    code, out, err = run_cli(capsys, calendar_data, *argv, "-o", target, "--force")
    assert (code, err) == (0, "")
    replaced = target.read_bytes().decode("utf-8")
    assert replaced != "keep me\n"
    assert run_cli(capsys, calendar_data, *argv)[1] == replaced
