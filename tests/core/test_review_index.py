"""The review side's SQLite index (core/review_index.py) answers exactly what the archive
and ``search`` answer from the session files, and is never trusted over them.

Every query is checked against the in-memory path it replaces, over an archive with what
makes the answers hard: confidential rows, ties in every sort order, accents and case,
withdrawn entries, a lone surrogate, another partnership. Then the file itself: derived and
rebuilt when deleted, damaged, foreign or older; never opened through a link, FIFO or folder;
made 0600; a read-only folder answers the same from memory and writes nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.demo import create_demo
from facilitator.core.review_index import JOURNAL, NAME, ReviewIndex
from facilitator.core.search import search
from facilitator.core.store import SessionStore
from facilitator.core.text import fold
from facilitator.core.tracker import Archive, update_action
from tests.conftest import FakeClock
from tests.helpers import SENTINEL, agenda, captured, sentinel_session

TODAY = date(2026, 11, 25)
KINGSMEAD = "Kingsmead Community Safety Partnership"


def meeting(store: SessionStore, clock: FakeClock, when: str, lines: list[str], **over) -> str:
    data = agenda(date=when, **over)
    data["participants"].append(
        {"name": "Siân Łukasiewicz", "organisation": "Straße Tenants", "sector": "community"}
    )
    sid = store.create(agenda_from_dict(data, clock().date()))
    captured(store, sid, clock, lines)
    return sid


def fill(store: SessionStore, clock: FakeClock) -> None:
    create_demo(store, datetime(2026, 11, 23, 10, 0))
    sentinel_session(store, clock)
    same_day = "30/11/2026 14:00"  # two sessions on one day: ties in every order
    for title in ("Board A", "Board B"):
        meeting(
            store,
            clock,
            same_day,
            [
                "/next",
                "Siân said the STRASSE lamps are out",
                "/decision Fit brighter lamps @Council",
                "/action @Sian tell the Straße tenants by 27/11/2026",
                "/action @Ravi survey the street",
                "/action @Lena count the lamps by 01/12/2026",
                "a note to take back",
                "/undo",
                "/end",
            ],
            title=title,
        )
    first = next(a for a in Archive(store).actions() if a.text == "survey the street")
    update_action(store, first, status="done", clock=clock)
    meeting(
        store,
        clock,
        "16/11/2026 10:00",
        ["/next", "/decision Kingsmead patrols @Council", "/action @Joan audit by friday"],
        partnership=KINGSMEAD,
    )
    # a lone surrogate, as a hand-edited or imported file may hold: stored and found as is
    sid = meeting(store, clock, "02/12/2026 14:00", ["/next", "broken paste here"])
    path = store.path_for(sid)
    data = json.loads(path.read_text(encoding="utf-8"))
    note = next(k for k, n in data["notes"].items() if n["text"] == "broken paste here")
    data["notes"][note]["text"] = "broken \ud800 paste here"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")


def fresh(store: SessionStore) -> ReviewIndex:
    index = ReviewIndex(store)
    index.refresh()
    return index


def filtered(store: SessionStore, filters: set[str], typed: str):
    """The tracker's rows as it filtered them in Python before the index."""
    wanted = fold(typed.strip())

    def match(*values: str) -> bool:
        return not wanted or any(wanted in fold(v) for v in values)

    actions = [
        r
        for r in Archive(store).actions()
        if ("open" not in filters or r.status == "open")
        and ("overdue" not in filters or r.overdue(TODAY))
        and ("week" not in filters or r.due_within(TODAY, 7))
        and match(r.partnership, r.owner, r.organisation, r.text, r.status)
    ]
    decisions = [
        d for d in Archive(store).decisions() if match(d.partnership, d.owner, d.text, d.status)
    ]
    return actions, decisions


def test_the_archive_has_what_makes_the_answers_hard(archive: SessionStore) -> None:
    actions = Archive(archive).actions()
    assert any(a.confidential for a in actions) and not all(a.confidential for a in actions)
    assert any(d.confidential for d in Archive(archive).decisions())
    keys = [(a.due or "9999", a.session_date, a.seq) for a in actions]
    assert len(set(keys)) < len(keys)  # ties, kept in the archive's order
    assert {a.status for a in actions} >= {"open", "done"}
    assert any("\ud800" in h.text for h in search(archive.list_sessions()[0], "broken"))


