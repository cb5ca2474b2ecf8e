"""A control character in stored text is drawn as its mark (ESC as ␛) on every screen, never
written to the terminal (ui/literal.py): an ESC in a note drove the terminal."""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from facilitator.core.meeting import Meeting
from facilitator.ui.app import make_app
from facilitator.ui.literal import MARKS
from facilitator.ui.room import RoomApp
from tests.helpers import new_session

HIJACK = "\x1b]0;HIJACK\x1b\\ and \x1b[2J cleared \x9b31m"  # retitle, clear, a C1 CSI
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drawn(app) -> list[Segment]:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def test_a_line_keeps_its_width_and_its_controls_become_marks() -> None:
    red = Style(color="red")
    line = [Segment("ab\x1b[2J", red), Segment("  ")]
    marked = MARKS.apply(line, Color(0, 0, 0))
    assert marked == [Segment("ab␛[2J", red), Segment(" ")]  # the padding gives way
    full = [Segment("ab\x1b[2J", red)]
    assert MARKS.apply(full, Color(0, 0, 0)) == [Segment("ab␛[2", red)]  # then the end
    assert Segment.get_line_length(marked) == Segment.get_line_length(line)
    plain = [Segment("no controls here", red)]
    assert MARKS.apply(plain, Color(0, 0, 0)) is plain


async def test_the_live_screen_draws_a_notes_controls_as_marks(store, clock) -> None:
    sid = new_session(store, clock)
    writer = store.writer(sid)
    Meeting(writer).capture(f"Note {HIJACK}")
    writer.close()
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        segments = drawn(app)
        assert [s.text for s in segments if RAW.search(s.text)] == []
        text = "".join(s.text for s in segments)
        assert "Note ␛]0;HIJACK␛\\ and ␛[2J cleared \\x9b31m" in text


async def test_the_room_view_draws_them_as_marks_too(store, clock) -> None:
    sid = new_session(store, clock)
    writer = store.writer(sid)
    Meeting(writer).capture(f"/decision Agreed {HIJACK}")
    writer.close()
    app = RoomApp(store, sid, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        segments = drawn(app)
        assert [s.text for s in segments if RAW.search(s.text)] == []
        assert "Agreed ␛]0;HIJACK" in "".join(s.text for s in segments)
