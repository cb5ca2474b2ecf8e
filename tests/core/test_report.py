"""The annual report (`facilitator report`): each format read back — HTML through
html.parser (its sections, tables and inline <svg> charts), Word through python-docx (its
tables and pictures), Markdown — with the figures in its tables checked against the
registers of the 12-meeting series (tests/series.py), the challenges moved a → b → c in it,
and nothing from an exempt item in a public report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core import registers
from facilitator.core.challenges import ChallengeBook
from facilitator.core.charts import Chart
from facilitator.core.report import make_report, window
from facilitator.core.report_doc import render
from facilitator.core.store import SessionStore
from tests import series as riverside
from tests.helpers import SENTINEL

SECTIONS = [
    "summary",
    "improvement",
    "meetings",
    "attendance",
    "participation",
    "interests",
    "decisions",
    "actions",
    "health",
    "challenges",
]
CHARTS = ["attendance", "attendance-meetings", "participation", "actions", "health-ingredients"]


class Page(HTMLParser):
    """What a reader (or a screen reader) finds in the report: sections, tables, charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}  # caption → rows (the header first)
        self.in_section: dict[str, list[str]] = {}  # section → its tables' captions
        self.svgs: list[dict[str, str]] = []  # each <svg>'s attributes and its title
        self.scripts = 0
        self.text: list[str] = []
        self._stack: list[str] = []
        self._caption = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "section":
            self.sections.append(found["id"])
            self.in_section[found["id"]] = []
        elif tag == "script":
            self.scripts += 1
        elif tag == "svg":
            self.svgs.append(found)
        elif tag == "title" and self.svgs:
            self._title = []
        elif tag == "caption":
            self._caption = ""
            self._cell = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.svgs[-1]["title"] = "".join(self._title)
            self._title = None
        elif tag == "caption" and self._cell is not None:
            self._caption = "".join(self._cell)
            self.tables[self._caption] = []
            self.in_section[self.sections[-1]].append(self._caption)
            self._cell = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._caption].append(self._row)
            self._row = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if "svg" not in self._stack and "style" not in self._stack:
            self.text.append(data)


