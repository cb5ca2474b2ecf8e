"""The chair's side of the live screen: the speakers panel keys and the prompt bar."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from tests.helpers import agenda, screen_text


async def test_speakers_by_key_and_a_silent_sector_prompt(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "/next"
        await pilot.press("enter")
        await pilot.press("ctrl+t")  # focus the speakers panel
        await pilot.press("1")  # Joan Pike has the floor
        await pilot.press("+", "3")  # Ravi Patel waits
        await pilot.pause()
        text = screen_text(app)
        assert "Speaking: Joan Pike" in text
        assert "Waiting: 1. Ravi Patel" in text
        clock.advance(minutes=2)
        await pilot.press(">")  # the next on the list speaks
        clock.advance(minutes=2)
        await pilot.press("space")  # and stops
        await pilot.pause()
        app.screen.tick()
        await pilot.pause()
        text = screen_text(app)
        assert "Speaking: nobody marked" in text
        assert "Not heard on this item:" in text and "community: Lena Novak" in text
        assert "⚑ CHAIR:" in text
        silent = [p.text for p in app.screen.meeting.prompts() if p.rule == "sector_silent"]
        assert "We have not heard from the community sector on this item: Lena Novak" in silent
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#capture", Input).has_focus
    turns = store.load(sid).turns
    assert [(t.name, bool(t.end)) for t in turns] == [("Joan Pike", True), ("Ravi Patel", True)]


async def test_dismissing_the_prompt_by_key_is_stored(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "Joan opened the meeting"
        await pilot.press("enter")
        app.screen.tick()
        await pilot.pause()
        assert "Ask for apologies and declarations of interest" in screen_text(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Prompt dismissed" in screen_text(app)
    assert [m.state for m in store.load(sid).prompt_marks] == ["dismissed"]


async def test_a_decision_is_corrected_in_a_form_and_the_earlier_wording_kept(store, clock):
    from facilitator.ui.form import FormScreen

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one("#capture", Input)
        bar.value = "/decision Repair the lamps @Joan"
        await pilot.press("enter")
        await pilot.press("ctrl+l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-text", Input).value = "Repair all six lamps by Christmas"
        form.query_one("#field-review", Input).value = "31/02/2027"
        form.query_one("#field-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "February 2027 has no day 31" in screen_text(app)  # refused, form stays
        form.query_one("#field-review", Input).value = "in 3 months"
        form.query_one("#field-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Decision corrected (the earlier wording is kept)" in screen_text(app)
    (decision,) = store.load(sid).decisions
    assert decision.text == "Repair all six lamps by Christmas"
    assert decision.corrections == ["Repair the lamps"]
    assert decision.review == "2027-02-23"


async def test_the_speakers_panel_keys_are_in_the_key_bar_and_in_help(store, clock):
    from facilitator.ui.help import HelpScreen
    from facilitator.ui.key_bar import KeyBar

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")  # the panel has focus: its keys lead the key bar
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = "\n".join(screen_text(app).splitlines()[bar.region.y : bar.region.bottom])
        for hint in ("1-9 a-z Give the floor", "+ Add to list", "- Off list", "> Next on list",
                     "space Stop", "esc Back to bar"):
            assert hint in shown, hint
        await pilot.press("escape")  # back in the bar: the live screen's own keys again
        await pilot.pause()
        assert "Give the floor" not in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.resize_terminal(120, 80)
        await pilot.pause()
        text = screen_text(app)
        assert "Speakers panel (ctrl+t)" in text
        for keys, what in (("1-9 a-z", "Give the floor"), ("+", "Add to list"),
                           ("-", "Off list"), (">", "Next on list"), ("space / .", "Stop")):
            assert any(keys in line and what in line for line in text.splitlines()), keys


async def test_the_key_bar_hint_for_the_person_keys_is_not_a_key(store, clock):
    from facilitator.ui.key_bar import KeyBar

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        spans = {h.description: (y, x) for y, x, _end, h in bar._spans}
        line, start = spans["Give the floor"]
        await pilot.click(KeyBar, offset=(start + 1, line))  # nobody is given the floor
        await pilot.pause()
        assert "Speaking: nobody marked" in screen_text(app)
        assert store.load(sid).turns == []


async def test_keys_typed_on_after_esc_go_to_the_bar_in_order(store, clock):
    import asyncio

    from textual import events
    from textual._xterm_parser import XTermParser

    from facilitator.ui.capture_bar import CaptureBar

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        panel, bar = app.focused, app.screen.query_one(CaptureBar)
        done = asyncio.Event()
        # keys all read before the first is handled: Joan's key, Esc, then a note begun
        # (Esc as the parser gives it once no key follows within its delay)
        for event in [*XTermParser().feed("1"), events.Key("escape", "\x1b")]:
            app.post_message(event)
        for event in XTermParser().feed("1 more from Joan"):
            app.post_message(event)
        app.call_later(lambda: panel.call_later(lambda: bar.call_later(done.set)))
        await asyncio.wait_for(done.wait(), 10)
        await pilot.pause(0.1)
        assert bar.value == "1 more from Joan" and bar.has_focus
    assert [t.name for t in store.load(sid).turns] == ["Joan Pike"]  # 1 counted once


def test_a_name_too_long_for_the_panel_is_shortened_so_it_can_still_be_told(clock):
    """Two partners whose first names are the same are told apart by their surnames (given
    names as initials); two whose initials and surname are the same, by their names cut
    with "…"; a name still too long is cut; one that fits is shown whole; wide characters
    are counted in cells; all in the same column."""
    from rich.cells import cell_len

    from facilitator.ui.speakers_panel import render_speakers

    names = [
        "Christopher Johnson",
        "Christopher Jones",
        "Catherine Jones",
        "Anne-Marie Featherstonehaugh",
        "李雷李雷李雷李雷",  # 16 cells
    ]
    people = [
        {"name": name, "organisation": "Northfield Council", "sector": "public"}
        for name in [*names, "Joan Pike", "Stephen Sheedy"]
    ]
    session = agenda_from_dict(
        agenda(participants=people, chair="", secretary=""), clock().date()
    )
    lines = render_speakers(session, clock()).plain.splitlines()
    rows = [line for line in lines if "0·00:00" in line and line[0] != " "]  # keyed: people
    shown = {row[2:].split("  ")[0].strip() for row in rows}
    assert shown == {
        "C. Johnson",
        "Christopher…",
        "Catherine Jo…",
        "A. Featherst…",
        "李雷李雷李雷…",
        "Joan Pike",
        "S. Sheedy",
    }
    assert len({cell_len(row[: row.index("0·00:00")]) for row in rows}) == 1  # one column
