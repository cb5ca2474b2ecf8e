"""The session writer encodes only the records a change touches: the file it writes is byte
for byte the one TinyDB's own operations would have written, encoding the whole session
with ``dumps`` each time, after every kind of change (facilitator/core/store.py)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.files import dumps
from facilitator.core.meeting import Meeting
from facilitator.core.store import AtomicJSONStorage, SessionStore
from tests.helpers import agenda


class WholeFile(Storage):
    """TinyDB's own way: the whole database read and encoded again on every write."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> dict[str, Any] | None:
        return json.loads(self.text)

    def write(self, data: dict[str, Any]) -> None:
        self.text = dumps(data)


def where(**match: Any):  # noqa: ANN201 - a TinyDB condition
    return lambda doc: all(doc.get(k) == v for k, v in match.items())


def both(tmp_path, text: str) -> tuple[AtomicJSONStorage, TinyDB]:
    path = tmp_path / "s.session.json"
    path.write_text(text, encoding="utf-8")
    return AtomicJSONStorage(path), TinyDB(storage=WholeFile, text=text)


def same(ours: AtomicJSONStorage, theirs: TinyDB) -> str:
    text = theirs.storage.text  # type: ignore[attr-defined]
    assert ours.text == text
    assert ours.path.read_text(encoding="utf-8") == text
    return text


STEPS = [
    ("insert", "notes", {"item": 1, "text": "Café — “quoted” \\ and \u2028 kept", "at": "x"}),
    ("insert", "notes", {"item": 1, "text": "second", "tags": ["a", "b"], "n": 1.5}),
    ("insert", "brand_new", {"text": "a table the file did not have"}),
    ("update", "notes", [({"text": "changed"}, where(text="second")),
                         ({"extra": True}, where(text="changed"))]),  # in turn, as TinyDB
    ("update", "missing", [({"x": 1}, where(a=1))]),  # TinyDB adds the table, empty
    ("remove", "notes", where()),  # the table is left empty: "{}"
    ("insert", "notes", {"item": 2, "text": "after the table was emptied"}),
    ("update", "session", [({"state": "live", "queue": ["Ann", "Bob"]}, where())]),
    ("remove", "nothing_here", where()),
    ("insert", "notes", {"item": 2, "text": "last"}),
]


def test_every_change_writes_the_bytes_tinydb_would(tmp_path) -> None:
    start = dumps({"session": {"1": {"id": "s", "state": "upcoming"}}, "notes": {
        "1": {"item": 0, "text": "first"}, "3": {"item": 0, "text": "numbered out of turn"},
        "2": {"item": 0, "text": "kept in the file's order"}}, "empty": {}})
    ours, theirs = both(tmp_path, start)
    for kind, table, arg in STEPS:
        if kind == "insert":
            assert ours.insert(table, arg) == theirs.table(table, cache_size=0).insert(arg)
        elif kind == "update":
            ours.update(table, arg)
            theirs.table(table, cache_size=0).update_multiple(arg)
        else:
            ours.remove(table, arg)
            theirs.table(table, cache_size=0).remove(arg)
        text = same(ours, theirs)
    assert text == dumps(json.loads(text))  # and it is dumps' layout, one record a line
    assert '"notes": {\n  "6": {"item": 2, "text": "after' in text  # numbers go on


