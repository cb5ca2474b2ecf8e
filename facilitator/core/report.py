"""The partnership's annual report: its meetings in a period, the registers, the compact's
challenges, the health trend, open and overdue actions, and charts where people would rather
look than read. ``facilitator report`` writes it (core.report_doc: HTML, Word, Markdown).

The report is plain data — sections of paragraphs, tables and charts — built from the
registers (core.registers) and the challenges (core.challenges), so every format says the
same. A chart always carries the table that says what it shows (its text alternative).

The Kirklees Compact asks the steering group to "report annually … on the use, impact and
areas for improvement" (§3), and the annual report to "summarise any challenges made and
resultant action taken" (§4). A public report (``public=True``) follows the minutes' one rule
(``public.withheld``): the registers are built from redacted sessions, and confidential
challenges are left out and counted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from facilitator.core import registers
from facilitator.core.challenges import STAGE_NAMES, ChallengeBook, Move, stage_text, summary
from facilitator.core.challenges import Summary as ChallengeSummary
from facilitator.core.charts import BARS, COLUMNS, GRID, Chart
from facilitator.core.health import MARK
from facilitator.core.held import sat_on
from facilitator.core.registers import Registers, Series
from facilitator.core.store import SessionStore, slugify
from facilitator.core.tracker import Archive

ANSWER_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure"}
KIRKLEES_4 = "summarise any challenges made and resultant action taken"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Figure:
    """A chart and the table that says what it shows."""

    chart: Chart
    table: Table


@dataclass
class Section:
    key: str  # the HTML id: "attendance"
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    partnership: str
    start: date
    end: date
    public: bool
    made_on: date
    sections: list[Section]
    unread: list[str] = field(default_factory=list)  # files of the folder that could not be
    # read: what is in them is not counted, and the report says so

    @property
    def title(self) -> str:
        return f"{self.partnership}: annual report"

    @property
    def period(self) -> str:
        return f"{long_day(self.start.isoformat())} to {long_day(self.end.isoformat())}"

    @property
    def version(self) -> str:
        return "Public version" if self.public else "Full version (not for publication)"


def file_name(report: Report, fmt: str) -> str:
    """A safe file name for a report written into a folder: the partnership's slug, the
    period, and whether it is the public version (ASCII only)."""
    base = slugify(report.partnership) or "partnership"
    public = "-public" if report.public else ""
    return f"{base}-report-{report.start.isoformat()}-to-{report.end.isoformat()}{public}.{fmt}"


def window(start: str, end: str, today: date) -> tuple[date, date]:
    """``--from`` / ``--to`` as typed ("" if not given): by default the twelve months to
    today; given only one end, the twelve months from or to it."""
    first, last = registers.parse_window(start, end, today)
    if last is None:
        last = today if first is None else first + relativedelta(years=1) - timedelta(days=1)
    if first is None:
        first = last - relativedelta(years=1) + timedelta(days=1)
    return first, last


def make_report(
    store: SessionStore,
    partnership: str,
    start: date,
    end: date,
    today: date,
    public: bool = False,
) -> Report:
    """The annual report of ``partnership`` (as typed: a unique part of its name will do)
    for ``start``..``end``. Raises a UserError (no such partnership, a damaged file)."""
    series = registers.load_series(store, partnership, start, end)
    regs = registers.build(series, today, public)
    cases = ChallengeBook(store.root).cases(partnership=series.partnership)
    challenges = summary(cases, start, end, public=public)
    report = build_report(series, regs, challenges, start, end, today)
    archive = Archive(store)
    archive.listings()  # (the summary index, fresh: load_series has just read it)
    report.unread = list(archive.problems)
    if report.unread:
        folder = f"{store.root}{os.sep}"  # the document names files, not this machine's paths
        report.sections[0].paragraphs.append(
            f"Not counted: {_count(len(report.unread), 'file')} in the data folder could not "
            "be read; any meeting recorded there is missing from this report ("
            + "; ".join(problem.replace(folder, "") for problem in report.unread)
            + ")."
        )
    return report


def build_report(
    series: Series,
    regs: Registers,
    challenges: ChallengeSummary,
    start: date,
    end: date,
    today: date,
) -> Report:
    steering = {s.info.id for s in series.meetings if s.info.steering_group}
    sections = [
        _glance(series, regs, challenges, steering),
        _improvement(regs, challenges, steering),
        _meetings(regs, steering),
        _attendance(regs, series, steering),
        _participation(regs, steering),
        _interests(regs),
        _decisions(regs),
        _actions(regs, steering),
        _health(regs),
        _challenges(challenges),
    ]
    return Report(series.partnership, start, end, regs.public, today, sections)


# --------------------------------------------------------------------------- words


def long_day(iso: str) -> str:
    """ "2026-03-04…" → "4 March 2026"; "" → "—"."""
    if not iso:
        return "—"
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def short_day(iso: str) -> str:
    """ "2026-03-04…" → "4 Mar 2026"."""
    if not iso:
        return "—"
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%b %Y}"


def _label(session_id: str, iso: str, steering: set[str]) -> str:
    """A meeting on a chart's axis: "4 Mar 26", a steering group's with "(SG)"."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%b %y}" + (" (SG)" if session_id in steering else "")


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _yes(flag: bool | None) -> str:
    return "—" if flag is None else "yes" if flag else "no"


