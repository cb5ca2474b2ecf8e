"""Sessions on disk: one TinyDB file per session, written atomically, one writer at a time.

* ``AtomicJSONStorage`` is a TinyDB Storage that serialises first, writes a temp file in the
  same folder, flushes and fsyncs it, ``os.replace``s it over the old file and fsyncs the
  folder. A crash at any moment leaves either the old file or the new one, never a torn one.
* A file that does not parse is never overwritten: it is moved aside as
  ``<name>.corrupt-<timestamp>`` and reported; every other session still loads.
* ``SessionStore.writer`` takes an exclusive lock (``fcntl.flock``) per session, so a second
  process cannot write the same session; readers never need the lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.core.model import (
    SCHEMA_VERSION,
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ChairChoice,
    ChecklistAnswer,
    Decision,
    Interest,
    Note,
    Participant,
    PromptMark,
    Session,
    SessionInfo,
    Turn,
)

TABLES: dict[str, type] = {
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
}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # always used with fullmatch
DIR_MODE = 0o700
FILE_MODE = 0o600


class StoreError(Exception):
    """A problem with the data on disk, with a one-line message for the user."""


class CorruptSession(StoreError):
    """A session file that cannot be read as a session."""


class NewerSchema(StoreError):
    """A session file written by a newer facilitator: left untouched."""


class SessionLocked(StoreError):
    """Another process is already writing this session."""


class UnknownSession(StoreError):
    """No session with that id."""


class UnconfirmedWrite(OSError):
    """The new file is in place but the folder's fsync failed: the write happened, yet the
    disk did not confirm it would survive a power cut."""


@dataclass(frozen=True)
class Problem:
    """A session file that could not be loaded, and what was done about it."""

    path: Path
    message: str


# --------------------------------------------------------------------------- low level


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Filesystems that cannot fsync a folder are
    tolerated (the rename itself has happened)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str | bytes, *, overwrite: bool = True) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one.

    With ``overwrite=False`` the file must not exist yet (``FileExistsError`` otherwise);
    the temp file is hard-linked into place, so two creators can never both win.
    """
    payload = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        raise UnconfirmedWrite(exc.errno, exc.strerror) from exc


_encode = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options
# builds a new encoder on every call, which costs more than encoding a record


def dumps(data: Any) -> str:
    """JSON for a data file: a table of records (TinyDB's layout) gets one record per line,
    so the file reads, diffs and can be mended by hand; each line comes from the C encoder
    (``indent`` would switch to the pure-Python one, most of a save's time)."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return _encode(data)
    tables = []
    for name, records in data.items():
        lines = ",\n".join(
            f"  {_encode(str(key))}: {_encode(record)}"
            for key, record in records.items()
        )
        body = f"{{\n{lines}\n }}" if lines else "{}"
        tables.append(f" {_encode(name)}: {body}")
    return "{\n" + ",\n".join(tables) + "\n}\n"


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, replaced atomically on every write.

    The last text known to be on disk is kept, so a read costs no I/O and a failed write
    leaves both the file and what TinyDB reads next exactly as they were.
    """

    def __init__(self, path: str | Path, initial_text: str | None = None) -> None:
        self.path = Path(path)
        if initial_text is None:
            initial_text = self.path.read_text(encoding="utf-8")
        self._text = initial_text

    @property
    def text(self) -> str:
        """The file's text as last read or written."""
        return self._text

    def read(self) -> dict[str, Any] | None:
        return json.loads(self._text)

    def write(self, data: dict[str, Any]) -> None:
        text = dumps(data)
        try:
            write_atomic(self.path, text)
        except UnconfirmedWrite:
            self._text = text  # the file has it: memory must agree with the file
            raise
        self._text = text

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- parsing


