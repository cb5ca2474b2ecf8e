"""Tests for the minutes (core/minutes.py): the demo meeting's record as Markdown, what is left
out (withdrawn entries), and user text that looks like markup printed exactly as typed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.demo import create_demo
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.store import SessionStore
from tests.helpers import as_read

DEMO_NOW = datetime(2026, 11, 23, 10, 0)
START = datetime(2026, 11, 23, 14, 0)  # a Monday
COUNCIL = "Basingstoke and Deane Borough Council"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[SessionStore, str, str]:
    store = SessionStore(tmp_path_factory.mktemp("demo"))
    past_id, upcoming_id = create_demo(store, DEMO_NOW)
    return store, past_id, upcoming_id


@pytest.fixture(scope="module")
def past_md(demo: tuple[SessionStore, str, str]) -> str:
    store, past_id, _ = demo
    return to_markdown(build_minutes(store.load(past_id)))


@pytest.fixture(scope="module")
def upcoming_md(demo: tuple[SessionStore, str, str]) -> str:
    store, _, upcoming_id = demo
    return to_markdown(build_minutes(store.load(upcoming_id)))


def section(markdown: str, heading: str) -> list[str]:
    """The lines under a ``## heading`` up to the next ``## `` heading (blank lines dropped)."""
    lines = as_read(markdown).splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line.strip()]


# --------------------------------------------------------------------------- the demo record


def test_demo_ids(demo: tuple[SessionStore, str, str]) -> None:
    _, past_id, upcoming_id = demo
    assert (past_id, upcoming_id) == (
        "2026-11-02-partnership-board",
        "2026-12-14-partnership-board",
    )


def test_header(past_md: str) -> None:
    lines = past_md.splitlines()
    assert lines[0] == "# Partnership Board"
    assert lines[2:8] == [
        "- **Partnership:** Basingstoke Area Strategic Partnership (demo)",
        "- **Date:** Mon 2 Nov 2026, 14:00",
        "- **Venue:** Civic Offices, Room 2",
        "- **Chair:** Stephen Sheedy",
        "- **Secretary:** Priya Shah",
        "- **Status:** Ended Mon 2 Nov 2026, 15:18",
    ]


def test_present_grouped_by_organisation_with_sector(past_md: str) -> None:
    assert section(past_md, "Present") == [
        f"- **{COUNCIL}** (public): Stephen Sheedy",
        "- **Basingstoke Chamber of Commerce** (private): Helen Brooks",
        "- **Basingstoke Voluntary Action** (voluntary): Priya Shah",
        "- **Hampshire and Isle of Wight ICB** (health): Aisha Khan",
        "- **Hampshire Constabulary** (public): Tom Reid",
        "- **Oakridge Community Association** (community): Maria Lopez",
    ]


def test_apologies(past_md: str) -> None:
    assert section(past_md, "Apologies") == ["- Gareth Owen (Basingstoke College of Technology)"]


def test_item_with_notes_decision_and_actions(past_md: str) -> None:
    assert section(past_md, "4. Community safety priorities for 2027") == [
        "*20 min, discussion, lead: Tom Reid*",
        "**Notes**",
        "- Tom presented the draft priorities: anti-social behaviour, county lines, "
        "violence against women and girls",
        "- Maria asked that tenants' groups on the Oakridge estate are consulted",
        "- Aisha offered ICB data on A&E attendances linked to assaults",
        "**Decisions**",
        "- **D1** Adopt the three draft priorities for consultation — owner: Tom Reid",
        "**Actions**",
        "- **1.2** Aisha Khan: share assault-related A&E data with the police analyst"
        " — due Mon 23 Nov 2026",
        "- **1.3** Maria Lopez: arrange a meeting with Oakridge tenants' groups"
        " — due Mon 30 Nov 2026",
    ]


def test_confidential_item_with_an_organisation_as_owner(past_md: str) -> None:
    assert section(past_md, "5. Youth services contract: commissioning options") == [
        "*15 min, decision, confidential, lead: Stephen Sheedy*",
        "**Notes**",
        "- Item taken as confidential; Helen Brooks left the room for this item",
        "**Decisions**",
        f"- **D2** Extend the current youth services contract by six months — owner: {COUNCIL}",
    ]


