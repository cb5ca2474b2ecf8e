"""Compact challenges on screen: the list with the selected case's detail, and the forms that
raise a challenge or move one on (from here, and from a steering-group meeting's live screen
with ``/challenge``). The cases and their rules are core/challenges.py's; a refusal keeps
the form open with its reason. User text is shown literally everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from facilitator.core.challenges import (
    ABOUT,
    Case,
    ChallengeBook,
    ChallengeError,
    detail_rows,
    not_after,
    stage_text,
)
from facilitator.core.dates import parse_date, show_when
from facilitator.ui.form import Field, FormScreen
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen
from facilitator.ui.status_line import StatusLine

COLUMNS = ("No", "Raised", "Partnership", "Raised by", "Challenged", "Stage", "Undertaking")
MOVES = {  # what the move form offers → the book's method
    "b: refer to the steering group (nominees)": "refer",
    "c: take to a national body": "escalate",
    "Compact Champions informed": "inform",
    "the nominees' recommendations": "recommend",
    "close: the outcome (and the action taken)": "close",
}
_FIRST = {"a": "refer", "b": "recommend", "c": "close"}  # the move offered first, by stage


def _day(typed: str, today: date) -> date:
    return not_after(parse_date(typed, today), today) if typed.strip() else today


def raise_form(
    book: ChallengeBook,
    partnership: str,
    today: date,
    now: Callable[[], datetime],
    done: Callable[[Case], None],
    *,
    session: str = "",
    confidential: bool = False,
) -> FormScreen:
    """The form that raises a challenge (stage a); ``partnership`` "" asks for it.
    ``confidential``: ticked to begin with (raised on an exempt item)."""
    fields = [
        Field("partnership", "Partnership", value=partnership),
        Field("raised_by", "Organisation raising it"),
        Field("against", "Organisation challenged"),
        Field("undertaking", "Undertaking of the Compact not followed", hint="e.g. 2.1 Openness"),
        Field("evidence", "Evidence"),
        Field("on", "Raised on (blank: today)", hint="e.g. 12/11/2026"),
        Field(
            "confidential",
            "Confidential (left out of public lists and reports)",
            "flag",
            confidential,
        ),
    ]

    def save(values: dict[str, Any]) -> None:
        done(
            book.raise_challenge(
                partnership=str(values["partnership"]),
                raised_by=str(values["raised_by"]),
                against=str(values["against"]),
                undertaking=str(values["undertaking"]),
                evidence=str(values["evidence"]).strip(),
                on=_day(str(values["on"]), today),
                now=now(),
                confidential=bool(values["confidential"]),
                session=session,
            )
        )

    return FormScreen(f"Raise a compact challenge\n{ABOUT}", fields, save)


def move_form(
    book: ChallengeBook,
    case: Case,
    today: date,
    now: Callable[[], datetime],
    done: Callable[[Case], None],
    *,
    session: str = "",
    champions: list[str] | None = None,
) -> FormScreen:
    """The form that moves challenge ``case`` on: to b or c, champions informed, the
    nominees' recommendations, or closed."""
    c = case.challenge
    first = next(label for label, how in MOVES.items() if how == _FIRST[c.stage])
    here = ", ".join(champions or [])
    fields = [
        Field("move", "Move", "choice", first, tuple(MOVES)),
        Field(
            "detail",
            "Nominees, 2 or more (b) · national body (c) · champions · recommendations · outcome",
            hint=f"Compact Champions here: {here}" if here else "",
        ),
        Field("action", "Action taken (when closing)"),
        Field("on", "On (blank: today)", hint="e.g. 12/11/2026"),
    ]

    def save(values: dict[str, Any]) -> None:
        how, detail = MOVES[str(values["move"])], str(values["detail"])
        on, stamp = _day(str(values["on"]), today), now()
        if how == "refer":
            moved = book.refer(c.number, [detail], on=on, now=stamp, session=session)
        elif how == "escalate":
            moved = book.escalate(c.number, detail, on=on, now=stamp, session=session)
        elif how == "inform":
            moved = book.inform(c.number, [detail], on=on, now=stamp, session=session)
        elif how == "recommend":
            moved = book.recommend(c.number, detail, on=on, now=stamp, session=session)
        else:
            action = str(values["action"])
            moved = book.close(c.number, detail, action, on=on, now=stamp, session=session)
        done(moved)

    title = (
        f"Challenge {c.number}: {c.raised_by} challenges {c.against} — now {stage_text(c)}\n{ABOUT}"
    )
    return FormScreen(title, fields, save)


