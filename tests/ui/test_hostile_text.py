"""Hostile user text is shown literally on every screen and crashes none of them.

One partnership, two sessions: an earlier one (ended) and the meeting under way, built through
the real code paths (agenda → store → ``Meeting.capture``). Every user-text field carries its
own hostile value — Textual markup look-alikes (``tests.helpers.INJECTION_STRINGS``),
right-to-left scripts, emoji with ZWJ sequences and skin tones, a 300-character line,
zero-width and combining characters, several lines where the data path allows them — so
finding a value on screen means that field was drawn, exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, TabbedContent

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.checklists import load_checklist
from facilitator.core.meeting import Meeting
from facilitator.core.store import SessionStore
from facilitator.ui.app import make_app
from facilitator.ui.attendance import AttendanceScreen
from facilitator.ui.checklist import ChecklistScreen
from facilitator.ui.confirm import ConfirmScreen
from facilitator.ui.form import FormScreen
from facilitator.ui.health import HealthScreen
from facilitator.ui.help import HelpScreen
from facilitator.ui.home import HomeScreen
from facilitator.ui.live import LiveScreen
from facilitator.ui.minutes_view import MinutesScreen
from facilitator.ui.paged_table import PagedTable
from facilitator.ui.plan import PlanScreen
from facilitator.ui.review import ReviewScreen
from facilitator.ui.room import RoomApp
from facilitator.ui.search import SearchScreen
from facilitator.ui.tab_strip import TabStrip
from facilitator.ui.too_small import TooSmallScreen
from facilitator.ui.tracker import TrackerScreen
from tests.conftest import FakeClock
from tests.helpers import INJECTION_STRINGS, as_read, screen_text, settled, status, type_line

# -- the hostile values: one per field, each distinct

CLOSE_ONLY, CLOSE, HALF, BOLD, REVERSE, CLICK, LINK, BACKSLASH = INJECTION_STRINGS
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
EMOJI = "👩🏽‍💻 🎉"  # a ZWJ sequence with a skin tone, then a plain emoji
ZERO_WIDTH = "Zoë a\u200bb e\u0301"  # a zero-width space and a combining acute accent
LONG = "[b]Long! " + " ".join(f"w{n:04d}" for n in range(48)) + " [/]"
assert len(LONG) == 300

TITLE = f"Board {CLICK}"
EARLIER_TITLE = f"Earlier {BOLD} meeting"
PARTNERSHIP = f"Hope {CLOSE} {HEBREW}"
VENUE = f"Town Hall, Room {REVERSE} 4"
ADA, ADA_ORG = f"Ada {BOLD}", f"Council {CLOSE}"  # the chair
BEA, BEA_ORG = f"Bea {HALF}", f"Trust {ARABIC}"  # the secretary
ZOE, ZOE_ORG = ZERO_WIDTH, f"Org {CLICK}"
OMAR, OMAR_ORG = f"Omar {ARABIC}", f"Police {REVERSE}"
CAI, CAI_ORG = f"Cai {EMOJI}", f"Tenants {LINK}"  # new to the partnership: a chair prompt
DEV, DEV_ORG = f"Dev {BACKSLASH}", "College b\\"
PEOPLE = [
    (ADA, ADA_ORG, "public"),
    (BEA, BEA_ORG, "voluntary"),
    (ZOE, ZOE_ORG, "community"),
    (OMAR, OMAR_ORG, "public"),
    (CAI, CAI_ORG, "community"),
    (DEV, DEV_ORG, "education"),
]

ITEM = f"Item {HALF}"
LEAD = f"Lead {BOLD} – second part"
SECRET_ITEM = f"Secret {BOLD}contract"  # confidential
MATTERS = f"Matters arising {CLOSE_ONLY}"
NOTE = f"Note {REVERSE}"
DECISION = f"Decision {LINK}"
ACTION = f"Action {BACKSLASH}"
INTEREST = f"Interest {EMOJI}"
DISSENT = f"Dissent {HEBREW}"
SECRET_NOTE = f"Secret note {CLICK}"
SECRET_DECISION = f"Secret decision {HALF}"
CHECK_NOTE = f"Checklist note {CLOSE}"
CUSTOM_NOTE = f"Custom note {REVERSE}"

EARLIER_ITEM = f"Earlier item {CLOSE}"
DEFERRED_ITEM = f"Deferred {LINK}"  # deferred to the meeting under way: a toast on opening
EARLIER_NOTE = f"Earlier note {HALF} {HEBREW[:4]}"
EARLIER_DECISION = f"Earlier decision {REVERSE}"
EARLIER_ACTION = f"earlier action {CLOSE}"
EARLIER_CHECK_NOTE = f"earlier {BOLD} check note"
IMPROVEMENT = f"improve {CLOSE} it"

CHECKLIST_TITLE = f"Our {BOLD}checklist {HEBREW}"
CHECKLIST_ITEM = f"{CLICK} do we listen?"
CHECKLIST_SOURCE = f"Source {HALF}"
CUSTOM_CHECKLIST = f"""\
id = "hostile"
title = "{CHECKLIST_TITLE}"
source = "{CHECKLIST_SOURCE}"

