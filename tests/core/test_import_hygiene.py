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


FIRST_SCREEN = textwrap.dedent(
    """
    import asyncio, json, sys
    from datetime import date
    from facilitator.core.agenda import agenda_from_dict
    from facilitator.core.store import SessionStore
    from facilitator.ui.app import make_app
    store = SessionStore({folder!r})
    sid = store.create(agenda_from_dict({{"title": "Board", "partnership": "P",
        "date": "23/11/2026 14:00", "items": [{{"title": "Welcome", "minutes": 5}}]}},
        date(2026, 11, 23)))
    {extra}
    async def first_screen():
        app = make_app(store, session_id=sid)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = type(app.screen).__name__
        return shown
    shown = asyncio.run(first_screen())
    print(json.dumps({{"imported": [shown], "modules": sorted(sys.modules)}}))
    """
)

# What the live screen, the first screen of `facilitator run`, does not use: the other
# screens, and the libraries only they (or the exports) need. Each is imported when used.
NOT_ON_THE_FIRST_SCREEN = [
    "facilitator.ui.home",
    "facilitator.ui.plan",
    "facilitator.ui.tracker",
    "facilitator.ui.minutes_view",
    "facilitator.ui.review",
    "facilitator.ui.help",
    "facilitator.ui.health",
    "facilitator.ui.checklist",
    "facilitator.ui.attendance",
    "facilitator.ui.form",
    "facilitator.ui.confirm",
    "markdown_it",
    "pygments",
    "docx",
    "icalendar",
    "matplotlib",
    "holidays",  # a fifth of a second: imported after the first draw, when papers are due
    "email",
    "facilitator.core.agenda_pack",
    "facilitator.core.mail",
    "facilitator.core.exports",
    "facilitator.core.transfer",
    "facilitator.core.templates",
    "facilitator.core.registers",
    "facilitator.core.report",
    "facilitator.core.minutes",  # the minutes are made when asked for (core/public.py holds
    "facilitator.core.minutes_doc",  # the public rule every start needs)
    "facilitator.core.minutes_model",
    "sqlite3",  # the review index: read in workers when it is first asked
    "textual.widgets._data_table",  # the archive lists are a line-API table (paged_table)
    "dateutil",  # moving a date by months (dates.shifted), on first use
    "importlib.resources",  # the shipped files are read from the package's folder (shipped)
    "zipfile",
    "tomllib",  # the shipped prompts and clauses are read from their JSON twins (shipped)
]


def test_the_first_live_screen_imports_only_what_it_shows(tmp_path: Path) -> None:
    """Reading the keymap (facilitator/ui/binding_ids.py) imported every screen, Markdown
    and pygments with them, at every start; a dialog is imported when it is opened."""
    found = run_python(FIRST_SCREEN.format(folder=str(tmp_path / "data"), extra=""), tmp_path)
    assert found["imported"] == ["LiveScreen"]
    assert [m for m in NOT_ON_THE_FIRST_SCREEN if m in found["modules"]] == []


def test_facilitator_run_imports_only_what_its_first_screen_shows(tmp_path: Path) -> None:
    """`facilitator run` goes through the command line: the modules of its other commands
    (the agenda pack and its email, the Word and HTML minutes, exports) are imported by
    their handlers, not by every start."""
    extra = "import facilitator.cli"
    found = run_python(FIRST_SCREEN.format(folder=str(tmp_path / "data"), extra=extra), tmp_path)
    assert found["imported"] == ["LiveScreen"]
    assert [m for m in NOT_ON_THE_FIRST_SCREEN if m in found["modules"]] == []


def test_the_first_screen_check_would_see_a_screen_imported(tmp_path: Path) -> None:
    """The same script notices a screen or library imported before the first paint."""
    extra = "import facilitator.ui.minutes_view"
    found = run_python(FIRST_SCREEN.format(folder=str(tmp_path / "data"), extra=extra), tmp_path)
    assert {"facilitator.ui.minutes_view", "markdown_it"} <= set(found["modules"])