def test_a_long_run_of_records_added_writes_the_bytes_tinydb_would(tmp_path, monkeypatch):
    """A record added puts its line after the table's pieces; every ``_MOST_PIECES // 2``
    records the pieces are joined. Past that point several times, with an update, a remove
    and a failed write between, the file and what is held are TinyDB's bytes after every
    change."""
    import facilitator.core.store as store_mod

    ours, theirs = both(tmp_path, dumps({"session": {"1": {"id": "s"}}, "notes": {}}))
    most = store_mod._MOST_PIECES
    for n in range(1, 3 * most + 2):
        doc = {"item": n % 3, "text": f"note {n}"}
        assert ours.insert("notes", doc) == theirs.table("notes", cache_size=0).insert(doc)
        other = {"n": n}  # a second table, grown in turn
        assert ours.insert("other", other) == theirs.table("other", cache_size=0).insert(other)
        if n == most:
            changes = [({"text": "changed"}, where(item=1))]
            ours.update("notes", changes)
            theirs.table("notes", cache_size=0).update_multiple(changes)
        if n == most + 7:
            ours.remove("notes", where(item=2))
            theirs.table("notes", cache_size=0).remove(where(item=2))
        if n == 2 * most + 3:
            before = ours.text
            real = store_mod.write_atomic
            monkeypatch.setattr(store_mod, "write_atomic", refuse_all)
            with pytest.raises(OSError):
                ours.insert("notes", {"text": "not written"})
            assert ours.text == before
            monkeypatch.setattr(store_mod, "write_atomic", real)
        same(ours, theirs)
    assert f'"text": "note {3 * most + 1}"' in ours.path.read_text(encoding="utf-8")


def refuse_all(path, text, **kwargs) -> None:
    raise OSError(28, "No space left on device")


def test_a_record_that_cannot_be_encoded_changes_nothing(tmp_path) -> None:
    ours, theirs = both(tmp_path, dumps({"notes": {"1": {"text": "first"}}}))
    before = ours.text
    with pytest.raises(TypeError):
        ours.insert("notes", {"text": object()})
    with pytest.raises(TypeError):
        ours.update("notes", [({"text": object()}, where())])
    assert ours.text == before and ours.path.read_text(encoding="utf-8") == before
    assert ours.insert("notes", {"text": "next"}) == 2  # the number was not used up
    theirs.table("notes", cache_size=0).insert({"text": "next"})
    same(ours, theirs)


def test_a_failed_write_leaves_what_is_held_as_it_was(tmp_path, monkeypatch) -> None:
    import facilitator.core.store as store_mod

    ours, theirs = both(tmp_path, dumps({"notes": {"1": {"text": "first"}}}))
    before = ours.text

    def refuse(path, text, **kwargs) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_mod, "write_atomic", refuse)
    with pytest.raises(OSError):
        ours.insert("notes", {"text": "not written"})
    with pytest.raises(OSError):
        ours.remove("notes", where())
    assert ours.text == before
    monkeypatch.undo()
    assert ours.insert("notes", {"text": "written"}) == 2
    theirs.table("notes", cache_size=0).insert({"text": "written"})
    same(ours, theirs)


def test_a_meeting_writes_what_encoding_the_whole_session_writes(tmp_path) -> None:
    """Through the real writer: notes, decisions, an action, an undo (an update), a move
    to the next item (updates of two tables), a speaker (insert, then update)."""
    store = SessionStore(tmp_path)
    sid = store.create(agenda_from_dict(agenda(), date(2026, 11, 23)))
    writer = store.writer(sid)
    meeting = Meeting(writer)
    path = store.path_for(sid)
    lines = ["First note", "/decision Fund the hall @Joan", "/action @Sam book it by friday",
             "A note to take back", "/undo", "/next", "On the second item"]
    try:
        for line in lines:
            meeting.capture(line)
            text = path.read_text(encoding="utf-8")
            assert text == writer.db.storage.text
            assert text == dumps(json.loads(text)), line
    finally:
        writer.close()
    assert [n.text for n in store.load(sid).notes] == [
        "First note", "A note to take back", "On the second item"]
    assert store.load(sid).notes[1].withdrawn


@pytest.mark.parametrize(
    "given",
    [
        "Café — one string",
        "Café — one string".encode(),
        bytearray("Café — one string".encode()),
        memoryview("Café — one string".encode()),
        [b"Caf", "é — one".encode(), b"", b" string"],
    ],
    ids=["str", "bytes", "bytearray", "memoryview", "pieces"],
)
def test_write_atomic_takes_the_text_whole_or_in_pieces(tmp_path, given) -> None:
    from facilitator.core.files import write_atomic

    target = tmp_path / "out.txt"
    write_atomic(target, given)
    assert target.read_text(encoding="utf-8") == "Café — one string"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left
