"""Values of the right type but the wrong content, in every file the app reads (issue 13.4).

Each bad value goes through the ways a file reaches the app: a session file in the data
folder (read by the store and by the commands), ``facilitator import``, and an agenda file
(``facilitator new --agenda``). Each is refused in one line naming the file, the record and
the field; nothing is created; no traceback.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.checklists import ChecklistError, available
from facilitator.core.demo import create_demo
from facilitator.core.prompts import PromptConfigError, load_config
from facilitator.core.store import CorruptSession, SessionStore
from facilitator.core.transfer import MARKER, VERSION
from facilitator.ui.settings import SETTINGS, SettingsError, load_keymap, load_theme
from tests.conftest import FROZEN_NOW
from tests.core.test_cli import assert_one_line_error, run

HUGE = 10**4000  # parses as JSON and TOML; as minutes it overflowed a timedelta

# id: (table, record key, field, value (a dict adds a record), what the message says)
BAD_VALUES: dict[str, tuple[str, str, str, Any, str]] = {
    "papers-uk-date": (
        "agenda", "3", "papers_circulated", "01/02/2027", "'01/02/2027' is not an ISO date"
    ),
    "due-uk-date": ("actions", "1", "due", "31/02/2027", "'31/02/2027' is not an ISO date"),
    "due-not-a-day": ("actions", "1", "due", "2027-02-31", "'2027-02-31' is not a real date"),
    "review-a-word": ("decisions", "1", "review", "soon", "'soon' is not an ISO date"),
    "date-year-9999": (
        "session", "1", "date", "9999-12-31T23:30", "the year should be from 1900 to 2200"
    ),
    "minutes-huge": ("agenda", "2", "minutes", HUGE, "should be from 1 to 600, not a number"),
    "minutes-zero": ("agenda", "2", "minutes", 0, "should be from 1 to 600, not 0"),
    "extension-negative": ("agenda", "2", "extra_minutes", -5, "should be from 0 to 1440"),
    "position-negative": ("agenda", "2", "position", -1, "should be from 0 to"),
    "seconds-huge": ("agenda", "2", "spent_seconds", 10**20, "should be from 0 to"),
    "time-past-midnight": (
        "notes", "2", "at", "2026-11-02T25:00:00", "'2026-11-02T25:00:00' is not a real date"
    ),
    "time-with-a-zone": (
        "notes", "2", "at", "2026-11-02T14:00+01:00", "'2026-11-02T14:00+01:00' is not an ISO"
    ),
    "time-blank": ("notes", "2", "at", "", "'' is not an ISO date and time"),
    "sector-capitalised": ("participants", "2", "sector", "Public", "should be one of 'public'"),
    "state-unknown": ("session", "1", "state", "paused", "should be one of 'upcoming'"),
    "action-status-unknown": ("actions", "1", "status", "finished", "should be one of 'open'"),
    "note-kind-of-decision": ("notes", "1", "kind", "decision", "should be one of 'note'"),
    "title-two-lines": ("session", "1", "title", "Board\nmeeting", "should be one line"),
    "quorum-text": ("session", "1", "quorum", "3", "should be a whole number, not '3'"),
    "item-id-twice": ("agenda", "2", "id", 0, "0 is also the id of agenda record 1"),
    "person-id-twice": ("participants", "2", "id", 0, "0 is also the id of participants"),
    "note-seq-twice": ("notes", "2", "seq", 1, "1 is also the seq of notes record 1"),
    "note-on-no-item": ("notes", "2", "item", 99, "no agenda record has id 99"),
    "action-of-no-decision": ("actions", "1", "decision", 999, "no decisions record has seq 999"),
    "turn-never-started": (
        "turns", "1", "start", {"name": "Priya Shah", "item": 0, "start": ""}, "'' is not"
    ),
    "prompt-mark-unknown": (
        "prompt_marks", "1", "state", {"key": "x", "state": "hidden"}, "should be one of"
    ),
    "nation-unknown": ("session", "1", "nation", "wales", "should be one of 'england-wales'"),
    "papers-days-too-many": ("session", "1", "papers_days", 61, "should be from 0 to 60"),
    "next-meeting-uk-date": (
        "session", "1", "next_meeting", "10/02/2027", "'10/02/2027' is not an ISO date"
    ),
}


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """The past demo meeting (notes, decisions, actions, a checklist): its id and tables."""
    store = SessionStore(tmp_path_factory.mktemp("demo") / "sessions")
    past, _ = create_demo(store, FROZEN_NOW)
    return past, json.loads(store.path_for(past).read_text(encoding="utf-8"))


def damaged(tables: dict[str, Any], kind: str) -> dict[str, Any]:
    table, key, name, value, _ = BAD_VALUES[kind]
    tables = copy.deepcopy(tables)
    if isinstance(value, dict):
        tables[table][key] = value
    else:
        tables[table][key][name] = value
    return tables


def where(kind: str) -> str:
    """What the one line must say: the record, the field and the problem."""
    table, key, name, _, says = BAD_VALUES[kind]
    return f"{table} record {key}, field {name}: {says}"


def plant(root: Path, demo_files: tuple[str, dict[str, Any]], kind: str) -> tuple[str, Path]:
    """The demo meeting with one bad value, as a session file in the data folder."""
    sid, tables = demo_files
    store = SessionStore(root)
    store.ensure_root()
    path = store.path_for(sid)
    path.write_text(json.dumps(damaged(tables, kind)), encoding="utf-8")
    return sid, path


def test_the_demo_files_are_good(demo_files: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    """Every bad value below is the only thing wrong with its file."""
    sid, tables = demo_files
    store = SessionStore(tmp_path)
    store.path_for(sid).write_text(json.dumps(tables), encoding="utf-8")
    assert store.load(sid).info.id == sid
    for table, key, _, value, _ in BAD_VALUES.values():
        assert isinstance(value, dict) or key in tables[table]


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_a_session_file_with_a_bad_value_is_refused_naming_record_and_field(
    demo_files: tuple[str, dict[str, Any]], tmp_path: Path, kind: str
) -> None:
    sid, path = plant(tmp_path / "sessions", demo_files, kind)
    with pytest.raises(CorruptSession) as refused:
        SessionStore(tmp_path / "sessions").load(sid)
    message = str(refused.value)
    assert str(path) in message
    assert where(kind) in message
    assert "\n" not in message and len(message) < 400


@pytest.mark.parametrize("kind", list(BAD_VALUES))
@pytest.mark.usefixtures("cli_today")
def test_commands_on_a_session_file_with_a_bad_value_say_so_in_one_line(
    capsys: pytest.CaptureFixture[str],
    demo_files: tuple[str, dict[str, Any]],
    tmp_path: Path,
    kind: str,
) -> None:
    data = tmp_path / "sessions"
    sid, path = plant(data, demo_files, kind)
    line = assert_one_line_error(*run(capsys, "--data-dir", data, "minutes", sid))
    assert path.name in line and where(kind) in line

    code, out, err = run(capsys, "--data-dir", data, "actions", "--format", "ics")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR")  # the other sessions' actions
    assert "Traceback" not in err
    (warning,) = err.splitlines()
    assert warning.startswith("facilitator: warning: ") and where(kind) in warning


@pytest.mark.parametrize("kind", list(BAD_VALUES))
@pytest.mark.usefixtures("cli_today")
def test_import_of_a_bad_value_is_refused_and_nothing_is_added(
    capsys: pytest.CaptureFixture[str],
    demo_files: tuple[str, dict[str, Any]],
    tmp_path: Path,
    kind: str,
) -> None:
    sid, tables = demo_files
    export = tmp_path / "board.json"
    wrapped = {"format": MARKER, "version": VERSION, "id": sid, "tables": damaged(tables, kind)}
    export.write_text(json.dumps(wrapped), encoding="utf-8")
    data = tmp_path / "sessions"

    line = assert_one_line_error(*run(capsys, "--data-dir", data, "import", export))
    assert str(export) in line and where(kind) in line
    assert SessionStore(data).session_ids() == []


# --------------------------------------------------------------------------- agenda files

AGENDA = 'title = "Board"\npartnership = "Northfield CSP"\n{top}\n[[items]]\ntitle = "Lighting"\n'

# id: (a line at the top, a line in the first item, what the message says after the file)
BAD_AGENDAS: dict[str, tuple[str, str, str]] = {
    "date-year-9999": (
        "date = 9999-12-31T23:30:00", "", "date: the year must be between 1900 and 2200, not 9999"
    ),
    "date-year-1": ("date = 0001-01-01", "", "date: the year must be between 1900 and 2200"),
    "papers-year-9999": (
        "", "papers_circulated = 9999-01-01", "items[1].papers_circulated: the year must be"
    ),
    "papers-datetime-year-9999": (
        "", "papers_circulated = 9999-01-01T10:00:00", "items[1].papers_circulated: the year"
    ),
    "minutes-huge": (
        "", f"minutes = {HUGE}", "items[1].minutes: should be from 1 to 600 minutes, not a number"
    ),
    "minutes-huge-hex": (
        "", f"minutes = 0x{'f' * 5000}", "items[1].minutes: should be from 1 to 600 minutes"
    ),
    "minutes-too-long-to-read": ("", f"minutes = {'9' * 5000}", "not valid TOML (Exceeds"),
}


@pytest.mark.parametrize("kind", list(BAD_AGENDAS))
@pytest.mark.usefixtures("cli_today")
def test_an_agenda_file_with_a_bad_value_is_refused_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    top, in_item, says = BAD_AGENDAS[kind]
    path = tmp_path / "board.toml"
    path.write_text(AGENDA.format(top=top) + in_item + "\n", encoding="utf-8")
    data = tmp_path / "sessions"

    line = assert_one_line_error(*run(capsys, "--data-dir", data, "new", "--agenda", path))
    assert line.startswith(f"facilitator: {path}: {says}")
    assert len(line) < 300
    assert SessionStore(data).session_ids() == []


@pytest.mark.usefixtures("cli_today")
def test_an_agenda_at_the_edge_of_the_years_makes_a_session_that_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Whatever an agenda file is let through, the session made from it opens."""
    from facilitator.core.planning import end_time

    path = tmp_path / "board.toml"
    top = "date = 2200-12-31T23:59:00"
    path.write_text(AGENDA.format(top=top) + "minutes = 600\npapers_circulated = 1900-01-01\n")
    data = tmp_path / "sessions"
    code, out, _ = run(capsys, "--data-dir", data, "new", "--agenda", path)
    assert code == 0
    session = SessionStore(data).load(out.splitlines()[-1])
    assert end_time(session) == "600 min planned: 23:59 → 09:59"