def test_every_item_has_a_section_in_order(past_md: str) -> None:
    headings = [ln for ln in past_md.splitlines() if ln[:3] == "## " and ln[3:4].isdigit()]
    assert headings == [
        "## 1. Welcome and apologies",
        "## 2. Declarations of interest",
        "## 3. Minutes of the last meeting and matters arising",
        "## 4. Community safety priorities for 2027",
        "## 5. Youth services contract: commissioning options",
        "## 6. Partnership checklist review",
        "## 7. Any other business",
        "## 8. Date of next meeting",
    ]
    assert section(past_md, "2. Declarations of interest")[-1] == (
        "- Helen Brooks declared an interest in item 5 as a trustee of a bidder"
    )


def test_action_table(past_md: str) -> None:
    assert section(past_md, "Actions") == [
        "| Code | Owner | Action | Due | Status | Item |",
        "|---|---|---|---|---|---|",
        "| 1.2 | Aisha Khan | share assault-related A&E data with the police analyst"
        " | Mon 23 Nov 2026 | open | 4 |",
        "| 1.3 | Maria Lopez | arrange a meeting with Oakridge tenants' groups"
        " | Mon 30 Nov 2026 | open | 4 |",
        "| 1.1 | Priya Shah | circulate the revised terms of reference | Mon 30 Nov 2026"
        " | open | 3 |",
    ]


def test_actions_by_owner(past_md: str) -> None:
    assert section(past_md, "Actions by owner") == [
        "### Aisha Khan",
        "- **1.2** share assault-related A&E data with the police analyst"
        " — due Mon 23 Nov 2026 (open, item 4)",
        "### Maria Lopez",
        "- **1.3** arrange a meeting with Oakridge tenants' groups"
        " — due Mon 30 Nov 2026 (open, item 4)",
        "### Priya Shah",
        "- **1.1** circulate the revised terms of reference — due Mon 30 Nov 2026 (open, item 3)",
    ]


def test_checklist_table(past_md: str) -> None:
    lines = section(past_md, "Checklist review")
    assert lines[0].startswith("Whose view: the whole room's answer, or a sector's own view")
    assert lines[1] == "### The 13 ingredients of an effective partnership"
    rows = lines[2:]
    assert rows[:2] == ["| Item | Whose view | Answer | Note |", "|---|---|---|---|"]
    assert len(rows) == 2 + 13
    assert rows[4] == (
        "| I3. The partnership is inclusive and representative of stakeholder interests"
        " | whole room | ✗ no | No youth voice at the table yet |"
    )
    assert rows[2].startswith("| I1. Partners see real benefit") and "✓ yes" in rows[2]
    assert "? not sure" in rows[6]  # I5
    assert rows[-1].startswith("| I13. ")
    assert rows[-1].endswith("| whole room | ✓ yes | This review |")


