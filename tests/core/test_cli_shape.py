"""The command line's shape (issue 17.6): each sub-command is bound to its handler by
argparse, and its tables are measured in terminal cells — plain for a script, drawn by rich
for a person at a terminal."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from facilitator import cli
from facilitator.core.model import Session, SessionInfo
from facilitator.core.store import SessionStore
from tests.pty_terminal import Terminal

WIDE = [
    ["2026-11-23-a", "会议记录 board", "live"],
    ["2026-11-24-b", "🎉 away day 🎉", "upcoming"],
    ["2026-11-25-c", "Plain title", "ended"],
    ["2026-11-26-d", "Ünïcödé ĉàfé", "upcoming"],
]
HEADER = ["id", "title", "state"]


def column_starts(line: str, cells: list[str]) -> list[int]:
    """Where (in terminal cells) each cell of a drawn row begins on ``line``."""
    found, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        found.append(cell_len(line[:at]))
        at += len(cell)
    return found


def test_every_sub_command_is_bound_to_its_handler() -> None:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(sub.choices) >= 15
    for name, command in sub.choices.items():
        handler = command.get_default("handler")
        assert handler is getattr(cli, f"cmd_{name}"), name
    assert parser.get_default("handler") is cli.cmd_home  # no command: the home screen


def test_main_runs_the_handler_bound_to_the_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    called = []
    monkeypatch.setattr(cli, "cmd_templates", lambda args, store: called.append(args) or 7)
    assert cli.main(["--data-dir", str(tmp_path), "templates"]) == 7
    assert called and called[0].command == "templates"


def test_the_plain_table_lines_up_wide_characters() -> None:
    lines = cli.table(HEADER, WIDE).splitlines()
    assert lines[0].split() == HEADER and set(lines[1]) <= {"-", " "}
    starts = {tuple(column_starts(line, row)) for line, row in zip(lines[2:], WIDE, strict=True)}
    assert len(starts) == 1  # every row's columns begin at the same cell
    assert tuple(column_starts(lines[0], HEADER)) in starts
    dashes = [cell_len(d) for d in lines[1].split()]
    assert dashes == [max(cell_len(r[i]) for r in [HEADER, *WIDE]) for i in range(3)]


def test_a_long_cell_of_wide_characters_is_cut_to_its_width_in_cells() -> None:
    long_title = "会议" * 40  # 160 cells
    (line,) = cli.table(HEADER, [["x", long_title, "live"]]).splitlines()[2:]
    title = line.split("  ")[1].strip()
    assert title.endswith("会…") and cell_len(title) == cli.CELL_WIDTH - 1  # 23 of them, and …
    assert line.endswith("  live")


def test_the_drawn_table_lines_up_wide_characters_and_fits_the_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, width=60, force_terminal=True, color_system=None)
    console.print(cli.drawn_table(HEADER, WIDE))
    lines = out.getvalue().splitlines()
    assert "─" in lines[1]  # drawn, for a person
    assert all(cell_len(line) <= 60 for line in lines)
    rows = [line for line in lines if line.startswith("2026-")]
    starts = {tuple(column_starts(line, row)) for line, row in zip(rows, WIDE, strict=True)}
    assert len(starts) == 1


def test_the_drawn_table_cuts_rather_than_wraps_on_a_narrow_terminal() -> None:
    out = io.StringIO()
    Console(file=out, width=40, force_terminal=True, color_system=None).print(
        cli.drawn_table(HEADER, [["2026-11-23-a", "会议" * 40, "live"]])
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "…" in lines[2] and all(cell_len(x) <= 40 for x in lines)


def test_markup_in_a_cell_is_shown_as_typed_on_the_terminal() -> None:
    out = io.StringIO()
    Console(file=out, width=80, force_terminal=True, color_system=None).print(
        cli.drawn_table(HEADER, [["a", "[bold]x[/bold] [/", "live"]])
    )
    assert "[bold]x[/bold] [/" in out.getvalue()


@pytest.fixture
def wide_archive(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = SessionStore(data)
    for title in ("会议记录 board", "🎉 away day", "Plain title"):
        store.create(Session(info=SessionInfo(id="", title=title, partnership="北方 CSP")))
    return data


@pytest.mark.slow
def test_sessions_on_a_terminal_is_drawn_and_through_a_pipe_is_plain(wide_archive: Path) -> None:
    argv = [sys.executable, "-m", "facilitator", "--data-dir", str(wide_archive), "sessions"]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    lines = piped.stdout.splitlines()
    assert "\x1b" not in piped.stdout and "─" not in piped.stdout  # for a script
    assert set(lines[1]) <= {"-", " "} and len(lines) == 5
    ends = {cell_len(line[: line.index("upcoming")]) for line in lines[2:]}
    assert len(ends) == 1  # the state column lines up after 会议 and 🎉

    terminal = Terminal(argv, width=120, height=20)
    try:
        assert terminal.wait_for(b"Plain title", 0, timeout=30)
        terminal.process.wait(timeout=30)
        terminal.read()
    finally:
        terminal.close()
    shown = terminal.seen.decode("utf-8", "replace")
    assert "─" in shown and "会议记录 board" in shown  # drawn by rich, for a person


def test_the_command_run_is_parsed_as_the_whole_parser_parses_it() -> None:
    """main() builds only the command it is given (cli.parse): each command's own example,
    and the shapes around it, parse to what the whole parser makes of them."""
    import argparse
    import shlex

    from facilitator.cli import asked_command, build_parser, parse, partial_parser

    whole = build_parser()
    (subs,) = [a for a in whole._actions if isinstance(a, argparse._SubParsersAction)]
    argvs = [[], ["--data-dir", "elsewhere"], ["--data-dir=elsewhere", "sessions"],
             ["--data", "elsewhere", "run", "x"],  # an option cut short, as argparse allows
             ["--data", "demo", "sessions"], ["--d", "plan", "run", "x"],  # a folder so named
             ["new", "--title", "run"]]
    for name, sub in subs.choices.items():
        example = shlex.split(sub.epilog.removeprefix("Example: ").split(" | ")[0])
        assert example[0] == "facilitator"
        assert asked_command(example[1:]) == name
        (only,) = [a for a in partial_parser(example[1:])._actions
                   if isinstance(a, argparse._SubParsersAction)]
        assert list(only.choices) == [name]  # only that command is built
        argvs += [example[1:], ["--data-dir", "d", *example[1:]]]
    assert len(argvs) > 40
    for argv in argvs:
        assert vars(parse(argv)) == vars(whole.parse_args(argv)), argv


def test_what_names_no_command_is_refused_as_the_whole_parser_refuses_it() -> None:
    from facilitator.cli import UsageError, build_parser, parse

    for argv in (["bogus"], ["run"], ["--json", "sessions"], ["--data-dir"], ["run", "x", "y"],
                 [""], ["-"], ["--"], ["--data-dir", "d", "--", "sessions"]):
        with pytest.raises(UsageError) as whole:
            build_parser().parse_args(argv)
        with pytest.raises(UsageError) as ours:
            parse(argv)
        assert str(ours.value) == str(whole.value), argv


@pytest.mark.parametrize("asked", ["-h", "--h", "--he", "--help", "--ver", "--version"])
def test_the_help_and_the_version_are_the_whole_parsers(asked, capsys) -> None:
    from facilitator.cli import build_parser, parse

    with pytest.raises(SystemExit):
        build_parser().parse_args([asked])
    whole = capsys.readouterr().out
    with pytest.raises(SystemExit):
        parse([asked])
    assert capsys.readouterr().out == whole
    assert "sessions" in whole or "facilitator 0" in whole