# --------------------------------------------------------------------------- other files


def test_every_number_a_prompts_file_can_set_has_a_range() -> None:
    from facilitator.core.prompts import LIMITS

    numbers = {
        key
        for fields in load_config().values()
        for key, value in fields.items()
        if isinstance(value, int | float)
    }
    assert numbers <= set(LIMITS)


BAD_PROMPTS = [
    ("[dominant_voice]\nshare = inf\n", "dominant_voice.share should be from 0.0 to 1.0, not inf"),
    ("[dominant_voice]\nshare = nan\n", "dominant_voice.share should be from 0.0 to 1.0, not nan"),
    ("[timebox_warning]\nat = -0.5\n", "timebox_warning.at should be from 0.0 to 1.0"),
    ("[checklist_due]\nmonths = 100000000\n", "checklist_due.months should be from 1 to 1200"),
    ("[sector_silent]\nafter_minutes = -3\n", "sector_silent.after_minutes should be from 0"),
    ('[overrun]\ntext = "{over:>999999999}"\n', "overrun: the text has {over…}: only a name"),
    ('[overrun]\ntext = "{over!r}"\n', "overrun: the text has {over…}: only a name"),
    (f"[overrun]\npriority = {'9' * 5000}\n", "cannot be read (Exceeds"),
]


