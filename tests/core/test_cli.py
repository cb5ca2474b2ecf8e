"""Tests for the command line (facilitator/cli.py).

``main(argv)`` runs in-process with ``--data-dir`` (or FACILITATOR_DATA_DIR) pointing into
``tmp_path`` and the CLI's clock frozen; a few runs go through a real subprocess to prove
``python -m facilitator`` works.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import facilitator
from facilitator import cli
from facilitator.cli import main
from facilitator.core.agenda import load_agenda
from facilitator.core.demo import create_demo
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.store import SessionStore
from tests.conftest import frozen_datetime

BOARD = Path(__file__).parents[1] / "data" / "board.toml"
BOARD_ID = "2027-02-12-quarterly-partnership-board"
NOW = datetime(2026, 11, 23, 10, 0)  # a Monday morning


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No data folder from the environment, no ./sessions in the repository, a fixed now."""
    monkeypatch.delenv(cli.DATA_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "datetime", frozen_datetime(NOW))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2
    assert out == ""
    assert err.endswith("\n")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("facilitator: ")
    assert "Traceback" not in err
    return lines[0]


def files_in(folder: Path) -> list[str]:
    """The session files (not the derived, hidden summary index)."""
    return sorted(p.name for p in folder.glob("[!.]*.json")) if folder.exists() else []


# --------------------------------------------------------------------------- new


def test_new_from_agenda_prints_the_id_last(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, "new", "--agenda", BOARD, "--data-dir", data)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1] == BOARD_ID
    assert lines[0] == (
        "Created 'Quarterly Partnership Board' on Fri 12 Feb 2027, 14:00 "
        "with 8 items and 9 participants"
    )
    session = SessionStore(data).load(BOARD_ID)
    assert session.info.partnership == "Kingsmead Community Safety Partnership"
    assert session.info.created_at == "2026-11-23T10:00:00"
    assert len(session.agenda) == 8


