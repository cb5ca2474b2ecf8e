"""Work done by a process of its own (core/apart.py), and the review index's first build
made that way for a screen (``ReviewIndex.refresh(apart=True)``)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from facilitator.core import apart, review_index
from facilitator.core.review_index import ReviewIndex
from facilitator.core.store import SessionStore
from tests.core.test_review_index import TODAY, filtered


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The session ids this process derives itself (the rest were derived apart)."""
    derived: list[str] = []
    insert = review_index._insert

    def counted(db, session_id, stamp, session):  # noqa: ANN001, ANN202
        derived.append(session_id)
        return insert(db, session_id, stamp, session)

    monkeypatch.setattr(review_index, "_insert", counted)
    return derived


def answers(index: ReviewIndex, store: SessionStore) -> None:
    for filters, typed in [(set(), ""), ({"open"}, "sian"), ({"overdue"}, "council")]:
        actions, decisions = filtered(store, filters, typed)
        assert index.actions(filters, typed, TODAY).rows == actions
        assert index.decisions(typed).rows == decisions


def test_a_large_first_build_is_made_by_another_process(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_index, "APART", 3)
    assert len(archive.session_ids()) >= 3
    with ReviewIndex(archive) as index:
        assert index.refresh(apart=True) == []
        assert here == []  # every session was derived by the other process
        answers(index, archive)
        sid = archive.session_ids()[0]
        path = archive.path_for(sid)
        path.write_bytes(path.read_bytes() + b"\n")  # one changed: too few to start a process
        index.refresh(apart=True)
        assert here == [sid]