def parse_session(text: str, *, name: str = "session") -> Session:
    """Validate the text of a session file and build the Session, or raise
    CorruptSession / NewerSchema with the reason."""
    if not text.strip():
        raise CorruptSession(f"{name} is empty")
    try:
        data = json.loads(text)
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
    try:
        loaded = {
            table: [cls.from_doc(doc) for doc in _docs(data.get(table, {}))]
            for table, cls in TABLES.items()
        }
    except ValueError as exc:
        raise CorruptSession(f"{name} has a damaged record: {exc}") from None
    loaded["agenda"].sort(key=lambda item: item.position)
    info = loaded.pop("session")[0]
    return Session(info=info, **loaded)


def _docs(table: dict[str, Any]) -> Iterator[Any]:
    for _key, doc in sorted(table.items(), key=lambda kv: _doc_id(kv[0])):
        yield doc


def _doc_id(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        raise ValueError(f"record key {key[:20]!r} is not a number") from None


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
    """The data folder: one ``<id>.json`` per session."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # -- folder and paths

    def ensure_root(self) -> None:
        """Create the data folder (0700), or tighten an existing one to 0700."""
        try:
            self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            if self.root.stat().st_mode & 0o077:
                os.chmod(self.root, DIR_MODE)
        except OSError as exc:
            raise StoreError(f"cannot use data folder {self.root}: {exc.strerror}") from None

    def path_for(self, session_id: str) -> Path:
        if not ID_PATTERN.fullmatch(session_id):
            raise UnknownSession(f"{session_id!r} is not a session id")
        return self.root / f"{session_id}.json"

    def session_ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.stem for p in self.root.glob("*.json") if ID_PATTERN.fullmatch(p.stem) and p.is_file()
        )

    # -- reading

    def load(self, session_id: str) -> Session:
        """Read a session (no lock needed). A damaged file is quarantined."""
        return self._read(session_id)[0]

    def _read(self, session_id: str) -> tuple[Session, str]:
        path = self.path_for(session_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UnknownSession(f"no session {session_id!r} in {self.root}") from None
        except UnicodeDecodeError:
            text = "\0"  # not UTF-8: reported as not valid JSON
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from None
        return self._parse_or_quarantine(path, text), text

    def peek(self, session_id: str) -> Session:
        """Read a session for display only: never moves or changes anything, even a damaged
        file (the room view and other readers use this while someone else writes)."""
        path = self.path_for(session_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UnknownSession(f"no session {session_id!r} in {self.root}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read {path}: {exc}") from None
        return parse_session(text, name=str(path))

    def _parse_or_quarantine(self, path: Path, text: str) -> Session:
        try:
            return parse_session(text, name=str(path))
        except CorruptSession as exc:
            moved = self.quarantine(path)
            raise CorruptSession(
                f"{exc}; moved aside to {moved.name} — other sessions are unaffected"
            ) from None

    def quarantine(self, path: Path) -> Path:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        os.rename(path, target)
        fsync_dir(path.parent)
        return target

    def list_sessions(self) -> tuple[list[Session], list[Problem]]:
        """Every readable session, and a Problem for each file that was not."""
        sessions: list[Session] = []
        problems: list[Problem] = []
        self.clean_temp_files()
        for session_id in self.session_ids():
            try:
                sessions.append(self.load(session_id))
            except UnknownSession:
                continue  # removed between listing and reading
            except StoreError as exc:
                problems.append(Problem(self.root / f"{session_id}.json", str(exc)))
        sessions.sort(key=lambda s: (s.info.date, s.info.id))
        return sessions, problems

    def clean_temp_files(self) -> None:
        """Remove temp files left by a crash mid-write, for sessions nobody is writing."""
        if not self.root.is_dir():
            return
        for tmp in self.root.glob(".*.json.*.tmp"):
            session_id = tmp.name[1:].split(".json.", 1)[0]
            if not ID_PATTERN.fullmatch(session_id):
                continue
            with contextlib.suppress(SessionLocked, OSError), self._lock(session_id):
                tmp.unlink(missing_ok=True)

    # -- writing

    def new_id(self, title: str, date: str) -> str:
        base = "-".join(filter(None, [date[:10], slugify(title)])) or "session"
        return base[:60].strip("-")

    def create(self, session: Session) -> str:
        """Write a brand-new session file in one atomic step; returns its id (made unique)."""
        self.ensure_root()
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
        """Take the session's exclusive writer lock or raise SessionLocked."""
        self.path_for(session_id)  # refuses an unsafe id before any file is made
        lock_path = self.root / f".{session_id}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        handle = os.fdopen(fd, "r+")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip()
            handle.close()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise SessionLocked(
                f"session {session_id} is already open for writing in another "
                f"facilitator{who}; close it there first (to read it meanwhile: "
                f"facilitator minutes {session_id})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return handle

    def writer(self, session_id: str) -> SessionWriter:
        """Open a session for writing: lock, clean its temp files, load it."""
        if not self.path_for(session_id).is_file():
            raise UnknownSession(f"no session {session_id!r} in {self.root}")
        handle = self.acquire_lock(session_id)
        try:
            for tmp in self.root.glob(f".{session_id}.json.*.tmp"):
                tmp.unlink(missing_ok=True)
            session, text = self._read(session_id)
            return SessionWriter(self.path_for(session_id), session, text, handle)
        except BaseException:
            handle.close()
            raise


class SessionWriter:
    """The one process allowed to change a session. Every method returns only once the
    change is on disk; if the write fails it raises OSError and nothing changes."""

    def __init__(self, path: Path, session: Session, text: str, lock_handle: Any) -> None:
        self.path = path
        self.session = session
        self._lock = lock_handle
        self.db = TinyDB(path, storage=AtomicJSONStorage, initial_text=text)

    def insert(self, table: str, obj: Any) -> int:
        doc = obj.to_doc()
        try:
            doc_id = self.db.table(table, cache_size=0).insert(doc)
        except BaseException:
            self._reload()
            raise
        self._appended(table, doc)
        return doc_id

    def _appended(self, table: str, doc: dict[str, Any]) -> None:
        """The session as it now is on disk after one record was added to ``table``: a new
        snapshot with that record at the end, rather than every record of the file parsed
        again (most of a save's time in a long meeting). The agenda is kept in position
        order and the session record is single, so those are read again in full."""
        if table in ("agenda", "session"):
            self._reload()
            return
        added = TABLES[table].from_doc(doc)
        self.session = dataclasses.replace(
            self.session, **{table: [*getattr(self.session, table), added]}
        )

    def update_where(self, table: str, fields: dict[str, Any], **match: Any) -> None:
        """Update the documents of ``table`` whose fields equal ``match``."""

        def matches(doc: dict[str, Any]) -> bool:
            return all(doc.get(k) == v for k, v in match.items())

        try:
            self.db.table(table, cache_size=0).update(fields, cond=matches)
        finally:
            self._reload()

    def update_many(self, table: str, changes: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """Several updates of one table in one write: [(fields, match), …]."""

        def matcher(match: dict[str, Any]) -> Any:
            return lambda doc: all(doc.get(k) == v for k, v in match.items())

        try:
            self.db.table(table, cache_size=0).update_multiple(
                [(fields, matcher(match)) for fields, match in changes]
            )
        finally:
            self._reload()

    def remove_where(self, table: str, **match: Any) -> None:
        """Remove the documents of ``table`` whose fields equal ``match``."""
        try:
            self.db.table(table, cache_size=0).remove(
                lambda doc: all(doc.get(k) == v for k, v in match.items())
            )
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

    def _reload(self) -> None:
        """The in-memory session is always what is now on disk."""
        self.session = parse_session(self.db.storage.text)

    def close(self) -> None:
        self.db.close()
        with contextlib.suppress(OSError):
            self._lock.close()


def slugify(text: str) -> str:
    """An ASCII, filesystem-safe slug: lower case letters, digits and single hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-")