def test_new_twice_from_the_same_agenda_makes_two_sessions(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    first = run(capsys, "--data-dir", data, "new", "--agenda", BOARD)[1].splitlines()[-1]
    second = run(capsys, "--data-dir", data, "new", "--agenda", BOARD)[1].splitlines()[-1]
    assert (first, second) == (BOARD_ID, BOARD_ID + "-2")
    assert files_in(data) == [f"{BOARD_ID}-2.session.json", f"{BOARD_ID}.session.json"]


@pytest.mark.parametrize(
    ("when", "sid", "iso"),
    [
        ("12/02/2027 14:00", "2027-02-12-steering-group", "2027-02-12T14:00"),
        ("2027-02-12 9:30", "2027-02-12-steering-group", "2027-02-12T09:30"),
        ("friday 2pm", "2026-11-27-steering-group", "2026-11-27T14:00"),
        ("tomorrow", "2026-11-24-steering-group", "2026-11-24"),
    ],
)
def test_new_with_title_and_date(
    capsys: pytest.CaptureFixture[str], data: Path, when: str, sid: str, iso: str
) -> None:
    code, out, _ = run(
        capsys,
        *("new", "--title", "Steering group", "--date", when),
        *("--partnership", "Northfield CSP", "--data-dir", data),
    )
    assert code == 0
    assert out.splitlines()[-1] == sid
    info = SessionStore(data).load(sid).info
    assert (info.title, info.date, info.date_text, info.partnership) == (
        "Steering group",
        iso,
        when,
        "Northfield CSP",
    )


def test_new_with_title_and_no_date_is_now(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, "new", "--title", "Steering group", "--data-dir", data)
    assert code == 0
    assert out.splitlines()[-1] == "2026-11-23-steering-group"


def test_bad_agenda_creates_nothing(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad-board.toml"
    bad.write_text(BOARD.read_text(encoding="utf-8").replace("minutes = 10", 'minutes = "ten"'))
    line = assert_one_line_error(*run(capsys, "new", "--agenda", bad, "--data-dir", data))
    assert str(bad) in line
    assert "items[3].minutes" in line
    assert "'ten'" in line
    assert files_in(data) == []


# --------------------------------------------------------------------------- sessions


def test_sessions_when_there_are_none(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, "sessions", "--data-dir", data)
    assert (code, err) == (0, "")
    assert out == f"No sessions in {data}. Try 'facilitator demo' or 'facilitator new'.\n"


def test_sessions_table_and_json(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    run(capsys, "new", "--agenda", BOARD, "--data-dir", data)
    run(capsys, "new", "--title", "Steering group", "--date", "1/12/2026 10:00", "--data-dir", data)

    code, out, err = run(capsys, "sessions", "--data-dir", data)
    assert (code, err) == (0, "")
    rows = [re.split(r"\s{2,}", line) for line in out.splitlines()]
    assert rows[0] == ["id", "date", "partnership", "title", "state"]
    assert set(out.splitlines()[1]) <= {"-", " "}
    assert rows[2:] == [
        ["2026-12-01-steering-group", "Tue 1 Dec 2026, 10:00", "Steering group", "upcoming"],
        [
            BOARD_ID,
            "Fri 12 Feb 2027, 14:00",
            "Kingsmead Community Safety Partnership",
            "Quarterly Partnership Board",
            "upcoming",
        ],
    ]

    code, out, err = run(capsys, "sessions", "--json", "--data-dir", data)
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {
            "id": "2026-12-01-steering-group",
            "date": "2026-12-01T10:00",
            "partnership": "",
            "title": "Steering group",
            "state": "upcoming",
        },
        {
            "id": BOARD_ID,
            "date": "2027-02-12T14:00",
            "partnership": "Kingsmead Community Safety Partnership",
            "title": "Quarterly Partnership Board",
            "state": "upcoming",
        },
    ]


def test_sessions_json_when_there_are_none(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, "sessions", "--json", "--data-dir", data)
    assert code == 0
    assert json.loads(out) == []


def test_sessions_warns_about_a_damaged_file_and_lists_the_rest(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    run(capsys, "new", "--agenda", BOARD, "--data-dir", data)
    torn = data / "2026-01-01-torn.session.json"
    torn.write_text('{"session": {"1": {"id": ', encoding="utf-8")
    code, out, err = run(capsys, "sessions", "--json", "--data-dir", data)
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == [BOARD_ID]
    assert len(err.splitlines()) == 1
    assert err.startswith("facilitator: warning: ")
    assert "2026-01-01-torn.session.json" in err


# --------------------------------------------------------------------------- minutes


@pytest.fixture
def demo_ids(data: Path) -> list[str]:
    return create_demo(SessionStore(data), NOW)


def test_minutes_to_stdout(
    capsys: pytest.CaptureFixture[str], data: Path, demo_ids: list[str]
) -> None:
    code, out, err = run(capsys, "minutes", demo_ids[0], "--data-dir", data)
    assert (code, err) == (0, "")
    assert out == to_markdown(build_minutes(SessionStore(data).load(demo_ids[0])))
    assert out.startswith("# Partnership Board\n")
    assert "| Priya Shah | circulate the revised terms of reference |" in out


def test_minutes_by_a_unique_start_of_the_id(
    capsys: pytest.CaptureFixture[str], data: Path, demo_ids: list[str]
) -> None:
    assert demo_ids == ["2026-11-02-partnership-board", "2026-12-14-partnership-board"]
    code, out, _ = run(capsys, "minutes", "2026-11", "--data-dir", data)
    assert code == 0
    assert "- **Date:** Mon 2 Nov 2026, 14:00" in out.splitlines()
    code, out, _ = run(capsys, "minutes", "2026-12", "--data-dir", data)
    assert code == 0
    assert "- **Date:** Mon 14 Dec 2026, 14:00" in out.splitlines()


def test_minutes_with_an_ambiguous_start_of_the_id(
    capsys: pytest.CaptureFixture[str], data: Path, demo_ids: list[str]
) -> None:
    line = assert_one_line_error(*run(capsys, "minutes", "2026-1", "--data-dir", data))
    assert "matches 2 sessions" in line
    assert demo_ids[0] in line and demo_ids[1] in line


def test_minutes_to_a_file_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], data: Path, demo_ids: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "minutes.md"
    code, out, err = run(capsys, "minutes", demo_ids[0], "-o", target, "--data-dir", data)
    assert (code, err) == (0, "")
    assert out == f"Minutes written to {target}\n"
    expected = to_markdown(build_minutes(SessionStore(data).load(demo_ids[0])))
    assert target.read_text(encoding="utf-8") == expected

    target.write_text("my own edits\n", encoding="utf-8")
    line = assert_one_line_error(
        *run(capsys, "minutes", demo_ids[0], "-o", target, "--data-dir", data)
    )
    assert str(target) in line and "--force" in line
    assert target.read_text(encoding="utf-8") == "my own edits\n"

    code, out, err = run(
        capsys, "minutes", demo_ids[0], "--output", target, "--force", "--data-dir", data
    )
    assert (code, err) == (0, "")
    assert target.read_text(encoding="utf-8") == expected


def test_minutes_to_a_file_in_a_missing_folder(
    capsys: pytest.CaptureFixture[str], data: Path, demo_ids: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "minutes.md"
    line = assert_one_line_error(
        *run(capsys, "minutes", demo_ids[0], "-o", target, "--data-dir", data)
    )
    assert "cannot write" in line
    assert not target.exists()


# --------------------------------------------------------------------------- actions


@pytest.fixture
def actions_data(data: Path, demo_ids: list[str]) -> Path:
    """The demo, with Maria's action done and a withdrawn action on the upcoming meeting."""
    store = SessionStore(data)
    writer = store.writer(demo_ids[0])
    try:
        maria = next(a for a in writer.session.actions if a.owner == "Maria Lopez")
        writer.update_where("actions", {"status": "done"}, seq=maria.seq)
    finally:
        writer.close()
    writer = store.writer(demo_ids[1])
    try:
        meeting = Meeting(writer, clock=lambda: datetime(2026, 12, 14, 14, 5))
        meeting.capture("/action @Tom a withdrawn action by friday")
        meeting.capture("/undo")
        meeting.capture("/action @Helen promote the survey")
    finally:
        writer.close()
    return data


def test_actions_table(capsys: pytest.CaptureFixture[str], actions_data: Path) -> None:
    code, out, err = run(capsys, "actions", "--data-dir", actions_data)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["code", "due", "owner", "action", "status", "session"]
    assert [line.split("  ")[1].strip() for line in lines[2:]] == [
        "Mon 23 Nov 2026",
        "Mon 30 Nov 2026",
        "Mon 30 Nov 2026",
        "no date",
    ]
    body = "\n".join(lines[2:])
    assert "Aisha Khan" in lines[2]
    assert "Maria Lopez" in lines[3] and "done" in lines[3]
    assert "Priya Shah" in lines[4] and "open" in lines[4]
    assert "Helen Brooks" in lines[5] and "2026-12-14-partnership-board" in lines[5]
    assert "withdrawn" not in body


def test_actions_json(capsys: pytest.CaptureFixture[str], actions_data: Path) -> None:
    code, out, _ = run(capsys, "actions", "--json", "--data-dir", actions_data)
    assert code == 0
    rows = json.loads(out)
    assert [(r["owner"], r["due"], r["status"]) for r in rows] == [
        ("Aisha Khan", "2026-11-23", "open"),
        ("Maria Lopez", "2026-11-30", "done"),
        ("Priya Shah", "2026-11-30", "open"),
        ("Helen Brooks", "", "open"),
    ]
    assert {
        k: rows[2][k]
        for k in (
            "session",
            "partnership",
            "owner",
            "text",
            "due",
            "status",
            "organisation",
            "code",
        )
    } == {
        "session": "2026-11-02-partnership-board",
        "partnership": "Basingstoke Area Strategic Partnership (demo)",
        "owner": "Priya Shah",
        "text": "circulate the revised terms of reference",
        "due": "2026-11-30",
        "status": "open",
        "organisation": "Basingstoke Voluntary Action",
        "code": "1.1",
    }


def test_actions_open_only(capsys: pytest.CaptureFixture[str], actions_data: Path) -> None:
    code, out, _ = run(capsys, "actions", "--open", "--json", "--data-dir", actions_data)
    assert code == 0
    assert [r["owner"] for r in json.loads(out)] == ["Aisha Khan", "Priya Shah", "Helen Brooks"]


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("priya", ["Priya Shah"]),
        ("PRIYA SHAH", ["Priya Shah"]),
        ("Lopez", ["Maria Lopez"]),
        ("a", ["Aisha Khan", "Maria Lopez", "Priya Shah"]),
    ],
)
def test_actions_by_owner(
    capsys: pytest.CaptureFixture[str], actions_data: Path, owner: str, expected: list[str]
) -> None:
    code, out, _ = run(capsys, "actions", "--owner", owner, "--json", "--data-dir", actions_data)
    assert code == 0
    assert [r["owner"] for r in json.loads(out)] == expected


def test_actions_with_owner_and_open_as_a_table(
    capsys: pytest.CaptureFixture[str], actions_data: Path
) -> None:
    code, out, _ = run(capsys, "actions", "--open", "--owner", "maria", "--data-dir", actions_data)
    assert (code, out) == (0, "No actions match.\n")
    code, out, _ = run(capsys, "actions", "--owner", "maria", "--data-dir", actions_data)
    assert code == 0
    assert len(out.splitlines()) == 3 and "Maria Lopez" in out.splitlines()[2]


# --------------------------------------------------------------------------- demo


def test_demo_twice_does_not_duplicate(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, "demo", "--data-dir", data)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Created demo sessions in {data}:"
    assert "2026-11-02-partnership-board" in out and "2026-12-14-partnership-board" in out
    assert out.splitlines()[-2] == f"Open them with: facilitator --data-dir {data}"
    assert out.splitlines()[-1].startswith("The year's report: facilitator report --partnership")
    year = [  # a year of the demo partnership: every nine weeks, a steering group between
        "2025-12-22-partnership-board",
        "2026-02-23-partnership-board",
        "2026-04-27-partnership-board",
        "2026-06-01-compact-steering-group",
        "2026-06-29-partnership-board",
        "2026-08-31-partnership-board",
        "2026-11-02-partnership-board",
        "2026-12-14-partnership-board",
    ]
    assert files_in(data) == [*(f"{sid}.session.json" for sid in year), "challenges.json"]

    code, out, err = run(capsys, "demo", "--data-dir", data)
    assert (code, err) == (0, "")
    assert out == f"The demo sessions are already in {data}: {', '.join(year)}\n"
    assert len(files_in(data)) == 9
    sessions = json.loads(run(capsys, "sessions", "--json", "--data-dir", data)[1])
    assert [s["state"] for s in sessions] == ["ended"] * 7 + ["upcoming"]


# --------------------------------------------------------------------------- the data folder


def test_env_data_dir_is_used_without_the_flag(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from_env = tmp_path / "from-env"
    monkeypatch.setenv(cli.DATA_DIR_ENV, str(from_env))
    code, out, _ = run(capsys, "new", "--agenda", BOARD)
    assert code == 0
    assert files_in(from_env) == [f"{BOARD_ID}.session.json"]
    code, out, _ = run(capsys, "sessions", "--json")
    assert [r["id"] for r in json.loads(out)] == [BOARD_ID]
    assert not (tmp_path / "sessions").exists()


def test_flag_wins_over_env(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(cli.DATA_DIR_ENV, str(tmp_path / "from-env"))
    flag = tmp_path / "from-flag"
    assert run(capsys, "new", "--agenda", BOARD, "--data-dir", flag)[0] == 0
    assert files_in(flag) == [f"{BOARD_ID}.session.json"]
    assert files_in(tmp_path / "from-env") == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_dir_flag_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], data: Path, where: str
) -> None:
    argv = ["new", "--agenda", str(BOARD)]
    argv = (
        ["--data-dir", str(data), *argv] if where == "before" else [*argv, "--data-dir", str(data)]
    )
    assert run(capsys, *argv)[0] == 0
    assert files_in(data) == [f"{BOARD_ID}.session.json"]


def test_default_data_dir_is_sessions_in_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "new", "--agenda", BOARD)[0] == 0
    assert files_in(tmp_path / "sessions") == [f"{BOARD_ID}.session.json"]


