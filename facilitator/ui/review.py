"""Review mode: a past session, read-only (opening never changes a file), in tabs — Minutes,
Decisions, Actions, Participation, Checklist. Search across every session is ui/search.py."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Markdown, Static, TabbedContent, TabPane

from facilitator.core.cells import cut
from facilitator.core.dates import show_when
from facilitator.core.health import (
    MARK,
    answer_words,
    checklists_reviewed,
    standing_views,
    trend,
    whose,
)
from facilitator.core.minutes import build_minutes, to_markdown
from facilitator.core.model import Session
from facilitator.core.speakers import balance
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.render import clock
from facilitator.ui.screen_base import AppScreen


def _table(table: DataTable, header: list[str], rows: list[list[str]]) -> None:
    table.clear(columns=True)
    table.add_columns(*header)
    for row in rows:
        table.add_row(*(Text(c) for c in row))


class ReviewScreen(AppScreen[None]):
    STYLES = "review.tcss"

    BINDINGS = [
        Binding("escape,ctrl+o", "app.pop_screen", "Back", id="review.back"),
        Binding("e", "export", "Export minutes", id="review.export"),
        Binding("p", "toggle_public", "Public / full", id="review.public"),
    ]

    def __init__(self, session: Session, earlier: list[Session], item: int = 0) -> None:
        super().__init__()
        self.session = session
        self.earlier = earlier
        self.item = item
        self.public = False

    def compose(self) -> ComposeResult:
        info = self.session.info
        yield Static(
            Content.from_markup(
                "[b]$p[/b] — $t — $d · read-only",
                p=info.partnership or "Meeting",
                t=info.title,
                d=show_when(info.date),
            ),
            id="review-title",
        )
        yield Static(id="review-status")
        with TabbedContent(id="review-tabs"):
            with TabPane("Minutes", id="tab-minutes"), VerticalScroll(id="review-minutes-box"):
                yield Markdown(id="review-minutes")
            for name in ("Decisions", "Actions", "Participation", "Checklist"):
                with TabPane(name, id=f"tab-{name.lower()}"):
                    yield DataTable(
                        id=f"review-{name.lower()}", cursor_type="row", zebra_stripes=True
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        if self.item:
            self.set_timer(0.2, self.jump_to_item)

    def jump_to_item(self) -> None:
        """Scroll the minutes to the item a search found."""
        markdown = self.query_one("#review-minutes", Markdown)
        for _level, title, header_id in markdown.table_of_contents:
            if title.startswith(f"{self.item}. ") and header_id:
                markdown.query_one(f"#{header_id}").scroll_visible(top=True, animate=False)
                return

    def show(self) -> None:
        s = self.session
        minutes = build_minutes(s, self.earlier, public=self.public)
        self.query_one("#review-minutes", Markdown).update(to_markdown(minutes))
        where = f" · found at item {self.item}" if self.item else ""
        version = "PUBLIC version" if self.public else "Full version"
        self.query_one("#review-status", Static).update(
            Content(f"{version}{where} · p switches · e exports · Esc back")
        )
        numbers = {i.id: str(n) for n, i in enumerate(s.agenda, 1)}
        shown = minutes  # decisions and actions as the chosen version has them
        _table(
            self.query_one("#review-decisions", DataTable),
            ["Item", "Decision", "Owner", "How / status", "Review", "Dissent"],
            [
                [
                    str(it.number),
                    d.text,
                    d.owner or "no owner",
                    f"{d.status}, {d.how}",
                    d.review or "—",
                    d.dissent or "—",
                ]
                for it in shown.items
                for d in it.decisions
            ],
        )
        _table(
            self.query_one("#review-actions", DataTable),
            ["Code", "Due", "Owner", "Action", "Status", "Item"],
            [
                [a.code, a.due or "no date", a.owner or "no owner", a.text, a.status, str(a.item)]
                for a in shown.actions
            ],
        )
        end = datetime.fromisoformat(s.info.ended_at) if s.info.ended_at else datetime.now()
        people = [[p.who, str(p.turns), clock(p.seconds)] for p in balance(s, end)]
        sectors = [
            [f"{p.who} (sector)", str(p.turns), clock(p.seconds)]
            for p in balance(s, end, by="sector")
        ]
        attendance = [[p.name, s.status_of(p), p.organisation] for p in s.participants]
        _table(
            self.query_one("#review-participation", DataTable),
            ["Who", "Turns", "Speaking time"],
            people + sectors + [[f"{n} — {st} ({o})", "", ""] for n, st, o in attendance],
        )
        rows = []
        for checklist in checklists_reviewed([s]):  # a partnership's own one too
            views = standing_views(s, checklist.id)
            for row in trend([*self.earlier, s], checklist):
                text = cut(row.text, 60)
                marks = " ".join(
                    f"{d[5:]} {MARK[a]}" + (f" ({c})" if c else "") for d, a, c in row.marks
                )
                for n, a in enumerate(views.get(row.ref, [])):  # the room's, then sectors'
                    first = n == 0
                    rows.append(
                        [
                            row.ref if first else "",
                            whose(a),
                            answer_words(a),
                            a.note or "—",
                            marks if first else "",
                            text if first else "",
                        ]
                    )
        _table(
            self.query_one("#review-checklist", DataTable),
            ["#", "Whose view", "Answer", "Note", "Over time (the whole room)", "Item"],
            rows,
        )
        del numbers

    def action_toggle_public(self) -> None:
        self.public = not self.public
        self.show()

    def action_export(self) -> None:
        from facilitator.ui.minutes_view import export_form

        self.app.push_screen(export_form(self, self.session, self.earlier, self.public))
