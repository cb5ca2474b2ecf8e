"""The checklist review: one item at a time, large enough for the room, a few keys each.

Type y, n or ? (or counts such as 6 2 1: yes, no, not sure), then any note, and Enter: the
answer is saved and the next item comes up. ``public: n …`` is the public sector's own view:
it is saved as that sector's and the item stays up for the room's answer. After a ✗ the bar
asks for an improvement action (``@OWNER TEXT by DATE``; Enter alone skips). ctrl+n / ctrl+b
move without answering.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from facilitator.core.capture import CaptureError
from facilitator.core.checklists import Checklist
from facilitator.core.health import MARK, ItemTrend, describe, latest_answers, standing_views
from facilitator.core.meeting import Meeting
from facilitator.core.review import read_answer
from facilitator.ui.capture_bar import CaptureBar, completions
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen
from facilitator.ui.status_line import StatusLine

ASK = "y ✓ · n ✗ · ? not sure · counts yes no unsure: 6 2 1 · a sector: public: n — then any note"
ASK_ACTION = "✗ — agree an action to improve? @OWNER what by DATE — or Enter to skip"


class ChecklistScreen(AppScreen[None]):
    STYLES = "checklist.tcss"

    BINDINGS = [
        Binding("ctrl+n,pagedown", "step(1)", "Next item", id="checklist.next"),
        Binding("ctrl+b,pageup", "step(-1)", "Previous", id="checklist.prev"),
        Binding("escape", "back", "Back to the meeting", id="checklist.back"),
    ]

    def __init__(self, meeting: Meeting, checklist: Checklist, trend: list[ItemTrend]) -> None:
        super().__init__()
        self.meeting = meeting
        self.checklist = checklist
        self.trend = {row.ref: row for row in trend}
        self.index = 0
        self.asking_action = False
        self._refusal = "✗ Not saved"  # the last refusal, for a line the bar sets aside

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist"):
            yield Static(id="checklist-title")
            yield Static(id="checklist-item")
            yield Static(id="checklist-source")
            yield Static(id="checklist-answer")
            yield Static(id="checklist-history")
            yield Static(id="checklist-progress")
        yield StatusLine()
        yield CaptureBar(
            lambda: completions(self.meeting.session),
            self.take,
            self.line_set_aside,
            placeholder=ASK,
            id="checklist-bar",
        )
        yield KeyBar(palette=False)

    def on_mount(self) -> None:
        self.show()
        self.query_one(CaptureBar).focus()

    @property
    def item(self):  # noqa: ANN201 - ChecklistItem
        return self.checklist.items[self.index]

    def show(self) -> None:
        item, total = self.item, len(self.checklist.items)
        self.query_one("#checklist-title", Static).update(
            Content.from_markup(
                "[b]$title[/b] — $n of $total",
                title=self.checklist.title,
                n=self.index + 1,
                total=total,
            )
        )
        self.query_one("#checklist-item", Static).update(Content(item.text))
        self.query_one("#checklist-source", Static).update(Content(f"Source: {item.source}"))
        session = self.meeting.session
        answers = latest_answers(session, self.checklist.id)
        views = standing_views(session, self.checklist.id).get(item.ref, [])
        shown = (
            "Answered: " + "; ".join(describe(a) for a in views)
            if views
            else "Not answered yet at this meeting."
        )
        self.query_one("#checklist-answer", Static).update(Content(shown))
        past = self.trend.get(item.ref)
        history = (
            "Earlier reviews: none."
            if past is None or not past.marks
            else (
                "Earlier reviews: "
                + "  ".join(
                    f"{d} {MARK[a]} {a}" + (f" ({c})" if c else "") for d, a, c in past.marks[-6:]
                )
            )
        )
        self.query_one("#checklist-history", Static).update(Content(history))
        done = len(answers)
        self.query_one("#checklist-progress", Static).update(
            Content(f"{done} of {total} answered · ctrl+n next · ctrl+b back · Esc to the meeting")
        )

    def set_status(self, message: str, *, error: bool = False, advice: str = "") -> None:
        """Show ``message`` (then ``advice``), and any refused lines the bar has set aside."""
        if error:
            self._refusal = message
        notice = self.query_one(CaptureBar).notice()
        self.query_one(StatusLine).say(message, error=error, advice=advice, notice=notice)

    def take(self, line: str, kept: bool) -> bool:
        """The bar hands over a line the moment Enter is pressed; False when refused."""
        try:
            if self.asking_action:
                message = self._action(line)
            else:
                message = self._answer(line)
        except CaptureError as exc:
            self.set_status(f"✗ Not saved: {exc}", error=True)
            return False
        except OSError as exc:
            self.set_status(
                f"✗ NOT SAVED — the disk refused the write ({exc.strerror}).",
                error=True,
                advice="Your text is still in the bar." if kept else "",
            )
            return False
        self.query_one(CaptureBar).placeholder = ASK_ACTION if self.asking_action else ASK
        self.set_status(message)
        self.show()
        return True

    def line_set_aside(self, line: str) -> None:
        """The bar set a refused line aside (something followed it): say so, and why."""
        self.set_status(self._refusal, error=True)

    def _answer(self, typed: str) -> str:
        if not typed.strip():
            raise CaptureError(ASK)
        read = self.meeting.record_answer(self.checklist, self.item.ref, typed)
        saved = self.meeting.session.checklist[-1]  # as it is now on disk
        said = f"✓ Saved — {self.item.ref}: {describe(saved)}"
        if read.sector:  # the room's own answer is still to come
            return said + " — the item stays for the whole room's answer or another sector's"
        if read.answer == "no":
            self.asking_action = True
            return said + " — agree an action to improve it?"
        self._advance()
        return said

    def _action(self, typed: str) -> str:
        """An improvement action starts with its owner. Anything else that reads as an answer
        means the room moved on: no action, and the answer is for the next item."""
        text = typed.strip()
        if text and not text.startswith("@"):
            try:
                read_answer(text)
            except CaptureError:
                raise CaptureError(
                    "an improvement action starts with its owner: @OWNER what by DATE "
                    "(Enter alone skips it)"
                ) from None
            self.asking_action = False
            self._advance()
            return self._answer(text)
        if text:
            ref = self.item.ref
            message = f"✓ {self.meeting.improvement_action(self.checklist.id, ref, text)}"
        else:
            message = "No action for that item"
        self.asking_action = False
        self._advance()
        return message

    def _advance(self) -> None:
        if self.index < len(self.checklist.items) - 1:
            self.index += 1
        else:
            self.set_status("That was the last item: Esc goes back to the meeting")

    def action_back(self) -> None:
        """Back to the meeting, whose screen then shows what the review recorded (a
        dismissal runs the callback that redraws it; popping the screen would not)."""
        self.dismiss(None)

    def action_step(self, step: int) -> None:
        self.asking_action = False
        self.index = max(0, min(self.index + step, len(self.checklist.items) - 1))
        self.query_one(CaptureBar).placeholder = ASK
        self.show()