def test_a_small_one_or_one_not_for_a_screen_is_made_here(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ReviewIndex(archive) as index:  # fewer than APART sessions
        index.refresh(apart=True)
    assert sorted(here) == sorted(archive.session_ids())
    (archive.root / review_index.NAME).unlink()
    here.clear()
    monkeypatch.setattr(review_index, "APART", 1)
    with ReviewIndex(archive) as index:
        index.refresh()  # not asked to
        answers(index, archive)
    assert sorted(here) == sorted(archive.session_ids())


def test_a_process_that_fails_leaves_the_work_to_this_one(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_index, "APART", 1)
    monkeypatch.setattr(sys, "executable", shutil.which("false") or "/bin/false")
    with ReviewIndex(archive) as index:
        index.refresh(apart=True)
        answers(index, archive)
    assert sorted(here) == sorted(archive.session_ids())
    here.clear()
    monkeypatch.setattr(sys, "executable", str(archive.root / "no-such-python"))
    (archive.root / review_index.NAME).unlink()
    with ReviewIndex(archive) as index:  # one that cannot even be started
        index.refresh(apart=True)
        answers(index, archive)
    assert sorted(here) == sorted(archive.session_ids())


def test_the_command_refuses_what_is_not_a_folder(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert review_index.main([]) == 2
    assert review_index.main([str(tmp_path / "none")]) == 2
    assert "usage: python -m facilitator.core.review_index FOLDER" in capsys.readouterr().err


# -- core/apart.py itself, with a small program for the work

SLEEPER = "import sys, time; time.sleep(float(sys.argv[1])); sys.exit(int(sys.argv[2]))"


@pytest.fixture
def sleeper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "sleeper.py").write_text(SLEEPER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # handed on to the process (apart.py)
    return "sleeper"


@pytest.mark.parametrize("pidfd", [True, False])
def test_the_status_of_the_work_is_said(
    sleeper: str, pidfd: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not pidfd:  # a system without process descriptors: Popen's own wait
        monkeypatch.delattr("os.pidfd_open", raising=False)
    assert apart.run(sleeper, ["0.2", "0"]) is True
    assert apart.run(sleeper, ["0.2", "3"]) is False


def test_a_caller_that_stops_waiting_leaves_the_work_going_for_the_next(sleeper: str) -> None:
    started = time.monotonic()
    assert apart.run(sleeper, ["1.5", "0"], stop=lambda: True) is False
    assert time.monotonic() - started < 1.0  # it did not wait for it
    process = apart._running[(sleeper, "1.5", "0")]
    assert process.poll() is None  # still at it
    assert apart.run(sleeper, ["1.5", "0"]) is True  # waited for that one, not a new one
    assert process.returncode == 0 and (sleeper, "1.5", "0") not in apart._running


def test_what_still_runs_when_this_process_ends_is_stopped(sleeper: str) -> None:
    apart.run(sleeper, ["30", "0"], stop=lambda: True)
    process = apart._running[(sleeper, "30", "0")]
    apart._end_all()
    assert process.poll() is not None and apart._running == {}


def test_a_session_made_while_the_other_process_works_stays_in_the_index(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other process lists the folder after this one did: a session made meanwhile is
    in its index, and must not be taken out again as gone."""
    monkeypatch.setattr(review_index, "APART", 3)
    ids = archive.session_ids()
    late = ids[-1]
    kept = archive.path_for(late).read_bytes()
    archive.path_for(late).unlink()  # not there when this process lists the folder
    run = apart.run

    def made_meanwhile(module, args, stop):  # noqa: ANN001, ANN202
        archive.path_for(late).write_bytes(kept)  # (another secretary's new meeting)
        return run(module, args, stop)

    monkeypatch.setattr(review_index._apart, "run", made_meanwhile)
    with ReviewIndex(archive) as index:
        index.refresh(apart=True)
        assert here == []  # the late one too was derived by the other process
        assert late in index._changed(archive.session_ids())[0]  # noqa: SLF001 - kept
        index.refresh(apart=True)
        assert here == []  # nothing to derive again


def test_a_process_that_ended_with_nobody_waiting_is_let_go(sleeper: str) -> None:
    assert apart.run(sleeper, ["0.1", "0"], stop=lambda: True) is False  # nobody waits
    process = apart._running[(sleeper, "0.1", "0")]  # noqa: SLF001
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:  # it ends meanwhile
        time.sleep(0.05)
    assert apart.run(sleeper, ["0", "0"]) is True  # the next work asked for
    assert (sleeper, "0.1", "0") not in apart._running  # noqa: SLF001 - reaped, let go


def test_the_command_says_an_unreadable_folder_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.core.store import StoreError

    def unreadable(self):  # noqa: ANN001, ANN202
        raise StoreError(f"cannot read {tmp_path}: Permission denied")

    monkeypatch.setattr(SessionStore, "session_ids", unreadable)
    assert review_index.main([str(tmp_path)]) == 1
    said = capsys.readouterr().err
    assert said == f"facilitator: cannot read {tmp_path}: Permission denied\n"


def test_matters_arisings_read_stops_when_asked(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live screen's read of the open actions is stopped when its worker is (the screen
    closed, the app quitting): it does not wait for a first build made apart."""
    from facilitator.core.meeting import Meeting

    monkeypatch.setattr(review_index, "APART", 3)
    waited: list[bool] = []
    monkeypatch.setattr(review_index._apart, "run", lambda m, a, stop: waited.append(stop()))
    writer = archive.writer(archive.session_ids()[-1])
    try:
        Meeting(writer).open_actions(apart=True, stop=lambda: True)
    finally:
        writer.close()
    assert waited == [] and here == []  # stopped: no process waited for, nothing derived


def test_the_other_process_imports_this_ones_code_not_the_working_folders(
    archive: SessionStore, here: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "checkout"  # a folder holding another facilitator, say a copy
    (elsewhere / "facilitator" / "core").mkdir(parents=True)
    (elsewhere / "facilitator" / "__init__.py").write_text("", encoding="utf-8")
    (elsewhere / "facilitator" / "core" / "__init__.py").write_text("", encoding="utf-8")
    marker = tmp_path / "the other facilitator ran"
    (elsewhere / "facilitator" / "core" / "review_index.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8"
    )
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(review_index, "APART", 3)
    with ReviewIndex(archive) as index:
        assert index.refresh(apart=True) == []
        assert not marker.exists()
        assert here == []  # this facilitator's own command built it, in the other process
        answers(index, archive)


def test_files_that_cannot_be_read_start_no_process_once_tried(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_index, "APART", 3)
    with ReviewIndex(archive) as index:
        assert index.refresh(apart=True) == []  # built by the other process
    broken = [archive.root / f"2026-01-0{n}-broken.session.json" for n in range(1, 5)]
    for path in broken:
        path.write_text('{"not": "a session"', encoding="utf-8")
    started: list[list[str]] = []
    run = apart.run

    def counted(module, args, stop=lambda: False):  # noqa: ANN001, ANN202
        started.append(args)
        return run(module, args, stop)

    monkeypatch.setattr(apart, "run", counted)
    with ReviewIndex(archive) as index:  # four to derive: a process tries them
        first = index.refresh(apart=True)
    assert len(started) == 1 and len(first) == len(broken)
    read: list[str] = []
    load = archive.load

    def counted_load(session_id: str):  # noqa: ANN202
        read.append(session_id)
        return load(session_id)

    for _ in range(2):  # each screen opened later: the same files, as they were
        with ReviewIndex(archive) as index:
            monkeypatch.setattr(archive, "load", counted_load)
            assert index.refresh(apart=True) == first  # still said, not read again
            monkeypatch.setattr(archive, "load", load)
            answers(index, archive)
    assert len(started) == 1 and here == [] and read == []
    mended = broken[0].name.removesuffix(".session.json")
    good = next(sid for sid in archive.session_ids() if "broken" not in sid)
    text = archive.path_for(good).read_text(encoding="utf-8")
    broken[0].write_text(text.replace(good, mended), encoding="utf-8")  # one put right
    with ReviewIndex(archive) as index:
        assert len(index.refresh(apart=True)) == len(broken) - 1
    assert here == [mended]  # read again, now it has changed


def test_a_file_that_could_not_be_read_at_all_is_tried_again_each_time(
    archive: SessionStore, here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ReviewIndex(archive) as index:
        index.refresh()
    sid = archive.session_ids()[0]
    path = archive.path_for(sid)
    path.write_bytes(path.read_bytes() + b"\n")  # changed: to be read again
    here.clear()
    load = archive.load

    def unreadable(session_id: str):  # noqa: ANN202 - as a file this process may not read
        if session_id == sid:
            raise review_index.StoreError(f"cannot read {path}: Permission denied")
        return load(session_id)

    monkeypatch.setattr(archive, "load", unreadable)
    for _ in range(2):
        with ReviewIndex(archive) as index:
            assert len(index.refresh()) == 1
    monkeypatch.setattr(archive, "load", load)  # its permissions put right, the file as it was
    with ReviewIndex(archive) as index:
        assert index.refresh() == []
    assert here == [sid]
