"""The review side's index: the tracker's rows, search's places and the open actions of
matters arising for every session, in one SQLite file beside the sessions, ``.index.sqlite``.

The session files are the record; this file is derived from them and never trusted over
them. Each session's rows are kept with the stamp its file had when they were derived (size
and modification time, as the JSON indexes of core/tracker.py), and :meth:`ReviewIndex.
refresh` re-derives every session whose file's stamp differs and drops those whose file is
gone or no longer reads. Rows come from the same functions the rest of facilitator uses
(``tracker.summarise`` with its ``confidential`` flags, ``search.places``), so a query here
answers exactly what the in-memory paths answer, a page at a time, without reading the
archive.

* Text is stored as its UTF-8 bytes (a lone surrogate passed through), so SQLite compares
  and orders it exactly as Python compares ``str``; what is matched is stored folded
  (``text.fold``) and matched with ``instr``, Python's ``in``.
* A file that is damaged, foreign or from another version (its schema or ``derived`` mark
  differs) is replaced by a fresh one and rebuilt from the session files. SQLite's rollback
  journal (``.index.sqlite-journal``) makes every write atomic.
* The file is never opened through a symbolic link, a FIFO or a folder at its path (or its
  journal's): then, and in a read-only or full folder, the index lives in memory for this
  reader only and nothing is written. It is made 0600, as every file facilitator writes.

A ``ReviewIndex`` may be used from worker threads, one call at a time (it holds a lock).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

import msgspec

from facilitator.core import apart as _apart
from facilitator.core.errors import UserError
from facilitator.core.files import FILE_MODE, write_atomic
from facilitator.core.model import Session, SessionInfo
from facilitator.core.search import Hit, places
from facilitator.core.store import (
    CorruptSession,
    MisnamedSession,
    NewerSchema,
    SessionStore,
    StoreError,
)
from facilitator.core.text import fold
from facilitator.core.tracker import INDEX_VERSION, ActionRow, DecisionRow, summarise

NAME = ".index.sqlite"
JOURNAL = f"{NAME}-journal"
DERIVED = f"3/{INDEX_VERSION}"  # how the rows were derived: bump with what derives them
COUNT_CAP = 1_000  # a search counts its hits up to this many, then says "more than" it (a
# count past it tells nobody more, and counting 10,000 of 5,000 sessions took 60-110 ms)
SELECTIVE = 20_000  # a word in fewer places than this is looked up, not searched for
PLACE = 1 << 20  # a place's number in the trigram index: its session's key * PLACE + ord
# (written out as 1048576 in the SQL below)
MOST_WORDS = 50  # different words a search takes (see ReviewIndex.search)
NARROWED = 8  # other numbers a number's places are narrowed by (each is still checked)
BATCH = 200  # sessions derived per write: memory stays small while a large archive is built
KEYS = 400  # a page's rows are read by their keys, this many at a time (two parameters each:
# an older SQLite takes 999 at most)
BUSY = 10.0  # seconds to wait for another writer of the file (another facilitator)
APART = 100  # sessions to derive from which refresh(apart=True) has a process derive them
# (about 0.2 s of work at 2 ms a session, against a tenth of a second to start the process)

T = TypeVar("T")

# The session files this process refused for what they hold (not JSON, not a session, a newer
# schema): by file, the stamp it had then and why. Until its stamp changes such a file is
# neither read again nor counted toward APART: a folder of a hundred unreadable files had every
# screen that opened start a process to derive them (which failed on each, as this one then did
# again). A file that could not be read at all (its permissions, the disk) is tried each time:
# what was wrong may be put right without the file changing.
_refused: dict[str, tuple[tuple[int, int], str]] = {}


class QueryTooLong(UserError):
    """A search of more different words than it takes: one line for the user."""


class IndexDamaged(Exception):
    """A value in the index that is not what this module writes (a damaged or edited file)."""


class Page(msgspec.Struct, Generic[T], frozen=True):
    """``rows`` from ``offset`` on, of ``total`` that match (``capped``: at least ``total``,
    counting stopped there)."""

    total: int
    offset: int
    rows: list[T]
    capped: bool = False


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, mtime_ns INTEGER, size INTEGER,
    partnership BLOB NOT NULL, f_partnership BLOB NOT NULL, date BLOB NOT NULL,
    day BLOB NOT NULL, title BLOB NOT NULL
);
CREATE INDEX sessions_by_day ON sessions (day, id);
CREATE TABLE actions (
    session_key INTEGER NOT NULL, number INTEGER NOT NULL, seq INTEGER NOT NULL,
    text BLOB NOT NULL, owner BLOB NOT NULL, organisation BLOB NOT NULL, due BLOB NOT NULL,
    status BLOB NOT NULL, item BLOB NOT NULL, confidential INTEGER NOT NULL,
    decision BLOB NOT NULL, f_text BLOB NOT NULL, f_owner BLOB NOT NULL,
    f_organisation BLOB NOT NULL, f_status BLOB NOT NULL,
    PRIMARY KEY (session_key, number)
) WITHOUT ROWID;
CREATE TABLE decisions (
    session_key INTEGER NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL,
    text BLOB NOT NULL, owner BLOB NOT NULL, how BLOB NOT NULL, votes BLOB NOT NULL,
    status BLOB NOT NULL, review BLOB NOT NULL, dissent BLOB NOT NULL,
    confidential INTEGER NOT NULL, item BLOB NOT NULL, f_text BLOB NOT NULL,
    f_owner BLOB NOT NULL, f_status BLOB NOT NULL,
    PRIMARY KEY (session_key, position)
) WITHOUT ROWID;
CREATE TABLE places (
    session_key INTEGER NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL,
    item INTEGER NOT NULL, item_title BLOB NOT NULL, text BLOB NOT NULL, folded BLOB NOT NULL,
    PRIMARY KEY (session_key, ord)
) WITHOUT ROWID;
CREATE TABLE numbers (id INTEGER PRIMARY KEY, run BLOB NOT NULL UNIQUE);
CREATE TABLE numbered (
    place INTEGER NOT NULL, number INTEGER NOT NULL, PRIMARY KEY (place, number)
) WITHOUT ROWID;
CREATE INDEX numbered_by_number ON numbered (number, place);
"""
# Every run of ASCII digits in each place's folded text ("12", "2026"), once in ``numbers``,
# and the places holding it in ``numbered`` (a place's number as in the trigram index). A
# word of digits too short for trigrams ("12", "98", "7") is found in a place only inside
# one of its runs, so the places of the runs holding it are a superset of the places holding
# it (each is still checked with instr): looked up there first when few places hold them.
# The numbers of a session forgotten stay (a few thousand short runs; they name no place).

