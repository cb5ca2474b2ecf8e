"""The minutes as a draft email (``facilitator minutes ID --format eml``): the plain-text
minutes as its body and the Word minutes attached (core/mail.py), the public or the full
version, never a mix: both come from the one minutes model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from facilitator.core.dates import show_when
from facilitator.core.mail import draft_email
from facilitator.core.minutes_doc import render
from facilitator.core.minutes_model import Minutes
from facilitator.core.model import Session
from facilitator.core.transfer import minutes_file_name


def minutes_email(
    session: Session, minutes: Minutes, *, to: Sequence[str] = (), now: datetime | None = None
) -> bytes:
    """The draft email of ``minutes`` (of ``session``) as the bytes of an .eml file."""
    text, word = render(minutes, "txt"), render(minutes, "docx")
    assert isinstance(text, str) and isinstance(word, bytes)
    info = session.info
    kind = "Minutes" if minutes.approved else "Draft minutes"
    when = show_when(info.date[:10])
    subject = f"{kind}: {info.title}" + (f", {when}" if when else "")
    if minutes.public:
        subject += " (public version)"
    return draft_email(
        subject=subject,
        body=text,
        attachment=word,
        attachment_name=minutes_file_name(info.id, "docx", minutes.public),
        to=to,
        now=now,
    )
