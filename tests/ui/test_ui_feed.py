"""The live screen's feed (facilitator/ui/feed.py) draws only the lines in view and makes
only the lines a save adds: what it shows is still, line for line and cell for cell, what
a Static holding the whole feed showed, after every kind of change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from facilitator.core.model import Action, Note
from facilitator.ui import render
from facilitator.ui.app import make_app
from facilitator.ui.feed import Feed
from tests.helpers import new_session, type_line
from tests.ui.test_ui_checklist import answer

ITEMS = [
    {"title": "Minutes and matters arising", "minutes": 5},
    {"title": "Street lighting on Hope Street", "minutes": 15},
]


def drawn(lines: list[Content]) -> list[tuple[str, tuple[object, ...]]]:
    """Lines as drawn: their text and their styles (Content compares its text only)."""
    return [(line.plain, tuple(line.spans)) for line in lines]


async def test_the_feed_shows_what_making_it_afresh_shows_after_every_change(store, clock):
    sid = new_session(store, clock, items=ITEMS)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        feed = screen.query_one("#feed", Feed)

        def afresh() -> list[Content]:
            return render.feed(screen.meeting.session, screen.meeting.action_codes())

        async def step(line: str) -> None:
            await type_line(pilot, line)
            made = afresh()
            assert drawn(feed.lines[-len(made):]) == drawn(made), line

        await step("/action @Sam book the hall by friday")
        for _ in range(100):  # the open actions are read in a worker
            if "book the hall" in feed.lines[0].plain:
                break
            await pilot.pause(0.05)
        block = feed.lines[0].plain  # matters arising lists the open actions first
        assert block.startswith("Open actions") and "book the hall" in block
        assert "Action" in feed.lines[2].plain and "book the hall" in feed.lines[2].plain
        await step("Sam will report back")
        await step("/next")
        for line in ["Lena reported six broken lamps", "/decision Repair the lamps @Council",
                     "/action @Ravi share the map by friday for D1"]:
            await step(line)
        before = list(feed.lines)
        await step("Ravi has the map already")
        assert all(a is b for a, b in zip(before, feed.lines, strict=False))  # kept, not made
        await step("/undo")  # the note is withdrawn: struck through where it stands
        assert "strike" in str(feed.lines[-1].spans)
        await pilot.press("ctrl+f")  # a review answer, then a later one replacing it
        await pilot.pause()
        await answer(pilot, ["?"])
        await pilot.press("ctrl+b")
        await answer(pilot, ["y"])
        await pilot.press("escape")
        await pilot.pause()
        assert drawn(feed.lines) == drawn(afresh())
        assert "replaced by a later answer" in feed.lines[-2].plain
        await step("A last note after the review")
        await step("/prev")
        await step("/next")
        await step("/goto 2")


async def test_a_line_on_matters_arising_keeps_the_lines_before_it(store, clock):
    """Below the open actions, a save adds its line and leaves the rest as laid out."""
    sid = new_session(store, clock, items=ITEMS)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        feed = app.screen.query_one("#feed", Feed)
        await type_line(pilot, "Sam will report back")
        for _ in range(100):  # the open actions are read in a worker
            if feed.lines[0].plain.startswith("Open actions"):
                break
            await pilot.pause(0.05)
        before = list(feed.lines)
        await type_line(pilot, "Joan has the figures")
        assert "Joan has the figures" in feed.lines[-1].plain
        assert len(feed.lines) == len(before) + 1
        assert all(a is b for a, b in zip(before, feed.lines, strict=False))  # kept, not made


LONG = "a long note that wraps " * 6


def lines_to_show() -> list[Content]:
    note = Note(item=0, text="Café naïve 東京 ok — [b]not markup[/b]", at="2026-11-23T14:00:00")
    withdrawn = Note(item=0, text=LONG, at="2026-11-23T14:01:00", withdrawn=True)
    action = Action(item=0, text="book it", at="2026-11-23T14:02:00", owner="Sam",
                    due="2026-11-27")
    block = Content.from_markup("[b]Open actions[/b]\n  1.1 Sam: book it\n\n  1.2 Joan")
    return [block, Content(""), render.entry_line(note), render.entry_line(withdrawn),
            render.entry_line(action, "2.1", "D1"), Content(LONG)]


class SideBySide(App[None]):
    CSS = "Static, Feed { width: 34; } #wide { width: 90; }"

    def compose(self) -> ComposeResult:
        shown = Content("\n").join(lines_to_show())
        with Horizontal():
            yield Static(shown, id="static")
            yield Feed(id="feed")
        yield Static(shown, id="wide")

    def on_mount(self) -> None:
        self.query_one(Feed).show(lines_to_show())


async def test_each_line_is_drawn_as_a_static_draws_it() -> None:
    app = SideBySide()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        static, feed = app.query_one("#static", Static), app.query_one(Feed)
        assert feed.size == static.size and feed.size.height > len(lines_to_show())
        for y in range(static.size.height):  # text, styles, and where selection reads
            assert list(feed.render_line(y)) == list(static.render_line(y)), y
        selection = Selection(Offset(3, 1), Offset(6, 6))
        assert feed.get_selection(selection) == static.get_selection(selection)
        feed.styles.width = 90  # laid out again at another width
        await pilot.pause()
        wide = app.query_one("#wide", Static)
        assert feed.size == wide.size
        for y in range(wide.size.height):
            assert list(feed.render_line(y)) == list(wide.render_line(y)), y


async def test_a_selection_is_drawn_where_a_static_draws_it() -> None:
    app = SideBySide()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        static, feed = app.query_one("#static", Static), app.query_one(Feed)
        selection = Selection(Offset(2, 4), Offset(10, 6))
        app.screen.selections = {static: selection, feed: selection}
        await pilot.pause()
        for y in range(static.size.height):
            assert list(feed.render_line(y)) == list(static.render_line(y)), y


def test_a_lines_height_is_what_content_counts() -> None:
    """The feed and the agenda count a line's rows from its words (wrapping.wrapped_rows)
    as Content does."""
    from random import Random

    from textual.css.styles import Styles

    from facilitator.ui.wrapping import wrapped_rows

    pieces = ["word", " ", "  ", "\n", "\n\n", "a" * 70, "Siân", "会議の議事録", "—", "x", "  y "]
    rnd = Random(7)
    texts = ["", "\n", "\nlead", "trail\n", "a\n\nb", " " * 80, "会" * 50]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(400)]
    for text in texts:
        for width in (1, 2, 5, 17, 66, 120):
            expected = Content(text).get_height(Styles(), width)
            assert wrapped_rows(text, width) == expected, (text, width)


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(st.sampled_from([*"ab ,.-", "word", "  ", "x" * 30]), max_size=80).map("".join),
    width=st.integers(min_value=1, max_value=130),
)
def test_a_plain_lines_rows_are_where_rich_divides_it(text: str, width: int) -> None:
    """Printable ASCII is counted without rich's divide_line (wrapping._rows), and must come
    to exactly the rows divide_line makes, words too long for a row included."""
    from rich._wrap import divide_line

    from facilitator.ui.wrapping import wrapped_rows

    assert wrapped_rows(text, width) == len(divide_line(text, width, fold=True)) + 1