FILTERS = [set(), {"open"}, {"overdue"}, {"week"}, {"open", "week"}, {"open", "overdue"}]
TYPED = ["", "sian", "SIÂN ", "strasse", "council", "open", "done", "kingsmead", "zz", "1", "ł"]


def test_actions_and_decisions_are_the_trackers_rows(archive: SessionStore) -> None:
    index = fresh(archive)
    for filters in FILTERS:
        for typed in TYPED:
            actions, decisions = filtered(archive, filters, typed)
            page = index.actions(filters, typed.strip(), TODAY)
            assert page.rows == actions, (filters, typed)  # codes, confidential flags too
            assert page.total == len(actions)
            got = index.decisions(typed.strip())
            assert got.rows == decisions, typed
            assert got.total == len(decisions)


def test_pages_put_together_are_the_whole_list(archive: SessionStore) -> None:
    index = fresh(archive)
    every = Archive(archive).actions()
    for size in (1, 2, 5):
        pages = [index.actions(offset=o, limit=size) for o in range(0, len(every) + size, size)]
        assert [r for p in pages for r in p.rows] == every
        assert {p.total for p in pages} == {len(every)}
    decisions = Archive(archive).decisions()
    pages = [index.decisions(offset=o, limit=3) for o in range(0, len(decisions) + 3, 3)]
    assert [r for p in pages for r in p.rows] == decisions
    assert {p.total for p in pages} == {len(decisions)}


QUERIES = [
    ("tenants", {}),
    ("TENANTS oakridge", {}),
    ("priorities", {}),
    ("sian", {}),
    ("SIÂN strasse", {}),
    ("ß", {}),
    ("lamps", {"partnership": "northfield"}),
    ("lamps", {"partnership": "NÖRTHFIELD"}),
    ("lamps", {"partnership": "no such"}),
    ("lamps", {"date_from": date(2026, 11, 30)}),
    ("lamps", {"date_to": date(2026, 11, 29)}),
    ("lamps", {"date_from": date(2026, 11, 30), "date_to": date(2026, 11, 30)}),
    ("a", {}),
    ("\ud800", {}),
    ("broken", {}),
    (SENTINEL, {}),
    ("", {}),
    ("   ", {}),
    ("zzz-nothing", {}),
    # words of digits, too short for trigrams: looked up by the runs of digits holding them
    ("27", {}),
    ("2", {}),
    ("026", {}),
    ("lamps 27", {}),
    ("27 2026 lamps", {}),
    ("11", {"partnership": "northfield"}),
    ("٢٧", {}),  # digits of another script: never in a run of ASCII digits, walked
    ("0000000", {}),
]


@pytest.mark.parametrize("selective", [0, 20_000], ids=["walked", "looked up"])
def test_search_finds_what_search_finds(
    archive: SessionStore, monkeypatch: pytest.MonkeyPatch, selective: int
) -> None:
    """Both ways of answering: walking every place newest first, and looking a word's
    places up by its trigrams first (when few places hold it)."""
    from facilitator.core import review_index

    monkeypatch.setattr(review_index, "SELECTIVE", selective)
    sessions = archive.list_sessions()[0]
    index = fresh(archive)
    for query, filters in QUERIES:
        expected = search(sessions, query, **filters)
        page = index.search(query, **filters)
        assert page.rows == expected, (query, filters)
        assert page.total == len(expected)
        pages = [index.search(query, offset=o, limit=4, **filters) for o in range(0, 200, 4)]
        assert [h for p in pages for h in p.rows] == expected
        assert {p.total for p in pages} == {len(expected)}
    assert len(search(sessions, "lamps")) > 4  # more than a page


def test_the_trigram_index_follows_a_session_derived_again(
    store: SessionStore, clock: FakeClock
) -> None:
    sid = meeting(store, clock, "23/11/2026 14:00", ["/next", "the quokka census"])
    assert [h.text for h in fresh(store).search("quokka").rows] == ["the quokka census"]
    meeting_more(store, clock, sid, "/undo", "the wombat census")
    index = fresh(store)
    assert index.search("quokka").rows == [] and index.search("okk").rows == []
    assert [h.text for h in index.search("wombat").rows] == ["the wombat census"]
    store.path_for(sid).unlink()
    index.refresh()
    assert index.search("wombat").rows == [] and index.search("census").rows == []


