"""The agenda pack from the plan screen: joining details and where apologies go, an item's
papers and its reason for exemption (the Schedule 12A choices), and the pack written out with
its path in the status line — driven with Pilot as a secretary would."""

from __future__ import annotations

import email
from email import policy

from textual.widgets import Checkbox, DataTable, Input, Select

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.exemption import PARAGRAPH_CHOICES, schedule_12a_reason
from facilitator.ui.app import make_app
from facilitator.ui.form import FormScreen
from facilitator.ui.plan import PACK_CHOICES, PlanScreen
from facilitator.ui.status_line import StatusLine
from tests.helpers import agenda, docx_text, screen_text


def planned(store, clock):
    data = agenda(date="30/12/2026 14:00")
    data["items"].append({"title": "Contract award [b]Acme", "confidential": True})
    return store.create(agenda_from_dict(data, clock().date()))


def said(app) -> str:
    """The status line's text."""
    return str(app.screen.query_one(StatusLine).render())


async def form_values(pilot, values: dict[str, object]) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for key, value in values.items():
        widget = form.query_one(f"#field-{key}")
        widget.value = value  # type: ignore[attr-defined]
    await pilot.pause()
    form.action_save()
    await pilot.pause()


async def test_the_secretary_fills_the_pack_details_and_writes_it(store, clock, tmp_path):
    sid = planned(store, clock)
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        screen.query_one("#detail-joining", Input).value = "https://meet.example.org/b [/"
        screen.query_one("#detail-apologies_to", Input).value = "sam@cvs.example.org"
        await pilot.pause()

        items = screen.query_one("#items", DataTable)
        items.focus()
        items.move_cursor(row=1)  # Street lighting on Hope Street
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and "Papers for item 2" in screen_text(app)
        await form_values(pilot, {"paper-0": "Lighting survey | survey.pdf | 18/12/2026"})
        assert str(items.get_row_at(1)[-1]) == "1 paper"  # the Notes column
        await pilot.press("p")  # again: the paper is there to edit, with a line to add one
        await pilot.pause()
        assert app.screen.query_one("#field-paper-0", Input).value == (
            "Lighting survey | survey.pdf | 18/12/2026")
        await form_values(pilot, {"paper-1": "Map [b]x | https://example.org/map"})
        await pilot.press("p")
        await pilot.pause()
        await form_values(pilot, {"paper-1": "Map | no such date | 31/02/2027"})
        assert isinstance(app.screen, FormScreen)  # refused: the form stays, saying why
        assert "date circulated" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        items.move_cursor(row=3)  # the exempt item
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-exempt_paragraph", Select).value == "none"
        await form_values(pilot, {"exempt_paragraph": PARAGRAPH_CHOICES[3]})
        assert not isinstance(app.screen, FormScreen)

        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await form_values(pilot, {"format": PACK_CHOICES[0], "public": True})
        status = said(app)
        assert status == f"✓ Agenda pack written to {store.root / f'{sid}-agenda-public.docx'}"

        await pilot.press("f7")
        await pilot.pause()
        await form_values(pilot, {"format": PACK_CHOICES[4], "to": "a@b", "path": ""})
        assert "not an email address" in screen_text(app)  # one line, the form stays open
        target = tmp_path / "draft.eml"
        await form_values(pilot, {"to": "board@example.org", "path": str(target)})
        assert said(app) == f"✓ Agenda pack written to {target}"

    session = store.load(sid)
    assert session.info.joining == "https://meet.example.org/b [/"
    assert session.info.apologies_to == "sam@cvs.example.org"
    assert [(p.item, p.title, p.file, p.circulated) for p in session.papers] == [
        (1, "Lighting survey", "survey.pdf", "2026-12-18"),
        (1, "Map [b]x", "https://example.org/map", ""),
    ]
    assert session.agenda[3].exempt_reason == schedule_12a_reason(3)
    public = docx_text(store.root / f"{sid}-agenda-public.docx")
    assert "Lighting survey (survey.pdf), circulated Friday 18 December 2026" in public
    assert "Paragraph 3 of Schedule 12A" in public and "Acme" not in public
    assert "https://meet.example.org/b [/" in public
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["To"] == "board@example.org" and message["X-Unsent"] == "1"
    assert "Contract award [b]Acme" in message.get_body(("plain",)).get_content()
    assert [(c.format, c.public) for c in session.circulation] == [("docx", True),
                                                                   ("eml", False)]


async def test_a_pack_is_never_written_over_a_file(store, clock, tmp_path):
    sid = planned(store, clock)
    taken = tmp_path / "mine.html"
    taken.write_text("the secretary's own file", encoding="utf-8")
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        for _ in range(2):  # into the data folder twice: the second beside the first
            await pilot.press("f7")
            await pilot.pause()
            await form_values(pilot, {"format": PACK_CHOICES[1]})
        assert said(app).endswith(f"{sid}-agenda-2.html")
        await pilot.press("f7")
        await pilot.pause()
        await form_values(pilot, {"format": PACK_CHOICES[1], "path": str(taken)})
        assert "already exists" in screen_text(app)
        await pilot.press("escape")
    assert taken.read_text(encoding="utf-8") == "the secretary's own file"
    assert (store.root / f"{sid}-agenda.html").exists()


async def test_removing_an_item_removes_its_papers(store, clock):
    sid = planned(store, clock)
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        items = app.screen.query_one("#items", DataTable)
        items.focus()
        items.move_cursor(row=2)
        await pilot.press("p")
        await pilot.pause()
        await form_values(pilot, {"paper-0": "AOB note"})
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    session = store.load(sid)  # the file still opens: no paper names a missing item
    assert "Any other business" not in [i.title for i in session.agenda]
    assert session.papers == []


async def test_the_flag_and_choice_fields_are_there(store, clock):
    sid = planned(store, clock)
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen.query_one("#field-public", Checkbox).value is False
        options = [str(o[0]) for o in app.screen.query_one("#field-format", Select)._options]
        assert any(o.startswith("ics") for o in options)


async def test_joining_details_of_several_lines_show_on_one(store, clock):
    data = agenda(joining="https://meet.example.org/b\nDial 0300 123 4567, PIN 42")
    sid = store.create(agenda_from_dict(data, clock().date()))
    app = make_app(store, session_id=sid, screen="plan", clock=clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#detail-joining", Input)
        assert field.value == "https://meet.example.org/b · Dial 0300 123 4567, PIN 42"
    assert "\n" in store.load(sid).info.joining  # kept as it was until it is edited