# --------------------------------------------------------------------------- errors

ERRORS = [
    # (argv, fragment of the one line on stderr)
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["minutes"], "the following arguments are required: id"),
    (["run"], "the following arguments are required: id"),
    (["minutes", "no-such-session"], "no session 'no-such-session'"),
    (["minutes", "../../etc/passwd"], "no session"),
    (["minutes", "x", "--format", "pdf"], "invalid choice: 'pdf'"),
    (["new"], "say what to create"),
    (["new", "--title", "   "], "say what to create"),
    (["new", "--date", "friday"], "say what to create"),
    (["new", "--title", "Board", "--date", "31/02/2027"], "February 2027 has no day 31"),
    (["new", "--title", "Board", "--date", "blurgh"], "can't read 'blurgh'"),
    (["new", "--title", "Board", "--date", "friday 25:00"], "25:00"),
    (["new", "--agenda", "missing.toml"], "missing.toml: no such file"),
    (["new", "--agenda", str(BOARD), "--title", "Board"], "--agenda"),
    (["sessions", "--bogus"], "unrecognized arguments: --bogus"),
    (["actions", "--owner"], "expected one argument"),
    (["--data-dir"], "expected one argument"),
]


@pytest.mark.parametrize(("argv", "fragment"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], data: Path, argv: list[str], fragment: str
) -> None:
    extra = ["--data-dir", str(data)] if argv != ["--data-dir"] else []
    line = assert_one_line_error(*run(capsys, *extra, *argv))
    assert fragment in line
    assert files_in(data) == []


