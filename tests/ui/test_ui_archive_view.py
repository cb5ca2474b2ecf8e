"""The review screens read the archive in worker threads and show it a page at a time
(ui/archive_view.py, ui/paged_table.py): a long list arrives in pages as the cursor goes
down it, an answer overtaken by a newer question is never drawn, a key pressed on home
before its list has arrived is carried out once it has, and matters arising lists its open
actions from a worker. Then the table itself: what it draws and how it is driven.
"""

from __future__ import annotations

import threading

from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.widgets import Input

from facilitator.core import carry, tracker
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.model import Action, Session
from facilitator.core.review_index import ReviewIndex
from facilitator.core.search import search
from facilitator.ui.app import make_app
from facilitator.ui.paged_table import PAGE, PagedTable
from facilitator.ui.search import SearchScreen
from facilitator.ui.tracker import TrackerScreen
from tests.helpers import agenda, screen_text, settled, until


def with_actions(store, clock, meetings: int, each: int, **overrides) -> list[str]:
    """``meetings`` past sessions of one partnership, each with ``each`` open actions."""
    ids = []
    for n in range(meetings):
        session: Session = agenda_from_dict(
            agenda(date=f"{n % 28 + 1:02d}/10/2026 14:00", title=f"Board {n}", **overrides),
            clock().date(),
        )
        session.info.state = "ended"
        session.actions = [
            Action(
                item=1,
                text=f"action {k} of board {n}",
                owner="Ravi Patel",
                at="2026-10-01T14:00:00",
                seq=k + 1,
                due=f"2026-12-{k % 28 + 1:02d}",
            )
            for k in range(each)
        ]
        ids.append(store.create(session))
    return ids


def rows(app, table: str) -> list[str]:
    t = app.screen.query_one(f"#{table}", PagedTable)
    return [t.row_cells(i)[3] for i in range(t.row_count)]


async def test_the_tracker_shows_a_page_and_the_next_as_the_cursor_goes_down(store, clock):
    with_actions(store, clock, meetings=9, each=10)  # 90 open actions
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await settled(pilot)  # its rows are read in a worker
        assert isinstance(app.screen, TrackerScreen)
        assert "90 shown" in screen_text(app)
        table = app.screen.query_one("#actions", PagedTable)
        assert table.row_count == PAGE == len(app.screen.rows)
        expected = [a.text for a in tracker.Archive(store).actions()]
        assert rows(app, "actions") == expected[:PAGE]
        await pilot.press("ctrl+end")  # the last row held: the next page comes
        await pilot.pause()
        assert rows(app, "actions") == expected and len(app.screen.rows) == 90
        await pilot.press("ctrl+end")
        await pilot.press("d")  # on the last row, of the second page
        await pilot.pause()
        assert "✓ Saved" in str(app.screen.query_one("#status").visual)
        assert "89 shown" in screen_text(app)
    done = [a for a in tracker.Archive(store).actions() if a.status == "done"]
    assert [a.text for a in done] == [expected[-1]]


async def test_an_answer_overtaken_by_a_newer_question_is_not_drawn(
    store, clock, monkeypatch
):
    with_actions(store, clock, meetings=2, each=3)
    slow, asked = threading.Event(), []
    real = ReviewIndex.search

    def slowly(self, query, **kwargs):
        asked.append(query)
        if query == "board 0":  # the first question is answered last
            slow.wait(5)
            answered = real(self, query, **kwargs)
            asked.append("board 0 answered")
            return answered
        return real(self, query, **kwargs)

    monkeypatch.setattr(ReviewIndex, "search", slowly)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one("#search-query", Input)
        box.value = "board 0"
        await pilot.pause()
        box.value = "board 1"
        found = search(store.list_sessions()[0], "board 1")
        await until(pilot, lambda: f"{len(found)} found" in screen_text(app), "board 1's answer")
        slow.set()  # board 0's answer arrives now, after the newer one
        await until(pilot, lambda: "board 0 answered" in asked, "board 0's answer")
        await pilot.pause(0.1)  # time for it to be posted, were it to be
        table = app.screen.query_one("#search-results", PagedTable)
        texts = [table.row_cells(n)[2] for n in range(table.row_count)]
        assert texts == [h.text for h in found]
        assert f"{len(found)} found" in screen_text(app)
    assert asked[:2] == ["board 0", "board 1"]


