"""Partnership health over time: each checklist item's answers across the partnership's
reviews, what improved or worsened since the last one, and improvement actions still open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from facilitator.core.cells import cut
from facilitator.core.checklists import Checklist
from facilitator.core.health import MARK, answer_words, trend
from facilitator.core.model import Session
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen

_CHANGE = {
    "improved": "▲ improved",
    "worsened": "▼ worsened",
    "same": "= same",
    "new": "first review",
    "": "not reviewed",
}


class HealthScreen(AppScreen[None]):
    STYLES = "health.tcss"

    BINDINGS = [
        Binding("c", "cycle", "Next checklist", id="health.cycle"),
        Binding("escape,ctrl+o", "app.pop_screen", "Back", id="health.back"),
    ]

    def __init__(
        self, partnership: str, sessions: list[Session], checklists: list[Checklist]
    ) -> None:
        super().__init__()
        self.partnership = partnership
        self.sessions = sessions
        self.checklists = checklists
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="health-title")
        yield Static(id="health-summary")
        yield DataTable(id="health", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#health", DataTable).focus()

    def show(self) -> None:
        checklist = self.checklists[self.index]
        rows = trend(self.sessions, checklist)
        reviews = sorted({d for row in rows for d, _, _ in row.marks})
        self.query_one("#health-title", Static).update(
            Content.from_markup(
                "[b]Health over time[/b] — $p — $c",
                p=self.partnership,
                c=checklist.title,
            )
        )
        better = sum(r.change == "improved" for r in rows)
        worse = sum(r.change == "worsened" for r in rows)
        actions = sum(len(r.open_actions) for r in rows)
        self.query_one("#health-summary", Static).update(
            Content(
                f"{len(reviews)} review{'' if len(reviews) == 1 else 's'}: "
                f"{', '.join(reviews) or 'none yet'} · since the last: {better} improved, "
                f"{worse} worsened · {actions} improvement "
                f"action{'' if actions == 1 else 's'} open · c: next checklist"
            )
        )
        table = self.query_one("#health", DataTable)
        table.clear(columns=True)
        table.add_columns(
            "#",
            "Whole room, oldest first",
            "Since last review",
            "Item",
            "Sectors' own views",
            "Improvement actions open",
        )
        for row in rows:
            marks = (
                "  ".join(f"{d[5:]} {MARK[a]}" + (f" ({c})" if c else "") for d, a, c in row.marks)
                or "—"
            )
            sectors = "  ".join(
                f"{d[5:]} {a.sector} {answer_words(a)}" + (f" ({a.note})" if a.note else "")
                for d, a in row.sector_views
            )
            text = cut(row.text, 50)
            table.add_row(
                *(
                    Text(c)
                    for c in (
                        row.ref,
                        marks,
                        _CHANGE[row.change],
                        text,
                        sectors or "—",
                        "; ".join(row.open_actions) or "—",
                    )
                )
            )

    def action_cycle(self) -> None:
        self.index = (self.index + 1) % len(self.checklists)
        self.show()
