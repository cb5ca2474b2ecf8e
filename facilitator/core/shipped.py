"""The files shipped with facilitator, in ``facilitator/data``: the chair's prompts, the
clauses of the compacts and the meeting templates.

They are read from the package's own folder, where pip installs them (the package is never
run from a zip file): ``importlib.resources`` would import itself and ``zipfile`` at every
start of the app to find the same files (3 ms).

The TOML files the live screen reads before it is drawn (``prompts.toml``, and
``clauses.toml`` for the prompt's citation) are also shipped parsed, as JSON beside them:
parsing 40 kB of TOML in pure Python and importing tomllib were 7 ms of every start, the
JSON takes a tenth of a millisecond. The TOML stays the file people read and edit. A twin
says which text it was made from (its CRC-32), and one made from other text is never used:
the TOML is parsed instead, so an edited file is read as it now says, only more slowly,
until ``python -m facilitator.core.shipped`` makes the twins again (a test fails meanwhile).
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path
from typing import Any

from facilitator.core import files

DATA = Path(__file__).resolve().parent.parent / "data"
TWINNED = ("prompts.toml", "clauses.toml")  # read by every start of the live screen


def text(name: str) -> str:
    """The shipped file ``name`` (a path under ``facilitator/data``), as text."""
    return (DATA / name).read_text(encoding="utf-8")


def toml(name: str) -> dict[str, Any]:
    """The shipped TOML file ``name``, parsed: from its JSON twin when that was made from
    the file as it is now, else parsed now."""
    source = text(name)
    try:
        twin = json.loads(_twin(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        twin = None
    if (
        isinstance(twin, dict)
        and twin.get("made_from") == _stamp(source)
        and isinstance(data := twin.get("data"), dict)
    ):
        return data
    return files.parse_toml(source)


def twin_text(name: str) -> str:
    """What the JSON twin of ``name`` holds: the file parsed, and the stamp of its text."""
    source = text(name)
    twin = {"made_from": _stamp(source), "data": files.parse_toml(source)}
    return json.dumps(twin, ensure_ascii=False, indent=1) + "\n"


def _twin(name: str) -> Path:
    return (DATA / name).with_suffix(".json")


def _stamp(source: str) -> str:
    return f"crc32:{zlib.crc32(source.encode('utf-8')):08x}:{len(source)}"


def main() -> int:
    """Make the JSON twins again from the TOML files (after editing one of them)."""
    for name in TWINNED:
        _twin(name).write_text(twin_text(name), encoding="utf-8")
        print(f"wrote {_twin(name).relative_to(DATA.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
