"""Snapshots of the screens people look at, with a frozen clock and synthetic data.

Update after an intended change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from tests.helpers import agenda

LINES = [
    "Joan welcomed everyone; apologies from Owen Hughes",
    "/next",
    "Lena reported six broken lamps on Hope Street [see photos]",
    "/decision Repair all six lamps before the clocks change @Council",
    "/action @Ravi share the incident map by friday",
]


def _live_app(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    return make_app(store, session_id=sid, clock=clock)


async def _capture_lines(pilot) -> None:
    bar = pilot.app.screen.query_one("#capture", Input)
    bar.cursor_blink = False
    for n, line in enumerate(LINES):
        if n:  # the clock never moves after the last save: a 1 s tick then redraws the same
            pilot.app.now.advance(minutes=2)
        bar.value = line
        await pilot.press("enter")
        await pilot.pause()
    await pilot.pause()


def test_live_screen(snap_compare, store, clock):
    assert snap_compare(_live_app(store, clock), terminal_size=(120, 40), run_before=_capture_lines)


def test_live_screen_small_terminal(snap_compare, store, clock):
    assert snap_compare(_live_app(store, clock), terminal_size=(80, 24), run_before=_capture_lines)


def _room_app(store, clock, *, public=False, theme="projector-dark"):
    from facilitator.core.meeting import Meeting
    from facilitator.ui.room import RoomApp

    data = agenda()
    data["items"][1]["confidential"] = True
    sid = store.create(agenda_from_dict(data, clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    for line in [
        "/next",
        "/speak Lena",
        "/queue Ravi",
        "/queue Sam",
        "/decision Repair all six lamps before the clocks change @Council",
    ]:
        meeting.capture(line)
        clock.advance(minutes=1)
    writer.close()
    return RoomApp(store, sid, public=public, theme=theme, clock=clock)


def test_room_view_projector(snap_compare, store, clock):
    assert snap_compare(_room_app(store, clock), terminal_size=(160, 45))


def test_room_view_small(snap_compare, store, clock):
    assert snap_compare(_room_app(store, clock), terminal_size=(80, 24))


def test_room_view_public_light(snap_compare, store, clock):
    app = _room_app(store, clock, public=True, theme="projector-light")
    assert snap_compare(app, terminal_size=(80, 24))


def _room_around(store, clock, lines: list[str], *, public: bool = False):
    """The room view of a meeting due at 14:00 (the clock says 13:48) after ``lines``."""
    from facilitator.core.meeting import Meeting
    from facilitator.ui.room import RoomApp

    data = agenda()
    data["items"][1]["confidential"] = True
    data["items"][1]["title"] = "Contract award [b]SENTINEL[/b]"
    clock.now = clock.now.replace(hour=13, minute=48)
    sid = store.create(agenda_from_dict(data, clock().date()))
    writer = store.writer(sid)
    meeting = Meeting(writer, clock=clock)
    for line in lines:
        meeting.capture(line)
        clock.advance(minutes=5)
    writer.close()
    return RoomApp(store, sid, public=public, clock=clock)


def test_room_view_before_the_start(snap_compare, store, clock):
    """People arriving: where and when, "starts in 12 min", and the agenda's planned times."""
    assert snap_compare(_room_around(store, clock, []), terminal_size=(120, 40))


def test_room_view_after_the_end_public(snap_compare, store, clock):
    """People leaving: the decisions, actions by owner, the date of the next meeting; the
    exempt item's decision and action withheld."""
    lines = [
        "Opened",
        "/next",
        "/decision Award the contract to SENTINEL @Joan",
        "/action @Sam tell SENTINEL the outcome",
        "/next",
        "/decision Repair all six lamps @Council",
        "/action @Ravi share the incident map by friday",
        "/action @Ravi book the contractor",
        "/action @Lena tell the tenants",
        "/nextmeeting 10/02/2027 14:00",
        "/end",
    ]
    app = _room_around(store, clock, lines, public=True)
    assert snap_compare(app, terminal_size=(120, 40))


