"""Tests for facilitator.core.store: atomic writes, damaged files left alone, schema, locks,
permissions.

Every test works in its own ``tmp_path`` data folder. Tests that need a second process run
``sys.executable`` with a few lines of Python, because ``flock`` locks belong to an open
file description and a second process is what the lock is really for.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import facilitator.core.files as files_mod
import facilitator.core.store as store_mod
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.demo import create_demo
from facilitator.core.meeting import Meeting
from facilitator.core.model import SCHEMA_VERSION, Session
from facilitator.core.store import (
    ID_PATTERN,
    AtomicJSONStorage,
    CorruptSession,
    NewerSchema,
    SessionLocked,
    SessionStore,
    UnconfirmedWrite,
    UnknownSession,
    parse_session,
)
from tests.helpers import agenda

TODAY = date(2026, 11, 23)
BASE_ID = "2026-11-23-partnership-board"
SUBPROCESS_TIMEOUT = 30


# --------------------------------------------------------------------------- helpers


def agenda_data(**overrides: Any) -> dict[str, Any]:
    """The shared agenda cut to two people and two items, in the TOML file's shape."""
    data = agenda()
    data["participants"], data["items"] = data["participants"][:2], data["items"][:2]
    data.update(overrides)
    return data


def new_session(**overrides: Any) -> Session:
    return agenda_from_dict(agenda_data(**overrides), TODAY)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp"))


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.corrupt-*"))


def note_texts(session: Session) -> list[str]:
    return [n.text for n in session.notes]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )


TRY_WRITER = """
import sys
from facilitator.core.store import SessionLocked, SessionStore
try:
    writer = SessionStore(sys.argv[1]).writer(sys.argv[2])
except SessionLocked as exc:
    print("LOCKED", exc)
    sys.exit(3)
writer.close()
print("OPENED")
"""

HOLD_WRITER = """
import sys
from facilitator.core.store import SessionStore
writer = SessionStore(sys.argv[1]).writer(sys.argv[2])
print("HOLDING", flush=True)
sys.stdin.read()  # hold the lock until the parent closes stdin or kills us
"""


def try_writer_elsewhere(root: Path, session_id: str) -> subprocess.CompletedProcess[str]:
    return run_python(TRY_WRITER, str(root), session_id)


class Holder:
    """A child process holding a session's writer lock."""

    def __init__(self, root: Path, session_id: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITER, str(root), session_id],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        if line.strip() != "HOLDING":
            self.proc.kill()
            _, err = self.proc.communicate(timeout=SUBPROCESS_TIMEOUT)
            raise AssertionError(f"holder did not start: {line!r} {err}")

    def kill(self) -> int:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=SUBPROCESS_TIMEOUT)
        return self.proc.returncode

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=SUBPROCESS_TIMEOUT)


@pytest.fixture
def session_id(store: SessionStore) -> str:
    return store.create(new_session())


@pytest.fixture
def live(store: SessionStore, session_id: str, clock):
    """A started meeting with one note already on disk."""
    writer = store.writer(session_id)
    meeting = Meeting(writer, clock=clock)
    meeting.capture("first note")
    clock.advance(minutes=1)
    yield meeting
    writer.close()


# --------------------------------------------------------------------------- layout


def test_one_file_per_session_named_by_id(store: SessionStore) -> None:
    first = store.create(new_session())
    second = store.create(new_session(title="Steering Group", date="24/11/2026"))
    assert (first, second) == (BASE_ID, "2026-11-24-steering-group")
    assert sorted(p.name for p in store.root.glob("*.json")) == [
        f"{BASE_ID}.session.json",
        "2026-11-24-steering-group.session.json",
    ]
    assert store.session_ids() == [BASE_ID, "2026-11-24-steering-group"]
    loaded = store.load(first)
    assert loaded.info.id == first
    assert loaded.info.title == "Partnership Board"
    assert [p.name for p in loaded.participants] == ["Joan Pike", "Sam Okafor"]
    assert [i.title for i in loaded.agenda] == [
        "Welcome and apologies",
        "Street lighting on Hope Street",
    ]


def test_file_is_a_tinydb_document_with_schema_version(
    store: SessionStore, session_id: str
) -> None:
    data = json.loads(store.path_for(session_id).read_text(encoding="utf-8"))
    assert set(data) >= {"session", "participants", "agenda", "notes"}
    assert list(data["session"]) == ["1"]
    assert data["session"]["1"]["schema_version"] == SCHEMA_VERSION
    assert data["session"]["1"]["id"] == session_id