async def test_a_key_pressed_before_the_list_arrives_is_carried_out(store, clock, monkeypatch):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    listed, real = threading.Event(), tracker.Archive.listings

    def listings(self):
        listed.wait(5)
        return real(self)

    monkeypatch.setattr(tracker.Archive, "listings", listings)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        assert "Reading the list of sessions…" in screen_text(app)
        await pilot.press("r")  # run the first meeting: it is not listed yet
        assert app.screen.__class__.__name__ == "HomeScreen"
        listed.set()
        await settled(pilot)  # two pauses were not always enough on a loaded machine
        assert app.screen.__class__.__name__ == "LiveScreen"
        assert app.screen.meeting.session.info.id == sid


async def test_matters_arising_lists_the_open_actions_read_in_a_worker(store, clock):
    with_actions(store, clock, meetings=5, each=10)  # 50 open actions
    next_one = agenda_from_dict(agenda(date="20/11/2026 14:00", title="Next"), clock().date())
    sid, _ = carry.create(store, next_one)
    matters = next(n for n, i in enumerate(store.load(sid).agenda, 1)
                   if carry.is_matters_arising(i))
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        bar.value = f"/goto {matters}"
        await pilot.press("enter")
        await settled(pilot)  # the worker done and its answer drawn
        shown = [a for a in tracker.Archive(store).actions() if a.status == "open"]
        assert app.screen._open_rows == shown  # read by the worker, as the archive has them
        listed = app.screen._open_actions().plain  # what the feed is given
        assert shown[0].text in listed and shown[39].text in listed
        assert "… and 10 more, due later or with no date" in listed
        assert shown[40].text not in listed
        assert "Open actions" in screen_text(app) or shown[39].text in screen_text(app)


# -- the table itself (ui/paged_table.py), in an app that holds only it


class Table(App[None]):
    """One PagedTable filling the screen, its header at line 0; what it posted, kept."""

    def __init__(self, header, rows, total=None, keys=(), widest=None) -> None:
        super().__init__()
        self.first = (list(header), [tuple(r) for r in rows], total, list(keys))
        self.widest = widest
        self.near: list[int] = []
        self.selected: list[tuple[int, str | None]] = []

    def compose(self):
        yield PagedTable(id="t", widest=self.widest)

    def on_mount(self) -> None:
        header, rows, total, keys = self.first
        self.table.show(header, rows, len(rows) if total is None else total, keys)
        self.table.focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#t", PagedTable)

    def on_paged_table_near_end(self, event: PagedTable.NearEnd) -> None:
        self.near.append(event.offset)

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        self.selected.append((event.cursor_row, event.key))


def lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def numbered(n: int, start: int = 0) -> list[tuple[str, str]]:
    return [(f"r{k}", f"row {k}") for k in range(start, start + n)]


async def test_columns_are_as_wide_as_their_widest_cell_in_terminal_cells():
    rows = [("李雷李雷", "x"), ("ab", "y"), ("😀 ok", "z")]  # 8, 2 and 5 cells wide
    app = Table(["Who", "Note"], rows)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert shown[0].startswith(" Who       Note")
        for line, note in zip(shown[1:4], "xyz", strict=True):
            assert cell_len(line[: line.index(note)]) == 11  # 1 + 8 + 1, then the padding


async def test_a_column_given_a_widest_width_cuts_its_longer_cells_with_a_mark():
    """The columns after it stay in view; a cell that fits is shown whole; wide characters
    are cut on a cell boundary; the cell is still given whole (for opening, copying)."""
    rows = [
        ("Basingstoke Area Strategic Partnership (demo)", "after"),
        ("Short", "b"),
        ("李雷李雷李雷李雷", "c"),  # 16 cells
        ("exactly twelve", "d"),
    ]
    app = Table(["Partnership", "Next"], rows, widest={0: 12})
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert shown[0].startswith(" Partnership   Next")
        assert shown[1].startswith(" Basingstoke…  after")
        assert shown[2].startswith(" Short         b")
        assert cell_len(shown[3][: shown[3].index("c")]) == 15  # 1 + 12 + 2, then "c"
        assert "…" in shown[3] and "exactly twe…" in shown[4]
        assert app.table.row_cells(0)[0] == rows[0][0]