def test_a_short_number_is_looked_up_by_the_runs_of_digits_holding_it(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"meeting 98": no word of it is rare by its trigrams, but the places holding 98 are
    found through their runs of digits (980, 1998…), and follow the session's changes."""
    sid = meeting(store, clock, "23/11/2026 14:00", ["/next", "room 1998 booked", "room 7"])
    index = fresh(store)
    assert index._rare_number(["room", "98"]) == ("numbers", b"98")
    assert index._rare_number(["room"]) is None
    assert [h.text for h in index.search("room 98").rows] == ["room 1998 booked"]
    assert [h.text for h in index.search("7").rows] == ["room 7"]
    meeting_more(store, clock, sid, "/undo", "room 980 instead")
    index = fresh(store)
    assert [h.text for h in index.search("room 98").rows] == [
        "room 1998 booked",
        "room 980 instead",
    ]
    assert index.search("7").rows == []
    from facilitator.core import review_index

    monkeypatch.setattr(review_index, "SELECTIVE", 1)  # 98 in two places: not rare now
    assert index._rare_number(["98"]) is None
    store.path_for(sid).unlink()
    index.refresh()
    assert index.search("98").rows == []


@pytest.mark.parametrize("selective", [0, 20_000], ids=["walked", "looked up"])
def test_every_word_of_digits_narrows_the_places_looked_up(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, selective: int
) -> None:
    """Several short numbers: the places looked up by one are kept only where a run of
    digits holds each other (12 and 7 in one run or two, 2 inside 12, a number twice)."""
    from facilitator.core import review_index

    monkeypatch.setattr(review_index, "SELECTIVE", selective)
    lines = [
        "room 12 floor 7",
        "room 712",
        "room 127",
        "7 then 12",
        "room 12",
        "floor 7",
        "1 2 12",
        "no digits here",
        "room 2026 floor 12",
    ]
    meeting(store, clock, "23/11/2026 14:00", ["/next", *lines])
    meeting(store, clock, "24/11/2026 14:00", ["/next", "room 12 again, floor 7", "room 17"])
    sessions = store.list_sessions()[0]
    index = fresh(store)
    queries = ["12 7", "7 12", "room 12 7", "1 2", "12 12", "2 12", "12 2026 floor", "7 0"]
    for query in [*queries, "127", "12 7 room floor"]:
        expected = search(sessions, query)
        assert index.search(query).rows == expected, query
        pages = [index.search(query, offset=o, limit=2) for o in range(0, 20, 2)]
        assert [h for p in pages for h in p.rows] == expected, query
        assert {p.total for p in pages} == {len(expected)}, query
    assert [h.text for h in index.search("12 7").rows] == [
        "room 12 again, floor 7",
        "room 12 floor 7",
        "room 712",
        "room 127",
        "7 then 12",
    ]


def test_a_count_that_chooses_the_way_is_asked_again_once_the_index_changes(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts of the places holding a word are remembered while the index is unchanged,
    then asked again: after this index's own refresh, or another's."""
    from facilitator.core import review_index

    monkeypatch.setattr(review_index, "SELECTIVE", 2)  # fewer than 2 places: rare
    sid = meeting(store, clock, "23/11/2026 14:00", ["/next", "room 98", "a quokka"])
    index = fresh(store)
    assert index._rare_number(["98"]) == ("numbers", b"98")
    assert index._rare(["quokka"]) is not None
    meeting_more(store, clock, sid, "room 980")
    index.refresh()  # its own refresh
    assert index._rare_number(["98"]) is None
    assert index._rare(["quokka"]) is not None
    meeting_more(store, clock, sid, "another quokka")
    other = fresh(store)  # another reader's refresh writes the file
    other.close()
    assert index._rare(["quokka"]) is None
    assert [h.text for h in index.search("quokka").rows] == ["a quokka", "another quokka"]


def test_pages_across_the_cap_are_the_whole_list(
    archive: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the cap, pages still come in order, each saying "at least the cap", until
    the last, short page tells the total; as many as the cap are not "more than" it."""
    from facilitator.core import review_index

    expected = search(archive.list_sessions()[0], "lamps")
    monkeypatch.setattr(review_index, "COUNT_CAP", 4)
    assert len(expected) % 3 and len(expected) > 6
    index = fresh(archive)
    pages = [index.search("lamps", offset=o, limit=3) for o in range(0, len(expected), 3)]
    assert [h for p in pages for h in p.rows] == expected
    assert all(p.capped and p.total == 4 for p in pages[:-1])
    assert pages[-1].total == len(expected) and not pages[-1].capped
    monkeypatch.setattr(review_index, "COUNT_CAP", len(expected))  # exactly the cap: all
    page = index.search("lamps", limit=2)
    assert page.total == len(expected) and not page.capped


def test_a_search_counts_up_to_the_cap_and_says_so(
    archive: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.core import review_index

    expected = search(archive.list_sessions()[0], "lamps")
    monkeypatch.setattr(review_index, "COUNT_CAP", len(expected) - 2)
    index = fresh(archive)
    page = index.search("lamps", limit=2)
    assert page.rows == expected[:2]
    assert page.capped and page.total == len(expected) - 2  # at least this many
    whole = index.search("lamps")  # every row asked for: counted as they come
    assert whole.rows == expected and whole.total == len(expected) and not whole.capped
    last = index.search("lamps", offset=len(expected) - 1, limit=2)  # a short last page
    assert last.rows == expected[-1:] and last.total == len(expected) and not last.capped


def test_fold_of_plain_ascii_is_its_lower_case() -> None:
    """text.fold's shortcut for ASCII gives what decomposing it gives."""
    from facilitator.core.text import _LETTERS, _bare

    every = "".join(map(chr, range(128)))
    for text in [*every, every, "Siân", "STRASSE", "ǅ"]:
        assert fold(text) == _bare(_bare(text).translate(_LETTERS).casefold())


def test_open_actions_are_matters_arisings(archive: SessionStore) -> None:
    index = fresh(archive)
    sessions = archive.list_sessions()[0]
    for session in sessions:
        mine = session.info
        expected = [
            a
            for a in Archive(archive).actions()
            if a.partnership == mine.partnership
            and a.status == "open"
            and (a.session_date, a.session) <= (mine.date, mine.id)
        ]
        assert index.open_actions(mine) == expected, mine.id
    assert any(index.open_actions(s.info) for s in sessions)


# --------------------------------------------------------------------------- kept fresh


def test_a_change_to_a_file_is_seen_and_the_index_reused_while_unchanged(
    store: SessionStore, clock: FakeClock
) -> None:
    """As the tracker's JSON index: a session's rows are reused while its file's stamp is
    unchanged, and derived again once it is not."""
    sid = meeting(store, clock, "23/11/2026 14:00", ["/next", "/action @Ravi survey it"])
    fresh(store).close()
    with sqlite3.connect(store.root / NAME) as db:  # a value only the index holds
        db.execute("UPDATE actions SET text = ?", (b"FROM THE INDEX",))
    db.close()
    assert [a.text for a in fresh(store).actions().rows] == ["FROM THE INDEX"]  # unchanged
    meeting_more(store, clock, sid, "/action @Lena count them")
    assert [a.text for a in fresh(store).actions().rows] == ["survey it", "count them"]
    store.path_for(sid).write_text("not json at all", encoding="utf-8")
    index = ReviewIndex(store)
    problems = index.refresh()
    assert index.actions().rows == [] and index.search("survey").rows == []
    assert len(problems) == 1 and f"{sid}.session.json" in problems[0]
    store.path_for(sid).unlink()
    assert index.refresh() == []


def meeting_more(store: SessionStore, clock: FakeClock, sid: str, *lines: str) -> None:
    captured(store, sid, clock, list(lines))


def test_problems_are_the_archives(archive: SessionStore) -> None:
    (archive.root / "board copy.session.json").write_text("{}")
    broken = meeting(archive, FakeClock(), "07/12/2026 14:00", [])
    archive.path_for(broken).write_text("{", encoding="utf-8")
    listed = Archive(archive)
    listed.actions()
    problems = ReviewIndex(archive).refresh()
    assert problems == listed.problems and len(problems) == 2


# --------------------------------------------------------------------------- the file


def answers(index: ReviewIndex):
    return (
        index.actions().rows,
        index.decisions().rows,
        index.search("lamps").rows,
        index.search("tenants").rows,
    )


def expected_answers(store: SessionStore):
    sessions = store.list_sessions()[0]
    return (
        Archive(store).actions(),
        Archive(store).decisions(),
        search(sessions, "lamps"),
        search(sessions, "tenants"),
    )


def test_the_file_is_private_and_deleting_it_changes_nothing(archive: SessionStore) -> None:
    before = answers(fresh(archive))
    path = archive.root / NAME
    assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
    path.unlink()
    index = fresh(archive)
    assert index.cached and answers(index) == before == expected_answers(archive)
    assert not (archive.root / JOURNAL).exists()  # no transaction left open


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "foreign", "older", "wrong type", "no derived mark"],
)
def test_a_damaged_foreign_or_older_file_is_rebuilt(archive: SessionStore, damage: str) -> None:
    fresh(archive).close()
    path = archive.root / NAME
    if damage == "garbage":
        path.write_bytes(b"\x00not a database at all" * 100)
    elif damage == "truncated":
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) // 3])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        db = sqlite3.connect(path)
        if damage == "foreign":
            db.execute("CREATE TABLE notes (x)")
        elif damage == "older":
            db.execute("UPDATE meta SET value = '0/1' WHERE key = 'derived'")
        elif damage == "wrong type":
            db.execute("UPDATE actions SET owner = 7")
            db.execute("UPDATE places SET text = 7")
        else:
            db.execute("DELETE FROM meta")
        db.commit()
        db.close()
    index = fresh(archive)
    assert answers(index) == expected_answers(archive)
    assert index.cached  # a file of ours again, in place
    again = ReviewIndex(archive)
    assert answers(again) == expected_answers(archive)  # from the file, before any refresh


