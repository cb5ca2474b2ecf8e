"""Files in the data folder, read and written safely, whatever else the folder holds.

The folder is not facilitator's alone: other programs' files, copies, FIFOs, symbolic links
and directories can sit beside the sessions. So:

* :func:`read_text` opens without following a symbolic link and without blocking on a FIFO,
  refuses anything but a regular file, and reads UTF-8 with or without a byte-order mark.
* :func:`write_atomic` writes a temp file beside the target, fsyncs it, renames it into
  place and fsyncs the folder: a crash leaves the old file or the new one, never a torn one.
  It refuses to replace anything that is not a regular file.
* Temp files have one shape, ``.<name>.<random>.tmp``, so :func:`temp_target` can tell
  facilitator's own leftovers from anyone else's files (which are never touched).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from facilitator.core.patterns import lazy

FILE_MODE = 0o600
_TEMP = lazy(r"\.(?P<name>.+)\.(?P<tag>[a-z0-9_]{8})\.tmp")  # mkstemp's 8 characters


class NotRegularFile(OSError):
    """A path that holds a link, FIFO, device or folder where a file was expected."""

    kind = "not a regular file"  # what it is, in words, when known


class UnconfirmedWrite(OSError):
    """The new file is in place but the folder's fsync failed: the write happened, yet the
    disk did not confirm it would survive a power cut."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def is_regular(path: Path) -> bool:
    """True for a regular file (a symbolic link is not one, whatever it points at)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. A link, FIFO, device or folder raises NotRegularFile
    (without blocking or following it); a missing file FileNotFoundError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise _not_regular(path) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, f"{path.name} is {kind_of(st.st_mode)}")
        chunks = []
        while chunk := os.read(fd, max(st.st_size, 65536)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_lock_file(path: Path) -> int:
    """A lock file's descriptor, made if need be (0600): opened without following a link or
    blocking on a FIFO, and refused (NotRegularFile, its ``kind`` in words) unless it is a
    regular file, so that a FIFO or device planted at a lock's path is never locked."""
    fd = os.open(
        path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE
    )
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        refused = NotRegularFile(errno.EINVAL, f"{path.name} is {kind_of(mode)}")
        refused.kind = kind_of(mode)
        raise refused
    return fd


def _not_regular(path: Path) -> NotRegularFile:
    try:
        what = kind_of(os.lstat(path).st_mode)
    except OSError:
        what = "not a regular file"
    return NotRegularFile(errno.EINVAL, f"{path.name} is {what}")


def read_text(path: Path) -> str:
    """A regular file's text as UTF-8 (a leading byte-order mark is dropped).
    UnicodeDecodeError if it is not UTF-8; OSError as :func:`read_bytes`."""
    return read_bytes(path).decode("utf-8-sig")


def parse_toml(text: str) -> dict[str, Any]:
    """``text`` parsed as TOML (raises ValueError). tomllib is imported on first use: the
    app's start reads no TOML (the shipped files it reads are JSON, see core/shipped.py)."""
    import tomllib

    return tomllib.loads(text)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Filesystems that cannot fsync a folder are
    tolerated (the rename itself has happened)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def write_atomic(
    path: Path, text: str | bytes | Sequence[bytes], *, overwrite: bool = True
) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one.
    ``text`` may be given in pieces, written one after another (not joined first).

    With ``overwrite=False`` the file must not exist yet (``FileExistsError`` otherwise);
    the temp file is hard-linked into place, so two creators can never both win. Whatever
    is at ``path`` must be a regular file (a link, FIFO or folder raises NotRegularFile and
    is left as it is).
    """
    if isinstance(text, str):
        pieces: Sequence[bytes] = [text.encode("utf-8")]
    else:
        pieces = [bytes(text)] if isinstance(text, (bytes, bytearray, memoryview)) else text
    if overwrite:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise _not_regular(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        raise UnconfirmedWrite(exc.errno, exc.strerror) from exc


def temp_target(path: Path) -> str | None:
    """The name of the file a temp file of :func:`write_atomic` was for, or None if ``path``
    is not one of its temp files."""
    found = _TEMP.fullmatch(path.name)
    return found.group("name") if found else None


def remove_stale_temps(folder: Path, names: set[str], older_than: float) -> None:
    """Remove :func:`write_atomic` temp files for the files ``names`` left by a crash, once
    they are ``older_than`` seconds old (a write takes milliseconds). Nothing else in the
    folder is touched."""
    limit = time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if temp_target(Path(entry.name)) not in names:
                continue
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                    os.unlink(entry.path)


_encode = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options
# builds a new encoder on every call, which costs more than encoding a record


def dumps(data: Any) -> str:
    """JSON for a data file: a table of records (TinyDB's layout) gets one record per line,
    so the file reads, diffs and can be mended by hand; each line comes from the C encoder
    (``indent`` would switch to the pure-Python one, most of a save's time)."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return _encode(data)
    tables = []
    for name, records in data.items():
        lines = SEPARATOR.join(record_line(key, _encode(r)) for key, r in records.items())
        body = f"{TABLE_OPEN}{lines}{TABLE_CLOSE}" if lines else NO_RECORDS
        tables.append(table_head(name) + body)
    return FILE_OPEN + SEPARATOR.join(tables) + FILE_CLOSE


# The parts of that layout, so that the session store can keep each record's line as it
# was encoded and put the file together again from them (store.AtomicJSONStorage).
FILE_OPEN, FILE_CLOSE = "{\n", "\n}\n"
SEPARATOR = ",\n"  # between tables, and between the records of a table
TABLE_OPEN, TABLE_CLOSE, NO_RECORDS = "{\n", "\n }", "{}"


def encode(value: Any) -> str:
    """JSON as a data file holds it: compact, non-ASCII characters as they are."""
    return _encode(value)


def record_line(key: Any, encoded: str) -> str:
    """A record's line from its key and its ``encode``d record (no separator)."""
    return f"  {_encode(str(key))}: {encoded}"


def table_head(name: str) -> str:
    """What comes before a table's records."""
    return f" {_encode(name)}: "