async def test_cells_are_shown_literally_never_as_markup():
    hostile = ["[/", "[/]", "x [/ y", "[b]x", "[reverse]", "[@click=app.quit]x[/]",
               "[link=https://x]y[/link]", "a\\", ":smile:"]
    app = Table(["[b]Head[/b]", "Text"], [(str(n), t) for n, t in enumerate(hostile)])
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert "[b]Head[/b]" in shown[0]
        for n, text in enumerate(hostile, 1):
            assert shown[n].split(maxsplit=1)[1].rstrip() == text
        bold = [s for s in app.screen._compositor.render_strips()[4] if "[b]x" in s.text]
        assert bold and not bold[0].style.bold  # not made bold by its own text
        await pilot.click("#t", offset=(5, 6))  # on [@click=app.quit]x[/]: nothing run
        await pilot.pause()
        assert app.is_running and app.table.cursor_row == 5


async def test_control_characters_are_shown_never_sent_and_tabs_take_their_width():
    """A pasted escape sequence is shown (␛, as every screen shows it), never obeyed by the
    terminal; a tab is as wide as it is drawn, so the next column does not slip."""
    app = Table(["A", "B"], [("\x1b[2Jred\x07", "b1"), ("x\ty", "b2")])
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        assert not any("\x1b" in seg.text or "\x07" in seg.text for s in strips for seg in s)
        shown = lines(app)
        assert shown[1].split() == ["␛[2Jred␇", "b1"]
        assert shown[1].index("b1") == shown[2].index("b2")  # the tab counted in the width


async def test_a_cell_of_several_lines_shows_its_first_in_a_column_as_wide_as_its_widest():
    app = Table(["A", "B"], [("one\nthe longest line", "b1"), ("two", "b2")])
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert shown[1].split() == ["one", "b1"] and shown[2].split() == ["two", "b2"]
        assert shown[1].index("b1") == len(" the longest line  ")
        assert "the longest" not in "".join(shown)


async def test_keys_move_the_cursor_and_the_next_page_is_asked_for_near_the_end():
    app = Table(["Code", "Text"], numbered(PAGE), total=150, keys=[f"k{n}" for n in range(PAGE)])
    async with app.run_test(size=(40, 12)) as pilot:  # 11 rows in view under the header
        await pilot.pause()
        table = app.table
        assert app.near == [] and table.cursor_row == 0 and table.cursor_key() == "k0"
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and table.cursor_key() == "k2"
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row == 12 and app.near == []
        assert "row 12" in "".join(lines(app))  # scrolled into view
        await pilot.press("pagedown", "pagedown")  # row 34: the view's end is 20 from 60
        await pilot.pause()
        assert app.near == [PAGE]
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.near == [PAGE]  # asked once, until it arrives
        table.extend(PAGE, numbered(PAGE, PAGE), [f"k{n}" for n in range(PAGE, 2 * PAGE)])
        assert table.row_count == 2 * PAGE and table.cursor_row == 45
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 2 * PAGE - 1 and app.near == [PAGE, 2 * PAGE]
        assert lines(app)[-1].split() == [f"r{2 * PAGE - 1}", "row", f"{2 * PAGE - 1}"]
        await pilot.press("pageup")
        assert table.cursor_row == 2 * PAGE - 12
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and lines(app)[1].split()[0] == "r0"
        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [(0, "k0")]


async def test_the_header_stays_at_the_top_as_the_rows_scroll():
    app = Table(["Code", "Text"], numbered(100))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+end")
        await pilot.pause()
        shown = lines(app)
        assert app.table.scroll_y > 0
        assert shown[0].split() == ["Code", "Text"]
        assert shown[1].split()[0] == "r91" and shown[-1].split()[0] == "r99"


