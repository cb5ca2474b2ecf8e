"""``facilitator verify FILE``: is a circulated copy of the minutes the approved record?

A copy (Markdown, text, HTML or Word) is read back to its text, and compared with the
minutes of each approved session it could be, rendered again in the same format from the
record, full and public: the text must be the same word for word (whitespace and Unicode
normalisation aside, core/fingerprint.py). The copy's stated fingerprint must be the
record's too. A copy that matches is named: session, title, date, version, fingerprint. One
that does not is said not to match, with the first place it differs from the nearest record;
one that is not a facilitator minutes file is said to be so.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from facilitator.core import fingerprint as fp
from facilitator.core.dates import show_when
from facilitator.core.errors import UserError
from facilitator.core.files import read_text
from facilitator.core.minutes import build_minutes
from facilitator.core.minutes_doc import minutes_fingerprint, render
from facilitator.core.model import Session
from facilitator.core.store import SessionStore, StoreError
from facilitator.core.tracker import Archive, partnership_sessions

FORMATS = ("md", "txt", "html", "docx")
PUBLIC_MARK = "Public version: confidential items are withheld"
_MARKS = ("Draft — not yet approved", "Approved as a true record", fp.LABEL)
MAX_BYTES = 64 * 1024 * 1024
_MD_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


class NotMinutes(UserError):
    """A file that is not a copy of minutes facilitator wrote; one line for the user."""


@dataclass(frozen=True)
class Verdict:
    """What verify found: ``matches`` and the words saying so."""

    matches: bool
    said: str


def read_copy(path: Path) -> tuple[str, str]:
    """(format, text) of a copy of the minutes: the text a reader sees, in the order the
    document has it. NotMinutes if it cannot be read as one of the formats."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotMinutes(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise NotMinutes(f"{path} is too large to be minutes ({size:,} bytes)")
    try:
        head = path.open("rb").read(4)
    except OSError as exc:
        raise NotMinutes(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(b"PK"):
        return "docx", docx_text(path.read_bytes(), str(path))
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError):
        raise NotMinutes(
            f"{path} is not a minutes file (not UTF-8 text or a Word document)"
        ) from None
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")):
        return "html", html_text(text)
    fmt = path.suffix.lower().lstrip(".")
    return (fmt if fmt in ("md", "txt") else "md" if text.lstrip().startswith("# ") else "txt",
            text)


def docx_text(data: bytes, name: str = "file") -> str:
    """Every paragraph's text of a Word document in order, table cells included where they
    stand (python-docx's paragraphs alone would leave the tables out)."""
    from docx import Document
    from docx.oxml.ns import qn

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise NotMinutes(f"{name} is not a minutes file (not a Word document: {exc})") from None
    lines = []
    for para in doc.element.body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in para.iter(qn("w:t"))))
    return "\n".join(lines)