def test_bad_agenda_names_file_and_field(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "board.toml"
    shutil.copy(BOARD, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace('"voluntary"', '"charity"'))
    line = assert_one_line_error(*run(capsys, "new", "--agenda", bad, "--data-dir", data))
    assert line.startswith(f"facilitator: {bad}: participants[4].sector: ")
    assert "'charity'" in line


def test_data_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    line = assert_one_line_error(*run(capsys, "new", "--agenda", BOARD, "--data-dir", not_a_folder))
    assert str(not_a_folder) in line


# --------------------------------------------------------------------------- real processes


def python_m(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != cli.DATA_DIR_ENV}
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_python_m_facilitator_version(tmp_path: Path) -> None:
    done = python_m("--version", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"facilitator {facilitator.__version__}\n"


def test_python_m_facilitator_sessions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    SessionStore(data).create(load_agenda(BOARD, NOW.date()))
    done = python_m("sessions", "--data-dir", data, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert re.split(r"\s{2,}", done.stdout.splitlines()[2])[:2] == [
        BOARD_ID,
        "Fri 12 Feb 2027, 14:00",
    ]


def test_python_m_facilitator_error_is_one_line(tmp_path: Path) -> None:
    done = python_m("minutes", "no-such-session", "--data-dir", tmp_path / "data", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ("new", "--title", "Board\nTwo"),
        ("new", "--title", "Board", "--partnership", "North\r\nfield"),
        ("new", "--template", "partnership-board", "--partnership", "North\u2028field"),
    ],
)
def test_new_refuses_a_title_or_partnership_on_two_lines(
    capsys: pytest.CaptureFixture[str], data: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--data-dir", data, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "should be one line" in err
    assert not list(data.glob("*.json"))