# --------------------------------------------------------------------------- sections


def _glance(
    series: Series, regs: Registers, challenges: ChallengeSummary, steering: set[str]
) -> Section:
    held = regs.meetings
    quorate = sum(m.quorate is True for m in held)
    not_quorate = sum(m.quorate is False for m in held)
    unset = sum(m.quorate is None for m in held)
    said = [
        f"{_count(len(held), 'meeting')} held in the period: {quorate} quorate, "
        f"{not_quorate} not quorate" + (f", {unset} with no quorum set" if unset else "") + "."
    ]
    if steering or challenges.cases:
        times = {0: "did not meet", 1: "met once", 2: "met twice"}.get(
            len(steering), f"met {len(steering)} times"
        )
        said.append(
            f"The Compact Steering Group {times} in the period; the Kirklees Compact asks it "
            "to meet at least twice a year (§3.2)."
        )
    d = regs.decisions
    said.append(
        f"{_count(len(d.rows), 'decision')} taken ({d.by_status.get('agreed', 0)} agreed, "
        f"{d.by_status.get('not agreed', 0)} not agreed, {d.by_status.get('deferred', 0)} "
        f"deferred), {len(d.with_dissent)} with dissent recorded."
    )
    a = regs.actions
    completed = sum(x.completed for x in a.rows)
    late = sum(x.completed_late for x in a.rows)
    said.append(
        f"{_count(len(a.rows), 'action')} raised: {completed} completed ({completed - late} "
        f"on time, {late} late); {_count(len(a.overdue), 'action')} overdue on "
        f"{long_day(a.as_of)}."
    )
    reviews = sorted({day for h in regs.health for day in h.reviews})
    said.append(
        f"{_count(len(reviews), 'checklist review')} of the partnership's health"
        + (f", the last on {long_day(reviews[-1])}." if reviews else ".")
    )
    said.append(
        f"{_count(challenges.raised, 'compact challenge')} raised; {challenges.open} open at "
        f"the end of the period, {challenges.closed} closed in it."
    )
    if regs.public:
        said.append(
            "This public version leaves out everything recorded under exempt (confidential) "
            "items and confidential decisions, as the public minutes do"
            + (
                f", and {_count(challenges.withheld, 'confidential challenge')}."
                if challenges.withheld
                else "."
            )
        )
    return Section("summary", "The year at a glance", said)