class _Text(HTMLParser):
    SKIP = frozenset({"head", "style", "script", "title"})
    BREAK = frozenset({"p", "li", "h1", "h2", "h3", "tr", "td", "th", "br", "ul", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(text: str) -> str:
    """The text an HTML page shows, blocks on lines of their own."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _as_read(fmt: str, content: str | bytes) -> str:
    if fmt == "docx":
        assert isinstance(content, bytes)
        return docx_text(content)
    assert isinstance(content, str)
    return html_text(content) if fmt == "html" else content


def verify(store: SessionStore, path: Path) -> Verdict:
    """Whether the copy at ``path`` is, word for word, the minutes of an approved session
    here, and which; NotMinutes if it is not a facilitator minutes file."""
    fmt, text = read_copy(path)
    flat = fp.canonical(text)
    if not any(mark in flat for mark in _MARKS):
        raise NotMinutes(f"{path} is not a facilitator minutes file (no approval status in it)")
    stated = fp.stated(flat)
    body = fp.unstated(flat)
    public = PUBLIC_MARK in flat
    version = "public" if public else "full"
    candidates = _candidates(store, flat)
    groups: dict[str, list[Session]] = {}  # each partnership's sessions, read once
    nearest: tuple[float, Session, str, str] | None = None
    for session in candidates:
        partnership = session.info.partnership
        if partnership not in groups:
            groups[partnership] = partnership_sessions(store, partnership)
        others = [s for s in groups[partnership] if s.info.id != session.info.id]
        minutes = build_minutes(session, others, public=public)
        record = fp.unstated(fp.canonical(_as_read(fmt, render(minutes, fmt))))
        digest = minutes_fingerprint(minutes) if session.approval is not None else ""
        if record == body and digest and stated in ("", digest):
            return Verdict(True, _matched(session, version, fmt, digest))
        ratio = difflib.SequenceMatcher(None, record.split(), body.split()).quick_ratio()
        if nearest is None or ratio > nearest[0]:
            nearest = (ratio, session, record, digest)
    return Verdict(False, _unmatched(path, body, stated, version, nearest))


def _candidates(store: SessionStore, flat: str) -> list[Session]:
    """The sessions a copy could be of, approved ones first: those whose title, partnership
    and date it holds (each test kept only while some session passes it), so a folder of
    many meetings of one board is not rendered meeting by meeting."""
    shown = _MD_ESCAPE.sub("", flat).upper()  # (Markdown escapes a title's marks)
    listings = Archive(store).listings()
    tests = (
        lambda s: fp.canonical(s["title"]).upper() in shown,
        lambda s: fp.canonical(s["partnership"]).upper() in shown,
        lambda s: not s["date"] or show_when(s["date"][:10]).upper() in shown,
    )
    for test in tests:
        passed = [s for s in listings if test(s)]
        listings = passed or listings
    found = []
    for listing in listings:
        try:
            found.append(store.load(listing["id"]))
        except StoreError:
            continue
    return sorted(found, key=lambda s: s.approval is None)


def _named(session: Session) -> str:
    info = session.info
    return f"{info.id} ({info.title!r}, {show_when(info.date) or 'no date'})"


def _matched(session: Session, version: str, fmt: str, digest: str) -> str:
    approval = session.approval
    assert approval is not None
    by = f" at the meeting of {show_when(approval.by_date[:10])}" if approval.by_date else ""
    amended = len(session.amendments)
    after = f", with {amended} amendment{'s' if amended != 1 else ''} since" if amended else ""
    return (
        f"matches: the {version} minutes of {_named(session)}, as approved{by}{after} "
        f"({fmt}; fingerprint {digest})"
    )


def _unmatched(
    path: Path,
    flat: str,
    stated: str,
    version: str,
    nearest: tuple[float, Session, str, str] | None,
) -> str:
    if nearest is None:
        return f"does NOT match: {path} is not the minutes of any session in this data folder"
    _, session, record, digest = nearest
    if session.approval is None:
        return (
            f"does NOT match an approved record: the minutes of {_named(session)} are a draft, "
            "not yet approved"
        )
    if "Draft — not yet approved" in flat:
        return (
            f"does NOT match: it is a draft copy of the minutes of {_named(session)}, made "
            "before they were approved; the approved minutes are a different text"
        )
    if record == flat:
        return (
            f"does NOT match: its words are the {version} minutes of {_named(session)}, but "
            f"the fingerprint it states ({stated[:12]}…) is not theirs ({digest[:12]}…)"
        )
    approval = session.approval
    earlier = {approval.fingerprint, approval.public_fingerprint} | {
        f for a in session.amendments for f in (a.fingerprint, a.public_fingerprint)
    }
    if stated and stated != digest and stated in earlier:
        return (
            f"does NOT match the record as it is now: it states the fingerprint of the "
            f"{version} minutes of {_named(session)} before a later amendment (see "
            "'Amendments after approval' in the current minutes)"
        )
    return (
        f"does NOT match: it differs from the {version} minutes of {_named(session)} "
        f"at {_first_difference(record, flat)}"
    )


def _first_difference(record: str, copy: str) -> str:
    """Where ``copy`` first differs from ``record``, in a few words of each."""
    ours, theirs = record.split(), copy.split()
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(ours[max(0, i1 - 4) : i1])
        was = " ".join(ours[i1 : min(i2, i1 + 6)]) or "(nothing)"
        now = " ".join(theirs[j1 : min(j2, j1 + 6)]) or "(nothing)"
        return f"“…{before} {was}…” where the copy reads “{now}”"
    return "the order of its words"