async def test_extend_with_a_wider_cell_widens_its_column_for_every_row():
    app = Table(["Code", "Text"], numbered(3), total=6)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        app.table.move_cursor(row=2)
        before = lines(app)[1].index("row 0")
        app.table.extend(3, [("a much wider code", "row 3"), ("r4", "row 4"), ("r5", "row 5")])
        await pilot.pause()
        shown = lines(app)
        assert shown[4].split(maxsplit=1)[0] == "a" and "a much wider code" in shown[4]
        assert {line.index(f"row {n}") for n, line in enumerate(shown[1:7])} == {20}
        assert before == 7 and app.table.cursor_row == 2


async def test_show_keeps_the_cursor_on_its_row_and_says_what_is_there():
    app = Table(["Code", "Text"], numbered(10), keys=[f"a{n}" for n in range(10)])
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        app.table.move_cursor(row=5)
        app.table.show(["Code", "Text"], numbered(8, 100), 8, [f"b{n}" for n in range(8)])
        await pilot.pause()
        assert app.table.cursor_row == 5 and app.table.cursor_key() == "b5"
        assert lines(app)[6].split()[0] == "r105"
        same_widths = [(f"s10{n}", f"new 10{n}") for n in range(8)]
        app.table.show(["Code", "Text"], same_widths, 8)  # the same widths, other text
        await pilot.pause()
        assert [" ".join(line.split()) for line in lines(app)[1:9]] == [
            f"s10{n} new 10{n}" for n in range(8)
        ]
        app.table.show(["Code", "Text"], numbered(3), 3)  # fewer rows, and no keys
        assert app.table.cursor_row == 2 and app.table.cursor_key() is None
        app.table.show(["Code", "Text"], [], 0)
        await pilot.pause()
        assert app.table.row_count == 0 and app.table.cursor_key() is None
        assert lines(app)[0].split() == ["Code", "Text"] and not lines(app)[1].strip()
        await pilot.press("enter", "down")
        assert app.selected == []


async def test_a_click_moves_the_cursor_and_a_click_on_the_cursor_row_selects_it():
    app = Table(["Code", "Text"], numbered(10), keys=[f"k{n}" for n in range(10)])
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        await pilot.click("#t", offset=(3, 4))  # line 4: row 3
        await pilot.pause()
        assert app.table.cursor_row == 3 and app.selected == []
        await pilot.click("#t", offset=(30, 4))  # past the last column: still the row
        await pilot.pause()
        assert app.selected == [(3, "k3")]
        await pilot.click("#t", offset=(3, 0))  # the header: nothing
        await pilot.click("#t", offset=(3, 12))  # below the last row: nothing
        await pilot.pause()
        assert app.table.cursor_row == 3 and app.selected == [(3, "k3")]


async def test_wide_columns_scroll_sideways():
    app = Table(["Code", "Text"], [("r0", "x" * 70 + " end")])
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        assert "end" not in lines(app)[1]
        await pilot.press(*["right"] * 50)  # one cell a key, to its end
        await pilot.pause()
        assert app.table.scroll_x == app.table.max_scroll_x > 0
        assert lines(app)[1].endswith(" end ")
        assert "Code" not in lines(app)[0]  # the header scrolls with its columns
        await pilot.press(*["left"] * 50)
        await pilot.pause()
        assert app.table.scroll_x == 0 and lines(app)[0].startswith(" Code")


async def test_stripes_and_the_cursor_row_are_drawn_in_the_datatable_colours():
    app = Table(["Code", "Text"], numbered(6))
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        bg = [strips[y]._segments[0].style.bgcolor for y in range(5)]
        table = app.table
        cursor = table.get_component_rich_style("datatable--cursor").bgcolor
        even = table.get_component_rich_style("datatable--even-row").bgcolor
        odd = table.get_component_rich_style("datatable--odd-row").bgcolor
        header = table.get_component_rich_style("datatable--header").bgcolor
        assert bg == [header, cursor, odd, even, odd] and len({header, cursor, even, odd}) == 4


