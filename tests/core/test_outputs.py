"""What the commands write: stored control characters shown, never obeyed (and never a Word
crash); ``-o`` writes only regular files; ``serve`` and ``import`` fail in one line."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.meeting import Meeting
from tests.helpers import MeetingRig, agenda, docx_text

pytestmark = pytest.mark.usefixtures("cli_today")

ROOT = Path(__file__).resolve().parents[2]
# Erase the screen, retitle the window, blink; NUL, vertical tab, DEL; a C1 CSI.
CONTROLS = "\x1b[2J\x1b]0;pwned\x07\x1b[5m \x00 \x0b \x7f \x9b31m"
LIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what a terminal would obey
SHOWN = ["␛[2J", "␛]0;pwned␇", "␀", "␋", "␡", "\\x9b31m"]


def run(capsys, store, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(store.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def controlled(store, clock, *more: str) -> str:
    """A session with control characters in its title (one line: no vertical tab), a note,
    a decision and an action, as an import or a hand-edited file can hold them; then the
    lines ``more``."""
    one_line = CONTROLS.replace("\x0b", "")
    data = agenda(title=f"Board {one_line}")
    sid = store.create(agenda_from_dict(data, clock().date()))
    rig = MeetingRig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
    rig.run(
        f"Lamps {CONTROLS} broken",
        f"/decision Repair {CONTROLS} the lamps @Joan",
        f"/action @Sam fix {CONTROLS} lamps by friday for D1",  # carries out the decision
        *more,
        "/end",
    )
    rig.meeting.writer.close()
    return sid


def test_word_minutes_hold_any_control_character(capsys, store, clock, tmp_path):
    """python-docx refused the whole document ("All strings must be XML compatible")."""
    sid = controlled(store, clock, "Non-characters \uffff and \ufffe")  # not in XML
    target = tmp_path / "m.docx"
    code, out, err = run(capsys, store, "minutes", sid, "--format", "docx", "-o", str(target))
    assert (code, err) == (0, "")  # and nothing said about it
    text = docx_text(target)
    assert not LIVE.search(text)
    assert all(mark in text for mark in SHOWN)
    assert "Non-characters \ufffd and \ufffd" in text
    assert "Lamps ␛[2J" in text and "fix ␛[2J" in text and "Repair ␛[2J" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["minutes", "{sid}", "--format", "txt"],
        ["minutes", "{sid}", "--format", "md"],
        ["minutes", "{sid}", "--format", "html"],
        ["actions"],
        ["decisions"],
        ["sessions"],
    ],
    ids=["minutes-txt", "minutes-md", "minutes-html", "actions", "decisions", "sessions"],
)
@pytest.mark.parametrize("to_file", [False, True], ids=["printed", "file"])
def test_text_and_tables_show_escape_sequences_never_obey_them(
    capsys, store, clock, tmp_path, argv, to_file
):
    """A text file is cat'ed as often as it is opened: the same in a file as printed."""
    if to_file and argv == ["sessions"]:
        pytest.skip("sessions only prints")
    sid = controlled(store, clock)
    filled = [a.format(sid=sid) for a in argv]
    target = tmp_path / "out.txt"
    code, out, _ = run(capsys, store, *filled, *(["-o", str(target)] if to_file else []))
    assert code == 0
    text = target.read_text(encoding="utf-8") if to_file else out
    assert not LIVE.search(text), repr(LIVE.search(text))
    assert "␛" in text and "2J" in text  # (Markdown escapes the bracket)


@pytest.mark.parametrize(
    "argv", [["actions", "--format", "csv"], ["decisions", "--format", "json"]], ids=["csv", "json"]
)
def test_data_keeps_its_text_exactly_but_a_terminal_is_shown_it(
    capsys, store, clock, tmp_path, monkeypatch, argv
):
    sid = controlled(store, clock)
    filled = [a.format(sid=sid) for a in argv]
    target = tmp_path / "data"
    assert run(capsys, store, *filled, "-o", str(target))[0] == 0
    data = target.read_text(encoding="utf-8")
    values = _strings(json.loads(data)) if data.startswith(("[", "{")) else [data]
    assert any(CONTROLS in v for v in values)  # exactly as stored
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, store, *filled)
    assert code == 0 and not LIVE.search(out)  # (JSON escapes C0 itself, but not DEL or C1)


