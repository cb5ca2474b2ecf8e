"""Minutes in every format, read back (the public version: tests/test_redaction.py)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from docx import Document

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.meeting import Meeting
from tests.helpers import INJECTION_STRINGS, agenda, as_read, docx_text, sentinel_session


def run(capsys, store, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(store.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_is_a_real_document_with_headings_and_header_cells(capsys, store, clock):
    sid = sentinel_session(store, clock)
    code, html_text, _ = run(capsys, store, "minutes", sid, "--format", "html")
    assert code == 0
    parser = _Collect()
    parser.feed(html_text)
    assert {"h1", "h2", "table", "th", "td", "ul", "li"} <= set(parser.tags)
    assert "Repair the lamps" in "".join(parser.text)


@pytest.mark.parametrize(
    "hostile",
    [*INJECTION_STRINGS, "<script>alert(1)</script>", "**bold** _x_ `code` # not a heading"],
)
@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_user_text_comes_out_as_typed(capsys, store, clock, tmp_path, hostile, fmt):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    Meeting(writer, clock=clock).capture(f"note: {hostile}")
    writer.close()
    target = tmp_path / f"m.{fmt}"
    assert run(capsys, store, "minutes", sid, "--format", fmt, "-o", str(target))[0] == 0
    if fmt == "html":
        parser = _Collect()
        parser.feed(target.read_text(encoding="utf-8"))
        assert f"note: {hostile}" in "".join(parser.text)
        assert "script" not in parser.tags
    elif fmt == "docx":
        assert f"note: {hostile}" in docx_text(target)
    elif fmt == "md":  # as rendered: marks are escaped in the file (tests/test_markdown_escape)
        assert f"note: {hostile}" in as_read(target.read_text(encoding="utf-8"))
    else:
        assert f"note: {hostile}" in target.read_text(encoding="utf-8")


def test_docx_has_the_action_table_as_a_word_table(capsys, store, clock, tmp_path):
    sid = sentinel_session(store, clock)
    target = tmp_path / "m.docx"
    assert run(capsys, store, "minutes", sid, "--format", "docx", "-o", str(target))[0] == 0
    doc = Document(str(target))
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Owner", "Action", "Due", "Status", "Item"] in headers
    assert any(p.style.name.startswith("Heading") for p in doc.paragraphs)


def test_docx_needs_a_file(capsys, store, clock):
    sid = sentinel_session(store, clock)
    code, _, err = run(capsys, store, "minutes", sid, "--format", "docx")
    assert code == 2 and "-o" in err and len(err.strip().splitlines()) == 1


def test_export_and_import_move_a_session_whole(capsys, store, clock, tmp_path):
    from facilitator.core.store import SessionStore

    sid = sentinel_session(store, clock)
    target = tmp_path / "s.json"
    assert run(capsys, store, "export", sid, "-o", str(target))[0] == 0
    other = SessionStore(tmp_path / "elsewhere")
    code, out, _ = run(capsys, other, "import", str(target))
    assert code == 0 and out.strip().splitlines()[-1] == sid
    assert other.load(sid) == store.load(sid)
    code, _, err = run(capsys, other, "import", str(target))  # never silently over it
    assert code == 2 and "already here" in err
    code, out, _ = run(capsys, other, "import", str(target), "--new-id")
    assert code == 0 and out.strip().splitlines()[-1] != sid


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        json.dumps({"format": "something else"}),
        json.dumps({"format": "facilitator-session-export", "version": 99, "tables": {}}),
        json.dumps({"format": "facilitator-session-export", "version": 1, "tables": {"x": {}}}),
    ],
)
def test_a_bad_import_is_refused_and_nothing_is_added(capsys, store, tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, store, "import", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert store.session_ids() == []


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_the_demo_minutes_in_every_format_read_back(capsys, store, tmp_path, fmt):
    from datetime import datetime

    from facilitator.core.demo import create_demo

    past, _ = create_demo(store, datetime(2026, 11, 23, 10, 0))
    target = tmp_path / f"demo.{fmt}"
    assert run(capsys, store, "minutes", past, "--format", fmt, "-o", str(target))[0] == 0
    if fmt == "docx":
        text = docx_text(target)
    elif fmt == "html":
        parser = _Collect()
        parser.feed(target.read_text(encoding="utf-8"))
        text = "".join(parser.text)
    else:
        text = target.read_text(encoding="utf-8")
    for expected in (
        "Basingstoke Area Strategic Partnership (demo)",
        "Civic Offices, Room 2",
        "Adopt the three draft priorities for consultation",
        "Priya Shah",
        "circulate the revised terms of reference",
        "Actions by owner",
        "Partners see real benefit and results in collaboration",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("table", "field", "named"),
    [("session", "venue", "session record 1, field venue"),
     ("agenda", "lead", "agenda record 1, field lead"),
     ("participants", "organisation", "participants record 1, field organisation")],
)
def test_import_refuses_a_one_line_field_on_two_lines(
    capsys, store, clock, tmp_path, table, field, named
):
    """An export edited by hand (or from elsewhere) may carry a line break where the plan
    screen shows a one-line field: refused, as an agenda file is, with the field named."""
    sid = sentinel_session(store, clock)
    target = tmp_path / "s.json"
    assert run(capsys, store, "export", sid, "-o", str(target))[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    first = min(data["tables"][table], key=int)
    data["tables"][table][first][field] = "Town Hall\nRoom [reverse] 4"
    target.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, store.__class__(tmp_path / "elsewhere"), "import", str(target))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err and "one line" in err
