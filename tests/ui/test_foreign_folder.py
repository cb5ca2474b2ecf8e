"""The data folder is not facilitator's alone (issue 13.2 and 13.5).

A project folder holds other programs' JSON, a user copies a session file, a backup tool
leaves a link, someone makes a FIFO: every command and every screen still works, nothing
crashes or hangs, and nothing facilitator did not write is moved, changed or deleted.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.core.demo import create_demo
from facilitator.core.meeting import Meeting
from facilitator.core.store import (
    CorruptSession,
    LockUnavailable,
    MisnamedSession,
    SessionStore,
    StoreError,
)
from facilitator.core.tracker import Archive
from facilitator.ui.app import make_app
from facilitator.ui.room import RoomApp
from facilitator.ui.settings import load_theme, save_theme
from tests.helpers import screen_text, settled

NOW = datetime(2026, 11, 23, 10, 0)


def snapshot(folder: Path, names: list[str]) -> dict[str, tuple[str, bytes | str]]:
    """What each named path is (its type, and its bytes or link target), not following
    links, so a change of any kind shows."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for name in names:
        path = folder / name
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            found[name] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            found[name] = ("file", path.read_bytes())
        elif stat.S_ISDIR(mode):
            found[name] = ("dir", "")
        else:
            found[name] = ("other", "")
    return found


@pytest.fixture
def crowded(tmp_path: Path) -> tuple[SessionStore, list[str], dict[str, str]]:
    """A data folder with the demo sessions among everything a real folder may hold.
    Returns the store, the names of the foreign things, and the demo ids."""
    outside = tmp_path / "outside"
    outside.mkdir()
    store = SessionStore(tmp_path / "data")
    past, upcoming = create_demo(store, NOW)
    root = store.root
    original = store.path_for(past).read_bytes()
    (outside / "target.txt").write_text("a file elsewhere, never to be written")

    foreign: dict[str, bytes] = {
        "package.json": b'{"name": "my-project", "version": "1.0.0"}\n',
        "tsconfig.json": b'{"compilerOptions": {"strict": true}}\n',
        "notes.json": b'{"session": {"1": {"title": "not ours"}}}',
        "empty.json": b"",
        "board copy.session.json": original,  # a copy under a name that is no id
        "backup.session.json": original,  # a copy under an id-like name: inner id differs
        "weird.session.json": b"\xef\xbb\xbf{not json",
        "README.md": b"# my project\n",
        ".notes.txt.k3j2h1x9.tmp": b"another program's temp file",
    }
    for name, raw in foreign.items():
        (root / name).write_bytes(raw)
    os.mkfifo(root / "pipe.session.json")
    os.mkfifo(root / "pipe.json")
    (root / "folder.session.json").mkdir()
    os.symlink(outside / "target.txt", root / "link.session.json")
    os.symlink(root / "nowhere", root / "dangling.session.json")
    os.symlink(outside / "target.txt", root / f".{upcoming}.lock")  # a planted lock link
    names = [*foreign, "pipe.session.json", "pipe.json", "folder.session.json",
             "link.session.json", "dangling.session.json", f".{upcoming}.lock"]
    return store, names, {"past": past, "upcoming": upcoming}