def test_a_calendar_never_holds_a_control_character(capsys, store, clock, tmp_path):
    """iCalendar text may not (RFC 5545): a calendar server could refuse the whole file."""
    controlled(store, clock)
    target = tmp_path / "actions.ics"
    assert run(capsys, store, "actions", "--format", "ics", "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert not LIVE.search(text) and "fix ␛[2J" in text and "Repair ␛[2J" in text


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for v in data for s in _strings(v)] if isinstance(data, list) else []


# -- -o writes only regular files


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root")


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere" / "file.md")


def _link_to_file(path: Path) -> None:
    (path.parent / "real.md").write_text("keep me", encoding="utf-8")
    path.symlink_to(path.parent / "real.md")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_fifo, "a FIFO"),
        (_device, "a device"),
        (_dangling, "a symbolic link"),
        (_link_to_file, "a symbolic link"),
        (_folder, "a folder"),
    ],
    ids=["fifo", "device", "dangling-link", "link-to-a-file", "folder"],
)
def test_output_is_written_only_to_a_regular_file(
    capsys, store, clock, tmp_path, make, said, force
):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    target = tmp_path / "out" / "minutes.md"
    target.parent.mkdir()
    make(target)
    before = os.lstat(target)
    flags = ["--force"] if force else []
    code, out, err = run(capsys, store, "agenda", sid, "-o", str(target), *flags)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and said in err and "nothing written" in err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # left as it was
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        {"minutes.md", *(["real.md"] if make is _link_to_file else [])}
    )
    if make is _link_to_file:
        assert (tmp_path / "out" / "real.md").read_text(encoding="utf-8") == "keep me"


def test_a_regular_file_is_still_replaced_with_force(capsys, store, clock, tmp_path):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    target = tmp_path / "board.toml"
    target.write_text("old", encoding="utf-8")
    assert run(capsys, store, "agenda", sid, "-o", str(target))[0] == 2
    assert run(capsys, store, "agenda", sid, "-o", str(target), "--force")[0] == 0
    assert "Partnership Board" in target.read_text(encoding="utf-8")


# -- serve and import fail in one line


@pytest.mark.parametrize(
    "port", ["99999", "0", "-1", "eighty", "8" * 5000], ids=["99999", "0", "-1", "word", "long"]
)
def test_serve_refuses_a_port_that_cannot_be(capsys, store, clock, port):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    code, _, err = run(capsys, store, "serve", sid, "--port", port)
    assert code == 2 and len(err.splitlines()) == 1 and "not a port" in err
    assert len(err) < 200


def test_serve_on_a_port_in_use_says_so_in_one_line(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", "--data-dir", str(store.root), "serve", sid,
             "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f"facilitator: cannot serve on 127.0.0.1:{port}: the port is already in use\n"
    )


def _export_with_id(capsys, store, clock, tmp_path, session_id: str) -> Path:
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    target = tmp_path / "s.json"
    assert run(capsys, store, "export", sid, "-o", str(target))[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    data["id"] = session_id
    for record in data["tables"]["session"].values():
        record["id"] = session_id
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "bad", ["a" * 5000, "Board Meeting", "-x", ""], ids=["long", "caps", "hyphen", "empty"]
)
def test_import_of_an_invalid_id_says_what_is_wrong(capsys, store, clock, tmp_path, bad):
    target = _export_with_id(capsys, store, clock, tmp_path, bad)
    elsewhere = store.__class__(tmp_path / "elsewhere")
    code, out, err = run(capsys, elsewhere, "import", str(target))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "already here" not in err and "not a valid id" in err and "--new-id" in err
    assert len(err) < 300  # never the whole 5,000 characters
    assert elsewhere.session_ids() == []
    code, out, _ = run(capsys, elsewhere, "import", str(target), "--new-id")
    assert code == 0 and elsewhere.session_ids() == [out.splitlines()[-1]]