def test_section_order(past_md: str) -> None:
    headings = [line for line in past_md.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Present", "## Apologies"]
    assert headings[-4:] == [
        "## Checklist review",
        "## Actions",
        "## Actions by owner",
        "## Next meeting",  # the date set with /nextmeeting, last as in UK minutes
    ]
    assert section(past_md, "Next meeting") == [
        "**Date of next meeting:** Monday 14 December 2026, 14:00"
    ]


def test_upcoming_meeting_minutes(upcoming_md: str) -> None:
    assert "- **Date:** Mon 14 Dec 2026, 14:00" in upcoming_md.splitlines()
    assert "- **Status:** Not yet held" in upcoming_md.splitlines()
    assert upcoming_md.count("Nothing recorded.") == 8
    assert section(upcoming_md, "Actions") == ["No actions were recorded."]
    assert "## Checklist review" not in upcoming_md
    assert "## Actions by owner" not in upcoming_md


def test_markdown_ends_with_one_newline_and_no_triple_blank_lines(past_md: str) -> None:
    assert past_md.endswith("\n") and not past_md.endswith("\n\n")
    assert "\n\n\n" not in past_md


# --------------------------------------------------------------------------- built sessions


def board(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Partnership Board",
        "partnership": "Northfield Community Safety Partnership",
        "date": "23/11/2026 14:00",
        "venue": "Town Hall, Room 4",
        "chair": "Joan Pike",
        "secretary": "Sam Okafor",
        "participants": [
            {"name": "Joan Pike", "organisation": "Northfield Council", "sector": "public"},
            {"name": "Kim Lee", "organisation": "Northfield Council", "sector": "public"},
            {"name": "Sam Okafor", "organisation": "Northfield CVS", "sector": "voluntary"},
            {"name": "Ravi Patel", "sector": "community"},
            {
                "name": "Owen Hughes",
                "organisation": "Northfield College",
                "sector": "education",
                "apologies": True,
            },
        ],
        "items": [
            {"title": "Welcome and apologies", "minutes": 5, "kind": "information"},
            {"title": "Street lighting on Hope Street", "minutes": 15, "kind": "decision"},
        ],
    }
    data.update(overrides)
    return data


def run_meeting(tmp_path: Path, data: dict[str, Any], lines: list[str]) -> str:
    """Create a session, capture ``lines`` a minute apart, return the Markdown minutes."""
    store = SessionStore(tmp_path / "sessions")
    sid = store.create(agenda_from_dict(data, START.date()))
    now = [START]
    writer = store.writer(sid)
    try:
        meeting = Meeting(writer, clock=lambda: now[0])
        for line in lines:
            meeting.capture(line)
            now[0] += timedelta(minutes=1)
    finally:
        writer.close()
    return to_markdown(build_minutes(store.load(sid)))


def test_present_puts_people_of_one_organisation_on_one_line(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(), [])
    assert section(md, "Present") == [
        "- **No organisation given** (community): Ravi Patel",
        "- **Northfield Council** (public): Joan Pike, Kim Lee",
        "- **Northfield CVS** (voluntary): Sam Okafor",
    ]
    assert section(md, "Apologies") == ["- Owen Hughes (Northfield College)"]


def test_no_apologies_and_no_one_present(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(participants=[], chair="", secretary=""), [])
    assert section(md, "Present") == ["No one is recorded as present."]
    assert section(md, "Apologies") == ["None."]
    assert "**Chair:**" not in md


def test_withdrawn_entries_are_left_out(tmp_path: Path) -> None:
    md = run_meeting(
        tmp_path,
        board(),
        [
            "Kept note",
            "Withdrawn note",
            "/undo",
            "/decision Withdrawn decision @Joan",
            "/undo",
            "/decision Kept decision @Kim",
            "/next",
            "/action @Sam Withdrawn action by friday",
            "/undo",
            "/action @Ravi Kept action by friday",
            "/end",
        ],
    )
    assert "Withdrawn" not in md
    assert "- Kept note" in md.splitlines()
    assert "- **D2** Kept decision — owner: Kim Lee" in md.splitlines()  # D1 withdrawn
    assert section(md, "Actions") == [  # the withdrawn action keeps its code, 1.1
        "| Code | Owner | Action | Due | Status | Item |",
        "|---|---|---|---|---|---|",
        "| 1.2 | Ravi Patel | Kept action | Fri 27 Nov 2026 | open | 2 |",
    ]
    assert section(md, "Actions by owner") == [
        "### Ravi Patel",
        "- **1.2** Kept action — due Fri 27 Nov 2026 (open, item 2)",
    ]
    assert "### Sam Okafor" not in md


def test_an_item_whose_only_entry_was_withdrawn_shows_nothing_recorded(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(), ["Oops", "/undo"])
    assert section(md, "1. Welcome and apologies") == [
        "*5 min, information*",
        "Nothing recorded.",
    ]


def test_actions_sorted_by_due_date_then_owner_and_undated_last(tmp_path: Path) -> None:
    md = run_meeting(
        tmp_path,
        board(),
        [
            "/action @Sam no date at all",
            "/action @Sam later by 4/12",
            "/action @Kim soon by tomorrow",
            "/action @Joan also later by 4/12",
            "/action nobody owns this by 4/12",
        ],
    )
    assert section(md, "Actions")[2:] == [
        "| 1.3 | Kim Lee | soon | Tue 24 Nov 2026 | open | 1 |",
        "| 1.5 | No owner yet | nobody owns this | Fri 4 Dec 2026 | open | 1 |",
        "| 1.4 | Joan Pike | also later | Fri 4 Dec 2026 | open | 1 |",
        "| 1.2 | Sam Okafor | later | Fri 4 Dec 2026 | open | 1 |",
        "| 1.1 | Sam Okafor | no date at all | no date | open | 1 |",
    ]
    by_owner = section(md, "Actions by owner")
    assert by_owner.index("### No owner yet") < by_owner.index("### Sam Okafor")
    assert "- **1.1** no date at all — no due date (open, item 1)" in by_owner
    assert "- **1.5** No owner yet: nobody owns this — due Fri 4 Dec 2026" in md.splitlines()


def test_decision_without_owner_says_so(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(), ["/decision Minutes agreed as a true record"])
    assert "- **D1** Minutes agreed as a true record — owner: no owner recorded" in md.splitlines()


def test_status_of_a_meeting_in_progress(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(), ["Under way"])
    assert "- **Status:** In progress (started Mon 23 Nov 2026, 14:00)" in md.splitlines()


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("# not a heading", "- \\# not a heading"),
        ("- not a sub-list", "- \\- not a sub-list"),
        ("> not a quote", "- \\> not a quote"),
        ("+ not a list", "- \\+ not a list"),
    ],
)
def test_text_that_would_change_the_structure_is_escaped(
    tmp_path: Path, note: str, shown: str
) -> None:
    md = run_meeting(tmp_path, board(), [f"/note {note}"])
    assert shown in md.splitlines()


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("1. not a numbered list", "- 1\\. not a numbered list"),
        ("2) nor this", "- 2\\) nor this"),
    ],
)
def test_a_number_that_would_start_a_list_is_escaped_where_markdown_allows(
    tmp_path: Path, note: str, shown: str
) -> None:
    """CommonMark escapes only ASCII punctuation: ``\\1.`` shows its backslash when rendered
    ("\\1. not a numbered list"), so the escape belongs on the ``.`` or ``)``: ``1\\.``."""
    md = run_meeting(tmp_path, board(), [f"/note {note}"])
    assert shown in md.splitlines()


