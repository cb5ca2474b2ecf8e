"""Sessions on disk: one TinyDB file per session, written atomically, one writer at a time.

* ``AtomicJSONStorage`` is a TinyDB Storage that serialises first, writes a temp file in the
  same folder, flushes and fsyncs it, ``os.replace``s it over the old file and fsyncs the
  folder. A crash at any moment leaves either the old file or the new one, never a torn one.
* Sessions are ``<id>.session.json``; nothing else in the folder is read as one. A session
  file that does not parse, or whose name and inner id disagree, is reported and left exactly
  where and as it is (it is never overwritten: a new session never takes its name).
* ``SessionStore.writer`` takes an exclusive lock (``fcntl.flock``) per session, so a second
  process cannot write the same session; readers never need the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.core.capture import CaptureError
from facilitator.core.errors import UserError
from facilitator.core.files import (
    FILE_CLOSE,
    FILE_OPEN,
    NO_RECORDS,
    SEPARATOR,
    TABLE_CLOSE,
    TABLE_OPEN,
    NotRegularFile,
    UnconfirmedWrite,
    dumps,
    encode,
    fsync_dir,
    kind_of,
    open_lock_file,
    read_text,
    record_line,
    table_head,
    temp_target,
    write_atomic,
)
from facilitator.core.model import (
    SCHEMA_VERSION,
    Action,
    ActionUpdate,
    AgendaItem,
    Amendment,
    Approval,
    Attendance,
    ChairChoice,
    ChecklistAnswer,
    Circulation,
    Decision,
    Interest,
    Note,
    Paper,
    Participant,
    PromptMark,
    RecordError,
    Session,
    SessionInfo,
    Turn,
    load_tables,
)

TABLES: dict[str, Any] = {  # table → its record class (each has from_doc)
    "session": SessionInfo,
    "participants": Participant,
    "agenda": AgendaItem,
    "notes": Note,
    "decisions": Decision,
    "actions": Action,
    "checklist": ChecklistAnswer,
    "attendance": Attendance,
    "interests": Interest,
    "choices": ChairChoice,
    "turns": Turn,
    "prompt_marks": PromptMark,
    "action_updates": ActionUpdate,
    "papers": Paper,
    "circulation": Circulation,
    "approvals": Approval,
    "amendments": Amendment,
}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # always used with fullmatch
DIR_MODE = 0o700
SUFFIX = ".session.json"  # a session file is <id>.session.json: nothing else is read as one
LEGACY_SUFFIX = ".json"  # before 0.2 sessions were <id>.json (renamed once, see migrate)


class StoreError(UserError):
    """A problem with the data on disk, with a one-line message for the user."""


class CorruptSession(StoreError):
    """A session file that cannot be read as a session."""


class NewerSchema(StoreError):
    """A session file written by a newer facilitator: left untouched."""


class SessionLocked(StoreError):
    """Another process is already writing this session."""


class UnknownSession(StoreError):
    """No session with that id."""


class MisnamedSession(CorruptSession):
    """A session file whose name and inner id disagree (a copy, or a renamed file)."""


class RecordRefused(StoreError):
    """A change that would write a record the reader refuses (a bug, never the user's):
    nothing is written."""


class RecordLocked(StoreError, CaptureError):
    """A change to approved minutes made other than as a recorded correction: refused,
    nothing is written (a refusal like any other: every screen that says "Not saved"
    for a line or a form says so for this too)."""


class LockUnavailable(StoreError):
    """The session's lock file cannot be made or opened (read-only folder, a link or a
    folder at its path)."""


class Problem(msgspec.Struct, frozen=True):
    """A session file that could not be loaded, and what was done about it."""

    path: Path
    message: str


# --------------------------------------------------------------------------- storage


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, replaced atomically on every write.

    The last text known to be on disk is kept, so a read costs no I/O and a failed write
    leaves both the file and what TinyDB reads next exactly as they were.

    The session writer changes records through ``insert``, ``update`` and ``remove``,
    which keep each record's line of the file as it was encoded and encode only the
    records they change: encoding every record again was most of a save's time in a long
    meeting (49 ms at 5,000 entries, against 2 ms to write the bytes). The file is byte
    for byte what :func:`dumps` writes of the whole, and each change is one atomic write,
    as TinyDB's own (which ``write`` still takes) would be.
    """

    def __init__(self, path: str | Path, initial_text: str | None = None) -> None:
        self.path = Path(path)
        if initial_text is None:
            initial_text = self.path.read_text(encoding="utf-8")
        self._text: str | None = initial_text
        self._written: list[bytes] = []  # what was last written, when from records: its pieces
        self._tables: dict[str, _Table] | None = None  # the file's records, once changed
        self._next_ids: dict[str, int] = {}  # as TinyDB's tables count them

    @property
    def text(self) -> str:
        """The file's text as last read or written."""
        if self._text is None:
            self._text = b"".join(self._written).decode("utf-8")
        return self._text

    def read(self) -> dict[str, Any] | None:
        return json.loads(self.text)

    def write(self, data: dict[str, Any]) -> None:
        text = dumps(data)
        try:
            write_atomic(self.path, text)
        except UnconfirmedWrite:
            self._text, self._tables = text, None  # the file has it: memory must agree
            raise
        self._text, self._tables = text, None

    def close(self) -> None:
        pass

    # -- one record at a time

    def insert(self, table: str, doc: dict[str, Any]) -> int:
        """Add ``doc`` to ``table`` under the next record number (TinyDB's: one more than
        the largest when the table is first written to, then counting on); returns it."""
        tables = self._loaded()
        old = tables.get(table) or _Table.empty(table)
        doc_id = self._next_ids.get(table) or max(map(int, old.docs), default=0) + 1
        key = str(doc_id)
        if key in old.docs:
            raise ValueError(f"Document with ID {key} already exists")
        now = {**tables, table: old.added(key, doc)}
        try:
            self._save(now)
        finally:
            if self._tables is now:  # in the file (even if the disk did not confirm it)
                self._next_ids[table] = doc_id + 1
        return doc_id

    def update(self, table: str, changes: list[tuple[dict[str, Any], Match]]) -> None:
        """Update the records of ``table`` as TinyDB's ``update_multiple`` does: each
        record takes, in turn, every change whose match it meets (as changed so far)."""
        tables = self._loaded()
        self._save({**tables, table: _updated(tables.get(table) or _Table.empty(table), changes)})

    def update_and_insert(
        self,
        table: str,
        changes: list[tuple[dict[str, Any], Match]],
        added: list[tuple[str, dict[str, Any]]],
    ) -> None:
        """``update`` of ``table`` and records added to tables, in ONE atomic write: a
        correction to approved minutes and its entry in the amendment log are on disk
        together or not at all."""
        tables = dict(self._loaded())
        tables[table] = _updated(tables.get(table) or _Table.empty(table), changes)
        next_ids = dict(self._next_ids)
        for name, doc in added:
            old = tables.get(name) or _Table.empty(name)
            doc_id = next_ids.get(name) or max(map(int, old.docs), default=0) + 1
            tables[name] = old.added(str(doc_id), doc)
            next_ids[name] = doc_id + 1
        try:
            self._save(tables)
        finally:
            if self._tables is tables:
                self._next_ids = next_ids

    def remove(self, table: str, match: Match) -> None:
        """Remove the records of ``table`` that meet ``match``."""
        tables = self._loaded()
        old = tables.get(table) or _Table.empty(table)
        kept = [key for key, doc in old.docs.items() if not match(doc)]
        now = _Table(old.head, {k: old.docs[k] for k in kept}, {k: old.lines[k] for k in kept})
        self._save({**tables, table: now})

    def _loaded(self) -> dict[str, _Table]:
        """The file's records and their lines (read from its text the first time)."""
        if self._tables is None:
            self._tables = {
                name: _Table(
                    table_head(name).encode("utf-8"),
                    records,
                    {k: record_line(k, encode(r)).encode("utf-8") for k, r in records.items()},
                )
                for name, records in json.loads(self.text).items()
            }
        return self._tables

    def _save(self, tables: dict[str, _Table]) -> None:
        """Write the file of ``tables`` (a table new to it at its end, as TinyDB adds one,
        even an empty one); only once it is in the file is it what this storage holds."""
        pieces = [_FILE_OPEN]
        for n, table in enumerate(tables.values()):
            pieces += [_SEPARATOR, table.head] if n else [table.head]
            pieces += [_TABLE_OPEN, *table.records, _TABLE_CLOSE] if table.lines else [_NONE]
        pieces.append(_FILE_CLOSE)
        try:
            write_atomic(self.path, pieces)  # written piece by piece: never joined here
        except UnconfirmedWrite:
            self._written, self._text, self._tables = pieces, None, tables  # as the file is
            raise
        self._written, self._text, self._tables = pieces, None, tables