[[items]]
text = "{CHECKLIST_ITEM}"
"""


def _agenda(title: str, date: str, items: list[dict]) -> dict:
    return {
        "title": title,
        "partnership": PARTNERSHIP,
        "date": date,
        "venue": VENUE,
        "chair": ADA,
        "secretary": BEA,
        "participants": [
            {"name": n, "organisation": o, "sector": s, "new": n == CAI} for n, o, s in PEOPLE
        ],
        "items": items,
    }


def _run(store: SessionStore, session_id: str, clock: FakeClock, steps: list) -> None:
    """Capture each line; a (checklist, ref, typed) triple is a checklist answer and a
    (checklist, ref, "@…") one an improvement action."""
    writer = store.writer(session_id)
    try:
        meeting = Meeting(writer, clock=clock)
        for step in steps:
            if isinstance(step, str):
                meeting.capture(step)
            elif step[2].startswith("@"):
                meeting.improvement_action(*step)
            else:
                meeting.record_answer(*step)
    finally:
        writer.close()


@dataclass(frozen=True)
class Rig:
    store: SessionStore
    sid: str  # the meeting under way
    earlier: str  # the same partnership's last meeting, ended
    clock: FakeClock

    def app(self, **kwargs) -> App:
        return make_app(self.store, clock=self.clock, **kwargs)

    def live(self, **kwargs) -> App:
        return self.app(session_id=self.sid, **kwargs)


@pytest.fixture
def rig(store, clock) -> Rig:
    earlier_clock = FakeClock(datetime(2026, 11, 2, 14, 0))
    earlier = store.create(
        agenda_from_dict(
            _agenda(
                EARLIER_TITLE,
                "02/11/2026 14:00",
                [
                    {"title": EARLIER_ITEM},
                    {"title": DEFERRED_ITEM},
                    {"title": "Any other business", "minutes": 5},
                ],
            ),
            earlier_clock().date(),
        )
    )
    _run(
        store,
        earlier,
        earlier_clock,
        [
            EARLIER_NOTE,
            f"/decision {EARLIER_DECISION} @Ada",
            f"/action @Bea {EARLIER_ACTION} by 30/11/2026",
            ("ingredients", "I1", f"n {EARLIER_CHECK_NOTE}"),
            ("ingredients", "I1", f"@Omar {IMPROVEMENT} by 15/12/2026"),
            "/next",
            "/defer",
            "/end",
        ],
    )
    (store.root / "checklists").mkdir()
    (store.root / "checklists" / "hostile.toml").write_text(CUSTOM_CHECKLIST, encoding="utf-8")
    sid = store.create(
        agenda_from_dict(
            _agenda(
                TITLE,
                "23/11/2026 14:00",
                [
                    {"title": ITEM, "minutes": 15, "kind": "decision", "lead": LEAD},
                    {"title": SECRET_ITEM, "confidential": True},
                    {"title": MATTERS},
                    {"title": "Any other business", "minutes": 5},
                ],
            ),
            clock().date(),
        )
    )
    _run(
        store,
        sid,
        clock,
        [
            NOTE,
            LONG,
            f"/decision {DECISION} @Ada",
            f"/action @Zoë {ACTION} by 27/11/2026",
            f"/interest Bea {INTEREST}",
            f"/dissent Dev {DISSENT}",
            ("ingredients", "I1", f"y {CHECK_NOTE}"),
            (load_checklist(store.root / "checklists" / "hostile.toml"), "C1", f"n {CUSTOM_NOTE}"),
            "/goto 2",
            SECRET_NOTE,
            f"/decision {SECRET_DECISION} @Omar",
            "/goto 1",
            "/speak Cai",
            "/queue Omar",
        ],
    )
    return Rig(store, sid, earlier, clock)


# -- helpers


def alive(app: App, screen: type) -> str:
    """The app is still running on the expected screen; returns what the terminal shows."""
    assert app.is_running and app.return_code is None
    assert isinstance(app.screen, screen), type(app.screen).__name__
    return screen_text(app)


def shown_in(app: App, widget: Widget) -> str:
    """What the terminal shows inside ``widget`` (its border and scrollbars left out)."""
    strips = app.screen._compositor.render_strips()
    region = widget.scrollable_content_region
    rows = range(max(region.y, 0), min(region.bottom, len(strips)))
    return "\n".join(strips[y].crop(region.x, region.right).text.rstrip() for y in rows)


def squeezed(text: str) -> str:
    """Text with all whitespace removed: compares a wrapped paragraph with its source."""
    return "".join(text.split())


def missing(values: list[str], text: str) -> list[str]:
    return [v for v in values if v not in text]


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settled(pilot)


async def scrolled_pages(pilot, scroller: Widget) -> list[str]:
    """Scroll ``scroller`` from top to bottom (pages overlap): what each position shows."""
    await settled(pilot)
    pages, y = [], 0
    step = max(scroller.scrollable_content_region.height // 2, 1)
    while True:
        scroller.scroll_to(y=y, animate=False, immediate=True)
        await settled(pilot)
        pages.append(shown_in(pilot.app, scroller))
        if y >= scroller.max_scroll_y:
            return pages
        y += step


# -- home


async def test_home_lists_both_sessions_literally(rig):
    app = rig.app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        text = alive(app, HomeScreen)
        assert missing([TITLE, EARLIER_TITLE], text) == []
        assert text.count(PARTNERSHIP) >= 2  # both rows (and the dashboard's next meeting)
        await press(pilot, "l")  # "new like this": the form holds the title as it is
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value == TITLE
        assert TITLE in alive(app, FormScreen)
        await press(pilot, "escape")
        await press(pilot, "n")  # a new session: the partnership is offered as it is
        assert app.screen.query_one("#field-partnership", Input).value == PARTNERSHIP
        assert PARTNERSHIP in alive(app, FormScreen)
        await press(pilot, "escape")
        alive(app, HomeScreen)


# -- plan screen and its forms


async def test_plan_screen_and_its_forms_show_text_as_typed(rig):
    app = rig.live(screen="plan")
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        text = alive(app, PlanScreen)
        assert f"Plan: {TITLE} — {PARTNERSHIP}" in text
        for key, value in [("title", TITLE), ("partnership", PARTNERSHIP), ("chair", ADA)]:
            assert app.screen.query_one(f"#detail-{key}", Input).value == value
        assert missing([p for person in PEOPLE for p in person[:2]], text) == []
        assert missing([ITEM, SECRET_ITEM, MATTERS, DEFERRED_ITEM], text) == []

        app.screen.query_one("#people", DataTable).focus()
        await press(pilot, "e")  # the chair's own form
        assert app.screen.query_one("#field-name", Input).value == ADA
        assert missing([ADA, ADA_ORG], alive(app, FormScreen)) == []
        await press(pilot, "escape")
        await press(pilot, "a")  # a newcomer, typed in the form
        form = app.screen
        form.query_one("#field-name", Input).value = f"Eve {LINK}"
        form.query_one("#field-organisation", Input).value = f"Newcomers {ARABIC}"
        form.query_one("#field-name", Input).focus()
        await press(pilot, "enter")
        assert missing([f"Eve {LINK}", f"Newcomers {ARABIC}"], alive(app, PlanScreen)) == []
        await press(pilot, "x")  # remove her: the question names her as typed
        assert f"Remove Eve {LINK}?" in alive(app, ConfirmScreen)
        await press(pilot, "n")

        app.screen.query_one("#items", DataTable).focus()
        await press(pilot, "down", "e")  # the confidential item's form
        assert app.screen.query_one("#field-title", Input).value == SECRET_ITEM
        assert SECRET_ITEM in alive(app, FormScreen)
        await press(pilot, "escape")
        alive(app, PlanScreen)


async def test_no_line_of_the_plan_screen_or_its_forms_is_broken(rig):
    def broken_lines() -> list[str]:
        strips = app.screen._compositor.render_strips()
        return [strip.text for strip in strips if "\n" in strip.text]

    app = rig.live(screen="plan")
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        alive(app, PlanScreen)
        assert app.screen.query_one("#detail-venue", Input).value == VENUE
        broken = broken_lines()
        app.screen.query_one("#items", DataTable).focus()
        await press(pilot, "e")  # item 1, with its hostile lead
        assert app.screen.query_one("#field-lead", Input).value == LEAD
        broken += broken_lines()
        assert broken == []


# -- the live screen


async def test_live_screen_shows_every_part_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        text = alive(app, LiveScreen)
        assert f"{PARTNERSHIP} — {TITLE}" in text  # title line
        assert f"Item 1 of 5: {ITEM}" in text  # item heading, its lead on two lines
        assert squeezed(f"lead: {LEAD}") in squeezed(text)
        agenda = shown_in(app, app.screen.query_one("#agenda-panel"))
        assert missing([ITEM, SECRET_ITEM, MATTERS, DEFERRED_ITEM], agenda) == []
        feed = shown_in(app, app.screen.query_one("#feed"))
        entries = [
            f"Note     {NOTE}",
            f"Decision D1 {DECISION} — owner: {ADA}",  # with its label
            f"Action   2.1 {ACTION} — {ZOE}, due Fri 27 Nov 2026",  # with its code
            f"Interest {BEA}: {INTEREST}",
        ]
        assert missing(entries, feed) == []
        assert squeezed(LONG) in squeezed(feed)  # 300 characters, wrapped
        assert SECRET_NOTE not in text  # it belongs to item 2
        speakers = shown_in(app, app.screen.query_one("#speakers"))
        assert f"Speaking: {CAI}" in speakers and f"Waiting: 1. {OMAR}" in speakers

        # through the capture bar
        await type_line(pilot, f"Typed {CLOSE_ONLY} {ARABIC}", focus=True)
        assert "✓ Saved" in status(app)
        assert f"Note     Typed {CLOSE_ONLY} {ARABIC}" in screen_text(app)
        await type_line(pilot, f"/{REVERSE}x", focus=True)  # refused: the reason quotes it as typed
        assert f"✗ Not saved: unknown command '/{REVERSE}x'" in screen_text(app)
        assert app.screen.query_one("#capture", Input).value == f"/{REVERSE}x"
        await type_line(pilot, f"/action @{BOLD}nobody fix it", focus=True)
        assert f"@{BOLD}nobody is not a participant or organisation" in screen_text(app)

        title = app.screen.query_one("#live-title")
        before_x = cell_len(f" {PARTNERSHIP} — Board ")
        for offset in (before_x, before_x + len(CLICK) - 4):  # where a parsed or a literal x is
            await pilot.click(title, offset=(offset, 0))  # a live [@click] would quit here
            await settled(pilot)
        alive(app, LiveScreen)


async def test_the_chair_prompt_names_a_new_partner_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        wanted = f"Welcome {CAI} ({CAI_ORG}), new to the partnership"
        for _ in range(5):  # dismiss the prompts ahead of it
            if wanted in status(app, "#prompt"):
                break
            await press(pilot, "ctrl+y")
        alive(app, LiveScreen)
        assert wanted in status(app, "#prompt")
        assert squeezed(wanted) in squeezed(shown_in(app, app.screen.query_one("#prompt")))


async def test_matters_arising_lists_open_actions_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await type_line(pilot, "/goto 3", focus=True)  # it waits for the open actions' worker
        text = alive(app, LiveScreen)
        assert f"Item 3 of 5: {MATTERS}" in text
        feed = shown_in(app, app.screen.query_one("#feed"))
        assert missing([f"{BEA}: {EARLIER_ACTION}", f"{OMAR}: {IMPROVEMENT}"], feed) == []


async def test_defer_asks_with_the_item_title_as_typed(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await press(pilot, "f8")
        assert f"Defer {ITEM!r} to the next meeting?" in alive(app, ConfirmScreen)
        await press(pilot, "n")
        alive(app, LiveScreen)


@pytest.mark.parametrize("size", [(40, 12), (20, 5), (50, 12)])
async def test_too_small_mid_meeting_then_back(rig, size):
    app = rig.live()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        app.screen.query_one("#capture", Input).value = f"half typed {CLICK} {HEBREW}"
        await pilot.resize_terminal(*size)
        await settled(pilot)
        assert "enlarge" in alive(app, TooSmallScreen)
        await pilot.resize_terminal(120, 40)
        await settled(pilot)
        text = alive(app, LiveScreen)
        assert f"{PARTNERSHIP} — {TITLE}" in text and f"half typed {CLICK} {HEBREW}" in text


# -- the live screen's own screens


async def test_attendance_lists_names_and_organisations_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await press(pilot, "f4")
        text = alive(app, AttendanceScreen)
        assert missing([p for person in PEOPLE for p in person[:2]], text) == []
        await press(pilot, "a")  # the chair is marked absent, and the row says so
        row = app.screen.query_one("#roll", DataTable).get_row_at(0)
        assert [str(c) for c in row[:2]] == [ADA, ADA_ORG] and "absent" in str(row[3])
        await press(pilot, "escape")
        alive(app, LiveScreen)


async def test_speakers_panel_by_key_shows_names_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+t")
        panel = app.screen.query_one("#speakers")
        assert panel.has_focus
        await press(pilot, "3")  # Zoë takes the floor
        assert f"Speaking: {ZOE}" in status(app)
        await press(pilot, "plus", "6")  # Dev joins the list
        assert f"{DEV} is waiting to speak (number 2)" in status(app)
        text = shown_in(app, panel)
        assert f"Speaking: {ZOE}" in text
        assert f"Waiting: 1. {OMAR} · 2. {DEV}" in text
        not_heard = [f"public: {ADA}, {OMAR}", f"voluntary: {BEA}", f"education: {DEV}"]
        assert missing(not_heard, text) == []
        await press(pilot, "escape")
        alive(app, LiveScreen)


async def test_checklist_review_shows_answers_notes_and_a_custom_checklist(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+f")
        text = alive(app, ChecklistScreen)
        assert f"Answered: whole room ✓ yes ({CHECK_NOTE})" in text
        bar = app.screen.query_one("#checklist-bar", Input)
        await press(pilot, "ctrl+n")
        bar.value = f"n Answer {LINK} {EMOJI}"
        await press(pilot, "enter")
        bar.value = f"@Bea fix {BOLD} by 30/11/2026"  # the improvement action after a ✗
        await press(pilot, "enter")
        assert f"✓ Action saved — {BEA}, due Mon 30 Nov 2026" in alive(app, ChecklistScreen)
        await press(pilot, "ctrl+b")
        assert f"Answered: whole room ✗ no (Answer {LINK} {EMOJI})" in screen_text(app)
        await press(pilot, "escape")

        # a partnership's own checklist file
        await type_line(pilot, "/checklist hostile", focus=True)
        text = alive(app, ChecklistScreen)
        assert missing([CHECKLIST_TITLE, CHECKLIST_ITEM, f"Source: {CHECKLIST_SOURCE}"], text) == []
        assert f"Answered: whole room ✗ no ({CUSTOM_NOTE})" in text
    actions = [a.text for a in rig.store.load(rig.sid).actions]
    assert f"fix {BOLD}" in actions


async def test_decision_edit_form_shows_and_saves_text_as_typed(rig):
    app = rig.live()
    async with app.run_test(size=(140, 50)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+l")
        form = app.screen
        assert isinstance(form, FormScreen)
        fields = {k: form.query_one(f"#field-{k}", Input) for k in ("text", "owner", "dissent")}
        assert {k: w.value for k, w in fields.items()} == {
            "text": DECISION,
            "owner": ADA,
            "dissent": f"{DEV}: {DISSENT}",
        }
        fields["dissent"].focus()  # scrolled into view
        await settled(pilot)
        assert missing([DECISION, ADA, f"{DEV}: {DISSENT}"], alive(app, FormScreen)) == []
        fields["text"].value = f"Corrected {CLOSE_ONLY} {EMOJI}"
        fields["text"].focus()
        await press(pilot, "enter")
        text = alive(app, LiveScreen)
        assert f"Corrected {CLOSE_ONLY} {EMOJI} — owner: {ADA}" in text
    decisions = [d.text for d in rig.store.load(rig.sid).decisions if not d.withdrawn]
    assert f"Corrected {CLOSE_ONLY} {EMOJI}" in decisions


async def test_help_over_the_live_screen(rig):
    app = rig.live()
    async with app.run_test(size=(140, 45)) as pilot:
        await settled(pilot)
        await press(pilot, "f1")
        text = alive(app, HelpScreen)
        assert "Keys on this screen" in text and "/decision TEXT [@OWNER]" in text
        assert f"{PARTNERSHIP} — {TITLE}" in text  # the meeting still shows behind it
        await press(pilot, "escape")
        alive(app, LiveScreen)


# -- minutes and their export

MINUTES_VALUES = [
    TITLE,
    f"Partnership: {PARTNERSHIP}",
    "Town Hall",
    f"Room {REVERSE} 4",
    f"Chair: {ADA}",
    f"Secretary: {BEA}",
    f"{ADA_ORG} (public): {ADA}",
    f"{OMAR_ORG} (public): {OMAR}",
    f"{CAI_ORG} (community): {CAI}",
    f"{ZOE_ORG} (community): {ZOE}",
    f"{BEA_ORG} (voluntary): {BEA}",
    f"{BEA}, item 1: {INTEREST}",
    f"1. {ITEM}",
    NOTE,
    f"{DECISION} — owner: {ADA} — dissent: {DEV}: {DISSENT}",
    f"{ZOE}: {ACTION} — due Fri 27 Nov 2026",
    MATTERS,
    DEFERRED_ITEM,
    CHECK_NOTE,
]
SECRETS = [SECRET_ITEM, SECRET_NOTE, SECRET_DECISION]


async def minutes_pages(pilot) -> list[str]:
    return await scrolled_pages(pilot, pilot.app.screen.query_one("#minutes-scroll"))


async def test_minutes_view_full_and_public_shows_the_record_literally(rig):
    app = rig.live()
    async with app.run_test(size=(140, 60)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+r")
        for version in ("Full version", "PUBLIC version"):
            assert version in alive(app, MinutesScreen)
            pages = await minutes_pages(pilot)
            text = "\n".join(pages)
            assert missing(MINUTES_VALUES, text) == []
            assert any(squeezed(LONG) in squeezed(page) for page in pages)
            if version == "Full version":
                assert missing(SECRETS, text) == []
                await press(pilot, "p")
            else:  # the confidential item's content withheld
                assert "Confidential item" in text
                assert missing(SECRETS, text) == SECRETS
        alive(app, MinutesScreen)


async def test_minutes_show_text_ending_in_a_backslash(rig):
    app = rig.live()
    async with app.run_test(size=(140, 60)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+r")
        alive(app, MinutesScreen)
        text = "\n".join(await minutes_pages(pilot))
        assert f"{DEV_ORG} (education): {DEV}" in text
        assert f"dissent: {DEV}: {DISSENT}" in text


async def test_export_lands_in_the_chosen_folder_with_a_safe_name(rig, tmp_path):
    folder = tmp_path / f"out {BOLD} {HEBREW} {REVERSE}"  # no "/": a name, not a path
    folder.mkdir()
    nowhere = tmp_path / f"nowhere {CLICK}"
    app = rig.live()
    async with app.run_test(size=(220, 50)) as pilot:  # wide enough for the whole path
        await settled(pilot)
        await press(pilot, "ctrl+r", "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-folder", Input).value = str(nowhere)
        form.query_one("#field-folder", Input).focus()
        await press(pilot, "enter")  # refused, with the folder named as typed
        error = f"✗ Not saved: {nowhere} is not a folder"
        assert status(app, "#form-error") == error
        shown = shown_in(app, app.screen.query_one("#form-error"))
        assert squeezed(error) in squeezed(shown)
        alive(app, FormScreen)

        form.query_one("#field-format", Select).value = "md"
        form.query_one("#field-folder", Input).value = str(folder)
        form.query_one("#field-folder", Input).focus()
        await press(pilot, "enter")
        alive(app, MinutesScreen)
        (written,) = folder.iterdir()
        assert written.name == f"{rig.sid}-minutes.md" and written.name.isascii()
        said = f"✓ Written to {written}"
        assert status(app, "#minutes-status") == said
        assert squeezed(said) in squeezed(shown_in(app, app.screen.query_one("#minutes-status")))
    assert rig.sid == "2026-11-23-board-click-app-quit-x"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
    markdown = as_read(written.read_text(encoding="utf-8"))  # as a Markdown viewer shows it
    assert missing([TITLE, NOTE, DECISION, ACTION, INTEREST, LONG, DISSENT], markdown) == []


# -- the review side: tracker, health, a past session's review, search


async def test_tracker_with_hostile_filters(rig):
    app = rig.app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        await press(pilot, "t")
        text = alive(app, TrackerScreen)
        assert "3 shown" in text
        rows = [ACTION, ZOE, EARLIER_ACTION, BEA, IMPROVEMENT, OMAR, PARTNERSHIP]
        assert missing(rows, text) == []
        box = app.screen.query_one("#tracker-filter", Input)
        box.value = CLOSE  # in two of the actions, and in the partnership (all of them)
        await settled(pilot)
        assert "3 shown" in alive(app, TrackerScreen)
        box.value = f"{HALF}"  # only Bea's name
        await settled(pilot)
        text = alive(app, TrackerScreen)
        assert "1 shown" in text and EARLIER_ACTION in text and ACTION not in text
        assert box.value in text  # the filter box shows it as typed
        box.value = f"[/ {HEBREW} {CLICK}"  # matches nothing
        await settled(pilot)
        assert "0 shown" in alive(app, TrackerScreen)
        box.value = REVERSE  # the earlier decision only
        await settled(pilot)
        app.screen.query_one(TabStrip).active = "decisions"
        await settled(pilot)
        text = alive(app, TrackerScreen)
        assert EARLIER_DECISION in text and DECISION not in text


async def test_health_shows_the_partnership_and_its_checklists_literally(rig):
    app = rig.app()
    async with app.run_test(size=(180, 40)) as pilot:
        await settled(pilot)
        await press(pilot, "h")
        text = alive(app, HealthScreen)
        assert PARTNERSHIP in text
        assert f"{OMAR}: {IMPROVEMENT}" in text
        await press(pilot, "c")  # the partnership's own checklist
        text = alive(app, HealthScreen)
        assert missing([PARTNERSHIP, CHECKLIST_TITLE, CHECKLIST_ITEM], text) == []


REVIEW_TABS = {
    "decisions": [EARLIER_DECISION, ADA],
    "actions": [EARLIER_ACTION, BEA, IMPROVEMENT, OMAR],
    "participation": [ADA, f"{ADA} — expected ({ADA_ORG})", f"{CAI} — expected ({CAI_ORG})"],
    "checklist": [EARLIER_CHECK_NOTE],
}


async def test_review_of_the_earlier_meeting_tab_by_tab(rig):
    app = rig.app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        await press(pilot, "down", "enter")  # the past session: read-only review
        text = alive(app, ReviewScreen)
        assert f"{PARTNERSHIP} — {EARLIER_TITLE}" in text
        scroller = app.screen.query_one("#review-minutes-box")
        text = "\n".join(await scrolled_pages(pilot, scroller))
        wanted = [EARLIER_TITLE, f"1. {EARLIER_ITEM}", EARLIER_NOTE, DEFERRED_ITEM]
        assert missing(wanted, text) == []
        for tab, wanted in REVIEW_TABS.items():
            app.screen.query_one(TabbedContent).active = f"tab-{tab}"
            await settled(pilot)
            assert (tab, missing(wanted, alive(app, ReviewScreen))) == (tab, [])
        assert EARLIER_DECISION not in screen_text(app)  # only the tab chosen is shown


async def test_search_with_a_hostile_query(rig):
    app = rig.app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        await press(pilot, "slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        query = f"{CLOSE_ONLY} {HEBREW[:4]}"  # "[/" and right-to-left text
        screen.query_one("#search-query", Input).value = query
        await settled(pilot)
        text = alive(app, SearchScreen)
        assert "1 found" in text and query in text
        assert f"{EARLIER_NOTE}  1. {EARLIER_ITEM}" in text  # what was found, then its item
        screen.query_one("#search-partnership", Input).value = PARTNERSHIP
        await settled(pilot)
        assert "1 found" in alive(app, SearchScreen)
        screen.query_one("#search-from", Input).value = f"{BOLD} {ARABIC}"
        await settled(pilot)
        said = f"✗ can't read '{BOLD} {ARABIC}' as a date"
        assert status(app, "#search-status").startswith(said)
        assert said in alive(app, SearchScreen)
        screen.query_one("#search-from", Input).value = ""
        screen.query_one("#search-results", PagedTable).focus()
        await press(pilot, "enter")  # opens the session found, at its item
        assert "found at item 1" in alive(app, ReviewScreen)
        app.screen.jump_to_item()  # scrolls to a heading whose title is hostile
        await settled(pilot)
        assert f"1. {EARLIER_ITEM}" in alive(app, ReviewScreen)


async def test_command_palette_with_a_hostile_query(rig):
    app = rig.live()
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        for key in ["left_square_bracket", "slash", "space", "b"]:
            await pilot.press(key)
        await settled(pilot)
        assert "[/ b" in alive(app, CommandPalette)
        await press(pilot, "escape")
        alive(app, LiveScreen)


# -- notifications


async def test_the_toast_for_a_deferred_item_shows_its_title_as_typed(rig):
    app = rig.live()
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settled(pilot)
        alive(app, LiveScreen)
        said = f"Deferred from an earlier meeting: {DEFERRED_ITEM}"
        assert [n.message for n in app._notifications] == [said]
        await settled(pilot)
        toasts = app.screen.query("Toast")
        assert len(toasts) == 1
        assert squeezed(said) in squeezed(shown_in(app, toasts.first()))


# -- the room view


async def test_room_view_follows_the_meeting_literally(rig):
    app = RoomApp(rig.store, rig.sid, clock=rig.clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert app.is_running and app.return_code is None
        wanted = [
            f"{PARTNERSHIP} — {TITLE}",
            "Item 1 of 4",
            ITEM,
            f"Speaking: {CAI}",
            f"Next: {OMAR}",
            f"D1 {DECISION} — {ADA} (item 1)",
            f"D2 {SECRET_DECISION} — {OMAR} (item 2)",
        ]
        assert missing(wanted, text) == []


@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
async def test_room_view_on_the_confidential_item(rig, public):
    _run(rig.store, rig.sid, rig.clock, ["/goto 2", "/speak Zoë"])
    app = RoomApp(rig.store, rig.sid, public=public, clock=rig.clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert app.is_running and app.return_code is None
        assert missing([f"{PARTNERSHIP} — {TITLE}", f"Speaking: {ZOE}", DECISION], text) == []
        if public:
            assert "Confidential item" in text and "public view" in text
            assert missing([SECRET_ITEM, SECRET_DECISION], text) == [SECRET_ITEM, SECRET_DECISION]
        else:
            assert missing([SECRET_ITEM, f"D2 {SECRET_DECISION} — {OMAR} (item 2)"], text) == []


def test_the_hostile_values_are_all_distinct():
    values = [
        TITLE, EARLIER_TITLE, PARTNERSHIP, VENUE, *[v for p in PEOPLE for v in p[:2]], ITEM,
        LEAD, SECRET_ITEM, MATTERS, NOTE, LONG, DECISION, ACTION, INTEREST, DISSENT,
        SECRET_NOTE, SECRET_DECISION, CHECK_NOTE, CUSTOM_NOTE, EARLIER_ITEM, DEFERRED_ITEM,
        EARLIER_NOTE, EARLIER_DECISION, EARLIER_ACTION, EARLIER_CHECK_NOTE, IMPROVEMENT,
        CHECKLIST_TITLE, CHECKLIST_ITEM, CHECKLIST_SOURCE,
    ]  # fmt: skip
    assert len(set(values)) == len(values)
    assert all(any(s in v for v in values) for s in INJECTION_STRINGS)