def detail_lines(case: Case) -> list[str]:
    """What the detail pane shows of one case, a line each (user text as it is)."""
    c = case.challenge
    lines = [f"Challenge {c.number} ({c.status}) — {c.partnership}"]
    lines += [f"{label}: {value}" for label, value in detail_rows(c)]
    lines.append("Moves, each dated:")
    lines += [f"  {show_when(m.on)} · {m.what} · {m.detail}" for m in case.moves]
    return lines


class ChallengesScreen(AppScreen[None]):
    """Every compact challenge (of one partnership, if given), open ones unless **o** shows
    all, with the selected one's detail and moves; **n** raises one, **m** moves it on."""

    STYLES = "challenges.tcss"

    BINDINGS = [
        Binding("n", "raise", "Raise", id="challenges.raise"),
        Binding("m", "move", "Move on", id="challenges.move"),
        Binding("o", "toggle_open", "Open / all", id="challenges.open"),
        Binding("escape,ctrl+o", "app.pop_screen", "Back", id="challenges.back"),
    ]

    def __init__(self, partnership: str = "") -> None:
        super().__init__()
        self.partnership = partnership
        self.open_only = True
        self.cases: list[Case] = []
        self.shown: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Static(id="challenges-title")
        yield Static(Content(ABOUT), id="challenges-about")
        yield DataTable(id="challenges-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="challenge-detail")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#challenges-table", DataTable).focus()

    def reload(self, select: int = 0) -> None:
        """Read the challenges file (one small file) and show it; ``select``: that case."""
        try:
            self.cases = ChallengeBook(self.app.store.root).cases(self.partnership or None)
        except ChallengeError as exc:
            self.cases = []
            self.query_one(StatusLine).say(f"✗ {exc}", error=True)
        self.shown = [c for c in self.cases if c.open or not self.open_only]
        which = "open challenges" if self.open_only else "every challenge"
        self.query_one("#challenges-title", Static).update(
            Content.from_markup(
                "[b]Compact challenges[/b] — $p · $w ($n) · o: $o",
                p=self.partnership or "every partnership",
                w=which,
                n=str(len(self.shown)),
                o="show all" if self.open_only else "open only",
            )
        )
        table = self.query_one("#challenges-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        for case in self.shown:
            c = case.challenge
            cells = (
                str(c.number),
                show_when(c.raised_on),
                c.partnership,
                c.raised_by,
                c.against,
                stage_text(c),
                c.undertaking,
            )
            table.add_row(*(Text(cell) for cell in cells), key=str(c.number))
        numbers = [c.number for c in self.shown]
        if select in numbers:
            table.move_cursor(row=numbers.index(select), animate=False)
        self._show_detail()

    def _selected(self) -> Case | None:
        table = self.query_one("#challenges-table", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((c for c in self.shown if str(c.number) == key), None)

    def _show_detail(self) -> None:
        case = self._selected()
        if case is None:
            said = (
                "No open challenges. n raises one; o shows closed ones too."
                if self.open_only
                else "No challenges recorded. n raises one."
            )
        else:
            said = "\n".join(detail_lines(case))
        self.query_one("#challenge-detail", Static).update(Content(said))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.reload()

    def _done(self, verb: str) -> Callable[[Case], None]:
        def done(case: Case) -> None:
            self.open_only = self.open_only and case.open
            self.reload(select=case.number)
            self.query_one(StatusLine).say(
                f"✓ Challenge {case.number} {verb} — {stage_text(case.challenge)}"
            )

        return done

    def action_raise(self) -> None:
        selected = self._selected()
        partnership = self.partnership or (selected.challenge.partnership if selected else "")
        self.app.push_screen(
            raise_form(
                ChallengeBook(self.app.store.root),
                partnership,
                self.app.now().date(),
                self.app.now,
                self._done("raised"),
            )
        )

    def action_move(self) -> None:
        case = self._selected()
        if case is None:
            self.query_one(StatusLine).say("✗ Select a challenge to move on", error=True)
            return
        if not case.open:
            self.query_one(StatusLine).say(
                f"✗ Challenge {case.number} is closed: it cannot be moved on", error=True
            )
            return
        self.app.push_screen(
            move_form(
                ChallengeBook(self.app.store.root),
                case,
                self.app.now().date(),
                self.app.now,
                self._done("moved on"),
            )
        )
