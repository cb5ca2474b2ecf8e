"""The command line's shape (issue 17.6): each sub-command is bound to its handler by
argparse."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from facilitator import cli


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
