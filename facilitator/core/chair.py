"""The chair's side of the capture bar: prompts dismissed or snoozed, overrun choices,
dissent. A part of ``Meeting``; every choice is stored and shows in the minutes."""

from __future__ import annotations

from datetime import timedelta

from facilitator.core.capture import CaptureError
from facilitator.core.clock import item_elapsed
from facilitator.core.model import MAX_EXTENSION, ChairChoice, PromptMark
from facilitator.core.outcome import Outcome
from facilitator.core.owners import Owners
from facilitator.core.prompts import Config, Prompt, evaluate
from facilitator.core.record import Part, Record
from facilitator.core.tracker import Archive, review_gap

DEFAULT_SNOOZE = 5


class Chair(Part):
    def __init__(self, record: Record, prompt_config: Config) -> None:
        super().__init__(record)
        self.prompt_config = prompt_config  # the shipped prompts, and the partnership's own
        self._review_gap: tuple[int, str] | None = None

    def prompts(self) -> list[Prompt]:
        return evaluate(self.session, self.record.clock(), self.prompt_config, self.review_gap())

    def review_gap(self) -> tuple[int, str]:
        """Meetings since this partnership last reviewed its checklist (read once)."""
        if self._review_gap is None:
            info = self.session.info
            current = {"partnership": info.partnership, "date": info.date, "id": info.id}
            listings = Archive(self.record.store).listings()
            self._review_gap = review_gap(listings, current)
        return self._review_gap

    def _top_prompt(self) -> Prompt:
        found = self.prompts()
        if not found:
            raise CaptureError("there is no chair prompt showing")
        return found[0]

    def _mark(self, key: str, state: str, until: str = "") -> None:
        mark = PromptMark(key=key, state=state, until=until, at=self.record.now())
        self.record.writer.insert("prompt_marks", mark)

    def dismiss_prompt(self) -> Outcome:
        prompt = self._top_prompt()
        if prompt.choice:
            raise CaptureError("the item is over time: choose /extend N, /defer or /decide")
        self._mark(prompt.key, "dismissed")
        return Outcome(f"Prompt dismissed: {prompt.text}")

    def snooze_prompt(self, minutes: str = "") -> Outcome:
        text = minutes.removesuffix("min").strip() or str(DEFAULT_SNOOZE)
        if not (text.isascii() and text.isdigit() and 1 <= int(text[:4]) <= 120):
            raise CaptureError("snooze for 1 to 120 minutes: /snooze 5")
        prompt = self._top_prompt()
        until = self.record.clock() + timedelta(minutes=int(text))
        self._mark(prompt.key, "snoozed", until.isoformat(timespec="seconds"))
        return Outcome(f"Prompt snoozed for {int(text)} min: {prompt.text}")

    def over_time(self) -> bool:
        """Whether the current item has run past its timebox (extensions included)."""
        item = self.session.current
        if item is None or self.session.info.state != "live":
            return False
        return item_elapsed(item, self.record.clock()) > (item.minutes + item.extra_minutes) * 60

    def choose(self, text: str) -> None:
        """Record the chair's overrun choice and settle the overrun prompt showing now (a
        later overrun, after a short extension, asks again)."""
        current = evaluate(self.session, self.record.clock(), self.prompt_config)
        keys = [p.key for p in current if p.rule == "overrun"]
        item = self.record.require_item()
        self.record.add(ChairChoice(item=item, text=text, at=self.record.now()))
        for key in keys:
            self._mark(key, "dismissed")

    def extend_item(self, minutes: str) -> Outcome:
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
        self.choose(f"extended by {int(text)} min")
        self.record.writer.update_where(
            "agenda", {"extra_minutes": item.extra_minutes + int(text)}, id=item.id
        )
        return Outcome(f"Item extended by {int(text)} min")

    def decide_now(self) -> Outcome:
        self.choose("moved to a decision")
        return Outcome("Moving to a decision: record it with /decision … @OWNER")

    def dissent(self, body: str) -> Outcome:
        people = Owners.of(self.session.participants, people_only=True)
        name, used = people.resolve(body.split())
        what = body.split(None, used)[used].strip() if len(body.split()) > used else ""
        item = self.record.require_item()
        decisions = [d for d in self.session.decisions if d.item == item and not d.withdrawn]
        if not decisions:
            raise CaptureError("there is no decision on this item to dissent from")
        last = decisions[-1]
        note = f"{name}: {what}" if what else name
        dissent = f"{last.dissent}; {note}" if last.dissent else note
        self.record.writer.update_where("decisions", {"dissent": dissent}, seq=last.seq)
        return Outcome(f"Dissent recorded on the decision: {note}")