async def _open_checklist(pilot) -> None:
    await pilot.press("ctrl+f")
    await pilot.pause()
    bar = pilot.app.screen.query_one("#checklist-bar", Input)
    bar.cursor_blink = False
    for line in ["y", "6 2 1 mostly", "n not yet representative"]:
        bar.value = line
        await pilot.press("enter")
    await pilot.pause()


def test_checklist_review_screen(snap_compare, store, clock):
    assert snap_compare(
        _live_app(store, clock), terminal_size=(120, 40), run_before=_open_checklist
    )


def test_health_trend_view(snap_compare, store, clock):
    from facilitator.core.checklists import INGREDIENTS
    from facilitator.core.meeting import Meeting
    from facilitator.ui.health import HealthScreen

    sessions = []
    for n, answers in enumerate(["y n ? y", "y ? n y", "y y n n"]):
        data = agenda(date=f"0{n + 1}/10/2026 14:00")
        sid = store.create(agenda_from_dict(data, clock().date()))
        writer = store.writer(sid)
        meeting = Meeting(writer, clock=clock)
        for ref, answer in zip(["I1", "I2", "I3", "I4"], answers.split(), strict=True):
            meeting.record_answer("ingredients", ref, answer)
        meeting.capture("/end")
        writer.close()
        sessions.append(store.load(sid))
    app = make_app(store, clock=clock)

    async def show(pilot) -> None:
        await pilot.pause()
        partnership = sessions[0].info.partnership
        await pilot.app.push_screen(HealthScreen(partnership, sessions, [INGREDIENTS]))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=show)


def test_review_screen(snap_compare, store, clock):
    from datetime import datetime as _dt

    from facilitator.core.demo import create_demo
    from facilitator.ui.review import ReviewScreen

    past, _ = create_demo(store, _dt(2026, 11, 23, 10, 0))
    app = make_app(store, clock=clock)

    async def show(pilot) -> None:
        await pilot.pause()
        await pilot.app.push_screen(ReviewScreen(store.load(past), []))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=show)


async def _help(pilot) -> None:
    pilot.app.screen.query_one("#capture", Input).cursor_blink = False
    await pilot.press("f1")
    await pilot.pause()


def test_help_screen(snap_compare, store, clock):
    assert snap_compare(_live_app(store, clock), terminal_size=(120, 50), run_before=_help)


def test_live_screen_projector_light_theme(snap_compare, store, clock):
    app = _live_app(store, clock)
    app.theme = "projector-light"
    assert snap_compare(app, terminal_size=(120, 40), run_before=_capture_lines)


def test_live_screen_high_contrast_theme(snap_compare, store, clock):
    app = _live_app(store, clock)
    app.theme = "high-contrast"
    assert snap_compare(app, terminal_size=(120, 40), run_before=_capture_lines)


def test_registers_screen(snap_compare, store, clock):
    """The registers of the 12-meeting series (tests/series.py): the attendance tab."""
    from facilitator.ui.registers import RegistersScreen
    from tests.series import PARTNERSHIP, save_series

    save_series(store)
    app = make_app(store, clock=clock)

    async def show(pilot) -> None:
        await pilot.pause()
        await pilot.app.push_screen(RegistersScreen(PARTNERSHIP, end="30/11/2026"))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=show)


def test_home_dashboard(snap_compare, store, clock):
    """Home as a dashboard (tests/ui/test_ui_challenges.py's year): the next meeting and its
    papers deadline, an overdue action, an open challenge, the steering group's nudge."""
    from tests.helpers import settled
    from tests.ui.test_ui_challenges import year

    year(store, clock)
    assert snap_compare(make_app(store, clock=clock), terminal_size=(120, 40), run_before=settled)


def test_challenges_screen(snap_compare, store, clock):
    """The compact challenges: a case at stage b with its nominees, hostile text literal."""
    from tests.helpers import settled
    from tests.ui.test_ui_challenges import year

    year(store, clock)

    async def show(pilot) -> None:
        await settled(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(make_app(store, clock=clock), terminal_size=(120, 40), run_before=show)