def test_a_pipe_in_a_table_cell_is_escaped(tmp_path: Path) -> None:
    md = run_meeting(tmp_path, board(), ["/action @Sam compare option A | option B by friday"])
    assert "| 1.1 | Sam Okafor | compare option A \\| option B | Fri 27 Nov 2026 | open | 1 |" in (
        md.splitlines()
    )


# --------------------------------------------------------------------------- markup-like text

INJECTION_STRINGS = [
    "[/",
    "[/]",
    "x [/ y",
    "[b]x",
    "[reverse]",
    "[@click=app.quit]x[/]",
    "[link=https://x]y[/link]",
    "a\\",
]


@pytest.mark.parametrize("s", INJECTION_STRINGS)
def test_markup_like_text_is_printed_exactly(tmp_path: Path, s: str) -> None:
    data = board(
        title=f"Board {s}",
        partnership=f"Partnership {s}",
        venue=f"Room {s}",
        chair=f"Ann {s}",
        secretary="Joan Pike",
        participants=[
            {"name": f"Ann {s}", "organisation": f"Org {s}", "sector": "voluntary"},
            {"name": "Joan Pike", "organisation": "Northfield Council", "sector": "public"},
            {"name": f"Bea {s}", "organisation": f"Tenants {s}", "apologies": True},
        ],
        items=[
            {"title": s, "minutes": 10, "lead": f"Ann {s}"},
            {"title": f"About {s} here", "minutes": 5},
        ],
    )
    md = run_meeting(
        tmp_path,
        data,
        [
            s,
            f"/note before {s} after",
            f"/decision {s} agreed @Joan",
            "/decision Thanks @Ann",
            f"/action @Ann to check {s} by friday",
            "/next",
            f"/action @Joan {s}",
        ],
    )
    lines = as_read(md).splitlines()
    expected = [
        f"# Board {s}",
        f"- **Partnership:** Partnership {s}",
        f"- **Venue:** Room {s}",
        f"- **Chair:** Ann {s}",
        f"- **Org {s}** (voluntary): Ann {s}",
        f"- Bea {s} (Tenants {s})",
        f"## 1. {s}",
        f"*10 min, discussion, lead: Ann {s}*",
        f"- {s}",
        f"- before {s} after",
        f"- **D1** {s} agreed — owner: Joan Pike",
        f"- **D2** Thanks — owner: Ann {s}",
        f"- **1.1** Ann {s}: to check {s} — due Fri 27 Nov 2026",
        f"## 2. About {s} here",
        f"- **1.2** Joan Pike: {s} — no due date",
        f"| 1.1 | Ann {s} | to check {s} | Fri 27 Nov 2026 | open | 1 |",
        f"| 1.2 | Joan Pike | {s} | no date | open | 2 |",
        f"### Ann {s}",
        f"- **1.1** to check {s} — due Fri 27 Nov 2026 (open, item 1)",
    ]
    missing = [line for line in expected if line not in lines]
    assert not missing, md


def test_markup_like_text_survives_the_session_file(tmp_path: Path) -> None:
    """Every string goes through the JSON file and back unchanged."""
    md = run_meeting(tmp_path, board(), INJECTION_STRINGS)
    assert section(md, "1. Welcome and apologies")[2:] == [f"- {s}" for s in INJECTION_STRINGS]
