"""The agenda panel is one widget that draws its own lines (facilitator/ui/agenda_panel.py):
what it shows — ▶ the current item kept in view, ⇥ deferred, ✓ done, an extended timebox,
titles literal and wrapped under themselves — however long the agenda, without a widget per
item and without re-composing on a save."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.widget import Widget

from facilitator.ui.agenda_panel import AgendaPanel
from facilitator.ui.app import make_app
from tests.helpers import new_session, type_line
from tests.ui.test_ui_live_view import region_text

LONG = "Street lighting on Hope Street, the lamps reported broken since the spring"


def items(count: int) -> list[dict[str, object]]:
    return [{"title": f"Item {n} of the long agenda", "minutes": 5} for n in range(1, count + 1)]


async def test_the_agenda_marks_each_item_as_it_stands(store, clock):
    agenda = [
        {"title": "Welcome and apologies", "minutes": 5},
        {"title": "[b]Budget[/b] $title", "minutes": 10, "confidential": True},
        {"title": LONG, "minutes": 15},
        {"title": "Any other business", "minutes": 5},
    ]
    sid = new_session(store, clock, items=agenda)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "/next")
        await type_line(pilot, "/defer")  # item 2 to the next meeting: on to item 3
        await type_line(pilot, "/extend 2")
        shown = region_text(app, "#agenda-panel")
        assert "✓  1. Welcome and apologies 5′" in shown
        assert "⇥  2. [b]Budget[/b] $title 🔒 10′ · deferred" in shown
        assert "│       to next meeting" in shown  # wrapped under the title
        assert "▶  3. Street lighting on Hope Street, the" in shown
        assert "│       lamps reported broken since the spring" in shown
        assert "│       15+2′" in shown
        assert "   4. Any other business 5′" in shown


async def test_a_long_agenda_is_one_widget_and_a_save_adds_none(store, clock):
    short = make_app(store, session_id=new_session(store, clock, items=items(3)), clock=clock)
    async with short.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        few = len(list(short.screen.walk_children()))
    sid = new_session(store, clock, items=items(1000), title="Long board")
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(AgendaPanel)
        assert len(panel.children) == 0  # no widget per item
        assert len(list(app.screen.walk_children())) == few
        await type_line(pilot, "/goto 900")
        await type_line(pilot, "a note on item 900")
        assert len(list(app.screen.walk_children())) == few
        shown = region_text(app, "#agenda-panel")
        assert "▶900. Item 900 of the long" in shown
        assert " 901. Item 901" in shown  # centred: what comes next is in view too
        assert "Item 1 of the long agenda" not in shown


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=80),
    width=st.integers(1, 60),
)
def test_a_title_takes_the_lines_a_static_would_wrap_it_to(title, width):
    content = Content(title)
    panel = AgendaPanel()
    assert panel._title_height(content, width, {}) == max(
        1, content.get_height(Widget().styles, width)
    )
