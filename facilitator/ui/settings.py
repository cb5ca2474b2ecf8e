"""What a user sets once: their keys and their theme, kept in the data folder.

``<data-dir>/keymap.toml`` rebinds keys by binding id (F1 lists the ids' keys)::

    [keys]
    "live.next" = "f6,ctrl+n,pagedown"
    "live.end" = "f12"

``<data-dir>/settings.json`` remembers the theme chosen with ctrl+p → Change theme.
"""

from __future__ import annotations

import json
from pathlib import Path

from facilitator.core.errors import UserError
from facilitator.core.files import parse_toml, read_text, remove_stale_temps
from facilitator.core.store import dumps, write_atomic

KEYMAP = "keymap.toml"
SETTINGS = "settings.json"


class SettingsError(UserError):
    """One line naming the file and the problem."""


def load_keymap(folder: Path, known_ids: set[str]) -> dict[str, str]:
    path = folder / KEYMAP
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = parse_toml(read_text(path))
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not TOML, a huge number
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SettingsError(f"{path}: cannot be read ({reason})") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise SettingsError(f'{path}: [keys] should be a table of binding id = "keys"')
    for binding_id, value in keys.items():
        if binding_id not in known_ids:
            raise SettingsError(f"{path}: {binding_id!r} is not a binding id (F1 lists keys)")
        keys_given = value.replace(" ", "").split(",") if isinstance(value, str) else [""]
        if not all(key.isprintable() and key for key in keys_given):  # "f6,,": an empty key
            raise SettingsError(f'{path}: {binding_id} should be keys like "f6,ctrl+n"')
    return {k: v.replace(" ", "") for k, v in keys.items()}


def load_theme(folder: Path) -> str:
    try:
        data = json.loads(read_text(folder / SETTINGS))
    except (OSError, ValueError, RecursionError):  # missing, damaged (or nested too deep
        # to read), a FIFO or a link: the default theme
        return ""
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, str) else ""


def save_theme(folder: Path, theme: str) -> None:
    if not folder.is_dir():
        return  # nothing saved yet: no data folder to keep settings in
    remove_stale_temps(folder, {SETTINGS}, older_than=600.0)
    write_atomic(folder / SETTINGS, dumps({"theme": theme}))  # refuses a link or FIFO there
