"""Nothing exempt leaks: every output the app can write, from one meeting whose confidential
matter all carries a sentinel (tests.helpers.sentinel_session).

Public outputs must not hold the sentinel anywhere; the full ones must (so each check can
fail). Public: minutes ``--public`` in every format, ``actions`` and ``decisions``
``--public`` in every format, the calendar by default, the room view ``--public``, what
``serve --public`` runs, the annual report ``--public`` (HTML, Word, Markdown), and the agenda
pack ``--public`` in every format with its invitation (always public) and draft email (body and
Word attachment). Full by
design: the same without ``--public`` (the calendar with ``--full``), ``export`` (a whole
session, to move it to another machine) and ``agenda`` (the plan, for the secretary). The
secretary's own screens — live, plan, home, tracker, search, health, review — show everything
and are not public outputs.
"""

from __future__ import annotations

import csv
import email
import io
import json
import shlex
import sys
from email import policy

import pytest
from textual.app import App

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.minutes import build_minutes
from facilitator.core.model import Action, AgendaItem, Decision, Session, SessionInfo
from facilitator.core.tracker import summarise
from facilitator.ui.room import RoomApp
from tests.helpers import SENTINEL, agenda, docx_text, screen_text, sentinel_session

pytestmark = pytest.mark.usefixtures("cli_today")

MINUTES = ["md", "html", "txt", "docx"]
ACTIONS = ["table", "csv", "json", "ics"]
DECISIONS = ["table", "csv", "json"]
PACK = ["md", "html", "txt", "docx", "eml"]  # the agenda pack (the invitation is always public)
REGISTERS = {"table": [], "json": ["--json"]}  # registers --public: every one, tables/JSON
REPORT = ["html", "docx", "md"]  # the annual report (report --partnership …)

PUBLIC = [
    *[(f"minutes-{f}", ["minutes", "{sid}", "--format", f, "--public"]) for f in MINUTES],
    ("minutes-eml", ["minutes", "{sid}", "--format", "eml", "--public"]),  # a draft email
    *[(f"actions-{f}", ["actions", "--format", f, "--public"]) for f in ACTIONS],
    ("actions-ics-by-default", ["actions", "--format", "ics"]),
    *[(f"decisions-{f}", ["decisions", "--format", f, "--public"]) for f in DECISIONS],
    *[(f"pack-{f}", ["agenda", "{sid}", "--format", f, "--public"]) for f in PACK],
    ("pack-ics", ["agenda", "{sid}", "--format", "ics"]),  # an invitation: public by design
    ("pack-ics-public", ["agenda", "{sid}", "--format", "ics", "--public"]),
    *[
        (f"registers-{f}", ["registers", "--partnership", "northfield", "--public", *o])
        for f, o in REGISTERS.items()
    ],
    *[
        (f"report-{f}", ["report", "--partnership", "northfield", "--format", f, "--public"])
        for f in REPORT
    ],
]
FULL = [
    *[(f"minutes-{f}", ["minutes", "{sid}", "--format", f]) for f in MINUTES],
    ("minutes-eml", ["minutes", "{sid}", "--format", "eml"]),
    *[(f"actions-{f}", ["actions", "--format", f]) for f in ACTIONS if f != "ics"],
    ("actions-ics-full", ["actions", "--format", "ics", "--full"]),
    *[(f"decisions-{f}", ["decisions", "--format", f]) for f in DECISIONS],
    *[
        (f"registers-{f}", ["registers", "--partnership", "northfield", *o])
        for f, o in REGISTERS.items()
    ],
    *[(f"report-{f}", ["report", "--partnership", "northfield", "--format", f]) for f in REPORT],
    ("export", ["export", "{sid}"]),  # the whole session, to move it: everything, by design
    ("agenda", ["agenda", "{sid}"]),  # the plan as a TOML file, for the secretary
    *[(f"pack-{f}", ["agenda", "{sid}", "--format", f]) for f in PACK],  # for the members
]


def produce(capsys, store, tmp_path, argv: list[str]) -> tuple[str, str]:
    """Run the command (``{sid}`` the one session) with ``-o FILE``: the file's text (a Word
    file's too) and what was said on stderr."""
    sid = store.session_ids()[0]
    suffix = "docx" if "docx" in argv else "eml" if "eml" in argv else "txt"
    target = tmp_path / f"out.{suffix}"
    filled = [a.format(sid=sid) for a in argv]
    code = main(["--data-dir", str(store.root), *filled, "-o", str(target), "--force"])
    _, err = capsys.readouterr()
    assert code == 0, err
    if suffix == "eml":  # a draft email: its headers, its body and its Word attachment
        return eml_text(target, tmp_path), err
    text = docx_text(target) if "docx" in argv else target.read_text(encoding="utf-8")
    if "ics" in argv:  # iCalendar folds long lines: a fold could split the sentinel
        text = text.replace("\r\n ", "").replace("\n ", "").replace("\\,", ",")
    return text, err


