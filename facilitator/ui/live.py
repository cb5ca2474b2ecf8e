"""The live meeting screen: agenda, current item with its countdown, capture bar, feed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widgets import Digits, Input, Static
from textual.worker import Worker, get_current_worker

from facilitator.core import capture, carry
from facilitator.core.capture import CaptureError, OpenCmd
from facilitator.core.drafts import Draft
from facilitator.core.held import day_note
from facilitator.core.meeting import Meeting
from facilitator.core.model import Session
from facilitator.core.opening import OpenMeeting
from facilitator.core.outcome import Outcome
from facilitator.core.store import StoreError, UnconfirmedWrite
from facilitator.core.tracker import ActionRow, partnership_sessions
from facilitator.core.working_days import calendar_loaded, load_calendar
from facilitator.ui import redraw, render
from facilitator.ui.agenda_panel import AgendaPanel
from facilitator.ui.archive_view import read_failure
from facilitator.ui.capture_bar import CaptureBar, completions
from facilitator.ui.feed import Feed
from facilitator.ui.item_heading import ItemHeading
from facilitator.ui.key_bar import KeyBar
from facilitator.ui.screen_base import AppScreen
from facilitator.ui.speakers_panel import SpeakersPanel
from facilitator.ui.status_line import StatusLine

_BETWEEN = Content("")  # after matters arising's open actions: the same line each save, so
# the feed sees the lines before as drawn and lays out only the new one


class OpenActionsRead(Message):
    """Matters arising's open actions, read off the event loop."""

    def __init__(self, rows: list[ActionRow]) -> None:
        super().__init__()
        self.rows = rows


