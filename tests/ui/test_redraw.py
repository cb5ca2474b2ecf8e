"""Text put in a Static by ui/redraw.py: the screen is laid out again only when the text
changes the widget's size (a save and every second's tick reflowed the whole live screen)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from facilitator.ui import redraw


class Lines(App[None]):
    CSS = """
    #fixed { height: 1; width: 30; }
    #tall { height: auto; width: 20; }
    #wide { height: 1; width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("one"), id="fixed")
        yield Static(Content("short"), id="tall")
        yield Static(Content("label"), id="wide")


def watched(widget: Static) -> list[bool]:
    """The ``layout`` of each update the widget is given from now on."""
    calls: list[bool] = []
    update = widget.update

    def recording(content: object = "", *, layout: bool = True) -> None:
        calls.append(layout)
        update(content, layout=layout)  # type: ignore[arg-type]

    widget.update = recording  # type: ignore[method-assign]
    return calls


async def test_the_same_text_again_is_not_drawn_again() -> None:
    app = Lines()
    async with app.run_test() as pilot:
        await pilot.pause()
        fixed = app.query_one("#fixed", Static)
        calls = watched(fixed)
        redraw.show(fixed, Content("one"))
        assert calls == []
        redraw.show(fixed, Content.styled("one", "bold"))  # the same words, another style
        assert calls == [False]


async def test_a_widget_of_fixed_size_is_never_laid_out_again() -> None:
    app = Lines()
    async with app.run_test() as pilot:
        await pilot.pause()
        fixed = app.query_one("#fixed", Static)
        calls = watched(fixed)
        redraw.show(fixed, Content("two, and a good deal longer than the widget is wide"))
        assert calls == [False]


async def test_text_that_wraps_to_more_lines_lays_the_screen_out_again() -> None:
    app = Lines()
    async with app.run_test() as pilot:
        await pilot.pause()
        tall = app.query_one("#tall", Static)
        calls = watched(tall)
        redraw.show(tall, Content("other"))  # still one line
        redraw.show(tall, Content("a line long enough to wrap onto a second"))
        await pilot.pause()
        assert calls == [False, True]
        assert tall.size.height > 1


async def test_a_widget_as_wide_as_its_text_is_laid_out_when_the_width_changes() -> None:
    app = Lines()
    async with app.run_test() as pilot:
        await pilot.pause()
        wide = app.query_one("#wide", Static)
        calls = watched(wide)
        redraw.show(wide, Content("LABEL"))
        redraw.show(wide, Content("a longer label"))
        await pilot.pause()
        assert calls == [False, True]
        assert wide.size.width == len("a longer label")


async def test_a_status_said_again_in_the_same_words_is_drawn_again() -> None:
    """Two saves in one second can be said in the same words: the second is drawn too (the
    terminal is sent it again), with no layout."""
    app = Lines()
    async with app.run_test() as pilot:
        await pilot.pause()
        fixed = app.query_one("#fixed", Static)
        calls = watched(fixed)
        redraw.show(fixed, Content("one"), again=True)
        assert calls == [False]
