"""Moving sessions between machines, and naming exported files safely.

An export is the session's tables wrapped with a marker and a version; an import is checked
in full (the same validation as loading a session file) and written in one atomic step,
never over an existing session.
"""

from __future__ import annotations

import json

from facilitator.core.agenda import multi_line_field
from facilitator.core.model import Session
from facilitator.core.store import (
    CorruptSession,
    SessionStore,
    StoreError,
    dumps,
    parse_session,
    session_to_tables,
    slugify,
    write_atomic,
)

MARKER = "facilitator-session-export"
VERSION = 1


def export_session(session: Session) -> str:
    return dumps(
        {
            "format": MARKER,
            "version": VERSION,
            "id": session.info.id,
            "tables": session_to_tables(session),
        }
    )


def read_export(text: str, name: str = "export") -> Session:
    """The session in an export file, fully checked; StoreError with the reason if not."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{name}: not valid JSON ({str(exc).splitlines()[0][:80]})") from None
    if not isinstance(data, dict) or data.get("format") != MARKER:
        raise StoreError(f"{name}: not a facilitator session export")
    if data.get("version") != VERSION:
        raise StoreError(
            f"{name}: export version {data.get('version')!r} is not one this facilitator reads"
        )
    try:
        session = parse_session(dumps(data.get("tables")), name=name)
    except CorruptSession as exc:
        raise StoreError(str(exc)) from None
    broken = multi_line_field(session)
    if broken:
        raise StoreError(f"{name}: {broken} should be one line (it has a line break)")
    return session


def import_session(store: SessionStore, session: Session, *, new_id: bool = False) -> str:
    """Add ``session`` to the store under its own id, or a new one if asked; never over an
    existing session."""
    store.ensure_root()
    wanted = session.info.id
    try:
        store.path_for(wanted)
    except StoreError:
        if not new_id:
            raise StoreError(
                f"the file's session id {_shown(wanted)} is not a valid id (lower-case "
                "letters, digits and hyphens, at most 100 characters); nothing was imported "
                "(add --new-id to import it under a new id)"
            ) from None
        wanted = ""
    if wanted and not store.path_for(wanted).exists():
        try:
            write_atomic(store.path_for(wanted), dumps(session_to_tables(session)), overwrite=False)
            return wanted
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot save the imported session: {exc.strerror}") from None
    if not new_id:
        raise StoreError(
            f"a session {_shown(wanted)} is already here; nothing was imported "
            "(add --new-id to import it under a new id)"
        )
    return store.create(session)


def _shown(session_id: str, limit: int = 40) -> str:
    """An id from a file, quoted, cut to a readable length (it may be 5,000 characters)."""
    if len(session_id) <= limit:
        return repr(session_id)
    return f"{session_id[:limit]!r}… ({len(session_id):,} characters)"


def minutes_file_name(session_id: str, fmt: str, public: bool) -> str:
    """A safe file name for exported minutes: the session id (date and slug, ASCII only)."""
    base = slugify(session_id) or "session"
    return f"{base}-minutes{'-public' if public else ''}.{fmt}"