class LiveScreen(AppScreen[None]):
    """Run a meeting. Every line is on disk before the status line says it is saved."""

    STYLES = "live.tcss"

    session: Reactive[Session | None] = Reactive(
        None, always_update=True, init=False, layout=False, repaint=False
    )
    """The meeting's record, set again after every change (the same object, changed in
    place: hence ``always_update``); the widgets that show it are bound to it."""

    BINDINGS = [
        Binding("f6,ctrl+n", "capture('/next')", "Next", id="live.next"),
        Binding("f5,ctrl+b", "capture('/prev')", "Prev", id="live.prev"),
        Binding("ctrl+g", "prefill('/goto ')", "Go to", id="live.goto"),
        Binding("f2", "prefill('/decision ')", "Decision", id="live.decision"),
        Binding("f3", "prefill('/action @')", "Action", id="live.action"),
        Binding("ctrl+z", "capture('/undo')", "Undo", id="live.undo"),
        Binding("f4", "attendance", "Attend", id="live.attendance"),
        Binding("f7", "prefill('/add ')", "Add item", id="live.add", show=False),
        Binding("f8", "defer", "Defer", id="live.defer"),
        Binding("f9", "prefill('/move ')", "Move item", id="live.move", show=False),
        Binding("f10", "end_meeting", "End", id="live.end"),
        Binding("ctrl+r", "show_minutes", "Minutes", id="live.minutes"),
        Binding("ctrl+t", "speakers", "Speakers", id="live.speakers"),
        Binding("ctrl+l", "edit_decision", "Edit decision", id="live.edit", show=False),
        Binding("ctrl+f", "checklist", "Checklist", id="live.checklist", show=False),
        Binding("ctrl+s", "challenge", "Compact challenge", id="live.challenge", show=False),
        Binding("ctrl+y", "capture('/dismiss')", "Dismiss prompt", id="live.dismiss", show=False),
        Binding("ctrl+o", "app.home", "Home", id="live.home", show=False),
    ]

    SHOWS_CAPTURE_HELP = True

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self._refusal = "✗ Not saved"  # the last refusal, for a line the bar sets aside
        self._about: str | None = None  # the refused line the status line is about, in the bar
        self._leave_anyway = False  # the line could not be kept; asked to leave again
        self._feed_lines = render.FeedLines()  # the feed's lines, each made once

    def compose(self) -> ComposeResult:
        yield Static(id="live-title")
        with Horizontal(id="live-body"):
            with Vertical(id="left-column"):
                yield AgendaPanel(id="agenda-panel").data_bind(LiveScreen.session)
                yield SpeakersPanel(self.run_line, id="speakers")
            with Vertical(id="item-panel"):
                with Horizontal(id="item-top"):
                    yield ItemHeading(id="item-heading").data_bind(LiveScreen.session)
                    with Vertical(id="countdown-box"):
                        yield Digits("00:00", id="countdown")
                        yield Static(id="countdown-label")
                yield Static(id="meeting-clock")
                with VerticalScroll(id="feed-panel") as feed:
                    feed.border_title = "Captured on this item"
                    yield Feed(id="feed")
        yield Static(id="prompt")
        yield StatusLine()
        yield CaptureBar(
            lambda: completions(self.meeting.session),
            self.run_line,
            self.line_set_aside,
            placeholder="Type a note and press Enter · /decision … @OWNER · "
            "/action @OWNER … by DATE · /next · /undo",
            id="capture",
        )
        yield KeyBar(palette=False)

    def on_mount(self) -> None:
        self.query_one(AgendaPanel).border_title = "Agenda"
        self.query_one(SpeakersPanel).border_title = "Speakers (ctrl+t)"
        self.refresh_all()
        self.set_interval(1, self.tick)
        self.query_one("#capture", Input).focus()
        session = self.meeting.session
        papers = session.papers or any(i.papers_circulated for i in session.agenda)
        if papers and not calendar_loaded():  # the late-papers prompt's bank holidays, ahead,
            # once the screen is drawn: the import holds the GIL a fifth of a second
            self.call_after_refresh(
                self.run_worker, load_calendar, thread=True, exit_on_error=False
            )
        if session.info.state == "upcoming" and session.participants:
            apologies = len(session.apologies)
            self.set_status(
                f"Before you start: F4 takes attendance ({apologies} apologies from the plan). "
                "The clock starts with the first entry."
            )
        if session.info.state == "ended":
            self.set_status(
                "This meeting has ended: F10 or /reopen to add to it, ctrl+r for its minutes."
            )
        self._restore_draft()

    # -- what was being typed when the meeting was last closed (core/drafts.py)

    def _opened(self) -> OpenMeeting | None:
        opened = self.app.opened
        return opened if opened is not None and opened.meeting is self.meeting else None

    def _restore_draft(self) -> None:
        opened = self._opened()
        if opened is None:
            return
        if opened.draft_problem:
            self.set_status(
                f"✗ {opened.draft_problem}: a line left in the bar cannot be kept at quit "
                "while it is there.",
                error=True,
            )
        if opened.draft:
            self.query_one(CaptureBar).restore(opened.draft.line, opened.draft.aside)
            typed = "Restored the line you were typing" if opened.draft.line.strip() else (
                "Restored what was not saved"
            )
            self.set_status(
                f"{typed} when this meeting was last closed: Enter saves it, ctrl+u clears it."
            )

    def keep_line(self) -> str:
        """Keep what is in the capture bar (and the refused lines set aside) for the next
        time this meeting is opened; never in the session file, so never in the minutes.
        Returns why it could not be kept ("" when it was, or there was nothing to keep)."""
        opened = self._opened()
        if opened is None:
            return ""
        bar = self.query_one(CaptureBar)
        draft = Draft(bar.value, bar.unsaved())
        if not draft and not opened.draft:
            return ""  # nothing typed, nothing kept before: the disk is not touched
        try:
            opened.keep_draft(draft)
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            return f"The line in the bar could not be kept for next time ({reason})"
        return ""

    def leave_keeping_line(self, then: Callable[[], None], key: str) -> None:
        """Keep the line being typed, then ``then()`` (quit, go home). Run behind the keys
        already typed into the bar: ctrl+q is taken at once, ahead of the keys before it.
        If the line cannot be kept, say so and stay; ``key`` again leaves without it."""

        def leave() -> None:
            problem = self.keep_line()
            if problem and not self._leave_anyway:
                self._leave_anyway = True
                self.set_status(
                    f"✗ {problem}: it is still in the bar; {key} again leaves without it.",
                    error=True,
                )
                return
            then()

        self.query_one(CaptureBar).call_later(leave)

    # -- drawing

    def _show_title(self) -> None:
        """The partnership and meeting, and — when it is run on a day other than its
        planned one — that it is recorded as held today."""
        info = self.meeting.session.info
        note = day_note(info, self.app.now().date())
        redraw.show(
            self.query_one("#live-title", Static),
            Content.from_markup(
                "[b]$partnership[/b] — $title$note",
                partnership=info.partnership or "Meeting",
                title=info.title,
                note=f"  ⚠ {note}" if note else "",
            ),
        )

    def refresh_all(self) -> None:
        session = self.meeting.session
        self._show_title()
        self.session = session  # the agenda and the item's heading, bound to it, redraw
        lines = render.feed(session, self.meeting.action_codes(), self._feed_lines)
        if session.current is not None and carry.is_matters_arising(session.current):
            actions = self._open_actions()
            lines = [actions, _BETWEEN, *lines]
        self.query_one("#feed", Feed).show(lines)
        # anchored, the feed is laid out scrolled to its end, so the line just saved is in
        # view at once (scroll_end alone scrolled to the end before the new line was laid out)
        self.query_one("#feed-panel", VerticalScroll).anchor()
        self.tick()

    # -- matters arising: the partnership's open actions, read in a worker

    OPEN_SHOWN = 40  # open actions listed on matters arising, the soonest due first
    READ_AFTER = 0.5  # seconds after a save that the open actions are read again, unless
    # another save comes first: reading them writes the meeting's rows to the review index,
    # and that commit's fsyncs, made while the next line of a burst was saved, held that
    # save's own fsync (on the event loop) 60-210 ms
    _open_rows: list[ActionRow] | None = None  # as last read; None: not read yet
    _open_shown: tuple[list[ActionRow], date, Content] | None = None  # drawn from them
    _open_drawn = False  # drawing the rows just read: not asked for again
    _open_timer: Timer | None = None  # the read again, waiting for the saves to pause
    _open_reading = False  # a read of them is at work

    def _open_actions(self) -> Content:
        """The open actions as last read; they are asked for again (the line just saved may
        have changed them: at once the first time, else once the saves pause) and drawn
        again when the answer differs. A long list shows its first ``OPEN_SHOWN`` and says
        how many more (all of them redrawn on every line was half a second with 900)."""
        if not self._open_drawn:
            if self._open_timer is not None:
                self._open_timer.stop()
            if self._open_rows is None and not self._open_reading:
                self._start_open_read()
            else:
                self._open_timer = self.set_timer(self.READ_AFTER, self._open_read_due)
        rows = self._open_rows
        if rows is None:
            return Content("Open actions: reading the archive…")
        today = self.app.now().date()
        if self._open_shown is None or self._open_shown[0] is not rows or (
            self._open_shown[1] != today
        ):
            shown = render.open_actions(rows[: self.OPEN_SHOWN], today)
            more = len(rows) - self.OPEN_SHOWN
            if more > 0:
                shown = Content("\n").join(
                    [
                        shown,
                        Content(
                            f"… and {more} more, due later or with no date: /done CODE takes "
                            "any of them; the tracker (t on the home screen) lists them all"
                        ),
                    ]
                )
            self._open_shown = (rows, today, shown)
        return self._open_shown[2]

    def _open_read_due(self) -> None:
        """The saves have paused: read the open actions again, once the read still at it
        (if any) is back. One read at a time: a thread worker cancelled goes on to its end,
        and in a burst of lines each had started one, all writing to the index at once."""
        if self._open_reading:
            self._open_timer = self.set_timer(self.READ_AFTER, self._open_read_due)
        else:
            self._start_open_read()

    def _start_open_read(self) -> None:
        self._open_reading = True
        self._read_open_actions()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-actions")
    def _read_open_actions(self) -> None:
        worker = get_current_worker()  # (cancelled when the screen closes or the app quits)
        rows = self.meeting.open_actions(apart=True, stop=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(OpenActionsRead(rows))

    def on_open_actions_read(self, message: OpenActionsRead) -> None:
        if message.rows == self._open_rows:
            return  # nothing changed: nothing redrawn
        self._open_rows, self._open_drawn = message.rows, True
        try:
            self.refresh_all()
        finally:
            self._open_drawn = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Open actions that could not be read are said; any other error is a bug."""
        if event.worker.group != "open-actions":
            return
        if event.worker.is_finished:
            self._open_reading = False
        if error := read_failure(event):
            self.set_status(f"⚠ The open actions could not be read: {error}", error=True)

    def tick(self) -> None:
        session = self.meeting.session
        now = self.app.now()
        remaining = render.item_remaining(session, now)
        countdown = self.query_one("#countdown", Digits)
        countdown.update(render.clock(remaining))
        countdown.set_class(remaining < 0, "over")
        countdown.set_class(0 <= remaining <= self._warn_at(), "warn")
        label = self.query_one("#countdown-label", Static)
        redraw.show(label, Content(render.time_left_label(remaining)))
        meeting_clock = self.query_one("#meeting-clock", Static)
        width = meeting_clock.content_size.width
        redraw.show(meeting_clock, render.meeting_clock(session, now, width))
        self.query_one(SpeakersPanel).show(session, now)
        prompts = self.meeting.prompts()
        bar = self.query_one("#prompt", Static)
        bar.display = bool(prompts)
        if prompts:
            redraw.show(bar, render.prompt_line(prompts[0], len(prompts)))
            bar.set_class(prompts[0].choice, "choice")

    def _warn_at(self) -> int:
        item = self.meeting.session.current
        return int(render.timebox(item) * 60 * 0.2) if item else 0

    def action_speakers(self) -> None:
        self.query_one(SpeakersPanel).focus()

    def set_status(
        self, message: str, *, error: bool = False, advice: str = "", about: str | None = None
    ) -> None:
        """Show ``message`` (then ``advice``), and any refused lines the bar has set aside.
        ``about``: the refused line the error is about, kept in the bar to be corrected."""
        if error:
            self._refusal = message
        self._about = about if error else None
        notice = self.query_one(CaptureBar).notice()
        self.query_one(StatusLine).say(message, error=error, advice=advice, notice=notice)

    @on(Input.Changed, "#capture")
    def _bar_changed(self) -> None:
        """A refusal's reason stays while its line is in the bar being corrected (typing
        then edits it) and goes once the line has left the bar: emptied, or another line
        brought back in its place. The bar is read as it is now, not as the message says:
        by the time the message arrives the bar may have moved on."""
        if self._about is None:
            return
        bar = self.query_one(CaptureBar)
        value = bar.value
        recalled = value != self._about and value in bar.history + bar.aside
        if value.strip() and not recalled:
            return
        self.set_status("")

    def line_set_aside(self, line: str) -> None:
        """The bar set a refused line aside (something followed it): say so, and why."""
        self.set_status(self._refusal, error=True)

    def run_line(self, line: str, kept: bool = False) -> bool:
        """Carry out a line; True when it was saved (or needed nothing saving). ``kept``:
        the line is from the capture bar and stays there if it is refused."""
        screen = capture.opens(line)
        if screen is not None:  # the table says the command opens a screen here
            return self.open_screen(screen)
        try:
            outcome = self.meeting.capture(line)
        except CaptureError as exc:
            self.set_status(f"✗ Not saved: {exc}", error=True, about=line if kept else None)
            return False
        except StoreError as exc:  # a record the file could not be read back with: a bug
            self.set_status(f"✗ {exc}", error=True)
            return False
        except UnconfirmedWrite as exc:
            self.set_status(
                f"⚠ Saved to the file, but the disk did not confirm it ({exc.strerror}): "
                "check the disk before relying on this record.",
                error=True,
            )
            self.refresh_all()
            return True
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            self.set_status(
                f"✗ NOT SAVED — the disk refused the write ({reason}).",
                error=True,
                advice="Your text is still in the bar: press Enter to try again." if kept else "",
                about=line if kept else None,
            )
            return False
        if outcome is None:
            return True
        self.show_outcome(outcome)
        return True

    def open_screen(self, command: OpenCmd) -> bool:
        """Run the action of this screen that the command opens (as its key would); False
        when it said why it could not."""
        action: Callable[..., bool | None] = getattr(self, f"action_{command.screen}")
        return action(*command.args()) is not False

    def show_outcome(self, outcome: Outcome) -> None:
        now = self.app.now()
        message = outcome.message
        if outcome.deferred:  # where it went, said with the deferral, not after the move
            message = outcome.said(carry.deliver(self.app.store, self.meeting.session))
        self.set_status(f"✓ Saved {now:%H:%M:%S} — {message}")
        self.refresh_all()
        opened = self._opened()
        if opened is not None and opened.draft:  # the line restored is saved: its draft goes
            with contextlib.suppress(OSError):
                opened.keep_draft(Draft("", self.query_one(CaptureBar).unsaved()))

    def action_defer(self) -> None:
        from facilitator.ui.confirm import ConfirmScreen

        item = self.meeting.session.current
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_line("/defer")

        self.app.push_screen(
            ConfirmScreen(
                f"Defer {item.title!r} to the next meeting?",
                "The meeting moves on to the next item.",
            ),
            confirmed,
        )

    def action_checklist(self, name: str = "") -> bool:
        """Open the checklist review (the 13 ingredients unless another is named)."""
        from facilitator.core.checklists import ChecklistError, available
        from facilitator.core.health import trend
        from facilitator.ui.checklist import ChecklistScreen

        try:
            lists = available(self.app.store.root)
        except ChecklistError as exc:
            self.set_status(f"✗ {exc}", error=True)
            return False
        wanted = name.casefold() or "ingredients"
        found = [
            c
            for c in lists.values()
            if wanted in (c.id, c.title.casefold()) or c.id.startswith(wanted)
        ]
        if not found:
            self.set_status(f"✗ No checklist {name!r}: there are {', '.join(lists)}", error=True)
            return False
        if self.meeting.session.current is None:
            self.set_status(
                "✗ This meeting has no agenda item to record a review under", error=True
            )
            return False
        info = self.meeting.session.info
        earlier = [
            s
            for s in partnership_sessions(self.app.store, info.partnership, but=info.id)
            if (s.info.date, s.info.id) < (info.date, info.id)
        ]
        self.app.push_screen(
            ChecklistScreen(self.meeting, found[0], trend(earlier, found[0])),
            lambda _: self.refresh_all(),
        )
        return True

    def action_edit_decision(self) -> None:
        """Correct the last decision on this item; a changed wording keeps the earlier one."""
        from facilitator.core.decision_form import DECISION_STATUSES
        from facilitator.ui.form import Field, FormScreen

        item = self.meeting.session.current
        decisions = [
            d
            for d in self.meeting.session.decisions
            if item is not None and d.item == item.id and not d.withdrawn
        ]
        if not decisions:
            self.set_status("✗ There is no decision on this item to edit", error=True)
            return
        d = decisions[-1]
        votes = f"{d.votes_for}-{d.votes_against}-{d.votes_abstain}" if d.how == "vote" else ""

        def save(values: dict[str, object]) -> None:
            self.show_outcome(self.meeting.edit_decision(d.seq, values))  # CaptureError: refused

        self.app.push_screen(
            FormScreen(
                "Edit decision",
                [
                    Field("text", "Decision", value=d.text),
                    Field("owner", "Owner (a participant or organisation)", value=d.owner),
                    Field("how", "How it was decided", "choice", d.how, ("consensus", "vote")),
                    Field(
                        "votes", "Votes for-against-abstain (for a vote)", value=votes, hint="7-1-2"
                    ),
                    Field("status", "Status", "choice", d.status, DECISION_STATUSES),
                    Field("review", "Review date", value=d.review_text or d.review),
                    Field("dissent", "Dissent (who, and what happens next)", value=d.dissent),
                    Field("confidential", "Confidential", "flag", d.confidential),
                ],
                save,
            )
        )

    def action_challenge(self, number: str = "") -> bool:
        """/challenge raises a compact challenge in a form; /challenge N moves challenge N on
        (Kirklees Compact §4). Only at a steering-group meeting: the plan screen marks one."""
        from facilitator.core.challenges import (
            Case,
            ChallengeBook,
            ChallengeError,
            minute_of,
            stage_text,
        )
        from facilitator.ui.challenges import move_form, raise_form

        info, book = self.meeting.session.info, ChallengeBook(self.app.store.root)
        if info.state == "ended":
            self.set_status("✗ This meeting has ended — type /reopen to add to it", error=True)
            return False
        if not info.steering_group:
            self.set_status(
                "✗ Challenges are raised and moved on at a steering-group meeting: say so on "
                "the plan screen (Steering group? yes), or use 'facilitator challenge'",
                error=True,
            )
            return False
        champions = [p.name for p in self.meeting.session.participants if p.role == "champion"]

        def done(case: Case) -> None:
            c = case.challenge
            if self.meeting.session.current is not None:  # the minutes say what it did
                try:
                    self.meeting.entries.add_note(minute_of(case))
                except (CaptureError, OSError) as exc:
                    self.set_status(f"✗ Challenge {c.number} saved, its note not: {exc}")
                    return
                self.refresh_all()
            self.set_status(
                f"✓ Challenge {c.number}: {stage_text(c)} — a challenge is about process and "
                "relationships; a decision is challenged through the partners' normal "
                "grievance / complaint processes"
            )

        today, stamp = self.app.now().date(), self.app.now
        if not number.strip():
            item = self.meeting.session.current  # raised on an exempt item: confidential
            secret = bool(item and item.confidential)
            form = raise_form(
                book, info.partnership, today, stamp, done, session=info.id, confidential=secret
            )
            self.app.push_screen(form)
            return True
        try:
            case = book.case(int(number)) if number.strip().isdigit() else None
        except ChallengeError as exc:
            self.set_status(f"✗ {exc}", error=True)
            return False
        if case is None:
            self.set_status("✗ /challenge N: N is the challenge's number", error=True)
            return False
        if case.challenge.partnership != info.partnership:
            self.set_status(
                f"✗ Challenge {case.number} is {case.challenge.partnership}'s, not this "
                "partnership's",
                error=True,
            )
            return False
        if not case.open:
            self.set_status(f"✗ Challenge {case.number} is closed", error=True)
            return False
        form = move_form(book, case, today, stamp, done, session=info.id, champions=champions)
        self.app.push_screen(form)
        return True

    def action_attendance(self) -> None:
        from facilitator.ui.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.meeting), lambda _: self.refresh_all())

    def action_capture(self, line: str) -> None:
        self.run_line(line)

    def action_prefill(self, text: str) -> None:
        """Start a command in the bar (F2 /decision, F3 /action …): a half-typed note becomes
        its text; a half-typed command is kept in the bar's history (↑ brings it back), never
        thrown away."""
        bar = self.query_one(CaptureBar)
        typed = bar.value.strip()
        if typed and not typed.startswith("/"):
            text = f"{text}{typed}"
        elif len(typed.split(maxsplit=1)) > 1 and typed != text.strip():
            bar.remember(bar.value)
            self.set_status(f"The line you were typing is kept: ↑ brings back {typed[:40]!r}")
        bar.value = text
        bar.cursor_position = len(bar.value)
        bar.focus()

    def action_end_meeting(self) -> None:
        """F10 ends the meeting (asking first); on an ended meeting it offers to reopen."""
        from facilitator.ui.confirm import ConfirmScreen

        if self.meeting.session.info.state == "ended":
            question, detail, line = "Reopen this meeting?", "To add to its record.", "/reopen"
        else:
            question, detail, line = "End the meeting now?", "You can /reopen it later.", "/end"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_line(line)

        self.app.push_screen(ConfirmScreen(question, detail), confirmed)

    def action_show_minutes(self) -> None:
        from facilitator.ui.minutes_view import MinutesScreen

        self.app.push_screen(MinutesScreen(self.meeting.session))

