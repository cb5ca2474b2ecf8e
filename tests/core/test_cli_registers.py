"""`facilitator registers`: the registers of the 12-meeting series (tests/series.py) from
the command line, as tables, as JSON and in their public version."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import main
from facilitator.core.store import SessionStore
from tests.conftest import frozen_datetime
from tests.helpers import SENTINEL
from tests.series import save_series


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(cli.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(cli, "datetime", frozen_datetime(datetime(2026, 12, 2, 9, 0)))
    folder = tmp_path / "data"
    save_series(SessionStore(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_register_as_tables(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(
        capsys, "--data-dir", data, "registers", "--partnership", "riverside", "--to", "30/11/2026"
    )
    assert code == 0 and err == ""
    assert out.startswith("Riverside Partnership: to Mon 30 Nov 2026\n")
    for title in (
        "Meetings", "Attendance by organisation", "Attendance by sector", "Attendance by person",
        "Declarations of interest", "Declarations by person", "Declarations by organisation",
        "Decisions", "Reviews falling due", "Actions",
        "Overdue at Mon 30 Nov 2026", "Actions by owner", "Actions by organisation",
        "Participation by sector, all meetings", "Participation by sector, each meeting",
        "The 13 ingredients of an effective partnership",
    ):  # fmt: skip
        assert f"\n{title}\n" in out
    assert "12 meetings held; quorate at 9 of the 11 with a quorum set" in out
    lines = out.splitlines()
    police = next(line for line in lines if line.startswith("Police ") and "public" in line)
    assert police.split() == ["Police", "public", "12", "9", "(75%)", "3", "0", "0", "0", "1", "0"]
    assert "7 decisions: 5 agreed, 1 not agreed, 1 deferred; 2 with dissent" in out
    assert "9 actions raised: 3 completed (1 late); judged at Mon 30 Nov 2026" in out
    assert "Cara Cole  2             2         Grants; Contract award" in out  # by person
    community = next(line for line in lines if line.startswith("community  2 "))
    assert community.endswith("rarely heard at 1 of 2 meetings")  # meeting 1: Dev silent
    assert SENTINEL in out  # the full version: for the partnership's own eyes


def test_one_register(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(
        capsys, "--data-dir", data, "registers", "--partnership", "Riverside Partnership",
        "--from", "1/6/2026", "--register", "interests",
    )  # fmt: skip
    assert code == 0
    assert "Declarations of interest" in out and "Decisions" not in out
    assert "1 declarations by 1 people" in out  # from June: Cara's at meeting 8 only


def test_json_has_every_figure(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(
        capsys, "--data-dir", data, "registers", "--partnership", "riverside",
        "--from", "1/12/2025", "--to", "30/11/2026", "--json",
    )  # fmt: skip
    assert code == 0
    found = json.loads(out)
    assert (found["from"], found["to"]) == ("2025-12-01", "2026-11-30")
    assert [m["quorate"] for m in found["meetings"]][:3] == [True, False, False]
    eve = next(r for r in found["attendance"]["person"] if r["who"] == "Eve Ewing")
    assert (eve["present"], eve["apologies"], eve["absent"]) == (4, 6, 2)
    assert found["decisions"]["by_status"] == {"agreed": 5, "not agreed": 1, "deferred": 1}
    assert len(found["actions"]["overdue"]) == 3
    assert found["health"][0]["checklist"] == "ingredients"
    assert [s["sector"] for s in found["participation"]["series"]] == [
        "public", "voluntary", "community",
    ]  # fmt: skip


@pytest.mark.parametrize("register", ["all", "interests", "decisions", "actions", "health"])
def test_public_leaves_out_the_exempt_items(
    capsys: pytest.CaptureFixture[str], data: Path, register: str
) -> None:
    for extra in ([], ["--json"]):
        code, out, _ = run(
            capsys, "--data-dir", data, "registers", "--partnership", "riverside",
            "--register", register, "--public", *extra,
        )  # fmt: skip
        assert code == 0
        assert SENTINEL not in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--partnership", "nowhere"], "no partnership 'nowhere' (known: Riverside Partnership)"),
        (["--partnership", "riverside", "--from", "31/2/2026"], "--from: can't read '31/2/2026'"),
        (["--partnership", "riverside", "--from", "1/6/2026", "--to", "1/1/2026"], "before"),
        (["--partnership", "riverside", "--register", "votes"], "invalid choice"),
        ([], "--partnership"),
    ],
)
def test_one_line_errors(
    capsys: pytest.CaptureFixture[str], data: Path, argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, "--data-dir", data, "registers", *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("facilitator: ") and said in err
