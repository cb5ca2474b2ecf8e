"""The chair's side of the capture bar: prompts dismissed or snoozed, overrun choices,
dissent. A mixin of ``Meeting``; every choice is stored and shows in the minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from facilitator.core.capture import CaptureError
from facilitator.core.model import MAX_EXTENSION, ChairChoice, Entry, PromptMark, Session
from facilitator.core.owners import Owners
from facilitator.core.store import SessionWriter

if TYPE_CHECKING:
    from facilitator.core.meeting import Outcome
    from facilitator.core.prompts import Config, Prompt

DEFAULT_SNOOZE = 5


class Chair:
    writer: SessionWriter
    clock: Callable[[], datetime]
    session: Session
    prompt_config: Config
    _add: Callable[[Entry], Entry]
    _require_item: Callable[[], int]

    def prompts(self) -> list[Prompt]:
        from facilitator.core.prompts import evaluate

        return evaluate(self.session, self.clock(), self.prompt_config, self.review_gap())

    def review_gap(self) -> tuple[int, str]:
        """Meetings since this partnership last reviewed its checklist (read once)."""
        if not hasattr(self, "_review_gap"):
            from facilitator.core.tracker import review_gap

            info = self.session.info
            current = {"partnership": info.partnership, "date": info.date, "id": info.id}
            listings = self.archive.listings()  # type: ignore[attr-defined]
            self._review_gap = review_gap(listings, current)
        return self._review_gap

    def _top_prompt(self) -> Prompt:
        found = self.prompts()
        if not found:
            raise CaptureError("there is no chair prompt showing")
        return found[0]

    def _mark(self, key: str, state: str, until: str = "") -> None:
        at = self.clock().isoformat(timespec="seconds")
        self.writer.insert("prompt_marks", PromptMark(key=key, state=state, until=until, at=at))

    def dismiss_prompt(self) -> Outcome:
        from facilitator.core.meeting import Outcome

        prompt = self._top_prompt()
        if prompt.choice:
            raise CaptureError("the item is over time: choose /extend N, /defer or /decide")
        self._mark(prompt.key, "dismissed")
        return Outcome(f"Prompt dismissed: {prompt.text}")

    def snooze_prompt(self, minutes: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        text = minutes.removesuffix("min").strip() or str(DEFAULT_SNOOZE)
        if not (text.isascii() and text.isdigit() and 1 <= int(text[:4]) <= 120):
            raise CaptureError("snooze for 1 to 120 minutes: /snooze 5")
        prompt = self._top_prompt()
        until = self.clock() + timedelta(minutes=int(text))
        self._mark(prompt.key, "snoozed", until.isoformat(timespec="seconds"))
        return Outcome(f"Prompt snoozed for {int(text)} min: {prompt.text}")

    def over_time(self) -> bool:
        """Whether the current item has run past its timebox (extensions included)."""
        from facilitator.core.meeting import item_elapsed

        item = self.session.current
        if item is None or self.session.info.state != "live":
            return False
        return item_elapsed(item, self.clock()) > (item.minutes + item.extra_minutes) * 60

    def _choose(self, text: str) -> None:
        """Record the chair's overrun choice and settle the overrun prompt showing now (a
        later overrun, after a short extension, asks again)."""
        from facilitator.core.prompts import evaluate

        current = evaluate(self.session, self.clock(), self.prompt_config)
        keys = [p.key for p in current if p.rule == "overrun"]
        item = self._require_item()
        self._add(ChairChoice(item=item, text=text, at=self.clock().isoformat(timespec="seconds")))
        for key in keys:
            self._mark(key, "dismissed")

    def extend_item(self, minutes: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        text = minutes.removesuffix("min").strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text[:4]) <= 120):
            raise CaptureError("extend by 1 to 120 minutes: /extend 5")
        item = self.session.current
        if item is None:
            raise CaptureError("there is no item to extend")
        if item.extra_minutes + int(text) > MAX_EXTENSION:
            raise CaptureError(
                f"an item can be extended by {MAX_EXTENSION} minutes in all; this one has "
                f"been by {item.extra_minutes}"
            )
        self._choose(f"extended by {int(text)} min")
        self.writer.update_where(
            "agenda", {"extra_minutes": item.extra_minutes + int(text)}, id=item.id
        )
        return Outcome(f"Item extended by {int(text)} min")

    def decide_now(self) -> Outcome:
        from facilitator.core.meeting import Outcome

        self._choose("moved to a decision")
        return Outcome("Moving to a decision: record it with /decision … @OWNER")

    def dissent(self, body: str) -> Outcome:
        from facilitator.core.meeting import Outcome

        people = Owners.of(self.session.participants, people_only=True)
        name, used = people.resolve(body.split())
        what = body.split(None, used)[used].strip() if len(body.split()) > used else ""
        item = self._require_item()
        decisions = [d for d in self.session.decisions if d.item == item and not d.withdrawn]
        if not decisions:
            raise CaptureError("there is no decision on this item to dissent from")
        last = decisions[-1]
        note = f"{name}: {what}" if what else name
        dissent = f"{last.dissent}; {note}" if last.dissent else note
        self.writer.update_where("decisions", {"dissent": dissent}, seq=last.seq)
        return Outcome(f"Dissent recorded on the decision: {note}")