Match = Callable[[dict[str, Any]], bool]


def _updated(old: _Table, changes: list[tuple[dict[str, Any], Match]]) -> _Table:
    """``old`` with each record given, in turn, every change whose match it meets."""
    docs, lines = dict(old.docs), dict(old.lines)
    for key, doc in old.docs.items():
        new = doc
        for fields, match in changes:
            if match(new):
                new = {**new, **fields}
        if new is not doc:
            docs[key], lines[key] = _stored(key, new)
    return _Table(old.head, docs, lines)
_FILE_OPEN, _FILE_CLOSE, _SEPARATOR, _TABLE_OPEN, _TABLE_CLOSE, _NONE = (
    part.encode("utf-8")
    for part in (FILE_OPEN, FILE_CLOSE, SEPARATOR, TABLE_OPEN, TABLE_CLOSE, NO_RECORDS)
)


def _stored(key: str, doc: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """A record as the file holds it (as TinyDB would read it back, and nothing the caller
    still holds) and its line. Encoding fails here, before anything is written."""
    encoded = encode(doc)
    return json.loads(encoded), record_line(key, encoded).encode("utf-8")


_MOST_PIECES = 64  # a table's lines are held in, before they are joined into one again


class _Table:
    """One table of the file: its records (in the file's order) and each one's line, and
    those lines joined, in a few pieces (``records``). Never changed once made: a change
    makes a new one, so a failed write leaves the storage exactly as it was.

    A record added puts its line after the pieces rather than join every line again: two
    joins of the whole file a save (one here, one for the file) took a fifth of a save's
    own time at 5,000 entries. A record added brings two pieces (a separator and its line),
    so every ``_MOST_PIECES // 2`` records the pieces are joined into one."""

    __slots__ = ("docs", "head", "lines", "records")

    def __init__(
        self,
        head: bytes,
        docs: dict[str, dict[str, Any]],
        lines: dict[str, bytes],
        records: tuple[bytes, ...] | None = None,
    ) -> None:
        self.head, self.docs, self.lines = head, docs, lines
        if records is None:
            records = (_SEPARATOR.join(lines.values()),) if lines else ()
        self.records = records  # joined, the lines with a separator between each two

    @classmethod
    def empty(cls, name: str) -> _Table:
        return cls(table_head(name).encode("utf-8"), {}, {})

    def added(self, key: str, doc: dict[str, Any]) -> _Table:
        """This table with one record more at its end: the lines joined are extended, not
        joined again."""
        doc, line = _stored(key, doc)
        before = self.records
        if len(before) >= _MOST_PIECES:
            before = (b"".join(before),)
        records = (*before, _SEPARATOR, line) if self.lines else (line,)
        return _Table(self.head, {**self.docs, key: doc}, {**self.lines, key: line}, records)


# --------------------------------------------------------------------------- parsing


def parse_session(text: str, *, name: str = "session") -> Session:
    """Validate the text of a session file and build the Session, or raise
    CorruptSession / NewerSchema with the reason."""
    if not text.strip():
        raise CorruptSession(f"{name} is empty")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except RepeatedKey as exc:
        raise CorruptSession(f"{name} has a damaged record: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise CorruptSession(f"{name} is not valid JSON ({_short(exc)})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptSession(f"{name} is JSON but not a facilitator session")
    session_docs = list(data.get("session", {}).values())
    if len(session_docs) != 1 or not isinstance(session_docs[0], dict):
        raise CorruptSession(f"{name} is JSON but not a facilitator session (no session record)")
    version = session_docs[0].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CorruptSession(f"{name} has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{name} was written by a newer facilitator (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); left untouched — upgrade facilitator to open it"
        )
    try:  # every value checked: a wrong one is named here, never met by a screen later
        loaded = load_tables(data, TABLES, order=_doc_id)
    except RecordError as exc:
        raise CorruptSession(f"{name} has a damaged record: {exc}") from None
    loaded["agenda"].sort(key=lambda item: item.position)
    info = loaded.pop("session")[0]
    return Session(info=info, **loaded)


def _doc_id(key: str) -> int:
    """A record's key as TinyDB reads it. Only the canonical form is accepted: TinyDB turns
    keys into ints, so "1" and "01" (or " 1") would become one record and the other would be
    lost at the next save."""
    if not (key.isascii() and key.isdigit() and key == str(int(key)) and int(key) > 0):
        raise ValueError(f"record key {key[:20]!r} is not a record number (1, 2, 3 …)")
    return int(key)


class RepeatedKey(ValueError):
    """The same key twice in one JSON object."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads keeps the last of two equal keys without a word: refuse them instead, so
    a record written twice by hand is reported rather than one copy silently dropped."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(f"key {key[:20]!r} appears twice in one object")
            seen.add(key)
    return found


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def session_to_tables(session: Session) -> dict[str, dict[str, Any]]:
    """The TinyDB layout of a whole session (used when creating or importing one)."""
    rows = {table: getattr(session, table) for table in TABLES if table != "session"}
    rows["session"] = [session.info]
    return {
        table: {str(i): obj.to_doc() for i, obj in enumerate(objs, start=1)}
        for table, objs in rows.items()
    }


# --------------------------------------------------------------------------- the store


class SessionStore:
    """The data folder: one ``<id>.session.json`` per session, beside whatever else is there.

    Only files named ``<id>.session.json`` are read as sessions. Anything else in the folder
    (other programs' files, copies, links) is never moved, changed or deleted; a file that
    claims to be a session and is not readable as one is reported and left as it is.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._migrated = False

    # -- folder and paths

    def ensure_root(self) -> None:
        """Create the data folder, private to its owner (0700). A folder that already
        exists keeps its mode: it may be shared on purpose, and tightening it is its
        owner's choice, not ours (the session files themselves are always 0600)."""
        try:
            self.root.mkdir(mode=DIR_MODE, parents=True)
        except FileExistsError:
            if not self.root.is_dir():
                raise StoreError(f"cannot use data folder {self.root}: not a folder") from None
        except OSError as exc:
            raise StoreError(f"cannot use data folder {self.root}: {exc.strerror}") from None

    def path_for(self, session_id: str) -> Path:
        if not ID_PATTERN.fullmatch(session_id):
            raise UnknownSession(f"{_shown(session_id)} is not a session id")
        return self.root / f"{session_id}{SUFFIX}"

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.root) as found:
                return list(found)
        except OSError:
            return []

    def session_ids(self) -> list[str]:
        """The ids of the session files in the folder (regular files named <id>.session.json)."""
        self.migrate()
        ids = []
        for entry in self._entries():
            stem = entry.name.removesuffix(SUFFIX)
            if stem != entry.name and ID_PATTERN.fullmatch(stem) and _regular(entry):
                ids.append(stem)
        return sorted(ids)

    def odd_files(self) -> list[Problem]:
        """Files named like sessions that cannot be one: a name that is not an id, or a link,
        FIFO or folder. Each is reported; none is touched."""
        problems = []
        for entry in self._entries():
            stem = entry.name.removesuffix(SUFFIX)
            if stem == entry.name or temp_target(Path(entry.name)) is not None:
                continue
            path = self.root / entry.name
            if not ID_PATTERN.fullmatch(stem):
                said = (
                    f"{_shown(entry.name)} is not named like a session (<id>.session.json, "
                    "the id in lower-case letters, digits and hyphens); left as it is"
                )
            elif not _regular(entry):
                said = f"{entry.name} is {_kind(entry)}, not a session file; left as it is"
            else:
                continue
            problems.append(Problem(path, said))
        return problems

    # -- reading

    def load(self, session_id: str) -> Session:
        """Read a session (no lock needed). Never moves or changes anything: a file that
        cannot be read as this session raises StoreError and stays exactly as it is."""
        return self._read(session_id)[0]

    peek = load  # the room view and other readers: reading never changes the folder

    def _read(self, session_id: str) -> tuple[Session, str]:
        path = self.path_for(session_id)
        try:
            text = read_text(path)
        except FileNotFoundError:
            raise UnknownSession(f"no session {session_id!r} in {self.root}") from None
        except UnicodeDecodeError:
            raise CorruptSession(f"{path} is not valid JSON (not UTF-8); left as it is") from None
        except NotRegularFile as exc:  # its strerror says what it is: "x is a FIFO"
            raise StoreError(f"{exc.strerror}, not a session file; left as it is") from None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from None
        try:
            session = parse_session(text, name=str(path))
        except CorruptSession as exc:
            raise CorruptSession(f"{exc}; left as it is — other sessions are unaffected") from None
        if session.info.id != session_id:
            raise MisnamedSession(self._misnamed(path, session.info.id))
        return session, text

    def _misnamed(self, path: Path, inner: str) -> str:
        shown = _shown(inner)
        if ID_PATTERN.fullmatch(inner) and self.path_for(inner).exists():
            return (f"{path.name} holds session {shown}, which is {inner}{SUFFIX}: a copy? "
                    "Not loaded, left as it is")
        return (f"{path.name} holds session {shown}: its file should be named "
                f"{inner}{SUFFIX} (rename it to open it); not loaded, left as it is")

    def list_sessions(self) -> tuple[list[Session], list[Problem]]:
        """Every readable session, and a Problem for each file that was not."""
        sessions: list[Session] = []
        problems: list[Problem] = self.odd_files()
        self.clean_temp_files()
        for session_id in self.session_ids():
            try:
                sessions.append(self.load(session_id))
            except UnknownSession:
                continue  # removed between listing and reading
            except StoreError as exc:
                problems.append(Problem(self.path_for(session_id), str(exc)))
        sessions.sort(key=lambda s: (s.info.date, s.info.id))
        return sessions, problems

    def clean_temp_files(self) -> None:
        """Remove temp files left by a crash mid-write, for sessions nobody is writing.
        Only facilitator's own temp files (``.<id>.session.json.<8 chars>.tmp``) are ever
        removed."""
        for entry in self._entries():
            target = temp_target(Path(entry.name))
            if target is None:
                continue
            session_id = target.removesuffix(SUFFIX)  # only a session's: a temp file of
            # any other .json (settings.json being written this moment, package.json) is kept
            if session_id == target or not ID_PATTERN.fullmatch(session_id):
                continue
            with contextlib.suppress(StoreError, OSError), self._lock(session_id):
                if _regular(entry):
                    os.unlink(entry.path)

    def migrate(self) -> None:
        """Sessions saved before sessions had their own suffix (``<id>.json``) are renamed
        to ``<id>.session.json``, once, under their lock. Only a regular file that reads as
        a facilitator session whose own id is its name is renamed; every other ``.json``
        file (``package.json``, a copy, a damaged file) is left exactly as it is."""
        if self._migrated:
            return
        self._migrated = True
        for entry in self._entries():
            stem = entry.name.removesuffix(LEGACY_SUFFIX)
            if stem == entry.name or not ID_PATTERN.fullmatch(stem) or not _regular(entry):
                continue
            with contextlib.suppress(OSError, StoreError):
                if entry.stat().st_size > LEGACY_LIMIT:
                    continue
                old = self.root / entry.name
                text = read_text(old)
                if '"schema_version"' not in text:
                    continue
                if parse_session(text, name=entry.name).info.id != stem:
                    continue
                with self._lock(stem):
                    os.link(old, self.path_for(stem))  # fails if the new name is taken
                    os.unlink(old)
                    fsync_dir(self.root)

    # -- writing

    def new_id(self, title: str, date: str) -> str:
        base = "-".join(filter(None, [date[:10], slugify(title)])) or "session"
        return base[:60].strip("-")

    def create(self, session: Session) -> str:
        """Write a brand-new session file in one atomic step; returns its id (made unique)."""
        self.ensure_root()
        self.migrate()
        base = self.new_id(session.info.title, session.info.date)
        for n in range(1, 1000):
            session.info.id = base if n == 1 else f"{base}-{n}"
            try:
                write_atomic(
                    self.path_for(session.info.id),
                    dumps(session_to_tables(session)),
                    overwrite=False,
                )
            except FileExistsError:
                continue
            except OSError as exc:
                raise StoreError(f"cannot save the new session: {exc.strerror}") from None
            return session.info.id
        raise StoreError("too many sessions with the same date and title")

    @contextlib.contextmanager
    def _lock(self, session_id: str) -> Iterator[None]:
        handle = self.acquire_lock(session_id)
        try:
            yield
        finally:
            handle.close()

    def acquire_lock(self, session_id: str):  # noqa: ANN201 - a file object
        """Take the session's exclusive writer lock, or raise SessionLocked (someone else
        has it) or LockUnavailable (the lock file cannot be made or is not a file).

        The lock file is opened without following a symbolic link and without blocking on
        a FIFO, and must be a regular file: a link planted at its path is never written
        through."""
        self.path_for(session_id)  # refuses an unsafe id before any file is made
        lock_path = self.root / f".{session_id}.lock"
        try:
            fd = open_lock_file(lock_path)
        except NotRegularFile as exc:
            raise LockUnavailable(
                f"cannot open session {session_id} for writing: its lock {lock_path} is "
                f"{exc.kind}; remove it and try again"
            ) from None
        except OSError as exc:
            raise LockUnavailable(self._no_lock(session_id, lock_path, exc)) from None
        handle = os.fdopen(fd, "r+")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read(20).strip()
            handle.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise SessionLocked(
                f"session {session_id} is already open for writing in another "
                f"facilitator{who}; close it there first (to read it meanwhile: "
                f"facilitator minutes {session_id})"
            ) from None
        with contextlib.suppress(OSError):  # the pid only says who holds it: a full disk
            handle.seek(0)  # must not stop the meeting
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        return handle

    def _no_lock(self, session_id: str, lock_path: Path, exc: OSError) -> str:
        start = f"cannot open session {session_id} for writing"
        if exc.errno == errno.ELOOP:
            return f"{start}: its lock {lock_path} is a symbolic link; remove it and try again"
        if exc.errno == errno.EISDIR:
            return f"{start}: its lock {lock_path} is a folder; remove it and try again"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"{start}: the data folder {self.root} is read-only ({exc.strerror}); "
                    f"to read it: facilitator minutes {session_id}")
        return f"{start}: cannot make its lock in {self.root} ({exc.strerror})"

    def writer(self, session_id: str) -> SessionWriter:
        """Open a session for writing: lock, clean its temp files, load it."""
        path = self.path_for(session_id)
        if not path.exists() and not path.is_symlink():
            raise UnknownSession(f"no session {session_id!r} in {self.root}")
        handle = self.acquire_lock(session_id)
        try:
            session, text = self._read(session_id)
            for entry in self._entries():
                if temp_target(Path(entry.name)) == path.name and _regular(entry):
                    os.unlink(entry.path)
            return SessionWriter(path, session, text, handle)
        except BaseException:
            handle.close()
            raise


# What may still change once a session's minutes are approved (SessionWriter._guard): its
# actions' follow-ups, and what is kept beside the record rather than in it.
UNLOCKED_TABLES = frozenset({"action_updates", "prompt_marks", "circulation"})
FOLLOW_UP_FIELDS = frozenset({"status", "due", "due_text", "owner", "updated_at"})
LEGACY_LIMIT = 64 * 1024 * 1024  # a legacy .json file larger than this is not read to check


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        return kind_of(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return "not a regular file"


def _shown(text: str, limit: int = 60) -> str:
    """A name from a file or the command line, quoted and cut to a readable length."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


class SessionWriter:
    """The one process allowed to change a session. Every method returns only once the
    change is on disk; if the write fails it raises OSError and nothing changes."""

    def __init__(self, path: Path, session: Session, text: str, lock_handle: Any) -> None:
        self.path = path
        self.session = session
        self._lock = lock_handle
        self.db = TinyDB(path, storage=AtomicJSONStorage, initial_text=text)
        self._storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]

    def insert(self, table: str, obj: Any) -> int:
        self._guard(table)
        doc = obj.to_doc()
        added = self._checked(table, doc)
        try:
            doc_id = self._storage.insert(table, doc)
        except BaseException:
            self._reload()
            raise
        self._appended(table, added)
        return doc_id

    def _checked(self, table: str, doc: dict[str, Any]) -> Any:
        """The record as it would be read back, or RecordRefused: what the reader would
        refuse is never written (the file would then not open)."""
        try:
            return TABLES[table].from_doc(doc)
        except RecordError as exc:  # (only the reader's refusal: anything else is a bug)
            raise RecordRefused(f"not saved: the {table} record would be damaged ({exc})") from None

    def _appended(self, table: str, added: Any) -> None:
        """The session as it now is on disk after one record was added to ``table``: a new
        snapshot with that record at the end, rather than every record of the file parsed
        again (most of a save's time in a long meeting). The agenda is kept in position
        order and the session record is single, so those are read again in full."""
        if table in ("agenda", "session"):
            self._reload()
            return
        grown: dict[str, Any] = {table: [*getattr(self.session, table), added]}
        self.session = msgspec.structs.replace(self.session, **grown)

    def update_where(self, table: str, fields: dict[str, Any], **match: Any) -> None:
        """Update the documents of ``table`` whose fields equal ``match``."""
        self.update_many(table, [(fields, match)])

    def update_many(self, table: str, changes: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """Several updates of one table in one write: [(fields, match), …] (TinyDB's order:
        each record takes every change whose match it meets, in turn)."""

        def matcher(match: dict[str, Any]) -> Any:
            return lambda doc: all(doc.get(k) == v for k, v in match.items())

        self._guard(table, frozenset(k for fields, _ in changes for k in fields))
        records = [self.session.info] if table == "session" else getattr(self.session, table)
        for record in records:
            doc = before = record.to_doc()
            for fields, match in changes:
                if matcher(match)(doc):
                    doc = {**doc, **fields}
            if doc is not before:
                self._checked(table, doc)
        try:
            self._storage.update(table, [(fields, matcher(match)) for fields, match in changes])
        finally:
            self._reload()

    def remove_where(self, table: str, **match: Any) -> None:
        """Remove the documents of ``table`` whose fields equal ``match``."""
        self._guard(table)
        try:
            self._storage.remove(table, lambda doc: all(doc.get(k) == v for k, v in match.items()))
        finally:
            self._reload()

    def set_order(self, items: list[Any], skip: frozenset[int] = frozenset()) -> None:
        """Store a new agenda order (each item's ``position``) in one write; items in
        ``skip`` (about to be inserted at their place) are left out, leaving a gap."""
        changes = [
            ({"position": n}, {"id": i.id})
            for n, i in enumerate(items)
            if i.position != n and i.id not in skip
        ]
        if changes:
            self.update_many("agenda", changes)

    def insert_item(self, item: Any, at: int) -> None:
        """Put a new agenda item at index ``at``: make room, then insert (two writes; a
        crash between them leaves a gap in the numbering, never two items in one place)."""
        order = list(self.session.agenda)
        order.insert(at, item)
        item.id = max((i.id for i in order if i is not item), default=-1) + 1
        item.position = at
        self.set_order(order, skip=frozenset({item.id}))
        self.insert("agenda", item)

    # -- approved minutes are locked: the one place the rule is kept

    def _guard(self, table: str, fields: frozenset[str] | None = None) -> None:
        """Refuse (RecordLocked) a change to a session whose minutes were approved, unless
        it is not a change to the record: an action followed up (its status, owner, due
        date, and the history of those), a prompt mark, the minutes produced again for
        circulation. Every other change is a correction, made only through :meth:`amend`."""
        approval = self.session.approval
        if approval is None or table in UNLOCKED_TABLES:
            return
        if table == "actions" and fields is not None and fields <= FOLLOW_UP_FIELDS:
            return
        info = self.session.info
        by = f" at {approval.by_session}" if approval.by_session else ""
        raise RecordLocked(
            f"approved minutes are locked (approved as a true record on "
            f"{approval.at[:10]}{by}); correct them as a recorded amendment: "
            f"facilitator amend {info.id} …"
        )

    def approve(self, approval: Any) -> None:
        """Record that this session's minutes were approved: from now on it is locked.
        RecordLocked if they already were."""
        if self.session.approval is not None:
            self._guard("approvals")
        self._checked("approvals", approval.to_doc())
        try:
            self._storage.insert("approvals", approval.to_doc())
        finally:
            self._reload()

    def unapprove(self, by_session: str) -> None:
        """Take back an approval made by ``by_session`` (its ``/undo``), only while nothing
        has been amended since; RecordLocked otherwise."""
        approval = self.session.approval
        if approval is None:
            return
        if approval.by_session != by_session or self.session.amendments:
            raise RecordLocked(
                f"the approval of the minutes of {self.session.info.id} cannot be taken back "
                "here: "
                + ("they have been amended since" if self.session.amendments
                   else "it was made elsewhere")
            )
        try:
            self._storage.remove("approvals", lambda doc: True)
        finally:
            self._reload()

    def amend(
        self, table: str, fields: dict[str, Any], amendments: list[Any], **match: Any
    ) -> None:
        """A correction to approved minutes: ``fields`` of the ``table`` records matching
        ``match`` changed, and ``amendments`` (the log's records) added, in one write."""
        if self.session.approval is None:
            raise RecordLocked("only approved minutes are amended: change the record directly")
        records = [self.session.info] if table == "session" else getattr(self.session, table)
        for record in records:
            doc = record.to_doc()
            if all(doc.get(k) == v for k, v in match.items()):
                self._checked(table, {**doc, **fields})
        logged = [a.to_doc() for a in amendments]
        for doc in logged:
            self._checked("amendments", doc)
        try:
            self._storage.update_and_insert(
                table,
                [(fields, lambda doc: all(doc.get(k) == v for k, v in match.items()))],
                [("amendments", doc) for doc in logged],
            )
        finally:
            self._reload()

    def _reload(self) -> None:
        """The in-memory session is always what is now on disk."""
        self.session = parse_session(self._storage.text)

    def close(self) -> None:
        self.db.close()
        with contextlib.suppress(OSError):
            self._lock.close()


def slugify(text: str) -> str:
    """An ASCII, filesystem-safe slug: lower case letters, digits and single hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-")