def _improvement(regs: Registers, challenges: ChallengeSummary, steering: set[str]) -> Section:
    """What the year's record says needs attention (Kirklees §3: the steering group reports
    on "the use, impact and areas for improvement"), each point from a register below."""
    points: list[str] = []
    for h in regs.health:
        weak = [item for item in h.items if item.marks and item.marks[-1][1] != "yes"]
        if weak:
            points.append(
                f"{h.checklist.title}: not answered yes at the last review "
                f"({long_day(h.reviews[-1])}):"
            )
            points += [
                f"{item.ref} {item.text} ({ANSWER_WORDS[item.marks[-1][1]]}"
                + (
                    f"; {_count(len(item.open_actions), 'improvement action')} open"
                    if item.open_actions
                    else "; no improvement action open"
                )
                + ")."
                for item in weak
            ]
    quiet = [s for s, n in regs.participation.quiet_at.items() if n]
    if quiet:
        points.append(
            "Heard less than their place in the room: "
            + "; ".join(
                f"the {s} sector at {_count(regs.participation.quiet_at[s], 'meeting')}"
                for s in quiet
            )
            + "."
        )
    low = [r for r in regs.attendance["organisation"] if r.expected and r.present * 2 < r.expected]
    if low:
        points.append(
            "Present at fewer than half the meetings they were expected at: "
            + "; ".join(f"{r.who} ({r.present} of {r.expected})" for r in low)
            + "."
        )
    not_quorate = [m for m in regs.meetings if m.quorate is False]
    if not_quorate:
        points.append(
            f"{_count(len(not_quorate), 'meeting')} not quorate: "
            + ", ".join(short_day(m.date) for m in not_quorate)
            + "."
        )
    if regs.actions.overdue:
        points.append(
            f"{_count(len(regs.actions.overdue), 'action')} overdue on "
            f"{long_day(regs.actions.as_of)} (listed under Actions)."
        )
    if (steering or challenges.cases) and len(steering) < 2:
        points.append(
            "The Compact Steering Group met fewer than the twice a year the Kirklees Compact "
            "asks (§3.2)."
        )
    if challenges.open:
        points.append(f"{_count(challenges.open, 'compact challenge')} still open.")
    return Section(
        "improvement",
        "Areas for improvement",
        points or ["Nothing in the year's record calls for attention."],
    )


def _meetings(regs: Registers, steering: set[str]) -> Section:
    rows = [
        [
            short_day(m.date),
            m.title
            + (
                " (steering group)"
                if m.session in steering and "steering" not in m.title.casefold()
                else ""
            ),
            str(m.on_roll),
            str(m.present),
            str(m.remote),
            str(m.substitutes),
            str(m.quorum) if m.quorum else "—",
            _yes(m.quorate),
        ]
        for m in regs.meetings
    ]
    headers = ["Date", "Meeting", "On the roll", "Present", "Remote", "Substitutes"]
    table = Table("Meetings held", [*headers, "Quorum", "Quorate"], rows)
    said = [] if rows else ["No meetings were held in the period."]
    return Section("meetings", "Meetings held and quorate", said, tables=[table] if rows else [])


def _attendance_rows(rows: list[registers.AttendanceRow], sector: bool = True) -> list[list[str]]:
    return [
        [
            r.who,
            *([r.sector] if sector else []),
            str(r.expected),
            str(r.present),
            str(r.apologies),
            str(r.absent),
            str(r.late),
            str(r.left_early),
            str(r.substitutes),
            str(r.remote),
        ]
        for r in rows
    ]


_ATTENDANCE_HEADS = [
    "Expected",
    "Present",
    "Apologies",
    "Absent",
    "Arrived late",
    "Left early",
    "Substitutes",
    "Remote",
]


def _attendance_grid(series: Series, steering: set[str]) -> Figure:
    """Each organisation at each meeting: present, apologies or absent, by the register's
    own rules (the attendance register of that one meeting)."""
    meetings = series.meetings
    per_meeting = [
        {
            r.who: r
            for r in registers.attendance(
                registers.make_series([s], series.partnership, None, None), "organisation"
            )
        }
        for s in meetings
    ]
    whole = registers.attendance(series, "organisation")

    def status(row: registers.AttendanceRow | None) -> str:
        if row is None or not row.expected:
            return ""
        return "present" if row.present else "apologies" if row.apologies else "absent"

    def said(row: registers.AttendanceRow | None) -> str:
        found = status(row)
        if not found or row is None:
            return "—"
        more = [
            words
            for flag, words in (
                (row.late, "arrived late"),
                (row.left_early, "left early"),
                (row.remote, "remote"),
                (row.substitutes, "a substitute"),
            )
            if flag
        ]
        return ", ".join([found, *more])

    cells = [[status(at.get(r.who)) for at in per_meeting] for r in whole]
    days = [short_day(sat_on(s.info)) for s in meetings]
    chart = Chart(
        "attendance-meetings",
        GRID,
        "Attendance by organisation, meeting by meeting",
        "For each organisation, whether it was present, sent apologies or was absent at each "
        "meeting (no mark: not expected there).",
        [r.who for r in whole],
        columns=[_label(s.info.id, sat_on(s.info), steering) for s in meetings],
        cells=cells,
    )
    table = Table(
        "Attendance by organisation, meeting by meeting",
        ["Organisation", *days],
        [[r.who, *(said(at.get(r.who)) for at in per_meeting)] for r in whole],
    )
    return Figure(chart, table)