def read_html(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SessionStore:
    store = SessionStore(tmp_path_factory.mktemp("riverside") / "sessions")
    riverside.save_series(store)
    book = ChallengeBook(store.root)
    now = datetime(2026, 3, 1, 9, 0)
    case = book.raise_challenge(
        partnership=riverside.PARTNERSHIP,
        raised_by="CVS",
        against="Council",
        undertaking="Consult for twelve weeks",
        evidence="Two weeks given",
        on=date(2026, 3, 1),
        now=now,
    )
    book.refer(case.number, ["Dev Dhar", "Eve Ewing"], on=date(2026, 4, 10), now=now)
    book.escalate(case.number, "the LA Ombudsman", on=date(2026, 6, 1), now=now)
    book.close(
        case.number,
        "upheld in part",
        "the council now consults for twelve weeks",
        on=date(2026, 9, 1),
        now=now,
    )
    book.raise_challenge(
        partnership=riverside.PARTNERSHIP,
        raised_by="Tenants",
        against="Police",
        undertaking=f"Share information {SENTINEL}",
        on=date(2026, 5, 5),
        now=now,
        confidential=True,
    )
    return store


def report_of(store: SessionStore, public: bool = False):
    return make_report(
        store,
        "riverside",
        riverside.START,
        riverside.END,
        riverside.TODAY,
        public=public,
    )


@pytest.fixture(scope="module")
def regs(store: SessionStore) -> registers.Registers:
    found = registers.load_series(store, riverside.PARTNERSHIP, riverside.START, riverside.END)
    return registers.build(found, riverside.TODAY)


_MADE: dict[tuple[str, str, bool], str | bytes] = {}


def made(store: SessionStore, fmt: str, public: bool = False) -> str | bytes:
    """The series' report in ``fmt``, drawn once for the module (charts take a second)."""
    key = (str(store.root), fmt, public)
    if key not in _MADE:
        _MADE[key] = render(report_of(store, public=public), fmt)
    return _MADE[key]


@pytest.fixture(scope="module")
def page(store: SessionStore) -> Page:
    return read_html(str(made(store, "html")))


# --------------------------------------------------------------------------- HTML


def test_the_html_has_every_section_and_a_chart_beside_each_table_of_figures(page: Page):
    assert page.sections == SECTIONS
    assert page.scripts == 0
    assert [s["aria-labelledby"] for s in page.svgs] == [f"chart-{c}-title" for c in CHARTS]
    assert {s["role"] for s in page.svgs} == {"img"}
    assert page.svgs[0]["title"].startswith("Attendance by organisation. For each organisation")
    assert page.in_section["attendance"] == [
        "Meetings attended, by organisation",  # the chart's figures, beside it
        "Attendance by organisation, meeting by meeting",  # the second chart's
        "Attendance by organisation",
        "Attendance by sector",
        "Attendance by person",
    ]
    assert page.in_section["actions"][:2] == [
        "What became of each meeting's actions",
        "Actions by organisation",
    ]


def cells(page: Page, caption: str) -> list[list[str]]:
    """A table's rows, without its header."""
    return page.tables[caption][1:]


def test_the_meetings_table_is_the_register_of_meetings(page: Page, regs):
    rows = cells(page, "Meetings held")
    assert len(rows) == riverside.MEETINGS == len(regs.meetings)  # not the upcoming 13th
    for row, m in zip(rows, regs.meetings, strict=True):
        quorate = {True: "yes", False: "no", None: "—"}[m.quorate]
        assert row[2:] == [
            str(m.on_roll),
            str(m.present),
            str(m.remote),
            str(m.substitutes),
            str(m.quorum or "—"),
            quorate,
        ]
    assert rows[-1][-2:] == ["—", "—"]  # meeting 12: no quorum set
    summary = " ".join(page.text)
    quorate = sum(m.quorate is True for m in regs.meetings)
    assert f"12 meetings held in the period: {quorate} quorate" in summary


def test_attendance_tables_match_the_register(page: Page, regs):
    for by, caption in [
        ("organisation", "Attendance by organisation"),
        ("sector", "Attendance by sector"),
        ("person", "Attendance by person"),
    ]:
        expected = [
            [
                r.who,
                *([r.sector] if by != "sector" else []),
                *map(
                    str,
                    [
                        r.expected,
                        r.present,
                        r.apologies,
                        r.absent,
                        r.late,
                        r.left_early,
                        r.substitutes,
                        r.remote,
                    ],
                ),
            ]
            for r in regs.attendance[by]
        ]
        assert cells(page, caption) == expected
    beside_the_chart = [
        [r.who, *map(str, (r.expected, r.present, r.apologies, r.absent))]
        for r in regs.attendance["organisation"]
    ]
    assert cells(page, "Meetings attended, by organisation") == beside_the_chart
    grid = {r[0]: r[1:] for r in cells(page, "Attendance by organisation, meeting by meeting")}
    assert grid["College"][:8] == ["apologies"] * 6 + ["absent"] * 2  # Eve Ewing's
    assert grid["Police"][5] == "present, a substitute"  # Bill Black for Bob Brown
    assert grid["Tenants"][0] == "present, arrived late"
    cara = ["present, remote", "present, remote", "present", "present, left early"]
    assert grid["CVS"][3:7] == cara  # Cara Cole at meetings 4 to 7
    police = next(r for r in cells(page, "Attendance by person") if r[0] == "Bob Brown")
    assert police[2:6] == ["12", "8", "4", "0"]  # apologies at meetings 3, 6, 9 and 12


def test_the_actions_chart_and_its_table_count_what_became_of_each_action(store, page, regs):
    rows = cells(page, "What became of each meeting's actions")
    by_meeting = {r[0]: list(map(int, r[1:])) for r in rows}
    assert sum(sum(v) for v in by_meeting.values()) == len(regs.actions.rows)
    assert by_meeting["10 Dec 2025"] == [1, 0, 0, 0, 0]  # done 3 Jan, due 5 Jan
    assert by_meeting["10 Jan 2026"] == [0, 1, 0, 0, 0]  # done 20 Feb, due 1 Feb
    assert by_meeting["10 Feb 2026"] == [0, 0, 1, 0, 0]  # due 1 May, still open
    assert by_meeting["10 Apr 2026"] == [0, 0, 0, 0, 1]  # dropped
    assert by_meeting["10 Aug 2026"] == [0, 0, 1, 0, 0]  # done after the window: open then
    (chart,) = [
        f.chart for s in report_of(store).sections for f in s.figures if f.chart.key == "actions"
    ]
    assert [sum(v) for _, v in chart.series] == [
        sum(r[n] for r in by_meeting.values()) for n in range(5)
    ]
    overdue = cells(page, "Overdue actions")
    assert len(overdue) == len(regs.actions.overdue)
    assert "Survey tenants" in [r[1] for r in overdue]


def test_decisions_interests_participation_and_health(page: Page, regs):
    decisions = cells(page, "Decisions register")
    assert [r[1] for r in decisions] == [d.text for d in regs.decisions.rows]
    dissent = [r[1] for r in cells(page, "Decisions taken with dissent")]
    assert dissent == ["Fund the hub", "Publish the report"]  # a vote with 1 against, words
    assert len(cells(page, "Register of interests")) == len(regs.interests)
    shares = cells(page, "Across the period")
    assert [r[0] for r in shares] == [x.sector for x in regs.participation.series]
    assert [r[1] for r in shares] == [str(x.turns) for x in regs.participation.series]
    (trend,) = regs.health
    health = cells(page, trend.checklist.title)
    assert health[0][:3] == [f"I1 {trend.items[0].text}", "✓ yes", "✓ yes"]
    assert health[1][:4] == [f"I2 {trend.items[1].text}", "✗ no", "✓ yes", "improved"]


def test_areas_for_improvement_come_from_the_registers(store, regs):
    (section,) = [s for s in report_of(store).sections if s.key == "improvement"]
    said = "\n".join(section.paragraphs)
    (trend,) = regs.health
    i3 = trend.items[2]
    assert f"I3 {i3.text} (no; no improvement action open)" in said  # the last review's ✗
    assert f"I1 {trend.items[0].text}" not in said  # ✓ at the last review
    not_quorate = [m for m in regs.meetings if m.quorate is False]
    assert bool(not_quorate) == ("not quorate" in said)
    assert f"{len(regs.actions.overdue)} action" in said
    public = [s for s in report_of(store, public=True).sections if s.key == "improvement"]
    assert "I3" not in "\n".join(public[0].paragraphs)  # answered under the exempt item


def test_the_challenges_made_and_resultant_action_taken(page: Page):
    row, secret = cells(page, "Challenges made and resultant action taken")
    assert secret[0] == "2" and secret[5] == "a: discussed between the partners"
    assert row[:6] == [
        "1",
        "CVS",
        "Council",
        "Consult for twelve weeks",
        "1 Mar 2026",
        "closed at c",
    ]
    assert "referred to the steering group 10 Apr 2026 (nominees: Dev Dhar, Eve Ewing)" in row[6]
    assert "taken to a national body 1 Jun 2026" in row[6]
    assert row[-2:] == ["upheld in part", "the council now consults for twelve weeks"]
    assert SENTINEL in " ".join(page.text)  # the full report has the confidential one


def test_the_html_is_the_same_every_time_and_its_ids_are_unique(store):
    html = made(store, "html")
    assert html == render(report_of(store), "html")  # drawn again from the files
    ids = re.findall(r'\bid="([^"]+)"', str(html))
    assert len(ids) > 50 and len(ids) == len(set(ids))  # the charts' own (clip paths…) too


# --------------------------------------------------------------------------- Word, Markdown


def test_word_has_the_tables_and_a_picture_for_each_chart(store, tmp_path, page):
    from docx import Document

    path = tmp_path / "r.docx"
    path.write_bytes(made(store, "docx"))  # type: ignore[arg-type]
    doc = Document(str(path))
    assert len(doc.inline_shapes) == len(CHARTS)
    described = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert described[0].startswith("Attendance by organisation. For each organisation")
    assert len(doc.tables) == len(page.tables)
    first = doc.tables[3]  # after the meetings and the chart's own: attendance by organisation
    rows = [[c.text for c in r.cells] for r in first.rows]
    assert rows == page.tables["Attendance by organisation"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "The year at a glance" and len(headings) == len(SECTIONS)


def test_markdown_has_every_section_and_table(store, page):
    text = str(made(store, "md"))
    assert len(re.findall(r"^## ", text, re.M)) == len(SECTIONS)
    assert len(re.findall(r"^\|---", text, re.M)) == len(page.tables)
    assert "<svg" not in text


# --------------------------------------------------------------------------- public


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_a_public_report_holds_nothing_exempt(store, tmp_path, fmt):
    from tests.helpers import docx_text

    out = made(store, fmt, public=True)
    if isinstance(out, bytes):
        (tmp_path / "r.docx").write_bytes(out)
        text = docx_text(tmp_path / "r.docx")
    else:
        text = out
    assert SENTINEL not in text
    assert "Public version" in text
    assert "1 confidential challenge" in text
    assert "Publish the report" in text  # the open business is all there
    full = made(store, fmt)
    if isinstance(full, str):
        assert SENTINEL in full


# --------------------------------------------------------------------------- the command


def test_the_command_writes_each_format(store, tmp_path, capsys, monkeypatch):
    from facilitator import cli
    from tests.conftest import frozen_datetime

    monkeypatch.setattr(cli, "datetime", frozen_datetime(datetime(2026, 12, 2, 9, 0)))
    for fmt in ["html", "docx", "md"]:
        target = tmp_path / f"r.{fmt}"
        argv = ["--data-dir", str(store.root), "report", "--partnership", "riverside"]
        assert main([*argv, "--format", fmt, "-o", str(target)]) == 0
        assert capsys.readouterr().out == f"Report written to {target}\n"
        assert target.stat().st_size > 1000
    html = read_html(target.with_suffix(".html").read_text(encoding="utf-8"))
    assert html.sections == SECTIONS  # the default window: the 12 months to today


def test_a_report_into_a_folder_gets_a_safe_name(store, tmp_path, capsys, cli_today):
    folder = tmp_path / "out"
    folder.mkdir()
    argv = ["--data-dir", str(store.root), "report", "--partnership", "riverside"]
    assert main([*argv, "--from", "1/12/2025", "--public", "-o", str(folder)]) == 0
    (path,) = folder.iterdir()
    assert path.name == "riverside-partnership-report-2025-12-01-to-2026-11-30-public.html"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert capsys.readouterr().out == f"Report written to {path}\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--partnership", "nowhere"], "no partnership 'nowhere'"),
        (["--partnership", "riverside", "--from", "31/02/2026"], "--from:"),
        (["--partnership", "riverside", "--format", "docx"], "a Word document is a file"),
        (
            ["--partnership", "riverside", "--from", "1/6/2026", "--to", "1/1/2026"],
            "is before --from",
        ),
    ],
)
def test_refusals_are_one_line(store, capsys, argv, said):
    assert main(["--data-dir", str(store.root), "report", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("facilitator: ") and said in err and len(err.splitlines()) == 1


def test_the_default_window_is_the_twelve_months_to_today():
    today = date(2026, 12, 2)
    assert window("", "", today) == (date(2025, 12, 3), today)
    assert window("1/1/2026", "", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert window("", "30/6/2026", today) == (date(2025, 7, 1), date(2026, 6, 30))


# --------------------------------------------------------------------------- charts


def test_user_text_in_a_chart_is_drawn_literally():
    from facilitator.core.charts import BARS, svg

    hostile = ["$5 grant$ <b>", "[/]", "&amp; co", "a\\"]
    drawn = svg(Chart("x", BARS, "Title <i>", "Said & done", hostile, [("present", [1, 2, 3, 4])]))
    page = read_html(f"<section id='s'>{drawn}</section>")
    (found,) = page.svgs
    assert found["title"] == "Title <i>. Said & done"
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", drawn)
    from html import unescape

    assert {unescape(t) for t in texts} >= set(hostile)


def test_matplotlib_is_imported_only_when_a_chart_is_drawn(tmp_path: Path):
    code = textwrap.dedent(
        """
        import json, sys
        import facilitator.core.report, facilitator.core.report_doc, facilitator.cli
        before = "matplotlib" in sys.modules
        from facilitator.core.charts import BARS, Chart, svg
        svg(Chart("x", BARS, "t", "s", ["a"], [("n", [1.0])]))
        print(json.dumps([before, "matplotlib" in sys.modules]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert json.loads(done.stdout) == [False, True]


def test_the_demo_years_report_reads_as_an_annual_report(tmp_path):
    from facilitator.core.demo import PARTNERSHIP
    from facilitator.core.demo_year import create_demo_year

    now = datetime(2026, 12, 2, 9, 30)
    store = SessionStore(tmp_path / "demo")
    create_demo_year(store, now)
    start, end = window("", "", now.date())
    page = read_html(str(render(make_report(store, "basingstoke", start, end, now.date()), "html")))
    said = " ".join(page.text)
    assert f"{PARTNERSHIP}: annual report" in said
    assert "7 meetings held in the period: 5 quorate, 1 not quorate" in said
    assert "The Compact Steering Group met once in the period" in said
    assert "15 actions raised: 7 completed (3 on time, 4 late); 5 actions overdue" in said
    assert "2 checklist reviews" in said
    assert "the private sector at 3 meetings" in said  # present, rarely heard
    assert "I12 Effective communication methods are in place (no; 1 improvement action open)" in (
        said
    )
    assert "The Compact Steering Group met fewer than the twice a year" in said
    (challenge,) = cells(page, "Challenges made and resultant action taken")
    assert challenge[1:3] == [
        "Basingstoke Voluntary Action",
        "Basingstoke and Deane Borough Council",
    ]
    assert challenge[5] == "b: referred to the steering group"
    assert "nominees: Daniel Okoro, Aisha Khan" in challenge[6]
    assert len(page.svgs) == len(CHARTS)
    oakridge = next(
        r for r in cells(page, "Attendance by organisation") if r[0].startswith("Oakridge")
    )
    assert oakridge[2:4] == ["7", "6"]  # Daniel Okoro, then Maria Lopez


def test_a_long_chart_fits_a_word_page():
    """Thirty organisations make a tall chart: Word gets it scaled to the page, not cut."""
    import io

    from docx import Document

    from facilitator.core.charts import BARS
    from facilitator.core.report import Figure, Report, Section, Table
    from facilitator.core.report_doc import to_docx

    orgs = [f"Organisation {k}" for k in range(30)]
    chart = Chart("attendance", BARS, "Attendance", "Said.", orgs, [("present", [3.0] * 30)])
    figure = Figure(chart, Table("Figures", ["Organisation"], [[o] for o in orgs]))
    report = Report("P", date(2026, 1, 1), date(2026, 12, 31), False, date(2026, 12, 2), [])
    report.sections = [Section("attendance", "Attendance", figures=[figure])]
    doc = Document(io.BytesIO(to_docx(report)))
    (shape,) = doc.inline_shapes
    page = doc.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (297, 210)  # A4 across
    assert shape.height <= page.page_height - page.top_margin - page.bottom_margin


def test_control_characters_are_shown_never_written_raw(recwarn):
    """An organisation named with terminal controls (a hand-edited or imported file) and a
    letter the charts' font lacks: shown as ␛ in the page and its chart, no warning."""
    from facilitator.core.charts import BARS
    from facilitator.core.report import Figure, Report, Section, Table

    name = "Org \x1b[2J\x00 中文"
    chart = Chart("attendance", BARS, "Attendance", "Said.", [name], [("present", [3.0])])
    figure = Figure(chart, Table("Figures", ["Organisation"], [[name]]))
    report = Report("P\x1b]0;x\x07", date(2026, 1, 1), date(2026, 12, 31), False, date.today(), [])
    report.sections = [Section("attendance", "Attendance", figures=[figure])]
    page = str(render(report, "html"))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", page)
    assert "Org ␛[2J␀ 中文" in page and "P␛]0;x␇" in page
    assert [str(w.message) for w in recwarn] == []


def test_a_file_that_cannot_be_read_is_said_not_silently_left_out(tmp_path, capsys, cli_today):
    store = SessionStore(tmp_path / "sessions")
    ids = riverside.save_series(store)
    store.path_for(ids[2]).write_text("{broken", encoding="utf-8")
    target = tmp_path / "r.md"
    argv = ["--data-dir", str(store.root), "report", "--partnership", "riverside"]
    assert main([*argv, "--from", "1/12/2025", "--format", "md", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("facilitator: warning: ") and f"{ids[2]}.session.json" in err
    text = target.read_text(encoding="utf-8")
    assert "Not counted: 1 file in the data folder could not be read" in text
    assert f"{ids[2]}.session.json is not valid JSON" in text
    assert str(store.root) not in text  # file names, not this machine's paths
    assert "11 meetings held" in text
