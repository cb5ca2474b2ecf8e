"""Minutes in every format, read back (the public version: tests/core/test_redaction.py)."""

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
    elif fmt == "md":  # as rendered: marks are escaped in the file (test_markdown_escape)
        assert f"note: {hostile}" in as_read(target.read_text(encoding="utf-8"))
    else:
        assert f"note: {hostile}" in target.read_text(encoding="utf-8")


def test_docx_has_the_action_table_as_a_word_table(capsys, store, clock, tmp_path):
    sid = sentinel_session(store, clock)
    target = tmp_path / "m.docx"
    assert run(capsys, store, "minutes", sid, "--format", "docx", "-o", str(target))[0] == 0
    doc = Document(str(target))
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Code", "Owner", "Action", "Due", "Status", "Item"] in headers
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


class _Tables(HTMLParser):
    """Each table's rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.in_cell = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data) -> None:
        if self.in_cell:
            self.tables[-1][-1][-1] += data


def table_rows(fmt: str, path) -> list[list[str]]:
    """Every table row of the minutes in ``fmt``, as its cells' texts (plain text: a row is
    a list item of "Header: cell" parts)."""
    if fmt == "docx":
        return [[c.text for c in row.cells] for t in Document(str(path)).tables for row in t.rows]
    text = path.read_text(encoding="utf-8")
    if fmt == "html":
        parser = _Tables()
        parser.feed(text)
        return [row for table in parser.tables for row in table]
    if fmt == "md":
        lines = as_read(text).splitlines()
        return [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines if ln[:2] == "| "]
    return [
        [part.partition(": ")[2] for part in line[4:].split("; ")]
        for line in text.splitlines()
        if line.startswith("  - Code: ")
    ]


def held_after_the_demo(store, capsys) -> str:
    """The demo's upcoming meeting, held: matters arising closes 1.2 and redates 1.3, a new
    action is raised; after it ends the tracker closes 1.1 and gives 1.3 to Aisha."""
    from datetime import datetime

    from facilitator.core.demo import create_demo
    from facilitator.core.tracker import Archive, update_action
    from tests.conftest import FakeClock

    _, upcoming = create_demo(store, datetime(2026, 11, 23, 10, 0))
    clock = FakeClock(datetime(2026, 12, 14, 14, 0))
    writer = store.writer(upcoming)
    meeting = Meeting(writer, clock=clock)
    for line in [
        "Welcome",
        "/goto 3",
        "/done 1.2 the data went to the analyst",
        "/redate 1.3 friday",
        "/next",
        "/action @Priya book the away day by friday",
        "/end",
    ]:
        meeting.capture(line)
        clock.advance(minutes=2)
    writer.close()
    clock.advance(days=3)
    rows = {r.code: r for r in Archive(store).actions()}
    update_action(store, rows["1.1"], status="done", where="tracker", clock=clock)
    update_action(store, rows["1.3"], owner="Aisha", where="tracker", clock=clock)
    return upcoming


ARISING = [
    [
        "1.1",
        "circulate the revised terms of reference",
        "Priya Shah",
        "Mon 30 Nov 2026",
        "open",  # as it stood: the tracker closed it after the meeting
        "no update",
    ],
    [
        "1.2",
        "share assault-related A&E data with the police analyst",
        "Aisha Khan",
        "Mon 23 Nov 2026",
        "done",
        "status: open → done — the data went to the analyst",
    ],
    [
        "1.3",
        "arrange a meeting with Oakridge tenants' groups",
        "Maria Lopez",  # reassigned only after the meeting
        "Fri 18 Dec 2026",
        "open",
        "due: Mon 30 Nov 2026 → Fri 18 Dec 2026",
    ],
]


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_every_format_has_the_action_codes_and_the_matters_arising_table(
    capsys, store, tmp_path, fmt
):
    sid = held_after_the_demo(store, capsys)
    target = tmp_path / f"m.{fmt}"
    assert run(capsys, store, "minutes", sid, "--format", fmt, "-o", str(target))[0] == 0
    rows = table_rows(fmt, target)
    header = ["Code", "Action", "Owner", "Due", "Status", "Update at this meeting"]
    if fmt != "txt":  # plain text names each cell instead
        assert header in rows
    arising = [r for r in rows if len(r) == 6 and r[0] in ("1.1", "1.2", "1.3")]
    assert arising == ARISING
    actions = [r for r in rows if r[:1] == ["2.1"]]  # this meeting's own action, by its code
    assert actions == [["2.1", "Priya Shah", "book the away day", "Fri 18 Dec 2026", "open", "4"]]
    if fmt == "docx":
        text = docx_text(target)
    elif fmt == "html":
        parser = _Collect()
        parser.feed(target.read_text(encoding="utf-8"))
        text = "".join(parser.text)
    else:  # Markdown's bold marks dropped, as a reader sees it
        text = as_read(target.read_text(encoding="utf-8")).replace("**", "")
    # the item's own list and the list by owner lead with the code too
    assert "2.1 Priya Shah: book the away day — due Fri 18 Dec 2026" in text
    assert "2.1 book the away day — due Fri 18 Dec 2026 (open, item 4)" in text