# Every three letters of each place's folded text, pointing to the place: a word of three
# letters or more is looked up there first when few places hold it (a superset: each place
# found is still checked with instr). Only where this SQLite has FTS5.
TRIGRAMS = """
CREATE VIRTUAL TABLE trigrams USING fts5(
    folded, content='', columnsize=0, detail='none', tokenize='trigram case_sensitive 1'
);
CREATE VIRTUAL TABLE trigram_counts USING fts5vocab(trigrams, 'row');
"""


def _fts5() -> bool:
    """True when this Python's SQLite has FTS5 with its trigram tokenizer (3.34 on)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(TRIGRAMS)
        return True
    except sqlite3.Error:
        return False
    finally:
        db.close()


FTS5 = _fts5()
TABLES = SCHEMA + (TRIGRAMS if FTS5 else "")


# Each session's place among its partnership's sessions by date: the S of an action's S.N
# code (tracker._number, over the same readable sessions).
_ORDINALS = """WITH o (key, ordinal) AS (
    SELECT key, row_number() OVER (PARTITION BY partnership ORDER BY date, id) FROM sessions
)"""
_ACTION_COLUMNS = """s.id, s.partnership, s.date, a.seq, a.number, a.text, a.owner,
    a.organisation, a.due, a.status, a.item, a.confidential, a.decision, o.ordinal"""
_ACTIONS_FROM = """FROM actions a JOIN sessions s ON s.key = a.session_key
    JOIN o ON o.key = a.session_key"""
# tracker.Archive.actions: by due date (none last), then the session's date and the
# action's seq; ties as the archive lists them (session id, then the action's number)
_ACTION_ORDER = """ORDER BY CASE WHEN a.due = X'' THEN X'39393939' ELSE a.due END,
    s.date, a.seq, s.id, a.number"""
# tracker.Archive.decisions: newest first by the session's date and the decision's seq;
# ties as the archive lists them (a stable sort in reverse keeps their order)
_DECISION_ORDER = "ORDER BY s.date DESC, d.seq DESC, s.id, d.position"
_DECISION_COLUMNS = """s.id, s.partnership, s.date, d.seq, d.text, d.owner, d.how, d.votes,
    d.status, d.review, d.dissent, d.confidential, d.item"""


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _s(value: Any) -> str:
    if type(value) is not bytes:
        raise IndexDamaged("not text")
    try:
        return value.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise IndexDamaged("not text") from None


def _i(value: Any) -> int:
    if type(value) is not int:
        raise IndexDamaged("not a number")
    return value


def _flag(value: Any) -> bool:
    if value not in (0, 1) or type(value) is not int:
        raise IndexDamaged("not a flag")
    return bool(value)


def _for_what_it_holds(refusal: StoreError) -> bool:
    """Whether a session file was refused for its content alone, which only a change to the
    file can change (a misnamed file's words depend on whether another file exists)."""
    return isinstance(refusal, (CorruptSession, NewerSchema)) and not isinstance(
        refusal, MisnamedSession
    )


def _stamp(path: os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


@functools.cache
def _expected() -> list[tuple[str, str, str]]:
    """What ``sqlite_master`` holds in a file of ours."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(TABLES)
        return _master(db)
    finally:
        db.close()


class ReviewIndex:
    """The index of ``store``'s sessions; :meth:`refresh` first, then ask it.

    ``cached`` is False when the index is in memory only (nothing can be written, or
    something that is not a regular file is at its path): correct, but rebuilt by each new
    ``ReviewIndex``.
    """

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.path = store.root / NAME
        self._lock = threading.Lock()
        self.cached = True
        db = self._open_file()
        if db is None:
            self.cached = False
            db = self._fresh_memory()
        self._db = db
        self._writes = 0  # the writes made through this index (each may change a count)
        self._counts: dict[tuple[str, str | bytes], int] = {}  # see _places_holding
        self._counted_at: tuple[sqlite3.Connection, int, int, int] | None = None

    # -- the file

    def _usable_path(self) -> bool:
        """True when nothing but a regular file (or nothing) is at the index's path and its
        journal's: SQLite follows links and would block on a FIFO."""
        for name in (NAME, JOURNAL):
            try:
                mode = os.lstat(self.store.root / name).st_mode
            except FileNotFoundError:
                continue
            except OSError:
                return False
            if not stat.S_ISREG(mode):
                return False
        return True

    def _open_file(self) -> sqlite3.Connection | None:
        if not self._usable_path():
            return None
        try:
            fd = os.open(
                self.path,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                FILE_MODE,
            )
            os.close(fd)  # an empty file is an empty database; SQLite keeps its mode
        except FileExistsError:
            pass
        except OSError:
            return None  # a read-only or full folder: in memory
        db: sqlite3.Connection | None = None
        try:
            db = _connect(str(self.path))
            if self._ours(db):
                return db
        except sqlite3.DatabaseError as exc:
            if not _damage(exc):  # it cannot be read or written now: left as it is
                if db is not None:
                    db.close()
                return None
        if db is not None:
            db.close()
        return self._replace_file()

    def _ours(self, db: sqlite3.Connection) -> bool:
        """True for a file of ours derived as today's code derives (an empty file is made
        ours). A damaged, foreign or older file is not."""
        try:
            if not _master(db):
                with _transaction(db):
                    if not _master(db):  # another reader may have made it meanwhile
                        _create(db)
            if _master(db) != _expected():
                return False
            mark = db.execute("SELECT value FROM meta WHERE key = 'derived'").fetchone()
            return mark is not None and mark[0] == DERIVED
        except sqlite3.DatabaseError as exc:
            if _damage(exc):
                return False
            raise

    def _replace_file(self) -> sqlite3.Connection | None:
        """A fresh, empty index in place of a damaged, foreign or older one (nothing but
        the index is kept at its name), filled by the next refresh; None if that cannot
        be done."""
        if not self._usable_path():
            return None
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.store.root / JOURNAL)  # the replaced file's: never replay it
            write_atomic(self.path, b"")
            db = _connect(str(self.path))
        except (OSError, sqlite3.Error):
            return None
        try:
            if self._ours(db):
                return db
        except sqlite3.Error:
            pass
        db.close()
        return None

    def _fresh_memory(self) -> sqlite3.Connection:
        db = _connect(":memory:")
        with _transaction(db):
            _create(db)
        return db

    def _to_memory(self) -> None:
        """Go on in memory from what the file holds (it cannot be written: a read-only or
        full folder, or another writer holding it too long); nothing is written from now."""
        memory = _connect(":memory:")
        try:
            self._db.backup(memory)
            copied = _master(memory) == _expected()
        except sqlite3.Error:
            copied = False
        if not copied:
            memory.close()
            memory = self._fresh_memory()
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db, self.cached = memory, False

    def _start_again(self) -> None:
        """The file is damaged: a fresh one in its place, or a fresh one in memory."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        replaced = self._replace_file() if self.cached else None
        if replaced is None:
            self._db, self.cached = self._fresh_memory(), False
        else:
            self._db = replaced

    def _guarded(self, fn: Callable[[], T]) -> T:
        """``fn()``; if the file turns out damaged, again on a fresh index rebuilt from the
        files, or in memory if the file cannot be written. Only a fresh in-memory index
        failing raises."""
        with self._lock:
            for _attempt in range(2):
                try:
                    return fn()
                except IndexDamaged:
                    self._start_again()
                except sqlite3.DatabaseError as exc:
                    if _damage(exc):
                        self._start_again()
                    else:
                        self._to_memory()
                with contextlib.suppress(IndexDamaged, sqlite3.DatabaseError):
                    self._refresh()  # what was lost is derived again before asking
            return fn()

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> ReviewIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping it fresh

    def refresh(
        self, stop: Callable[[], bool] = lambda: False, *, apart: bool = False
    ) -> list[str]:
        """Re-derive every session whose file changed since, add new ones and drop those
        gone or unreadable. Returns what could not be read, as ``Archive.problems``.
        ``stop()`` true ends it early (what was derived is kept; the rest is derived next
        time): a screen closed while a large archive is first read.

        ``apart`` (a process that draws a screen): when ``APART`` sessions or more are to
        be derived and the index is a file, a process of its own derives them first
        (core/apart.py), so that the screen does not wait for the GIL meanwhile; then what
        is left, and whatever that process could not do, is derived here as usual."""
        return self._guarded(lambda: self._refresh(stop, apart))

    def _refresh(self, stop: Callable[[], bool] = lambda: False, apart: bool = False) -> list[str]:
        problems: list[str] = []
        for problem in self.store.odd_files():
            if problem.message not in problems:
                problems.append(problem.message)
        ids = self.store.session_ids()
        known, changed = self._changed(ids)  # each with its stamp, taken before it is read
        if apart and self.cached and not stop():
            if sum(self._refusal(*c) is None for c in changed) >= APART:
                _apart.run(__name__, [str(self.store.root)], stop)
                ids = self.store.session_ids()  # (a session made meanwhile is the other's too)
                known, changed = self._changed(ids)  # what is left
        stale: list[str] = []
        derived: list[tuple[str, tuple[int, int] | None, Session]] = []
        for session_id, stamp in changed:
            if stop():
                break
            refusal = self._refusal(session_id, stamp)
            if refusal is None:
                try:
                    session = self.store.load(session_id)
                except StoreError as exc:
                    refusal = str(exc)
                    if stamp is not None and _for_what_it_holds(exc):
                        _refused[str(self.store.path_for(session_id))] = (stamp, refusal)
                else:
                    _refused.pop(str(self.store.path_for(session_id)), None)
                    derived.append((session_id, stamp, session))
            if refusal is not None:
                if refusal not in problems:
                    problems.append(refusal)
                if session_id in known:
                    stale.append(session_id)
                continue
            if len(derived) >= BATCH:
                self._write(stale, derived)
                stale, derived = [], []
        stale += sorted(set(known) - set(ids))
        if stale or derived:
            self._write(stale, derived)
        return problems

    def _changed(
        self, ids: list[str]
    ) -> tuple[dict[str, tuple[int, int]], list[tuple[str, tuple[int, int] | None]]]:
        """The stamps the index holds, and the sessions among ``ids`` whose files' stamps
        differ from them (or cannot be taken: reading the file then says why), each with
        its file's stamp."""
        known: dict[str, tuple[int, int]] = {
            row[0]: (row[1], row[2])
            for row in self._db.execute("SELECT id, mtime_ns, size FROM sessions")
        }
        changed = []
        for session_id in ids:
            stamp = _stamp(self.store.path_for(session_id))
            if stamp is None or known.get(session_id) != stamp:
                changed.append((session_id, stamp))
        return known, changed

    def _refusal(self, session_id: str, stamp: tuple[int, int] | None) -> str | None:
        """Why the session's file could not be read, if this process tried it as it is."""
        refused = _refused.get(str(self.store.path_for(session_id)))
        return refused[1] if refused is not None and refused[0] == stamp else None

    def _write(
        self, gone: list[str], derived: list[tuple[str, tuple[int, int] | None, Session]]
    ) -> None:
        db = self._db
        self._writes += 1
        with _transaction(db):
            for session_id in [*gone, *(d[0] for d in derived)]:
                _forget(db, session_id)
            for session_id, stamp, session in derived:
                _insert(db, session_id, stamp, session)

    # -- asking it

    def actions(
        self,
        filters: Iterable[str] = (),
        wanted: str = "",
        today: date | None = None,
        *,
        offset: int = 0,
        limit: int = -1,
    ) -> Page[ActionRow]:
        """The actions as ``Archive.actions`` orders them, narrowed by ``filters`` (any of
        "open", "overdue" and "week": due within 7 days of ``today``) and by ``wanted`` in
        the partnership, owner, organisation, text or status of each (as the tracker's
        filter: any case, accents ignored)."""
        shown = set(filters)
        day = today or date.today()
        params: dict[str, Any] = {
            "day": _b(day.isoformat()),
            "end": _b((day + timedelta(days=7)).isoformat()),
            "wanted": _b(fold(wanted)),
            "limit": limit,
            "offset": offset,
        }
        where = ["1"]
        if shown & {"open", "overdue", "week"}:
            where.append("a.status = X'6f70656e'")
        if "overdue" in shown:
            where.append("a.due != X'' AND a.due < :day")
        if "week" in shown:
            where.append("a.due != X'' AND :day <= a.due AND a.due <= :end")
        if fold(wanted):
            where.append(
                "(instr(s.f_partnership, :wanted) OR instr(a.f_owner, :wanted) OR "
                "instr(a.f_organisation, :wanted) OR instr(a.f_text, :wanted) OR "
                "instr(a.f_status, :wanted))"
            )
        clause = " AND ".join(where)

        def read() -> Page[ActionRow]:
            joined = "FROM actions a JOIN sessions s ON s.key = a.session_key"
            total, rows = _counted(
                self._db,
                (
                    f"{_ORDINALS} SELECT {_ACTION_COLUMNS} {_ACTIONS_FROM} WHERE {clause} "
                    f"{_ACTION_ORDER} LIMIT :limit OFFSET :offset",
                    params,
                ),
                (f"SELECT count(*) {joined} WHERE {clause}", params),
                offset,
                limit,
            )
            return Page(total, offset, [_action(r) for r in rows])

        return self._guarded(read)

    def open_actions(self, info: SessionInfo) -> list[ActionRow]:
        """The partnership's open actions from every session up to ``info``'s (by date,
        then id), that one included: what matters arising lists (``FollowUp.open_actions``)."""

        def read() -> list[ActionRow]:
            rows = self._db.execute(
                f"{_ORDINALS} SELECT {_ACTION_COLUMNS} {_ACTIONS_FROM} "
                "WHERE s.partnership = ? AND a.status = X'6f70656e' "
                f"AND (s.date < ? OR (s.date = ? AND s.id <= ?)) {_ACTION_ORDER}",
                [_b(info.partnership), _b(info.date), _b(info.date), info.id],
            )
            return [_action(r) for r in rows]

        return self._guarded(read)

    def decisions(
        self, wanted: str = "", *, offset: int = 0, limit: int = -1
    ) -> Page[DecisionRow]:
        """The decisions as ``Archive.decisions`` orders them, narrowed by ``wanted`` in
        the partnership, owner, text or status of each."""
        params = {"wanted": _b(fold(wanted)), "limit": limit, "offset": offset}
        clause = "1"
        if fold(wanted):
            clause = (
                "(instr(s.f_partnership, :wanted) OR instr(d.f_owner, :wanted) OR "
                "instr(d.f_text, :wanted) OR instr(d.f_status, :wanted))"
            )
        joined = "FROM decisions d JOIN sessions s ON s.key = d.session_key"

        def read() -> Page[DecisionRow]:
            total, rows = _counted(
                self._db,
                (
                    f"SELECT {_DECISION_COLUMNS} {joined} WHERE {clause} {_DECISION_ORDER} "
                    "LIMIT :limit OFFSET :offset",
                    params,
                ),
                (f"SELECT count(*) {joined} WHERE {clause}", params),
                offset,
                limit,
            )
            return Page(total, offset, [_decision(r) for r in rows])

        return self._guarded(read)

    def search(
        self,
        query: str,
        *,
        partnership: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
        offset: int = 0,
        limit: int = -1,
    ) -> Page[Hit]:
        """What ``search.search`` finds over the same sessions, in its order, a page at a
        time (``total``: how many in all, or ``capped`` at ``COUNT_CAP``). More than
        ``MOST_WORDS`` different words are refused (:class:`QueryTooLong`): SQLite cannot
        ask a thousand at once, and nothing is found by fifty."""
        words = list(dict.fromkeys(fold(query).split()))  # a word twice asks nothing more
        offset = max(offset, 0)
        if not words:
            return Page(0, offset, [])
        if len(words) > MOST_WORDS:
            raise QueryTooLong(
                f"a search takes at most {MOST_WORDS} different words ({len(words)} given)"
            )
        where, params = [], []
        if partnership:
            where.append("instr(s.f_partnership, ?)")
            params.append(_b(fold(partnership)))
        if date_from:
            where.append("s.day >= ?")
            params.append(_b(date_from.isoformat()))
        if date_to:
            where.append("s.day <= ?")
            params.append(_b(date_to.isoformat()))
        for word in words:
            where.append("instr(p.folded, ?)")
            params.append(_b(word))
        clause = " AND ".join(where)
        # newest session first, its places in order: CROSS JOIN keeps SQLite walking the
        # sessions by date, so the walk stops at the hits wanted instead of sorting them all
        walked = "FROM sessions s CROSS JOIN places p ON p.session_key = s.key"
        # or the places a rare word's trigrams, or a rare number's runs, point to, found
        # first and then sorted
        places_of = (
            "JOIN places p ON p.session_key = t.r / 1048576 AND p.ord = t.r % 1048576 "
            "JOIN sessions s ON s.key = p.session_key"
        )
        trigrams = "SELECT rowid AS r FROM trigrams WHERE trigrams MATCH ?"
        looked_up = {  # fixed clauses: the values asked are parameters
            "trigrams": (f"FROM ({trigrams}) AS t {places_of}", ""),
            # a place found through two of its runs ("12" in "12" and "1212"), once: of
            # the hits only, where DISTINCT over every place looked up cost a quarter more
            "numbers": (f"FROM ({_RUNS}) AS t {places_of}", "GROUP BY s.day, s.id, p.ord"),
        }
        columns = "s.id, s.day, s.partnership, s.title, p.kind, p.item, p.item_title, p.text"
        order = "ORDER BY s.day DESC, s.id DESC, p.ord"
        digits = list(dict.fromkeys(w for w in words if _DIGITS.fullmatch(w)))

        def read() -> Page[Hit]:
            rare = self._rare(words) or self._rare_number(words)
            (joined, grouped), first, held = (walked, ""), list[str | bytes](), list[str]()
            if rare is not None:
                # a place looked up must also hold a run of digits holding each other
                # word of digits: checked in the small ``numbered`` before its text is read
                others = [_b(w) for w in digits if _b(w) != rare[1]][:NARROWED]
                (joined, grouped), first = looked_up[rare[0]], [rare[1], *others]
                held = [_HOLDS] * len(others)
            asked = " AND ".join([*held, clause]) + f" {grouped} {order}"
            if limit < 0:  # every row: counted as they come
                rows = self._db.execute(
                    f"SELECT {columns} {joined} WHERE {asked} LIMIT -1 OFFSET ?",  # noqa: S608 - fixed clauses, values are parameters
                    [*first, *params, offset],
                ).fetchall()
                return Page(offset + len(rows), offset, [_hit(r) for r in rows])
            # one walk for the page and the count: the keys of the hits up to the cap (or
            # to the page's end, past it), then the page's rows by their keys, both read
            # in one transaction (another process's refresh cannot come between)
            with _reading(self._db):
                keys = self._db.execute(
                    f"SELECT p.session_key, p.ord {joined} WHERE {asked} LIMIT ?",  # noqa: S608 - fixed clauses, values are parameters
                    [*first, *params, max(COUNT_CAP + 1, offset + limit)],
                ).fetchall()
                wanted = keys[offset : offset + limit]
                rows = []
                for n in range(0, len(wanted), KEYS):
                    some = wanted[n : n + KEYS]
                    pairs = ", ".join(["(?, ?)"] * len(some))
                    rows += self._db.execute(
                        f"WITH k (session_key, ord) AS (VALUES {pairs}) SELECT {columns} "  # noqa: S608 - fixed clauses, values are parameters
                        "FROM k JOIN places p ON p.session_key = k.session_key AND p.ord = k.ord "
                        f"JOIN sessions s ON s.key = p.session_key {order}",
                        [v for key in some for v in key],
                    ).fetchall()
            if len(wanted) < limit and (wanted or not offset):  # the end: the total is known
                total, capped = offset + len(wanted), False
            else:
                total, capped = min(len(keys), COUNT_CAP), len(keys) > COUNT_CAP
            return Page(total, offset, [_hit(r) for r in rows], capped)

        return self._guarded(read)

    def _rare(self, words: list[str]) -> tuple[str, str] | None:
        """An FTS5 query for the trigrams of ``words`` (those of three letters or more) when
        fewer than ``SELECTIVE`` places hold them all: then looking those places up is
        quicker than walking every place. None otherwise, or with no trigram index."""
        if not FTS5:
            return None
        grams: list[str] = []
        for word in words:
            try:
                word.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate cannot be asked for: walked
                continue
            grams += _trigrams(word)
        if not grams:
            return None
        match = " AND ".join(_quoted(g) for g in dict.fromkeys(grams))
        held = self._places_holding(
            "SELECT count(*) FROM (SELECT 1 FROM trigrams WHERE trigrams MATCH ? LIMIT ?)",
            match,
        )
        return ("trigrams", match) if held < SELECTIVE else None

    def _rare_number(self, words: list[str]) -> tuple[str, bytes] | None:
        """The word of ASCII digits held by the fewest places (``numbers``), when fewer
        than ``SELECTIVE`` hold it: the search's rare word when no trigrams are (a query
        such as "meeting 98"). None otherwise. The places are counted once for each of
        their runs holding the word (a few more than the places, and 5 ms quicker than
        counting each once at 5,000 sessions)."""
        held = []
        for word in {w for w in words if _DIGITS.fullmatch(w)}:
            asked = f"SELECT count(*) FROM ({_RUNS} LIMIT ?)"  # noqa: S608 - fixed clauses
            held.append((self._places_holding(asked, _b(word)), word))
        if not held:
            return None
        count, word = min(held)
        return ("numbers", _b(word)) if count < SELECTIVE else None

    def _places_holding(self, asked: str, value: str | bytes) -> int:
        """How many places (up to ``SELECTIVE``) the count ``asked`` finds holding
        ``value``, remembered while the index is unchanged (by this index or another
        connection): as a query is typed a letter at a time, each word (and each set of
        trigrams) is counted once, not again at every letter after it. A count only
        chooses how the places are found, never what is found."""
        db = self._db
        now = (db, _i(db.execute("PRAGMA data_version").fetchone()[0]), self._writes, SELECTIVE)
        if now != self._counted_at:
            self._counted_at, self._counts = now, {}
        held = self._counts.get((asked, value))
        if held is None:
            if len(self._counts) >= 4096:  # a long session's typing: kept small
                self._counts.clear()
            held = _i(db.execute(asked, (value, SELECTIVE)).fetchone()[0])
            self._counts[asked, value] = held
        return held


_DIGITS = re.compile(r"[0-9]+")
# the places whose runs of digits hold the word asked (a parameter), once for each such run
_RUNS = (
    "SELECT place AS r FROM numbered WHERE number IN (SELECT id FROM numbers WHERE instr(run, ?))"
)


# the place looked up (t.r) holds a run of digits holding a word (a parameter)
_HOLDS = (
    "EXISTS (SELECT 1 FROM numbered n WHERE n.place = t.r AND +n.number IN "
    "(SELECT id FROM numbers WHERE instr(run, ?)))"
)


def _trigrams(word: str) -> list[str]:
    return [word[n : n + 3] for n in range(len(word) - 2)]


def _quoted(trigram: str) -> str:
    """A trigram as an FTS5 string (itself, never read as query syntax)."""
    return '"' + trigram.replace('"', '""') + '"'


def _counted(
    db: sqlite3.Connection,
    page: tuple[str, Any],
    count: tuple[str, Any],
    offset: int,
    limit: int,
) -> tuple[int, list[tuple[Any, ...]]]:
    """The rows of the ``page`` query and how many match in all, each query with its
    parameters. ``count`` runs only when the page is full or past the end (a page cut short
    tells the total itself), so a query mostly scans once."""
    rows = db.execute(*page).fetchall()
    if limit < 0 or (len(rows) < limit and (rows or not offset)):
        return offset + len(rows), rows
    return _i(db.execute(*count).fetchone()[0]), rows


def _master(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return sorted(db.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))


def _damage(exc: sqlite3.DatabaseError) -> bool:
    """True when the file itself is bad (not a database, malformed); False when it only
    cannot be written now (read-only, full, locked by another writer)."""
    if not isinstance(exc, sqlite3.OperationalError):
        return True
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _connect(where: str) -> sqlite3.Connection:
    db = sqlite3.connect(where, timeout=BUSY, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA trusted_schema = OFF")
    if where != ":memory:":
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "delete":  # a file left in another mode (WAL makes two more
            db.execute("PRAGMA journal_mode = DELETE")  # files beside it)
    return db


@contextlib.contextmanager
def _reading(db: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: what is read meanwhile is one state of the file."""
    db.execute("BEGIN")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _create(db: sqlite3.Connection) -> None:
    for statement in TABLES.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO meta (key, value) VALUES ('derived', ?)", (DERIVED,))


def _forget(db: sqlite3.Connection, session_id: str) -> None:
    row = db.execute("SELECT key FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        return
    if FTS5:  # a contentless index forgets a place given what it was given for it
        db.execute(
            "INSERT INTO trigrams (trigrams, rowid, folded) SELECT 'delete', "
            "session_key * 1048576 + ord, folded FROM places WHERE session_key = ?",
            row,
        )
    db.execute("DELETE FROM actions WHERE session_key = ?", row)
    db.execute("DELETE FROM decisions WHERE session_key = ?", row)
    db.execute("DELETE FROM places WHERE session_key = ?", row)
    db.execute(
        "DELETE FROM numbered WHERE place >= ? AND place < ?",
        (row[0] * PLACE, (row[0] + 1) * PLACE),
    )
    db.execute("DELETE FROM sessions WHERE key = ?", row)


def _insert(
    db: sqlite3.Connection, session_id: str, stamp: tuple[int, int] | None, session: Session
) -> None:
    info = session.info
    mtime, size = stamp if stamp is not None else (None, None)
    found = [(*place, fold(place[3])) for place in places(session)]
    key = db.execute(
        "INSERT INTO sessions (id, mtime_ns, size, partnership, f_partnership, date, day, "
        "title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session_id,
            mtime,
            size,
            _b(info.partnership),
            _b(fold(info.partnership)),
            _b(info.date),
            _b(info.date[:10]),
            _b(info.title),
        ),
    ).lastrowid
    summary = summarise(session)
    db.executemany(
        "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                key,
                a.number,
                a.seq,
                _b(a.text),
                _b(a.owner),
                _b(a.organisation),
                _b(a.due),
                _b(a.status),
                _b(a.item),
                int(a.confidential),
                _b(a.decision),
                _b(fold(a.text)),
                _b(fold(a.owner)),
                _b(fold(a.organisation)),
                _b(fold(a.status)),
            )
            for a in summary.actions
        ],
    )
    db.executemany(
        "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                key,
                position,
                d.seq,
                _b(d.text),
                _b(d.owner),
                _b(d.how),
                _b(d.votes),
                _b(d.status),
                _b(d.review),
                _b(d.dissent),
                int(d.confidential),
                _b(d.item),
                _b(fold(d.text)),
                _b(fold(d.owner)),
                _b(fold(d.status)),
            )
            for position, d in enumerate(summary.decisions)
        ],
    )
    db.executemany(
        "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (key, ord_, kind, number, _b(title), _b(text), _b(folded))
            for ord_, (kind, number, title, text, folded) in enumerate(found)
        ],
    )
    assert key is not None
    runs = [
        (key * PLACE + ord_, run)
        for ord_, place in enumerate(found)
        for run in set(_DIGITS.findall(place[4]))
    ]
    db.executemany(
        "INSERT OR IGNORE INTO numbers (run) VALUES (?)", [(_b(run),) for _, run in runs]
    )
    db.executemany(
        "INSERT OR IGNORE INTO numbered (place, number) "
        "SELECT ?, id FROM numbers WHERE run = ?",
        [(place, _b(run)) for place, run in runs],
    )
    if FTS5:
        db.executemany(
            "INSERT INTO trigrams (rowid, folded) VALUES (?, ?)",
            [(key * PLACE + ord_, _b(place[4])) for ord_, place in enumerate(found)],
        )


def _action(r: tuple[Any, ...]) -> ActionRow:
    if type(r[0]) is not str:
        raise IndexDamaged("not a session id")
    row = ActionRow(
        session=r[0],
        partnership=_s(r[1]),
        session_date=_s(r[2]),
        seq=_i(r[3]),
        number=_i(r[4]),
        text=_s(r[5]),
        owner=_s(r[6]),
        organisation=_s(r[7]),
        due=_s(r[8]),
        status=_s(r[9]),
        item=_s(r[10]),
        confidential=_flag(r[11]),
        decision=_s(r[12]),
    )
    row.code = f"{_i(r[13])}.{row.number}"
    return row


def _decision(r: tuple[Any, ...]) -> DecisionRow:
    if type(r[0]) is not str:
        raise IndexDamaged("not a session id")
    return DecisionRow(
        session=r[0],
        partnership=_s(r[1]),
        session_date=_s(r[2]),
        seq=_i(r[3]),
        text=_s(r[4]),
        owner=_s(r[5]),
        how=_s(r[6]),
        votes=_s(r[7]),
        status=_s(r[8]),
        review=_s(r[9]),
        dissent=_s(r[10]),
        confidential=_flag(r[11]),
        item=_s(r[12]),
    )


def _hit(r: tuple[Any, ...]) -> Hit:
    if type(r[0]) is not str or type(r[4]) is not str:
        raise IndexDamaged("not a session id or kind")
    return Hit(r[0], _s(r[1]), _s(r[2]), _s(r[3]), r[4], _i(r[5]), _s(r[6]), _s(r[7]))


def main(argv: list[str] | None = None) -> int:
    """``python -m facilitator.core.review_index FOLDER``: bring the index of the sessions
    in FOLDER up to date (what ``refresh(apart=True)`` runs). Exit status 0 when the index
    file is up to date, 1 when it could not be written (nothing is left for the caller),
    2 for a wrong command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not os.path.isdir(args[0]):
        print("usage: python -m facilitator.core.review_index FOLDER", file=sys.stderr)
        return 2
    try:
        with ReviewIndex(SessionStore(args[0])) as index:
            index.refresh()
            return 0 if index.cached else 1
    except (UserError, OSError) as exc:  # one line, as the command line says it
        print(f"facilitator: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