def run_cli(capsys: pytest.CaptureFixture[str], store: SessionStore, *args: str):
    code = cli.main(["--data-dir", str(store.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_works_and_nothing_foreign_is_touched(
    crowded, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store, names, ids = crowded
    before = snapshot(store.root, names)
    outside_before = (tmp_path / "outside" / "target.txt").read_bytes()
    commands = [
        ["sessions"],
        ["sessions", "--json"],
        ["actions"],
        ["actions", "--json"],
        ["decisions"],
        ["minutes", ids["past"]],
        ["minutes", ids["past"], "--format", "txt"],
        ["agenda", ids["upcoming"]],
        ["export", ids["past"], "-o", str(tmp_path / "out.json")],
        ["actions", "--format", "ics"],
        ["actions", "--format", "csv", "--public"],
        ["decisions", "--format", "csv"],
        ["minutes", ids["past"], "--format", "html", "-o", str(tmp_path / "m.html")],
        ["minutes", ids["past"], "--format", "docx", "-o", str(tmp_path / "m.docx")],
        ["templates"],
        ["new", "--like", ids["past"], "--date", "10/03/2027 14:00"],
        ["import", str(tmp_path / "out.json"), "--new-id"],
        # challenges.json is an app file too (core/challenges.py): read, raised, moved on
        ["challenge", "list"],
        ["challenge", "raise", "--partnership", "P", "--by", "A", "--against", "B",
         "--undertaking", "2.1 Openness"],
        ["challenge", "move", "1", "b", "--nominees", "Ann, Bo"],
        ["challenge", "show", "1"],
    ]
    for args in commands:
        code, _out, err = run_cli(capsys, store, *args)
        assert code == 0, (args, err)
        assert "Traceback" not in err
    assert snapshot(store.root, names) == before
    assert (tmp_path / "outside" / "target.txt").read_bytes() == outside_before


def test_the_listing_reports_each_odd_file_once_and_lists_every_session(crowded) -> None:
    store, _names, ids = crowded
    sessions, problems = store.list_sessions()
    assert sorted(s.info.id for s in sessions) == sorted(ids.values())
    reported = sorted(p.path.name for p in problems)
    assert reported == sorted(
        [
            "backup.session.json",
            "board copy.session.json",
            "dangling.session.json",
            "folder.session.json",
            "link.session.json",
            "pipe.session.json",
            "weird.session.json",
        ]
    )
    archive = Archive(store)
    assert sorted(s["id"] for s in archive.listings()) == sorted(ids.values())
    assert len(archive.problems) == len(reported)  # once each, not once per read


def test_a_copy_under_another_name_is_not_loaded_twice(crowded) -> None:
    store, _names, ids = crowded
    with pytest.raises(MisnamedSession, match=f"holds session '{ids['past']}'.*a copy"):
        store.load("backup")
    actions = Archive(store).actions()
    assert len(actions) == len({(a.session, a.seq) for a in actions})  # none doubled


def test_the_planted_lock_link_is_refused_and_its_target_kept(crowded, tmp_path: Path) -> None:
    store, _names, ids = crowded
    with pytest.raises(LockUnavailable, match="symbolic link"):
        store.writer(ids["upcoming"])
    assert (tmp_path / "outside" / "target.txt").read_text() == (
        "a file elsewhere, never to be written"
    )


async def test_every_screen_opens_in_a_crowded_folder(crowded, clock) -> None:
    store, names, ids = crowded
    os.unlink(store.root / f".{ids['upcoming']}.lock")  # so the meeting can be run
    names.remove(f".{ids['upcoming']}.lock")
    before = snapshot(store.root, names)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)  # home's list is read in a worker
        assert "… and 5 more files not read" in screen_text(app)
        for key in ("t", "escape", "h", "escape", "s", "escape"):
            await pilot.press(key)
            await settled(pilot)  # health's screen comes once its sessions are read
        await pilot.press("r")  # the selected (upcoming) meeting, live
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LiveScreen"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PlanScreen"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "m")  # the past meeting's minutes
        await pilot.pause()
        assert app.screen.__class__.__name__ in ("MinutesScreen", "ReviewScreen")
    room = RoomApp(store, ids["upcoming"], public=True, clock=clock)
    async with room.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Partnership Board" in screen_text(room)
    assert snapshot(store.root, names) == before


# --------------------------------------------------------------------------- one file each


def test_a_bom_session_file_is_read(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    path = store.path_for(past)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert store.load(past).info.id == past
    sessions, problems = store.list_sessions()
    assert problems == [] and past in [s.info.id for s in sessions]


@pytest.mark.parametrize("key", ["01", " 1", "+1", "1.0", "0", "-1", "１"])
def test_record_keys_that_would_collapse_are_refused(tmp_path: Path, key: str) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    path = store.path_for(past)
    data = json.loads(path.read_text())
    note = next(iter(data["notes"].values()))
    data["notes"][key] = dict(note, text="the second one")
    path.write_text(json.dumps(data))
    raw = path.read_bytes()
    with pytest.raises(CorruptSession, match="record key"):
        store.writer(past)
    assert path.read_bytes() == raw


def test_the_same_key_twice_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    path = store.path_for(past)
    text = path.read_text()
    first = text.index('  "1": ', text.index('"notes"'))
    line = text[first : text.index("\n", first) + 1]  # '  "1": {…},\n' (one of many notes)
    assert line.endswith(",\n")
    path.write_text(text.replace(line, line + line, 1))
    with pytest.raises(CorruptSession, match="appears twice"):
        store.load(past)


def test_the_theme_file_and_a_session_called_settings_never_meet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    exported = tmp_path / "settings-export.json"
    assert cli.main(["--data-dir", str(store.root), "export", past, "-o", str(exported)]) == 0
    data = json.loads(exported.read_text())
    data["id"] = data["tables"]["session"]["1"]["id"] = "settings"
    exported.write_text(json.dumps(data))
    save_theme(store.root, "textual-light")
    assert cli.main(["--data-dir", str(store.root), "import", str(exported)]) == 0
    capsys.readouterr()
    assert load_theme(store.root) == "textual-light"
    save_theme(store.root, "nord")
    sessions, problems = store.list_sessions()
    assert problems == []
    assert len(sessions) == 3
    assert load_theme(store.root) == "nord"


def test_a_fifo_for_the_settings_or_an_index_never_hangs(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    create_demo(store, NOW)
    for name in ("settings.json", ".index.json", ".list.json"):
        path = store.root / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    assert load_theme(store.root) == ""
    with pytest.raises(OSError):
        save_theme(store.root, "nord")
    archive = Archive(store)
    assert len(archive.listings()) == 2
    assert len(archive.actions()) > 0
    for name in ("settings.json", ".index.json", ".list.json"):
        assert stat.S_ISFIFO(os.lstat(store.root / name).st_mode)


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_challenges_json_that_is_no_file_is_one_line_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    store = SessionStore(tmp_path / "data")
    create_demo(store, NOW)
    path = store.root / "challenges.json"
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        (tmp_path / "elsewhere.json").write_text("{}")
        os.symlink(tmp_path / "elsewhere.json", path)
    else:
        path.mkdir()
    before = snapshot(store.root, ["challenges.json"])
    for args in (["challenge", "list"], ["challenge", "raise", "--partnership", "P", "--by",
                 "A", "--against", "B", "--undertaking", "U"]):
        code, _out, err = run_cli(capsys, store, *args)
        assert code == 2 and err.startswith("facilitator: ") and err.count("\n") == 1, err
    assert snapshot(store.root, ["challenges.json"]) == before
    if kind == "link":
        assert (tmp_path / "elsewhere.json").read_text() == "{}"


def test_a_folder_at_the_lock_path_is_one_line(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    (store.root / f".{past}.lock").unlink()
    (store.root / f".{past}.lock").mkdir()
    with pytest.raises(LockUnavailable, match="is a folder"):
        store.writer(past)


def test_sessions_named_the_old_way_are_renamed_once_and_nothing_else(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    past, upcoming = create_demo(store, NOW)
    for sid in (past, upcoming):
        store.path_for(sid).rename(store.root / f"{sid}.json")
    (store.root / "copy-of-board.json").write_bytes((store.root / f"{past}.json").read_bytes())
    (store.root / "package.json").write_text('{"name": "x", "schema_version": 1}')
    fresh = SessionStore(store.root)
    assert fresh.session_ids() == sorted([past, upcoming])
    assert not (store.root / f"{past}.json").exists()
    assert (store.root / "copy-of-board.json").exists()  # its inner id is not its name
    assert (store.root / "package.json").read_text() == '{"name": "x", "schema_version": 1}'


# --------------------------------------------------------------------------- read-only, full


@pytest.fixture
def refuse_locks(monkeypatch: pytest.MonkeyPatch):
    """Lock files cannot be made, as in a read-only or full folder (root ignores chmod,
    so the refusal is made here)."""
    real_open = os.open

    def refuse(code: int = errno.EROFS) -> None:
        def fake_open(path, flags, *args, **kwargs):
            if str(path).endswith(".lock") and flags & os.O_CREAT:
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake_open)

    return refuse


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_run_and_plan_say_in_one_line_when_the_lock_cannot_be_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], refuse_locks, code: int
) -> None:
    store = SessionStore(tmp_path / "data")
    _, upcoming = create_demo(store, NOW)
    refuse_locks(code)
    for command in ("run", "plan"):
        assert cli.main(["--data-dir", str(store.root), command, upcoming]) == 2
        _out, err = capsys.readouterr()
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith("facilitator: cannot open session")
    assert cli.main(["--data-dir", str(store.root), "minutes", upcoming]) == 0


@pytest.mark.parametrize("planted", [1, 2, 3])
async def test_files_not_read_are_told_in_one_toast(tmp_path: Path, clock, planted) -> None:
    """Each file not read is listed under the sessions (the first two in full); the toast
    says so once, however many there are (a toast each covered the list at 80×24), and not
    again on a reload."""
    store = SessionStore(tmp_path / "data")
    create_demo(store, NOW)
    for n in range(planted):
        (store.root / f"other-{n}.session.json").write_text('{"not": "a session"}')
    app = make_app(store, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settled(pilot)
        told = [(n.title, n.message) for n in app._notifications]
        assert len(told) == 1
        title, message = told[0]
        if planted == 1:
            assert title == "A file in the data folder was not read"
            assert "other-0.session.json is JSON but not a facilitator session" in message
        else:
            assert title == f"{planted} files in the data folder were not read"
            assert message.startswith(
                "They are listed under the sessions"
                if planted == 2
                else "The first 2 are listed under the sessions and facilitator sessions "
                "lists them all"
            )
        listed = str(app.screen.query_one("#home-problems").render())  # under the toast
        assert "other-0.session.json is JSON but not a facilitator session" in listed
        await pilot.press("f5")
        await settled(pilot)
        assert len(app._notifications) == 1  # told once
        await pilot.press("t")  # the tracker counts them too
        await settled(pilot)
        files = "1 file" if planted == 1 else f"{planted} files"
        state = str(app.screen.query_one("#tracker-state").render())
        assert f"⚠ {files} could not be read" in state


async def test_home_run_on_a_read_only_folder_says_so(tmp_path: Path, clock, refuse_locks):
    store = SessionStore(tmp_path / "data")
    create_demo(store, NOW)
    refuse_locks()
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")  # kept until home's list is read, then done
        await settled(pilot)
        assert app.screen.__class__.__name__ == "HomeScreen"
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and "is read-only" in said[0]


def test_defer_when_the_next_meeting_cannot_be_written_keeps_the_meeting_going(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    from facilitator.core import carry

    store = SessionStore(tmp_path / "data")
    _past, upcoming = create_demo(store, NOW)
    later = store.load(upcoming)
    later.info.date = "2027-03-01T14:00"
    next_id = store.create(later)
    writer = store.writer(upcoming)
    try:
        meeting = Meeting(writer, clock=clock)
        assert meeting.capture("/defer") is not None

        def full(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(carry, "pull_into", full)
        said = carry.deliver(store, meeting.session)
    finally:
        writer.close()
    assert "No space left on device" in said
    assert next_id in said


def test_a_session_file_that_is_a_link_is_reported_not_followed(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "data")
    past, _ = create_demo(store, NOW)
    elsewhere = tmp_path / "elsewhere.json"
    store.path_for(past).rename(elsewhere)
    os.symlink(elsewhere, store.path_for(past))
    raw = elsewhere.read_bytes()
    with pytest.raises(StoreError, match="symbolic link"):
        store.writer(past)
    assert elsewhere.read_bytes() == raw


@pytest.mark.parametrize("name", [".index.json", ".list.json"])
def test_an_index_nested_too_deep_is_rebuilt(tmp_path: Path, name: str) -> None:
    store = SessionStore(tmp_path / "data")
    create_demo(store, NOW)
    (store.root / name).write_text("[" * 100_000 + "]" * 100_000)
    archive = Archive(store)
    assert len(archive.listings()) == 2
    assert len(archive.actions()) > 0
    assert json.loads((store.root / name).read_text())["sessions"]