@pytest.mark.parametrize(("text", "says"), BAD_PROMPTS, ids=[s[:40] for _, s in BAD_PROMPTS])
def test_a_prompts_file_with_a_bad_value_is_refused_in_one_line(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "prompts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PromptConfigError) as refused:
        load_config(path)
    assert str(refused.value).startswith(f"{path}: {says}")
    assert "\n" not in str(refused.value)


def test_a_checklist_file_with_a_number_too_long_to_read_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    path = folder / "ours.toml"
    path.write_text(f'id = "ours"\ntitle = "Ours"\nsource = "us"\nn = {"9" * 5000}\n')
    with pytest.raises(ChecklistError) as refused:
        available(tmp_path)
    assert str(refused.value).startswith(f"{path}: cannot be read (Exceeds")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (f"n = {'9' * 5000}\n", "cannot be read (Exceeds"),
        ('[keys]\n"live.next" = ","\n', 'live.next should be keys like "f6,ctrl+n"'),
        ('[keys]\n"live.next" = "f6,,ctrl+n"\n', 'live.next should be keys like "f6,ctrl+n"'),
        ('[keys]\n"live.next" = "f6,\\u0000"\n', 'live.next should be keys like "f6,ctrl+n"'),
    ],
    ids=["number-too-long", "only-a-comma", "an-empty-key", "a-control-character"],
)
def test_a_keymap_with_a_bad_value_is_refused_in_one_line(
    tmp_path: Path, text: str, says: str
) -> None:
    (tmp_path / "keymap.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_keymap(tmp_path, {"live.next"})
    assert str(refused.value).startswith(f"{tmp_path / 'keymap.toml'}: {says}")


@pytest.mark.parametrize(
    "text", ["[" * 100_000, '{"theme": ' * 100_000], ids=["lists", "objects"]
)
def test_a_settings_file_nested_too_deep_means_the_default_theme(
    tmp_path: Path, text: str
) -> None:
    (tmp_path / SETTINGS).write_text(text, encoding="utf-8")
    assert load_theme(tmp_path) == ""


def test_an_item_cannot_be_extended_past_what_its_file_may_hold(
    store: SessionStore, clock: Callable[[], datetime]
) -> None:
    from facilitator.core.agenda import agenda_from_dict
    from facilitator.core.capture import CaptureError
    from facilitator.core.meeting import Meeting
    from facilitator.core.model import MAX_EXTENSION
    from tests.helpers import agenda

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    meeting = Meeting(store.writer(sid), clock=clock)
    try:
        for _ in range(MAX_EXTENSION // 120):
            meeting.capture("/extend 120")
        with pytest.raises(CaptureError, match=f"extended by {MAX_EXTENSION} minutes in all"):
            meeting.capture("/extend 1")
    finally:
        meeting.writer.close()
    assert store.load(sid).agenda[0].extra_minutes == MAX_EXTENSION


@pytest.mark.parametrize("mark", ["\u2028", "\x0b", "\x85", "\x1e"])
def test_a_title_added_live_is_saved_on_one_line_and_the_file_still_opens(
    store: SessionStore, clock: Callable[[], datetime], mark: str
) -> None:
    """What a file may not hold, the app never writes: a line break pasted into /add."""
    from facilitator.core.agenda import agenda_from_dict
    from facilitator.core.meeting import Meeting
    from tests.helpers import agenda

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    meeting = Meeting(store.writer(sid), clock=clock)
    try:
        meeting.capture(f"/add Budget{mark}review 5 min")
    finally:
        meeting.writer.close()
    assert "Budget review" in [i.title for i in store.load(sid).agenda]


def test_a_session_like_another_is_titled_on_one_line_and_opens(
    store: SessionStore, clock: Callable[[], datetime]
) -> None:
    """The home screen's "new like this" form passes its title on as typed."""
    from facilitator.core.agenda import agenda_from_dict
    from facilitator.core.templates import like
    from tests.helpers import agenda

    previous = store.load(store.create(agenda_from_dict(agenda(), clock().date())))
    sid = store.create(like(previous, title="Extraordinary\u2028Board"))
    assert store.load(sid).info.title == "Extraordinary Board"