async def test_only_the_rows_in_view_are_drawn():
    app = Table(["Code", "Text"], numbered(600), total=600)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert len(app.table._strips) <= 10  # the header and the 9 rows in view
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert len(app.table._strips) <= 20


async def test_the_mouse_wheel_scrolls_and_asks_for_the_next_page_near_the_end():
    app = Table(["Code", "Text"], numbered(PAGE), total=150)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.table
        for _ in range(15):
            table.post_message(events.MouseScrollDown(table, 3, 5, 0, 1, 0, False, False, False))
            await pilot.pause()
        assert table.scroll_y > 0 and table.cursor_row == 0  # the view moved, not the cursor
        shown = lines(app)
        assert shown[0].split() == ["Code", "Text"]
        assert shown[1].split()[0] == f"r{round(table.scroll_y)}"
        assert app.near == [PAGE]  # the view's end came within MARGIN rows of the last


async def test_the_row_under_the_mouse_is_shown_until_the_cursor_moves():
    app = Table(["Code", "Text"], numbered(6))
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        table = app.table

        def background(y: int):
            return app.screen._compositor.render_strips()[y]._segments[0].style.bgcolor

        plain = background(3)
        await pilot.hover("#t", offset=(3, 3))  # row 2
        await pilot.pause()
        hover = table.get_component_rich_style("datatable--hover")
        even = table.get_component_rich_style("datatable--even-row")
        assert background(3) == (even + hover).bgcolor != plain
        await pilot.press("down")
        await pilot.pause()
        assert background(3) == plain and table.cursor_row == 1


async def test_a_new_theme_redraws_the_rows_already_drawn_in_its_colours():
    app = Table(["Code", "Text"], numbered(6))
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()

        def backgrounds() -> list:
            return [app.screen._compositor.render_strips()[y]._segments[0].style.bgcolor
                    for y in range(4)]

        dark = backgrounds()
        app.theme = "textual-light"
        await pilot.pause()
        light = backgrounds()
        table = app.table
        assert light == [table.get_component_rich_style(name).bgcolor for name in (
            "datatable--header", "datatable--cursor", "datatable--odd-row", "datatable--even-row"
        )]
        assert all(a != b for a, b in zip(dark, light, strict=True))


async def test_a_burst_of_lines_on_matters_arising_reads_the_open_actions_once_at_a_time(
    store, clock, monkeypatch
):
    """A thread worker cancelled goes on to its end: each line of a burst started a read,
    all of them writing to the index at once beside the lines' own saves. Now one read at
    a time, and one more once the saves pause, which sees the last line."""
    import time

    from facilitator.core.meeting import Meeting

    with_actions(store, clock, meetings=2, each=3)
    next_one = agenda_from_dict(agenda(date="20/11/2026 14:00", title="Next"), clock().date())
    sid, _ = carry.create(store, next_one)
    matters = next(n for n, i in enumerate(store.load(sid).agenda, 1)
                   if carry.is_matters_arising(i))
    reading, most, reads = [0], [0], []
    real = Meeting.open_actions

    def open_actions(self, **kwargs):
        reading[0] += 1
        most[0] = max(most[0], reading[0])
        try:
            time.sleep(0.2)  # a slow disk: the burst's lines come meanwhile
            rows = real(self, **kwargs)
            reads.append(len(self.session.notes))
            return rows
        finally:
            reading[0] -= 1

    monkeypatch.setattr(Meeting, "open_actions", open_actions)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("#capture", Input)
        for line in [f"/goto {matters}", *(f"burst line {k}" for k in range(6)),
                     "/action @Sam book the hall by friday"]:
            bar.value = line
            await pilot.press("enter")  # no waiting for the reads between lines
        for _ in range(100):
            await pilot.pause(0.05)
            rows = app.screen._open_rows or []
            if any(r.text == "book the hall" for r in rows) and not reading[0]:
                break
        await settled(pilot)
        assert most[0] == 1  # never two at once
        assert reads[-1] == 6 and len(reads) <= 3  # the last saw every line; not one a line
        assert "book the hall" in screen_text(app)  # drawn on matters arising
