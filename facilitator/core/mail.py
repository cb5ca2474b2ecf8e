"""Draft emails: a document to circulate as an RFC 5322 message a mail client opens as a draft.

``draft_email`` builds one message with the plain-text version as its body and the Word
document attached, marked ``X-Unsent: 1`` (Outlook, Thunderbird and Apple Mail open such a
file as a new message ready to edit and send, not as one received). Nothing is sent: the
secretary reviews it and sends it from their own account.

Addresses typed for ``--to`` are checked one by one (:func:`parse_addresses`); a bad one is a
:class:`MailError`, one line naming it. User text in the subject and headers is folded and
encoded by the standard library's ``email.policy.default``, so a line break typed in a title
can never start a header of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, getaddresses, make_msgid

from facilitator.core.controls import visible
from facilitator.core.errors import UserError

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
# One address: a local part and a domain with at least one dot, no spaces or brackets. Not
# the whole of RFC 5322, but every address a partnership's members give, and never a guess.
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_BRACKETED = re.compile(r"[^<>]*<[^<>]+>")
_ONE_LINE = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


class MailError(UserError):
    """An address that cannot be used, in one line."""


def parse_addresses(text: str | Sequence[str]) -> list[str]:
    """The addresses in ``text`` ("a@x.org, Joan Smith <joan@y.org>; b@z.org"), each as it
    will be written in the To header; MailError naming the first one that is not an address.
    Empty text gives no addresses (the draft's To is left for the secretary)."""
    parts = [text] if isinstance(text, str) else list(text)
    pieces = [p.strip() for part in parts for p in _split(part) if p.strip()]
    found: list[str] = []
    for piece in pieces:
        if _ONE_LINE.search(piece):
            raise MailError(f"{piece!r} is not an email address (it has a line break)")
        parsed = getaddresses([piece])
        name, address = parsed[0] if len(parsed) == 1 else ("", "")
        bracketed = "<" in piece or ">" in piece
        if (
            not _ADDRESS.fullmatch(address)
            or (bracketed and not _BRACKETED.fullmatch(piece))
            or (not name and address != piece.strip("<>"))
        ):
            raise MailError(f"{piece!r} is not an email address (like name@example.org)")
        local, _, domain = address.rpartition("@")
        try:
            found.append(str(Address(display_name=name, username=local, domain=domain)))
        except (ValueError, IndexError):
            raise MailError(f"{piece!r} is not an email address (like name@example.org)") from None
    return found


def _split(text: str) -> list[str]:
    """``text`` cut at each comma or semicolon that is not inside quotes or <…>."""
    pieces, start, quoted, angled = [], 0, False, False
    for n, ch in enumerate(text):
        if ch == '"' and not angled:
            quoted = not quoted
        elif ch in "<>" and not quoted:
            angled = ch == "<"
        elif ch in ",;" and not quoted and not angled:
            pieces.append(text[start:n])
            start = n + 1
    return [*pieces, text[start:]]


def one_line(text: str) -> str:
    """``text`` as a header can hold it: one line, control characters shown."""
    return " ".join(_ONE_LINE.sub(" ", visible(text)).split())


def draft_email(
    *,
    subject: str,
    body: str,
    attachment: bytes,
    attachment_name: str,
    to: Sequence[str] = (),
    sender: str = "",
    now: datetime | None = None,
) -> bytes:
    """The draft as the bytes of a ``.eml`` file (CRLF line ends, as RFC 5322 has them).

    ``to`` and ``sender`` are addresses already checked by :func:`parse_addresses`; ``body``
    is the plain-text version, ``attachment`` the Word document named ``attachment_name``.
    """
    message = EmailMessage(policy=default)
    message["Subject"] = one_line(subject)
    if to:
        message["To"] = ", ".join(to)
    if sender:
        message["From"] = sender
    if now is not None:
        message["Date"] = format_datetime(now.astimezone())
    message["Message-ID"] = make_msgid(domain="facilitator.invalid")
    message["X-Unsent"] = "1"  # open as a draft to edit and send, not as a message received
    message.set_content(visible(body), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_attachment(
        attachment,
        maintype=DOCX_TYPE[0],
        subtype=DOCX_TYPE[1],
        filename=one_line(attachment_name),
    )
    return message.as_bytes(policy=default.clone(linesep="\r\n"))
