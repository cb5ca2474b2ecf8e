"""facilitator approve / amend / verify, and the minutes as a draft email, from the shell."""

from __future__ import annotations

import email
from email import policy

import pytest
from docx import Document

from facilitator.cli import main
from facilitator.core.fingerprint import canonical, fingerprint
from facilitator.core.minutes import build_minutes
from facilitator.core.minutes_doc import document, finished, to_text
from tests.core.test_approval import first_meeting, second_meeting
from tests.helpers import docx_text

pytestmark = pytest.mark.usefixtures("cli_today")
FORMATS = ["md", "txt", "html", "docx"]


def cli(capsys, store, *argv) -> tuple[int, str, str]:
    code = main(["--data-dir", str(store.root), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def approved(store, clock, capsys):
    first = first_meeting(store, clock)
    second, meeting = second_meeting(store, clock)
    meeting.writer.close()
    code, out, err = cli(capsys, store, "approve", first, "--at", second)
    assert code == 0, err
    assert "approved as a true record at the meeting of Mon 21 Dec 2026" in out
    return first, second


def test_the_fingerprint_is_of_the_canonical_plain_text():
    assert canonical("  Caf\u0065\u0301\n\n  x\t y ") == "Caf\u00e9 x y"
    assert fingerprint("a  b\n") == fingerprint("a b")
    assert fingerprint("a b") != fingerprint("a c")


def test_every_format_states_the_same_fingerprint_and_it_is_the_texts(store, approved):
    first, _ = approved
    minutes = build_minutes(store.load(first), [])
    digest = fingerprint(to_text(document(minutes)))
    for fmt in FORMATS:
        blocks = finished(minutes, fmt)
        assert digest in "".join(t for b in blocks for t, _ in b.spans)
    public = build_minutes(store.load(first), [], public=True)
    assert fingerprint(to_text(document(public))) != digest


@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_verify_accepts_an_untouched_copy_and_names_it(
    capsys, store, tmp_path, approved, fmt, public
):
    first, _ = approved
    copy = tmp_path / f"copy.{fmt}"
    flag = ["--public"] if public else []
    assert cli(capsys, store, "minutes", first, "--format", fmt, *flag, "-o", copy)[0] == 0
    code, out, err = cli(capsys, store, "verify", copy)
    assert code == 0, err
    version = "public" if public else "full"
    assert f"matches: the {version} minutes of {first} ('Partnership Board', Mon 23 Nov" in out
    assert "as approved at the meeting of Mon 21 Dec 2026" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_verify_rejects_a_copy_with_one_word_changed(capsys, store, tmp_path, approved, fmt):
    first, _ = approved
    copy = tmp_path / f"copy.{fmt}"
    cli(capsys, store, "minutes", first, "--format", fmt, "-o", copy)
    if fmt == "docx":
        doc = Document(str(copy))
        para = next(p for p in doc.paragraphs if "Lamps reported broken" in p.text)
        for run in para.runs:
            run.text = run.text.replace("broken", "mended")
        doc.save(str(copy))
        assert "Lamps reported mended" in docx_text(copy)
    else:
        text = copy.read_text(encoding="utf-8")
        assert text.count("Lamps reported broken") == 1
        copy.write_text(text.replace("Lamps reported broken", "Lamps reported mended"))
    code, out, _ = cli(capsys, store, "verify", copy)
    assert code == 1
    assert "does NOT match: it differs from the full minutes of" in out
    assert "broken" in out and "mended" in out


def test_verify_tells_a_draft_a_changed_fingerprint_and_a_file_that_is_not_minutes(
    capsys, store, clock, tmp_path
):
    first = first_meeting(store, clock)
    draft = tmp_path / "draft.md"
    cli(capsys, store, "minutes", first, "-o", draft)
    code, out, _ = cli(capsys, store, "verify", draft)
    assert code == 1 and "are a draft, not yet approved" in out
    second, meeting = second_meeting(store, clock)
    meeting.writer.close()
    cli(capsys, store, "approve", first, "--at", second)
    code, out, _ = cli(capsys, store, "verify", draft)
    assert code == 1 and "a draft copy" in out
    copy = tmp_path / "approved.txt"
    cli(capsys, store, "minutes", first, "--format", "txt", "-o", copy)
    text = copy.read_text(encoding="utf-8")
    digest = text.split("without this line): ")[1][:64]
    copy.write_text(text.replace(digest, "0" * 64))
    code, out, _ = cli(capsys, store, "verify", copy)
    assert code == 1 and "the fingerprint it states (000000000000…) is not theirs" in out
    other = tmp_path / "notes.txt"
    other.write_text("Shopping: eggs, milk\n")
    code, _, err = cli(capsys, store, "verify", other)
    assert code == 2 and err.startswith("facilitator: ") and "not a facilitator minutes" in err
    word = tmp_path / "fake.docx"
    word.write_bytes(b"PK\x03\x04 not really")
    code, _, err = cli(capsys, store, "verify", word)
    assert code == 2 and "not a Word document" in err


def test_after_an_amendment_an_earlier_copy_is_said_to_be_superseded(
    capsys, store, tmp_path, approved
):
    first, _ = approved
    copy = tmp_path / "copy.html"
    cli(capsys, store, "minutes", first, "--format", "html", "-o", copy)
    code, out, err = cli(
        capsys, store, "amend", first, "--decision", "D1", "--text", "Repair the lamps by March",
        "--by", "Joan Pike",
    )
    assert code == 0, err
    assert "Amended decision D1" in out
    assert "'Repair the lamps' → 'Repair the lamps by March'" in out
    code, out, _ = cli(capsys, store, "verify", copy)
    assert code == 1 and "before a later amendment" in out
    again = tmp_path / "again.html"
    cli(capsys, store, "minutes", first, "--format", "html", "-o", again)
    code, out, _ = cli(capsys, store, "verify", again)
    assert code == 0 and "with 1 amendment since" in out
    text = again.read_text(encoding="utf-8")
    assert "Amendments after approval" in text and "Repair the lamps by March" in text
    assert "Signed: " in text and "Chair" in text


def test_approve_from_the_shell_is_refused_for_an_earlier_meeting_or_twice(
    capsys, store, clock
):
    first = first_meeting(store, clock)
    second, meeting = second_meeting(store, clock)
    meeting.writer.close()
    code, _, err = cli(capsys, store, "approve", second, "--at", first)
    assert code == 2 and "is not a later meeting" in err
    assert cli(capsys, store, "approve", first, "--on", "21/12/2026")[0] == 0
    assert store.load(first).approval.by_date == "2026-12-21"
    code, _, err = cli(capsys, store, "approve", first, "--at", second)
    assert code == 2 and "already approved" in err
    code, _, err = cli(capsys, store, "amend", first, "--item", "9", "--text", "x", "--by", "S")
    assert code == 2 and "there is no item 9" in err


def test_the_minutes_as_a_draft_email_read_back(capsys, store, clock, tmp_path):
    first = first_meeting(store, clock)
    target = tmp_path / "minutes.eml"
    code, out, err = cli(
        capsys, store, "minutes", first, "--format", "eml", "--to",
        "board@example.org, Joan Pike <joan@example.org>", "-o", target,
    )
    assert code == 0, err
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Draft minutes: Partnership Board, Mon 23 Nov 2026"
    assert message["To"] == "board@example.org, Joan Pike <joan@example.org>"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert "PARTNERSHIP BOARD" in body and "Lamps reported broken" in body
    assert "Draft — not yet approved" in body
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == f"{first}-minutes.docx"
    word = tmp_path / "attached.docx"
    word.write_bytes(attached.get_content())
    assert "Lamps reported broken" in docx_text(word)
    [sent] = store.load(first).circulation
    assert (sent.what, sent.format, sent.public) == ("minutes", "eml", False)
    assert sent.to == ["board@example.org", "Joan Pike <joan@example.org>"]
    code, _, err = cli(capsys, store, "minutes", first, "--format", "eml", "--to", "nobody")
    assert code == 2 and "'nobody' is not an email address" in err
