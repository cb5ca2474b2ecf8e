"""The core and the command line must not import Textual (only the screens may).

Each check runs in a fresh interpreter, because this test process has usually imported
Textual already (the UI tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import facilitator.core

IMPORT_ALL = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import facilitator.core
    names = ["facilitator.core"]
    for info in pkgutil.walk_packages(facilitator.core.__path__, "facilitator.core."):
        importlib.import_module(info.name)
        names.append(info.name)
    import facilitator.cli
    names.append("facilitator.cli")
    {extra}
    textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(json.dumps({{"imported": names, "textual": textual}}))
    """
)


def run_python(code: str, cwd: Path) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def core_modules() -> set[str]:
    folder = Path(facilitator.core.__file__).parent
    return {f"facilitator.core.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}


def test_core_and_cli_do_not_import_textual(tmp_path: Path) -> None:
    found = run_python(IMPORT_ALL.format(extra=""), tmp_path)
    assert core_modules() <= set(found["imported"])
    assert {"facilitator.core.capture", "facilitator.core.meeting", "facilitator.cli"} <= set(
        found["imported"]
    )
    assert found["textual"] == []


def test_the_check_would_see_textual(tmp_path: Path) -> None:
    """The same script notices Textual once something imports it (so the test above can
    fail)."""
    found = run_python(IMPORT_ALL.format(extra="import facilitator.ui.app"), tmp_path)
    assert "textual" in found["textual"]


def test_cli_commands_that_open_no_screen_do_not_import_textual(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import contextlib, io, json, sys
        from facilitator.cli import main
        data = {str(tmp_path / "data")!r}
        codes = []
        with contextlib.redirect_stdout(io.StringIO()):
            for argv in (["new", "--title", "Board", "--date", "1/12/2026"], ["demo"],
                         ["sessions"], ["sessions", "--json"], ["actions"],
                         ["minutes", "2026-12-01-board"]):
                codes.append(main(["--data-dir", data, *argv]))
        textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(json.dumps({{"imported": [str(c) for c in codes], "textual": textual}}))
        """
    )
    found = run_python(code, tmp_path)
    assert found["imported"] == ["0"] * 6
    assert found["textual"] == []