def test_create_and_writes_leave_no_temp_files(store: SessionStore, live: Meeting) -> None:
    for i in range(5):
        live.capture(f"note {i}")
    assert temp_files(store.root) == []


# --------------------------------------------------------------------------- UTF-8

NON_ASCII_TITLE = "Réunion — Ærøskøbing 会议"
NON_ASCII_NOTE = "Café ☕ naïve — 日本語 ✓ 🎉 Zoë"


def test_non_ascii_text_round_trips_and_is_stored_as_utf8(store: SessionStore, clock) -> None:
    session = new_session(
        title=NON_ASCII_TITLE,
        participants=[{"name": "Zoë Ñúñez", "organisation": "Łódź Ωmega"}],
        chair="",
        secretary="",
    )
    sid = store.create(session)
    assert ID_PATTERN.fullmatch(sid)
    writer = store.writer(sid)
    try:
        Meeting(writer, clock=clock).capture(NON_ASCII_NOTE)
    finally:
        writer.close()

    raw = store.path_for(sid).read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    for value in (NON_ASCII_TITLE, NON_ASCII_NOTE, "Zoë Ñúñez", "Łódź Ωmega"):
        assert value.encode("utf-8") in raw
        assert value in text
    assert b"\\u" not in raw  # stored as text, not as \u escapes

    loaded = SessionStore(store.root).load(sid)
    assert loaded.info.title == NON_ASCII_TITLE
    assert note_texts(loaded) == [NON_ASCII_NOTE]
    assert loaded.participants[0].name == "Zoë Ñúñez"
    assert loaded.participants[0].organisation == "Łódź Ωmega"


# --------------------------------------------------------------------------- permissions


def test_new_data_folder_is_0700_and_files_0600(tmp_path: Path, clock) -> None:
    old = os.umask(0)  # even a permissive umask must not open the data up
    try:
        store = SessionStore(tmp_path / "deep" / "sessions")
        sid = store.create(new_session())
        assert mode_of(store.root) == 0o700
        assert mode_of(store.path_for(sid)) == 0o600
        writer = store.writer(sid)
        try:
            Meeting(writer, clock=clock).capture("after a rewrite the mode is kept")
        finally:
            writer.close()
        assert mode_of(store.path_for(sid)) == 0o600
        assert mode_of(store.root / f".{sid}.lock") & 0o077 == 0
    finally:
        os.umask(old)


@pytest.mark.parametrize("loose", [0o755, 0o777, 0o750, 0o701])
def test_ensure_root_leaves_an_existing_folders_mode(tmp_path: Path, loose: int) -> None:
    """A folder facilitator did not make may be shared on purpose: its mode is its owner's."""
    root = tmp_path / "sessions"
    root.mkdir()
    os.chmod(root, loose)
    SessionStore(root).ensure_root()
    assert mode_of(root) == loose


def test_ensure_root_makes_a_new_folder_private(tmp_path: Path) -> None:
    root = tmp_path / "new" / "sessions"
    SessionStore(root).ensure_root()
    assert mode_of(root) == 0o700


def test_create_in_an_existing_shared_folder_keeps_its_mode_and_files_private(
    tmp_path: Path,
) -> None:
    root = tmp_path / "sessions"
    root.mkdir()
    os.chmod(root, 0o777)
    store = SessionStore(root)
    sid = store.create(new_session())
    assert mode_of(root) == 0o777
    assert mode_of(store.path_for(sid)) == 0o600


# --------------------------------------------------------------------------- atomic write