def eml_text(path, tmp_path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    parts = [*map(str, message.values()), message.get_body(("plain",)).get_content()]
    for n, attached in enumerate(message.iter_attachments()):
        word = tmp_path / f"attached-{n}.docx"
        word.write_bytes(attached.get_content())
        parts += [attached.get_filename() or "", docx_text(word)]
    assert any(p.endswith(".docx") for p in parts), "the draft has its Word attachment"
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "argv"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_a_public_output_holds_nothing_confidential(capsys, store, clock, tmp_path, name, argv):
    sentinel_session(store, clock)
    text, _ = produce(capsys, store, tmp_path, argv)
    assert SENTINEL not in text
    assert "brother-in-law" not in text  # a declaration on the exempt item: its text too
    if name.startswith(("minutes", "decisions")):
        assert "Repair the lamps" in text  # the open business is all there
    if name.startswith("minutes"):
        assert "Confidential item" in text
    if name.startswith("pack"):  # the exempt item: its number, 'exempt' and the reason only
        assert "Street lighting on Hope Street" in text and "Exempt item" in text
        assert "commercially sensitive bids" in text and "bids-" not in text


@pytest.mark.parametrize(("name", "argv"), FULL, ids=[n for n, _ in FULL])
def test_a_full_output_holds_it_all(capsys, store, clock, tmp_path, name, argv):
    sentinel_session(store, clock)
    text, _ = produce(capsys, store, tmp_path, argv)
    assert SENTINEL in text


@pytest.mark.parametrize("fmt", MINUTES)
def test_public_minutes_in_a_folder_are_named_and_kept_as_public(
    capsys, store, clock, tmp_path, fmt
):
    sid = sentinel_session(store, clock)
    folder = tmp_path / "out"
    folder.mkdir()
    argv = ["minutes", sid, "--format", fmt, "--public", "-o", str(folder)]
    assert main(["--data-dir", str(store.root), *argv]) == 0
    (path,) = folder.iterdir()
    assert path.name == f"{sid}-minutes-public.{fmt}"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_calendar_says_what_it_left_out(capsys, store, clock, tmp_path):
    sentinel_session(store, clock)
    _, err = produce(capsys, store, tmp_path, ["actions", "--format", "ics"])
    assert err == (
        "facilitator: 2 confidential actions left out of the calendar "
        "(add --full to include them)\n"
    )
    for asked in (["--public"], ["--full"]):  # asked for: nothing to say
        assert produce(capsys, store, tmp_path, ["actions", "--format", "ics", *asked])[1] == ""


def test_public_and_full_together_are_refused(capsys, store, clock):
    sentinel_session(store, clock)
    code = main(["--data-dir", str(store.root), "actions", "--public", "--full"])
    err = capsys.readouterr().err
    assert code == 2 and "not allowed with" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["actions", "decisions"])