def _attendance(regs: Registers, series: Series, steering: set[str]) -> Section:
    by_org = regs.attendance["organisation"]
    section = Section(
        "attendance",
        "Attendance",
        [
            "Counted in meetings: an organisation was expected at a meeting where any of its "
            "people were on the roll, and present if any of them attended."
        ],
    )
    if not by_org:
        section.paragraphs = ["No attendance was recorded in the period."]
        return section
    chart = Chart(
        "attendance",
        BARS,
        "Attendance by organisation",
        "For each organisation, the meetings it was present at, sent apologies to, and was "
        "absent from.",
        [r.who for r in by_org],
        [
            ("present", [float(r.present) for r in by_org]),
            ("apologies", [float(r.apologies) for r in by_org]),
            ("absent", [float(r.absent) for r in by_org]),
        ],
        "meetings",
    )
    table = Table(  # what the chart shows, in words; every count follows
        "Meetings attended, by organisation",
        ["Organisation", "Expected", "Present", "Apologies", "Absent"],
        [[r.who, *map(str, (r.expected, r.present, r.apologies, r.absent))] for r in by_org],
    )
    section.figures.append(Figure(chart, table))
    section.figures.append(_attendance_grid(series, steering))
    section.tables.append(
        Table(
            "Attendance by organisation",
            ["Organisation", "Sector", *_ATTENDANCE_HEADS],
            _attendance_rows(by_org),
        )
    )
    section.tables.append(
        Table(
            "Attendance by sector",
            ["Sector", *_ATTENDANCE_HEADS],
            _attendance_rows(regs.attendance["sector"], sector=False),
        )
    )
    section.tables.append(
        Table(
            "Attendance by person",
            ["Name", "Sector", *_ATTENDANCE_HEADS],
            _attendance_rows(regs.attendance["person"]),
        )
    )
    return section


def _participation(regs: Registers, steering: set[str]) -> Section:
    p = regs.participation
    section = Section(
        "participation",
        "Participation by sector",
        [
            "Each sector's share of the speaking time at each meeting where turns were kept, "
            "beside its share of the people in the room: a sector that is present but rarely "
            "heard stands out."
        ],
    )
    if not p.meetings:
        section.paragraphs = ["No turns were recorded in the period."]
        return section
    sectors = [s.sector for s in p.series]
    shares = {
        (m.session, x.sector): x for m in p.meetings for x in m.sectors
    }  # (meeting, sector) → share
    labels = [_label(m.session, m.date, steering) for m in p.meetings]
    chart = Chart(
        "participation",
        COLUMNS,
        "Share of speaking time by sector",
        "For each meeting, the share of its speaking time taken by each sector.",
        labels,
        [
            (
                sector,
                [
                    shares[(m.session, sector)].time_share if (m.session, sector) in shares else 0.0
                    for m in p.meetings
                ],
            )
            for sector in sectors
        ],
        "share of speaking time",
        percent=True,
    )

    def cell(session: str, sector: str) -> str:
        x = shares.get((session, sector))
        if x is None:
            return "—"
        return f"{_pct(x.time_share)} · {_pct(x.people_share)}" + (" quiet" if x.quiet else "")

    table = Table(
        "Each sector's share of the speaking time · of the people in the room, meeting by "
        "meeting (quiet: under half the time its share of the room would give)",
        ["Meeting", *sectors],
        [[short_day(m.date), *(cell(m.session, s) for s in sectors)] for m in p.meetings],
    )
    section.figures.append(Figure(chart, table))
    section.tables.append(
        Table(
            "Across the period",
            [
                "Sector",
                "Turns",
                "Share of turns",
                "Speaking time",
                "Share of time",
                "Share of the room",
                "Meetings quiet at",
            ],
            [
                [
                    x.sector,
                    str(x.turns),
                    _pct(x.turn_share),
                    _minutes(x.seconds),
                    _pct(x.time_share),
                    _pct(x.people_share),
                    str(p.quiet_at.get(x.sector, 0)),
                ]
                for x in p.series
            ],
        )
    )
    return section


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"


