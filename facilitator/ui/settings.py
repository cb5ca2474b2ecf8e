"""What a user sets once: their keys and their theme, kept in the data folder.

``<data-dir>/keymap.toml`` rebinds keys by binding id (F1 lists the ids' keys)::

    [keys]
    "live.next" = "f6,ctrl+n,pagedown"
    "live.end" = "f12"

``<data-dir>/settings.json`` remembers the theme chosen with ctrl+p → Change theme.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from facilitator.core.store import dumps, write_atomic

KEYMAP = "keymap.toml"
SETTINGS = "settings.json"


class SettingsError(ValueError):
    """One line naming the file and the problem."""


def load_keymap(folder: Path, known_ids: set[str]) -> dict[str, str]:
    path = folder / KEYMAP
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot be read ({exc})") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise SettingsError(f'{path}: [keys] should be a table of binding id = "keys"')
    for binding_id, value in keys.items():
        if binding_id not in known_ids:
            raise SettingsError(f"{path}: {binding_id!r} is not a binding id (F1 lists keys)")
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f'{path}: {binding_id} should be keys like "f6,ctrl+n"')
    return {k: v.replace(" ", "") for k, v in keys.items()}


def load_theme(folder: Path) -> str:
    try:
        data = json.loads((folder / SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, str) else ""


def save_theme(folder: Path, theme: str) -> None:
    if not folder.is_dir():
        return  # nothing saved yet: no data folder to keep settings in
    write_atomic(folder / SETTINGS, dumps({"theme": theme}))