def test_write_order_is_temp_write_flush_fsync_replace_fsync_folder(
    store: SessionStore, live: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, ...]] = []
    real_mkstemp = files_mod.tempfile.mkstemp
    real_fdopen = store_mod.os.fdopen
    real_fsync = store_mod.os.fsync
    real_replace = store_mod.os.replace

    class RecordingFile:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> RecordingFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            events.append(("write",))
            return self.handle.write(data)

        def flush(self) -> None:
            events.append(("flush",))
            self.handle.flush()

        def fileno(self) -> int:
            return self.handle.fileno()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        events.append(("mkstemp", str(Path(name).parent), Path(name).name))
        return fd, name

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> RecordingFile:
        return RecordingFile(real_fdopen(fd, *args, **kwargs))

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(("fsync", kind))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(("replace", Path(src).name, str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files_mod.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(store_mod.os, "fdopen", fdopen)
    monkeypatch.setattr(store_mod.os, "fsync", fsync)
    monkeypatch.setattr(store_mod.os, "replace", replace)

    live.capture("second note")

    path = store.path_for(live.session.info.id)
    kinds = [e[0] if e[0] != "fsync" else f"fsync-{e[1]}" for e in events]
    collapsed = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
    assert collapsed == ["mkstemp", "write", "flush", "fsync-file", "replace", "fsync-folder"]
    mk = events[0]
    assert mk[1] == str(store.root)  # the temp file is in the same folder
    assert re.fullmatch(rf"\.{re.escape(path.name)}\..+\.tmp", mk[2])
    rep = next(e for e in events if e[0] == "replace")
    assert rep[1] == mk[2]
    assert rep[2] == str(path)


def test_serialisation_fails_before_any_file_is_touched(store: SessionStore, session_id) -> None:
    path = store.path_for(session_id)
    before = path.read_bytes()
    storage = AtomicJSONStorage(path)
    with pytest.raises(TypeError):
        storage.write({"session": {"1": {"not json": object()}}})
    assert path.read_bytes() == before
    assert temp_files(store.root) == []
    assert storage.text == before.decode("utf-8")


def test_folder_fsync_unsupported_by_filesystem_is_tolerated(
    store: SessionStore, live: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(store_mod.os, "fsync", fsync)
    live.capture("saved anyway")
    assert note_texts(SessionStore(store.root).load(live.session.info.id)) == [
        "first note",
        "saved anyway",
    ]


# --------------------------------------------------------------------------- write faults


class Fault:
    """A switchable OSError injected into one step of the atomic write."""

    def __init__(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.active = True
        self.calls = 0
        real_fsync = os.fsync
        real_replace = os.replace
        real_fdopen = os.fdopen
        fault = self

        if kind == "fsync":
            self.errno = errno.EIO

            def fsync(fd: int) -> None:
                if fault.active:
                    fault.calls += 1
                    raise OSError(errno.EIO, "Input/output error")
                real_fsync(fd)

            monkeypatch.setattr(store_mod.os, "fsync", fsync)
        elif kind == "fsync-folder":
            self.errno = errno.EIO

            def fsync_folder(fd: int) -> None:
                if fault.active and stat.S_ISDIR(os.fstat(fd).st_mode):
                    fault.calls += 1
                    raise OSError(errno.EIO, "Input/output error")
                real_fsync(fd)

            monkeypatch.setattr(store_mod.os, "fsync", fsync_folder)
        elif kind == "replace":
            self.errno = errno.EACCES

            def replace(src: Any, dst: Any) -> None:
                if fault.active:
                    fault.calls += 1
                    raise OSError(errno.EACCES, "Permission denied")
                real_replace(src, dst)

            monkeypatch.setattr(store_mod.os, "replace", replace)
        elif kind == "write-enospc":
            self.errno = errno.ENOSPC

            class DiskFull:
                """Writes half the bytes, then the disk is full."""

                def __init__(self, handle: Any) -> None:
                    self.handle = handle

                def __enter__(self) -> DiskFull:
                    return self

                def __exit__(self, *exc: object) -> None:
                    self.handle.close()

                def write(self, data: bytes) -> int:
                    fault.calls += 1
                    self.handle.write(data[: len(data) // 2])
                    self.handle.flush()
                    raise OSError(errno.ENOSPC, "No space left on device")

                def flush(self) -> None:
                    self.handle.flush()

                def fileno(self) -> int:
                    return self.handle.fileno()

            def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
                handle = real_fdopen(fd, *args, **kwargs)
                return DiskFull(handle) if fault.active else handle

            monkeypatch.setattr(store_mod.os, "fdopen", fdopen)
        else:  # pragma: no cover
            raise ValueError(kind)


@pytest.mark.parametrize("kind", ["fsync", "replace", "write-enospc"])
def test_failed_write_changes_nothing_and_the_next_one_succeeds(
    store: SessionStore, live: Meeting, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    sid = live.session.info.id
    path = store.path_for(sid)
    before = path.read_bytes()
    session_before = parse_session(before.decode("utf-8"))
    assert live.session == session_before

    fault = Fault(kind, monkeypatch)
    with pytest.raises(OSError) as failure:
        live.capture("some note")
    assert failure.value.errno == fault.errno
    assert not isinstance(failure.value, UnconfirmedWrite)
    assert fault.calls >= 1

    assert path.read_bytes() == before, "the session file changed although the write failed"
    assert temp_files(store.root) == []
    assert "some note" not in note_texts(live.session)
    assert live.session == session_before
    assert corrupt_files(store.root) == []

    fault.active = False
    live.capture("after the fault")
    on_disk = SessionStore(store.root).load(sid)
    assert note_texts(on_disk) == ["first note", "after the fault"]
    assert on_disk == live.session
    assert on_disk.info.state == "live"
    assert on_disk.info.started_at == session_before.info.started_at
    assert temp_files(store.root) == []


def test_unconfirmed_folder_fsync_keeps_memory_and_file_in_step(
    store: SessionStore, live: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename happened but the folder's fsync failed: the caller is told (an OSError),
    and what is in memory is what is in the file, so the next write cannot drop it."""
    sid = live.session.info.id
    path = store.path_for(sid)
    fault = Fault("fsync-folder", monkeypatch)
    with pytest.raises(UnconfirmedWrite) as failure:
        live.capture("some note")
    assert isinstance(failure.value, OSError)
    assert failure.value.errno == errno.EIO
    assert fault.calls == 1
    assert temp_files(store.root) == []
    on_disk = SessionStore(store.root).load(sid)
    assert note_texts(on_disk) == ["first note", "some note"]
    assert live.session == on_disk
    assert live.writer.db.storage.text == path.read_text(encoding="utf-8")

    fault.active = False
    live.capture("after the fault")
    assert note_texts(SessionStore(store.root).load(sid)) == [
        "first note",
        "some note",
        "after the fault",
    ]


def test_create_fault_leaves_no_file(store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ensure_root()
    Fault("write-enospc", monkeypatch)
    with pytest.raises(store_mod.StoreError, match="No space left on device"):
        store.create(new_session())
    assert list(store.root.iterdir()) == []


# --------------------------------------------------------------------------- schema version


def bump_schema(path: Path, version: int = SCHEMA_VERSION + 1) -> bytes:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["session"]["1"]["schema_version"] = version
    data["future_table"] = {"1": {"something": "new"}}
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    path.write_bytes(raw)
    return raw


def test_newer_schema_is_refused_and_left_untouched(store: SessionStore) -> None:
    newer_id = store.create(new_session())
    other_id = store.create(new_session(title="Steering Group"))
    path = store.path_for(newer_id)
    raw = bump_schema(path)

    with pytest.raises(NewerSchema) as refused:
        store.load(newer_id)
    message = str(refused.value)
    assert str(path) in message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert path.read_bytes() == raw
    assert corrupt_files(store.root) == []

    with pytest.raises(NewerSchema):
        store.writer(newer_id)
    assert path.read_bytes() == raw
    # the failed writer released its lock: trying again fails for the schema, not the lock
    with pytest.raises(NewerSchema):
        store.writer(newer_id)

    sessions, problems = store.list_sessions()
    assert [s.info.id for s in sessions] == [other_id]
    assert len(problems) == 1
    assert problems[0].path == path
    assert "newer facilitator" in problems[0].message
    assert path.read_bytes() == raw
    assert sorted(p.name for p in store.root.iterdir() if not p.name.startswith(".")) == sorted(
        [f"{newer_id}.session.json", f"{other_id}.session.json"]
    )


def test_current_schema_version_loads(store: SessionStore, session_id: str) -> None:
    bump_schema(store.path_for(session_id), SCHEMA_VERSION)
    assert store.load(session_id).info.schema_version == SCHEMA_VERSION


# --------------------------------------------------------------------------- damaged files


def _with_session_record(good: bytes, **fields: Any) -> bytes:
    data = json.loads(good)
    data["session"]["1"].update(fields)
    return json.dumps(data).encode("utf-8")


def _with_table(good: bytes, table: str, value: Any) -> bytes:
    data = json.loads(good)
    data[table] = value
    return json.dumps(data).encode("utf-8")


DAMAGE = {
    # kind: (make the damaged bytes from a good file's bytes, what the message must say)
    "empty": (lambda good: b"", "is empty"),
    "whitespace": (lambda good: b"  \n\t\r\n  ", "is empty"),
    "truncated": (lambda good: good[: len(good) // 2], "not valid JSON"),
    "garbage": (lambda good: b"\x00\x17garbage }{ ][ \x7f", "not valid JSON"),
    "binary": (lambda good: bytes(range(256)) * 4, "not valid JSON"),
    "latin-1": (
        lambda good: good.decode("utf-8").replace("Town Hall", "Café Hall").encode("latin-1"),
        "not valid JSON",
    ),
    "deeply-nested": (lambda good: b"[" * 200_000, "not valid JSON"),
    "list": (lambda good: b"[]", "not a facilitator session"),
    "null": (lambda good: b"null", "not a facilitator session"),
    "string": (lambda good: b'"hello"', "not a facilitator session"),
    "empty-object": (lambda good: b"{}", "no session record"),
    "tinydb-default": (
        lambda good: b'{"_default": {"1": {"title": "a shopping list"}}}',
        "no session record",
    ),
    "two-session-records": (
        lambda good: _with_table(
            good,
            "session",
            {"1": json.loads(good)["session"]["1"], "2": json.loads(good)["session"]["1"]},
        ),
        "no session record",
    ),
    "table-not-object": (lambda good: _with_table(good, "notes", []), "not a facilitator"),
    "title-is-number": (
        lambda good: _with_session_record(good, title=5),
        "session record 1, field title: should be text, not 5",
    ),
    "schema-version-text": (
        lambda good: _with_session_record(good, schema_version="1"),
        "no valid schema_version",
    ),
    "schema-version-missing": (
        lambda good: json.dumps(
            {
                "session": {
                    "1": {
                        k: v
                        for k, v in json.loads(good)["session"]["1"].items()
                        if k != "schema_version"
                    }
                }
            }
        ).encode("utf-8"),
        "no valid schema_version",
    ),
    "note-not-object": (
        lambda good: _with_table(good, "notes", {"1": "just text"}),
        "damaged record",
    ),
    "record-key-not-number": (
        lambda good: _with_table(
            good, "notes", {"one": {"item": 0, "text": "x", "at": "2026-11-23T14:00:00"}}
        ),
        "damaged record",
    ),
    "participant-flag-text": (
        lambda good: _with_table(good, "participants", {"1": {"name": "X", "new": "yes"}}),
        "participants record 1, field new: should be true or false",
    ),
}

DAMAGED_ID = "2026-01-01-damaged"


@pytest.fixture
def good_bytes(store: SessionStore) -> bytes:
    """The bytes of a real session file (not left in the store)."""
    sid = store.create(new_session(title="Template"))
    path = store.path_for(sid)
    raw = path.read_bytes()
    path.unlink()
    return raw


def plant_damaged(store: SessionStore, raw: bytes) -> Path:
    path = store.path_for(DAMAGED_ID)
    path.write_bytes(raw)
    return path


def assert_left_alone(store: SessionStore, path: Path, raw: bytes, message: str) -> None:
    assert path.read_bytes() == raw, "the damaged file was changed or moved"
    assert corrupt_files(store.root) == []
    assert "left as it is" in message


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_file_is_reported_and_left_as_it_is_on_load(
    store: SessionStore, good_bytes: bytes, kind: str
) -> None:
    damage, reason = DAMAGE[kind]
    other = store.create(new_session())
    raw = damage(good_bytes)
    path = plant_damaged(store, raw)

    for _ in range(2):  # and again: nothing was moved, so it is reported again
        with pytest.raises(CorruptSession) as failure:
            store.load(DAMAGED_ID)
        message = str(failure.value)
        assert str(path) in message
        assert reason in message
        assert_left_alone(store, path, raw, message)
    assert store.load(other).info.id == other


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_file_does_not_stop_the_others_listing(
    store: SessionStore, good_bytes: bytes, kind: str
) -> None:
    damage, reason = DAMAGE[kind]
    first = store.create(new_session())
    second = store.create(new_session(title="Steering Group", date="01/12/2026"))
    raw = damage(good_bytes)
    path = plant_damaged(store, raw)

    for _ in range(2):  # each listing reports it once, and it stays where it is
        sessions, problems = store.list_sessions()
        assert [s.info.id for s in sessions] == [first, second]
        assert len(problems) == 1
        assert problems[0].path == path
        assert str(path) in problems[0].message
        assert reason in problems[0].message
        assert_left_alone(store, path, raw, problems[0].message)


@pytest.mark.parametrize("kind", ["truncated", "title-is-number", "binary"])
def test_damaged_file_is_refused_by_writer_and_lock_released(
    store: SessionStore, good_bytes: bytes, kind: str
) -> None:
    damage, reason = DAMAGE[kind]
    raw = damage(good_bytes)
    path = plant_damaged(store, raw)
    with pytest.raises(CorruptSession, match=re.escape(reason)) as failure:
        store.writer(DAMAGED_ID)
    assert_left_alone(store, path, raw, str(failure.value))
    with pytest.raises(CorruptSession):  # not SessionLocked: the lock was let go
        store.writer(DAMAGED_ID)
    assert path.read_bytes() == raw


def test_a_new_session_never_takes_a_damaged_files_name(store: SessionStore) -> None:
    store.ensure_root()
    path = store.path_for("2026-11-23-partnership-board")
    path.write_bytes(b"damage {")
    sid = store.create(new_session())
    assert sid == "2026-11-23-partnership-board-2"
    assert path.read_bytes() == b"damage {"


def test_truncated_demo_session_is_always_detected(store: SessionStore) -> None:
    past_id, _upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    path = store.path_for(past_id)
    full = path.read_bytes()
    assert len(store.load(past_id).notes) > 5
    offsets = list(range(0, len(full), 97))
    assert len(offsets) > 50
    for offset in offsets:
        cut = full[:offset]
        path.write_bytes(cut)
        with pytest.raises(CorruptSession):
            store.load(past_id)
        assert path.read_bytes() == cut, offset
        assert corrupt_files(store.root) == [], offset
    path.write_bytes(full)
    assert store.load(past_id).info.id == past_id


def test_unreadable_file_is_reported_and_left(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = store.create(new_session())
    other = store.create(new_session(title="Steering Group"))
    path = store.path_for(sid)
    raw = path.read_bytes()
    real_read_text = store_mod.read_text

    def read_text(target: Path) -> str:
        if target == path:  # chmod 000 would not stop root, so refuse the read here
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_read_text(target)

    monkeypatch.setattr("facilitator.core.store.read_text", read_text)
    sessions, problems = store.list_sessions()
    assert [s.info.id for s in sessions] == [other]
    assert len(problems) == 1
    assert "cannot read" in problems[0].message and "Permission denied" in problems[0].message
    assert path.read_bytes() == raw
    assert corrupt_files(store.root) == []


# --------------------------------------------------------------------------- temp files


def plant_temp(store: SessionStore, session_id: str, tag: str) -> Path:
    tmp = store.root / f".{session_id}.session.json.{tag:_<8}.tmp"  # mkstemp's 8 characters
    tmp.write_bytes(b'{"session": {"1": {"id": "half-writ')
    return tmp


def test_list_sessions_removes_leftover_temp_files(store: SessionStore, session_id) -> None:
    mine = plant_temp(store, session_id, "k3j2h1x9")
    orphan = plant_temp(store, "2026-01-01-deleted", "a_b_c")
    foreign = store.root / ".notes.txt.k3j2h1x9.tmp"  # another program's temp file
    foreign.write_text("not ours")
    settings = store.root / ".settings.json.q8w7e6r5.tmp"  # the theme being saved right now
    settings.write_text('{"theme": "projector-light"}')
    other_json = store.root / ".2026-03-01-board.json.z9x8c7v6.tmp"  # id-like, not a session's
    other_json.write_text("not ours either")
    unrelated = store.root / "README.txt"
    unrelated.write_text("keep me")
    sessions, problems = store.list_sessions()
    assert [s.info.id for s in sessions] == [session_id]
    assert problems == []
    assert not mine.exists()
    assert not orphan.exists()
    assert unrelated.read_text() == "keep me"
    assert temp_files(store.root) == sorted([foreign.name, settings.name, other_json.name])


def test_list_sessions_keeps_temp_file_of_a_session_being_written(store: SessionStore) -> None:
    busy = store.create(new_session())
    idle = store.create(new_session(title="Steering Group"))
    writer = store.writer(busy)
    try:
        busy_tmp = plant_temp(store, busy, "inflight")
        idle_tmp = plant_temp(store, idle, "leftover")
        sessions, _ = store.list_sessions()
        assert {s.info.id for s in sessions} == {busy, idle}
        assert busy_tmp.exists(), "removed the temp file of a session open for writing"
        assert not idle_tmp.exists()
    finally:
        writer.close()
    store.list_sessions()
    assert not busy_tmp.exists()


def test_list_sessions_keeps_temp_file_of_a_session_written_by_another_process(
    store: SessionStore, session_id: str
) -> None:
    holder = Holder(store.root, session_id)
    try:
        tmp = plant_temp(store, session_id, "inflight")
        store.list_sessions()
        assert tmp.exists()
    finally:
        holder.stop()
    store.list_sessions()
    assert not tmp.exists()


def test_writer_removes_its_own_temp_files_only(store: SessionStore) -> None:
    mine = store.create(new_session())
    other = store.create(new_session(title="Steering Group"))
    my_tmps = [plant_temp(store, mine, "one"), plant_temp(store, mine, "two")]
    other_tmp = plant_temp(store, other, "three")
    writer = store.writer(mine)
    try:
        assert not any(t.exists() for t in my_tmps)
        assert other_tmp.exists()  # another process may be writing that one
    finally:
        writer.close()


# --------------------------------------------------------------------------- one writer


def test_second_writer_in_same_process_is_refused(store: SessionStore, session_id) -> None:
    first = store.writer(session_id)
    try:
        with pytest.raises(SessionLocked) as refused:
            store.writer(session_id)
        message = str(refused.value)
        assert session_id in message
        assert "already open for writing" in message
        assert f"process {os.getpid()}" in message
    finally:
        first.close()
    again = store.writer(session_id)
    again.close()


def test_second_writer_in_another_process_is_refused(
    store: SessionStore, session_id: str, clock
) -> None:
    writer = store.writer(session_id)
    try:
        result = try_writer_elsewhere(store.root, session_id)
        assert result.returncode == 3, result.stderr
        assert result.stdout.startswith("LOCKED")
        assert session_id in result.stdout
        assert "already open for writing" in result.stdout
        assert f"process {os.getpid()}" in result.stdout
        # the holder can still write while the other process was refused
        Meeting(writer, clock=clock).capture("still mine")
    finally:
        writer.close()
    result = try_writer_elsewhere(store.root, session_id)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OPENED"
    assert note_texts(store.load(session_id)) == ["still mine"]


def test_lock_is_per_session(store: SessionStore) -> None:
    first = store.create(new_session())
    second = store.create(new_session(title="Steering Group"))
    writer = store.writer(first)
    try:
        result = try_writer_elsewhere(store.root, second)
        assert result.stdout.strip() == "OPENED", result.stderr
    finally:
        writer.close()


def test_killed_writer_releases_the_lock(store: SessionStore, session_id: str) -> None:
    holder = Holder(store.root, session_id)
    try:
        with pytest.raises(SessionLocked, match=f"process {holder.proc.pid}"):
            store.writer(session_id)
        assert holder.kill() == -signal.SIGKILL
    finally:
        holder.stop()
    writer = store.writer(session_id)
    writer.close()


# --------------------------------------------------------------------------- ids and create


def test_create_never_overwrites_same_title_and_date(store: SessionStore) -> None:
    first = store.create(new_session())
    first_bytes = store.path_for(first).read_bytes()
    second = store.create(new_session(venue="Somewhere else"))
    third = store.create(new_session(venue="A third place"))
    assert [first, second, third] == [BASE_ID, f"{BASE_ID}-2", f"{BASE_ID}-3"]
    assert store.path_for(first).read_bytes() == first_bytes
    assert store.load(first).info.venue == "Town Hall, Room 4"
    assert store.load(second).info.venue == "Somewhere else"
    assert store.load(third).info.venue == "A third place"


def test_concurrent_creates_get_distinct_ids(store: SessionStore) -> None:
    store.ensure_root()
    count = 8
    barrier = threading.Barrier(count)
    ids: list[str] = []
    errors: list[BaseException] = []

    def create(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            ids.append(store.create(new_session(venue=f"room {n}")))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert len(set(ids)) == count
    venues = {store.load(i).info.venue for i in ids}
    assert venues == {f"room {n}" for n in range(count)}


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "A B/C\\D",
        "",
        "会议 ✓",
        "-----",
        "x" * 200,
        "Réunion: été 2026",
        ".hidden",
        "CON",
    ],
)
def test_created_ids_are_filesystem_safe(store: SessionStore, title: str) -> None:
    session = new_session()
    session.info.title = title
    sid = store.create(session)
    assert ID_PATTERN.fullmatch(sid)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", sid)
    assert len(sid) <= 100
    assert [p.name for p in store.root.iterdir() if not p.name.startswith(".")] == [
        f"{sid}.session.json"
    ]
    assert store.load(sid).info.title == title


@pytest.mark.parametrize(
    "bad",
    ["../x", "A B", "", "x/y", ".hidden", "-x", "a.json", "é", "a" * 101, "abc\n", "x\x00"],
)
def test_path_for_rejects_unsafe_ids(store: SessionStore, bad: str) -> None:
    with pytest.raises(UnknownSession):
        store.path_for(bad)
    with pytest.raises(UnknownSession):
        store.load(bad)


@pytest.mark.parametrize("bad", ["./../escape", "A B", "../x"])
def test_writer_rejects_unsafe_ids_without_touching_the_disk(tmp_path: Path, bad: str) -> None:
    store = SessionStore(tmp_path / "data" / "sessions")
    store.ensure_root()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(UnknownSession):
        store.writer(bad)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == before


def test_unknown_session(store: SessionStore, session_id: str) -> None:
    with pytest.raises(UnknownSession, match="no session"):
        store.load("2026-01-01-nothing")
    with pytest.raises(UnknownSession):
        store.writer("2026-01-01-nothing")
    assert SessionStore(store.root / "missing").list_sessions() == ([], [])


# --------------------------------------------------------------------------- readers


def test_reader_thread_never_sees_a_torn_file(store: SessionStore, live: Meeting) -> None:
    sid = live.session.info.id
    reader_store = SessionStore(store.root)
    stop = threading.Event()
    first_read = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def read_loop() -> None:
        try:
            while not stop.is_set():
                seen.append(len(reader_store.load(sid).notes))
                first_read.set()
                time.sleep(0)  # let the writer thread have the GIL between reads
        except BaseException as exc:
            errors.append(exc)
            first_read.set()

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        assert first_read.wait(timeout=10)
        for i in range(200):
            live.capture(f"note {i}")
    finally:
        stop.set()
        reader.join(timeout=30)
    assert errors == []
    assert len(set(seen)) > 2  # it read while the writes were going on
    assert seen == sorted(seen)  # never goes back in time
    assert corrupt_files(store.root) == []
    assert len(store.load(sid).notes) == 201


READ_LOOP = """
import sys
from pathlib import Path
from facilitator.core.store import SessionStore
store, sid, stop = SessionStore(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
counts = set()
loads = 0
while True:
    finished = stop.exists()
    counts.add(len(store.load(sid).notes))
    loads += 1
    if loads == 1:
        print("READING", flush=True)
    if finished:
        break
print("OK", loads, len(counts), max(counts), flush=True)
"""


def test_reader_process_never_sees_a_torn_file(
    store: SessionStore, live: Meeting, tmp_path: Path
) -> None:
    sid = live.session.info.id
    stop = tmp_path / "stop"
    proc = subprocess.Popen(
        [sys.executable, "-c", READ_LOOP, str(store.root), sid, str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "READING"
        for i in range(200):
            live.capture(f"note {i}")
    finally:
        stop.touch()
        out, err = proc.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert proc.returncode == 0, err
    _ok, loads, distinct, last = out.split()
    assert int(loads) > 1
    assert int(distinct) > 2  # it read while the writes were going on
    assert int(last) == 201  # it read the final state, after the last write
    assert corrupt_files(store.root) == []


def test_after_every_kind_of_write_the_writer_holds_what_is_on_disk(
    store: SessionStore, session_id: str, clock
) -> None:
    """Inserts update the writer's snapshot without re-reading the file: it must still equal
    a fresh read after each kind of record, including an agenda item placed mid-agenda."""
    from facilitator.core.model import AgendaItem

    writer = store.writer(session_id)
    try:
        meeting = Meeting(writer, clock=clock)
        lines = [
            "A first note",
            "/present Joan Pike",
            "/left Sam",
            "/interest Sam Okafor item 1 trustee of the tenants' association",
            "/decision Fit brighter lamps @Joan",
            "/action @Sam Survey the street by friday",
            "/speak Joan",
            "/stop",
            "/add Extra item 5",
            "/extend 5",
            "/dissent Sam prefers LED",
            "/undo",
            "/checklist",
            "y",
        ]
        for line in lines:
            try:
                meeting.capture(line)
            except Exception as exc:  # noqa: BLE001 - a refused line writes nothing
                assert type(exc).__name__ == "CaptureError"
            assert writer.session == store.load(session_id), line
            clock.advance(minutes=1)
        writer.insert_item(AgendaItem(title="Inserted second", minutes=5), 1)
        assert writer.session == store.load(session_id)
        assert [i.title for i in writer.session.agenda][1] == "Inserted second"
        kinds = {name for name in store_mod.TABLES if getattr(writer.session, name, None)}
        assert {"notes", "decisions", "actions", "attendance", "interests", "turns"} <= kinds
    finally:
        writer.close()


# --------------------------------------------------------------------------- never write what
# the reader refuses


def test_a_record_the_reader_would_refuse_is_never_written(store: SessionStore, live) -> None:
    from facilitator.core.model import Note
    from facilitator.core.store import RecordRefused

    path = store.path_for(live.session.info.id)
    raw = path.read_bytes()
    notes = list(live.session.notes)
    with pytest.raises(RecordRefused, match="not saved: the notes record"):
        live.writer.insert("notes", Note(item=0, text="x", at="31/02/2027"))
    with pytest.raises(RecordRefused, match="field minutes"):
        live.writer.update_where("agenda", {"minutes": 10**6}, id=0)
    assert path.read_bytes() == raw
    assert live.session.notes == notes
    store.load(live.session.info.id)  # and the file still opens