def _interests(regs: Registers) -> Section:
    rows = [[short_day(i.date), i.name, i.organisation, i.item, i.text] for i in regs.interests]
    if not rows:
        return Section("interests", "Declarations of interest", ["None were declared."])
    return Section(
        "interests",
        "Declarations of interest",
        [f"{_count(len(rows), 'declaration')} at the period's meetings."],
        tables=[
            Table(
                "Register of interests",
                ["Meeting", "Name", "Organisation", "Item", "Interest"],
                rows,
            )
        ],
    )


def _decision_row(d: registers.DecisionEntry) -> list[str]:
    how = f"vote {d.votes}" if d.how == "vote" and d.votes else d.how
    return [
        short_day(d.date),
        d.text,
        d.owner or "—",
        d.status,
        how,
        d.dissent or "—",
        short_day(d.review) if d.review else "—",
    ]


def _decisions(regs: Registers) -> Section:
    d = regs.decisions
    heads = ["Meeting", "Decision", "Owner", "Status", "How", "Dissent", "Review"]
    section = Section("decisions", "Decisions")
    if not d.rows:
        section.paragraphs.append("No decisions were taken in the period.")
    else:
        section.paragraphs.append(
            f"{_count(len(d.rows), 'decision')}: "
            + ", ".join(f"{n} {status}" for status, n in d.by_status.items())
            + f"; {len(d.with_dissent)} with dissent recorded."
        )
        section.tables.append(
            Table("Decisions register", heads, [_decision_row(x) for x in d.rows])
        )
    if d.with_dissent:
        section.tables.append(
            Table("Decisions taken with dissent", heads, [_decision_row(x) for x in d.with_dissent])
        )
    if d.reviews_due:
        section.tables.append(
            Table("Reviews falling due", heads, [_decision_row(x) for x in d.reviews_due])
        )
    return section


def _actions(regs: Registers, steering: set[str]) -> Section:
    a = regs.actions
    section = Section(
        "actions",
        "Actions",
        [
            f"Judged on {long_day(a.as_of)}: completed on time (done by its due date), "
            "completed late, overdue (open past its due date), still open, or dropped."
        ],
    )
    meetings: dict[str, str] = {}
    for x in a.rows:
        meetings.setdefault(x.session, x.date)
    if a.rows:
        kinds = ["completed on time", "completed late", "overdue", "open, not yet due", "dropped"]
        counts = {sid: dict.fromkeys(kinds, 0) for sid in meetings}
        for x in a.rows:
            counts[x.session][_fate(x)] += 1
        chart = Chart(
            "actions",
            COLUMNS,
            "Actions completed on time",
            "For each meeting, the actions it raised by what became of them.",
            [_label(sid, day, steering) for sid, day in meetings.items()],
            [(k, [float(counts[sid][k]) for sid in meetings]) for k in kinds],
            "actions raised",
        )
        table = Table(
            "What became of each meeting's actions",
            ["Meeting", *kinds],
            [
                [short_day(day), *(str(counts[sid][k]) for k in kinds)]
                for sid, day in meetings.items()
            ],
        )
        section.figures.append(Figure(chart, table))
        section.tables.append(
            Table(
                "Actions by organisation",
                ["Organisation", "Raised", "Completed", "Completed late", "Overdue", "Open"],
                [
                    [
                        r.who,
                        str(r.raised),
                        str(r.completed),
                        str(r.completed_late),
                        str(r.overdue),
                        str(r.open),
                    ]
                    for r in a.by_organisation
                ],
            )
        )
    else:
        section.paragraphs.append("No actions were raised in the period.")
    still_open = [x for x in a.rows if _fate(x) == "open, not yet due"]
    heads = ["Raised", "Action", "Owner", "Organisation", "Due"]

    def row(x: registers.ActionEntry) -> list[str]:
        return [
            short_day(x.date),
            x.text,
            x.owner or "—",
            x.organisation or "—",
            short_day(x.due) if x.due else "—",
        ]

    if a.overdue:
        section.tables.append(Table("Overdue actions", heads, [row(x) for x in a.overdue]))
    if still_open:
        section.tables.append(
            Table("Open actions, not yet due", heads, [row(x) for x in still_open])
        )
    return section


