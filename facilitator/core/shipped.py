"""The files shipped with facilitator, in ``facilitator/data``: the chair's prompts, the
clauses of the compacts and the meeting templates.

They are read from the package's own folder, where pip installs them (the package is never
run from a zip file): ``importlib.resources`` would import itself and ``zipfile`` at every
start of the app to find the same files (3 ms).
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def text(name: str) -> str:
    """The shipped file ``name`` (a path under ``facilitator/data``), as text."""
    return (DATA / name).read_text(encoding="utf-8")