@pytest.mark.parametrize("name", [NAME, JOURNAL])
@pytest.mark.parametrize("kind", ["link", "dangling link", "fifo", "folder"])
def test_never_through_a_link_a_fifo_or_a_folder(
    archive: SessionStore, tmp_path: Path, name: str, kind: str
) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not facilitator's")
    path = archive.root / name
    if kind == "link":
        os.symlink(target, path)
    elif kind == "dangling link":
        os.symlink(tmp_path / "nowhere", path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    index = fresh(archive)  # would block on the FIFO, or write through the link
    assert not index.cached
    assert answers(index) == expected_answers(archive)
    assert target.read_text() == "not facilitator's"
    assert not (tmp_path / "nowhere").exists()
    mode = os.lstat(path).st_mode
    kinds = {"link": stat.S_ISLNK, "dangling link": stat.S_ISLNK, "fifo": stat.S_ISFIFO}
    assert kinds.get(kind, stat.S_ISDIR)(mode)
    if name == JOURNAL:
        assert not (archive.root / NAME).exists() or (archive.root / NAME).stat().st_size == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_answers_from_memory_and_writes_nothing(
    archive: SessionStore,
) -> None:
    expected = expected_answers(archive)
    names = sorted(os.listdir(archive.root))
    archive.root.chmod(0o500)
    try:
        index = fresh(archive)
        assert not index.cached and answers(index) == expected
    finally:
        archive.root.chmod(0o700)
    assert sorted(os.listdir(archive.root)) == names


def test_a_file_that_cannot_be_written_answers_from_memory(
    archive: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only or full disk, as the file sees it (root ignores a folder's mode): what
    the file holds is used, and the refresh goes on in memory."""
    fresh(archive).close()
    path = archive.root / NAME
    before = path.read_bytes()
    sid = meeting(archive, FakeClock(), "09/12/2026 14:00", ["/next", "/action @Ravi lamps"])
    path.chmod(0o400)
    real = sqlite3.connect

    def read_only(where, *args, **kwargs):
        if str(where) == str(path):
            return real(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return real(where, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    index = fresh(archive)
    assert not index.cached
    assert answers(index) == expected_answers(archive)
    assert any(a.session == sid for a in index.actions().rows)
    assert path.read_bytes() == before


@pytest.mark.parametrize("selective", [0, 20_000], ids=["walked", "looked up"])
def test_a_long_query_is_answered_or_refused_in_one_line(
    store: SessionStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, selective: int
) -> None:
    """Many numbers narrow a number's places by the first few only (SQLite cannot nest a
    check for each of hundreds), and more words than a search takes are refused."""
    from facilitator.core import review_index

    monkeypatch.setattr(review_index, "SELECTIVE", selective)
    numbers = " ".join(str(n) for n in range(review_index.MOST_WORDS))
    meeting(store, clock, "23/11/2026 14:00", ["/next", f"figures {numbers}", "figures 1 2"])
    sessions = store.list_sessions()[0]
    index = fresh(store)
    for query in [numbers, f"{numbers} {numbers}", "figures 1 2 3 4 5 6 7 8 9 10 11 12"]:
        assert index.search(query).rows == search(sessions, query), query
    with pytest.raises(review_index.QueryTooLong, match="at most 50 different words"):
        index.search(f"{numbers} {review_index.MOST_WORDS}")
    assert index.cached  # refused, not taken for a damaged file
    assert index.search("figures", offset=-3).rows == search(sessions, "figures")