def _fate(x: registers.ActionEntry) -> str:
    if x.completed:
        return "completed late" if x.completed_late else "completed on time"
    if x.overdue:
        return "overdue"
    if x.status == "dropped" and x.closed_on:
        return "dropped"
    return "open, not yet due"


def _health(regs: Registers) -> Section:
    section = Section(
        "health",
        "The partnership's health",
        [
            "The partnership's answers at each checklist review (the Wiltshire Compact "
            "promises to review the effectiveness of partnerships on a regular basis)."
        ],
    )
    if not regs.health:
        section.paragraphs = ["No checklist reviews were held in the period."]
        return section
    for h in regs.health:
        days = [short_day(d) for d in h.reviews]
        by_day = {d: n for n, d in enumerate(h.reviews)}
        cells, rows = [], []
        for item in h.items:
            answers = [""] * len(h.reviews)
            for day, answer, _counts in item.marks:
                if day in by_day:
                    answers[by_day[day]] = answer
            cells.append(answers)
            rows.append(
                [
                    f"{item.ref} {item.text}",
                    *(f"{MARK[x]} {ANSWER_WORDS[x]}" if x else "—" for x in answers),
                    item.change or "—",
                    "; ".join(item.open_actions) or "—",
                ]
            )
        chart = Chart(
            f"health-{h.checklist.id}",
            GRID,
            f"{h.checklist.title} at each review",
            "For each item of the checklist, the partnership's answer at each review: "
            "yes, not sure or no.",
            [f"{item.ref} {item.text}" for item in h.items],
            columns=[_label("", d, set()) for d in h.reviews],
            cells=cells,
        )
        table = Table(
            h.checklist.title,
            ["Item", *days, "Since the review before", "Improvement actions open"],
            rows,
        )
        section.figures.append(Figure(chart, table))
    return section


def _challenges(s: ChallengeSummary) -> Section:
    section = Section(
        "challenges",
        "Compact challenges",
        [
            "The Kirklees Compact (§4) asks the annual report to "
            f"“{KIRKLEES_4}”: a partner may challenge a process it believes did not follow "
            "the compact (a decision itself is challenged through the partners' complaints "
            "processes)."
        ],
    )
    if not s.cases:
        section.paragraphs.append("No challenges were made in the period.")
        if s.withheld:
            section.paragraphs.append(f"{_count(s.withheld, 'confidential challenge')} left out.")
        return section
    section.paragraphs.append(
        f"{_count(s.raised, 'challenge')} raised in the period; {s.open} open at its end, "
        f"{s.closed} closed in it. Furthest stage reached: "
        + "; ".join(f"{stage} ({STAGE_NAMES[stage]}): {n}" for stage, n in s.by_stage.items())
        + "."
    )
    if s.withheld:
        section.paragraphs.append(f"{_count(s.withheld, 'confidential challenge')} left out.")
    rows = []
    for case in s.cases:
        c = case.challenge
        rows.append(
            [
                str(c.number),
                c.raised_by,
                c.against,
                c.undertaking,
                short_day(c.raised_on),
                stage_text(c),
                "; ".join(_step(m) for m in case.moves),
                c.recommendations or "—",
                c.outcome or ("open" if c.status == "open" else "—"),
                c.action_taken or "—",
            ]
        )
    section.tables.append(
        Table(
            "Challenges made and resultant action taken",
            [
                "No.",
                "Raised by",
                "Challenged",
                "Undertaking not followed",
                "Raised",
                "Stage reached",
                "Steps",
                "Recommendations",
                "Outcome",
                "Action taken",
            ],
            rows,
        )
    )
    return section


_STEPS = {
    "raised": "raised",
    "referred": "referred to the steering group",
    "escalated": "taken to a national body",
    "informed": "Compact Champions informed",
    "recommended": "recommendations made",
    "closed": "closed",
}


def _step(move: Move) -> str:
    """One dated step of a challenge: "referred to the steering group 10 Jun 2026 (nominees:
    Ann, Bo)"."""
    said = f"{_STEPS.get(move.what, move.what)} {short_day(move.on)}"
    if move.what in ("referred", "escalated", "informed") and move.detail:
        said += f" ({move.detail})"
    return said
