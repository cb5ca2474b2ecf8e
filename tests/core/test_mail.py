"""Draft emails (core/mail.py): addresses checked one by one, the message a mail client reads
as a draft with the plain text as its body and the Word document attached."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy

import pytest

from facilitator.core.mail import DOCX_TYPE, MailError, draft_email, parse_addresses


@pytest.mark.parametrize(
    ("typed", "addresses"),
    [
        ("a@x.org", ["a@x.org"]),
        ("a@x.org, Joan Smith <joan@y.org>; b@z.org",
         ["a@x.org", "Joan Smith <joan@y.org>", "b@z.org"]),
        ('"Smith, Joan" <j@y.org>, k@y.org', ['"Smith, Joan" <j@y.org>', "k@y.org"]),
        ("<a@x.org>", ["a@x.org"]),
        ("a@x.org,", ["a@x.org"]),
        ("", []),
    ],
)
def test_addresses_are_read(typed, addresses):
    assert parse_addresses(typed) == addresses


@pytest.mark.parametrize(
    "typed",
    ["nope", "a@b", "foo bar@x.org", "Joan <a@x.org", "a@x.org>", "x <a@x.org> y",
     "x@y.org\nBcc: z@q.org", "a@x.org, @y.org"],
)
def test_a_bad_address_is_one_line_naming_it(typed):
    with pytest.raises(MailError) as caught:
        parse_addresses(typed)
    message = str(caught.value)
    assert "\n" not in message and "not an email address" in message


def test_the_draft_is_a_draft_with_the_text_as_body_and_the_document_attached():
    raw = draft_email(
        subject="Agenda: Board\nBcc: evil@x.org",
        body="Hello <b>[b]x</b>\nsecond line é",
        attachment=b"PK\x03\x04 word",
        attachment_name="agenda.docx",
        to=parse_addresses("a@x.org, Joan <j@y.org>"),
        now=datetime(2026, 12, 2, 9, 30),
    )
    assert b"\r\n" in raw
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Bcc"] is None  # a line break in the subject never makes a header
    assert message["Subject"] == "Agenda: Board Bcc: evil@x.org"
    assert [str(a) for a in message["To"].addresses] == ["a@x.org", "Joan <j@y.org>"]
    assert message["Date"]
    body = message.get_body(("plain",))
    assert body.get_content().replace("\r\n", "\n") == "Hello <b>[b]x</b>\nsecond line é\n"
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "agenda.docx"
    assert (attached.get_content_maintype(), attached.get_content_subtype()) == DOCX_TYPE
    assert attached.get_content() == b"PK\x03\x04 word"


def test_control_characters_are_shown_not_sent():
    raw = draft_email(subject="a\x1b[2Jb", body="x\x1b]0;t\x07y", attachment=b"",
                      attachment_name="a.docx")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert "\x1b" not in message["Subject"]
    assert "\x1b" not in message.get_body(("plain",)).get_content()
    assert message["To"] is None