def test_csv_and_json_say_which_rows_are_confidential(capsys, store, clock, tmp_path, command):
    sentinel_session(store, clock)
    sheet, _ = produce(capsys, store, tmp_path, [command, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert "yes" in {r["confidential"] for r in rows}
    for row in rows:
        assert (row["confidential"] == "yes") == (SENTINEL in json.dumps(row)), row
    records = json.loads(produce(capsys, store, tmp_path, [command, "--format", "json"])[0])
    assert [r["confidential"] for r in records] == [r["confidential"] == "yes" for r in rows]


def test_an_action_carrying_out_an_exempt_decision_is_confidential_wherever_it_was_raised():
    """One rule (minutes.withheld) for minutes and exports: an action raised on an open item
    that carries out a decision taken on the exempt item is withheld by both."""
    at = "2026-11-23T14:00:00"
    session = Session(
        info=SessionInfo(id="s", title="Board", partnership="P", date=at),
        agenda=[
            AgendaItem(title="Open item", id=1),
            AgendaItem(title=f"Exempt {SENTINEL}", id=2, confidential=True),
        ],
        decisions=[Decision(item=2, text=f"Award {SENTINEL}", at=at, seq=1)],
        actions=[
            Action(item=1, text=f"Tell {SENTINEL}", at=at, seq=2, decision=1),
            Action(item=1, text="Fix the lamps", at=at, seq=3),
        ],
    )
    rows = summarise(session).actions
    assert [(r.text, r.confidential) for r in rows] == [
        (f"Tell {SENTINEL}", True),
        ("Fix the lamps", False),
    ]
    assert [a.text for a in build_minutes(session, public=True).actions] == ["Fix the lamps"]


# -- the room view, as `facilitator room` and `facilitator serve` run it


@pytest.fixture
def room_screens(monkeypatch) -> list[str]:
    """`facilitator room` runs headless here: once it follows the file its screen is read
    and it quits. Returns the list each screen read is put in."""
    screens: list[str] = []

    def run(app: RoomApp, **_: object) -> None:
        async def look(pilot) -> None:
            for _ in range(200):
                await pilot.pause()
                if "Following" in screen_text(app):
                    break
            screens.append(screen_text(app))
            app.exit()

        return App.run(app, headless=True, size=(120, 40), auto_pilot=look)

    monkeypatch.setattr(RoomApp, "run", run)
    return screens


@pytest.mark.parametrize("public", [True, False], ids=["public", "full"])
def test_the_room_view_on_the_exempt_item(store, clock, room_screens, public):
    sid = sentinel_session(store, clock, last="/goto 3")  # live, on the exempt item
    flag = ["--public"] if public else []
    assert main(["--data-dir", str(store.root), "room", sid, *flag]) == 0
    (screen,) = room_screens
    assert "Repair the lamps" in screen  # the decisions so far are on the wall
    if public:
        assert SENTINEL not in screen and "Confidential item" in screen
    else:
        assert f"Contract award {SENTINEL}" in screen
        assert f"Publish the {SENTINEL} figures later" in screen


@pytest.mark.parametrize("public", [True, False], ids=["public", "full"])
def test_the_room_view_before_and_after_the_meeting(store, clock, room_screens, public):
    """Before the first entry the agenda is on the wall; after /end the decisions and the
    actions by owner: in public, nothing of the exempt item in either."""
    ended = sentinel_session(store, clock)
    data = agenda()
    data["items"].insert(1, {"title": f"Contract award {SENTINEL}", "confidential": True})
    upcoming = store.create(agenda_from_dict(data, clock().date()))
    flag = ["--public"] if public else []
    for sid in (ended, upcoming):
        assert main(["--data-dir", str(store.root), "room", sid, *flag]) == 0
    after, before = room_screens
    assert "Actions by owner" in after and "Repair the lamps" in after
    assert "Agenda" in before and "starts" in before
    assert (SENTINEL in after) is not public
    assert (SENTINEL in before) is not public
    if public:
        assert "Confidential item" in before


class FakeServer:
    made: list[str] = []

    def __init__(self, command: str, **_: object) -> None:
        FakeServer.made.append(command)

    def serve(self) -> None:
        pass


@pytest.mark.parametrize("public", [True, False], ids=["public", "full"])
def test_serve_runs_the_room_view_it_is_asked_for(store, clock, room_screens, monkeypatch, public):
    """The command `serve` gives textual-serve, run here in-process: with --public it is the
    public room view."""
    import textual_serve.server

    sid = sentinel_session(store, clock, last="/goto 3")
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    FakeServer.made.clear()
    flag = ["--public"] if public else []
    assert main(["--data-dir", str(store.root), "serve", sid, *flag]) == 0
    (command,) = FakeServer.made
    argv = shlex.split(command)
    assert argv[:3] == [sys.executable, "-m", "facilitator"] and "room" in argv
    assert main(argv[3:]) == 0
    (screen,) = room_screens
    assert (SENTINEL in screen) is not public


def test_public_minutes_take_nothing_confidential_from_earlier_meetings():
    """The health table of a checklist review reads the partnership's earlier meetings: an
    answer and an improvement action recorded there under an exempt item stay out."""
    from facilitator.core.minutes import to_markdown
    from facilitator.core.model import ChecklistAnswer

    def meeting(sid: str, day: str, confidential: bool, answer: str) -> Session:
        at = f"{day}T14:00:00"
        return Session(
            info=SessionInfo(id=sid, title="Board", partnership="P", date=at, state="ended"),
            agenda=[AgendaItem(title="Review", id=1, confidential=confidential)],
            checklist=[ChecklistAnswer("ingredients", "I3", answer, item=1, at=at)],
            actions=[
                Action(item=1, text=f"Improve {SENTINEL}", at=at, seq=1, improves="ingredients:I3")
            ]
            if confidential
            else [],
        )

    earlier = meeting("2026-10-01-board", "2026-10-01", True, "no")
    now = meeting("2026-11-23-board", "2026-11-23", False, "yes")
    assert SENTINEL in to_markdown(build_minutes(now, [earlier]))
    assert SENTINEL not in to_markdown(build_minutes(now, [earlier], public=True))


# -- what public minutes say in place of the exempt

PRIVATE = "Considered in private (exempt item). The record is in the full minutes."


@pytest.mark.parametrize("fmt", MINUTES)
def test_public_minutes_say_the_exempt_item_was_considered_in_private(
    capsys, store, clock, tmp_path, fmt
):
    sentinel_session(store, clock)
    public, _ = produce(capsys, store, tmp_path, ["minutes", "{sid}", "--format", fmt, "--public"])
    full, _ = produce(capsys, store, tmp_path, ["minutes", "{sid}", "--format", fmt])
    assert PRIVATE in public and f"Contract award {SENTINEL}" not in public  # nor its title
    assert PRIVATE not in full
    said = public.index(PRIVATE)  # under the exempt item, in place of its record
    heading = public.rindex("Confidential item", 0, said)
    assert said - heading < 120 and "Nothing recorded." not in public[heading:said]
    assert "Nothing recorded." not in public[said : public.index("Any other business", said)]


def test_an_exempt_item_not_reached_is_not_said_to_have_been_considered():
    from facilitator.core.minutes import to_markdown

    at = "2026-11-23T14:00:00"
    session = Session(
        info=SessionInfo(id="s", title="Board", partnership="P", date=at, state="ended"),
        agenda=[
            AgendaItem(title="Open item", id=1, started_at=at),
            AgendaItem(title=f"Exempt {SENTINEL}", id=2, confidential=True),
        ],
    )
    text = to_markdown(build_minutes(session, public=True))
    assert "An exempt item, not reached at this meeting." in text
    assert "Considered in private" not in text and SENTINEL not in text


@pytest.mark.parametrize(
    ("notes", "said"),
    [
        ([], "An exempt item, deferred to the next meeting."),
        (
            [f"Bids from {SENTINEL} discussed"],
            "Considered in private (exempt item), then deferred to the next meeting.",
        ),
    ],
)
def test_an_exempt_item_deferred_says_so_not_that_it_was_considered(notes, said):
    """Reached and deferred at once, it was not considered: the public minutes said it was."""
    from facilitator.core.minutes import to_markdown
    from facilitator.core.model import Note

    at = "2026-11-23T14:00:00"
    session = Session(
        info=SessionInfo(id="s", title="Board", partnership="P", date=at, state="ended"),
        agenda=[
            AgendaItem(title="Open item", id=1, started_at=at),
            AgendaItem(
                title=f"Exempt {SENTINEL}", id=2, confidential=True, started_at=at, deferred_at=at
            ),
        ],
        notes=[Note(item=2, text=t, at=at, seq=n) for n, t in enumerate(notes, start=1)],
    )
    text = to_markdown(build_minutes(session, public=True))
    assert said in text and SENTINEL not in text


def test_public_minutes_keep_each_actions_code():
    """A withheld action still counts in the numbering: the code is the tracker's."""
    at = "2026-11-23T14:00:00"
    session = Session(
        info=SessionInfo(id="s", title="Board", partnership="P", date=at),
        agenda=[
            AgendaItem(title="Open item", id=1),
            AgendaItem(title=f"Exempt {SENTINEL}", id=2, confidential=True),
        ],
        actions=[
            Action(item=2, text=f"Tell {SENTINEL}", at=at, seq=1),
            Action(item=1, text="Fix the lamps", at=at, seq=2),
        ],
    )
    assert [(a.code, a.text) for a in build_minutes(session, public=True).actions] == [
        ("1.2", "Fix the lamps")
    ]


def test_public_matters_arising_withholds_the_exempt():
    """An earlier action withheld in its own meeting stays out; one followed up under this
    meeting's exempt item is listed, its update said to be made in private."""
    from facilitator.core.minutes import to_markdown
    from facilitator.core.model import ActionUpdate, Note

    then, now_id = "2026-10-01-board", "2026-11-23-board"
    earlier = Session(
        info=SessionInfo(
            id=then, title="Board", partnership="P", date="2026-10-01T14:00", state="ended"
        ),
        agenda=[
            AgendaItem(title="Open item", id=1),
            AgendaItem(title=f"Exempt {SENTINEL}", id=2, confidential=True),
        ],
        actions=[
            Action(item=2, text=f"Tell {SENTINEL}", at="2026-10-01T14:05:00", seq=1),
            Action(item=1, text="Fix the lamps", at="2026-10-01T14:06:00", seq=2, status="done"),
        ],
        action_updates=[
            ActionUpdate(
                action=2,
                at="2026-11-23T14:10:00",
                change="status: open → done",
                note=f"paid by {SENTINEL}",
                where=now_id,
            )
        ],
    )
    now = Session(
        info=SessionInfo(
            id=now_id,
            title="Board",
            partnership="P",
            date="2026-11-23T14:00",
            state="ended",
            started_at="2026-11-23T14:00:00",
            ended_at="2026-11-23T15:00:00",
        ),
        agenda=[
            AgendaItem(title="Matters arising", id=1, started_at="2026-11-23T14:00:00"),
            AgendaItem(title="Exempt", id=2, confidential=True, started_at="2026-11-23T14:09:00"),
        ],
        notes=[
            Note(
                item=2,
                text=f"Matters arising: Action 1.2 (no owner: Fix the lamps) — paid by {SENTINEL}",
                at="2026-11-23T14:10:00",
                seq=1,
                action_session=then,
                action_seq=2,
                update=f"status: open → done — paid by {SENTINEL}",
            )
        ],
    )
    full = build_minutes(now, [earlier]).arising
    assert [(a.code, a.status, a.update) for a in full] == [
        ("1.1", "open", ""),
        ("1.2", "done", f"status: open → done — paid by {SENTINEL}"),
    ]
    public = build_minutes(now, [earlier], public=True)
    assert [(a.code, a.text, a.status, a.update) for a in public.arising] == [
        ("1.2", "Fix the lamps", "done", "followed up in private (exempt item)")
    ]
    assert SENTINEL not in to_markdown(public)


@pytest.mark.parametrize("fmt", [*MINUTES, "eml"])
def test_approved_minutes_and_their_amendments_keep_the_exempt_out(
    capsys, store, clock, tmp_path, fmt
):
    """Approved, with a correction at approval and amendments to the exempt item's title and
    note: the public minutes hold none of it (the amendment log leaves withheld records out;
    the corrections said at approval are in the full minutes only)."""
    from facilitator.core.approval import amend, approve_minutes

    sid = sentinel_session(store, clock)
    approve_minutes(
        store, sid, by=None, by_date="2026-12-21", at="2026-12-21T14:10:00",
        corrections=f"item 3 named {SENTINEL} wrongly",
    )
    amend(store, sid, "item", "3", f"Contract award to {SENTINEL} Ltd", by="Sam", clock=clock)
    amend(store, sid, "note", "3.1", f"Bids from {SENTINEL} Ltd discussed", by="Sam", clock=clock)
    amend(store, sid, "item", "2", "Street lighting, Hope Street", by="Sam", clock=clock)
    public, _ = produce(capsys, store, tmp_path, ["minutes", "{sid}", "--format", fmt, "--public"])
    assert SENTINEL not in public
    assert "Street lighting, Hope Street" in public  # the open item's amendment is listed
    assert "Amendments after approval" in public and "with corrections" in public
    full, _ = produce(capsys, store, tmp_path, ["minutes", "{sid}", "--format", fmt])
    assert f"Bids from {SENTINEL} Ltd discussed" in full
    assert f"item 3 named {SENTINEL} wrongly" in full


# -- compact challenges (core/challenges.py): a confidential case stays out of --public


@pytest.mark.parametrize(
    "argv",
    [
        ["challenge", "--public"],
        ["challenge", "list", "--public"],
        ["challenge", "list", "--format", "json", "--public"],
        ["challenge", "list", "--open", "--public"],
    ],
    ids=["bare", "list", "json", "open"],
)
def test_a_confidential_challenge_is_left_out_of_public_lists(capsys, store, clock, tmp_path, argv):
    sentinel_session(store, clock)
    base = ["--data-dir", str(store.root), "challenge", "raise", "--partnership", "Northfield",
            "--by", "Northfield CVS", "--against", "Northfield Council", "--undertaking"]
    assert main([*base, f"2.1 Openness on the {SENTINEL} contract", "--evidence",
                 f"the {SENTINEL} bids", "--confidential"]) == 0
    assert main([*base, "3.4 Communication", "--evidence", "the open matter"]) == 0
    capsys.readouterr()
    target = tmp_path / "out.txt"
    assert main(["--data-dir", str(store.root), *argv, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert SENTINEL not in text
    assert "3.4 Communication" in text  # the open case is there
    full = tmp_path / "full.txt"  # and without --public, the confidential one too
    assert main(["--data-dir", str(store.root), *[a for a in argv if a != "--public"],
                 "-o", str(full)]) == 0
    assert SENTINEL in full.read_text(encoding="utf-8")
    assert main(["--data-dir", str(store.root), "challenge", "show", "1", "--public"]) == 2
    assert SENTINEL not in "".join(capsys.readouterr())
