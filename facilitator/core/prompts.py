"""Chair prompts: a pure rule engine, session state + clock → prompts.

Each prompt has a short text for the room, the reason it fired, and the compact and clause it
comes from. Texts, thresholds and priorities live in ``facilitator/data/prompts.toml``; a
partnership overrides them with a ``prompts.toml`` in its data folder. The chair's dismissals
and snoozes are stored in the session (``PromptMark``) and respected here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from string import Formatter
from typing import Any

import msgspec

from facilitator.core import shipped
from facilitator.core.clauses import cite
from facilitator.core.clock import item_elapsed, seconds_between
from facilitator.core.errors import UserError
from facilitator.core.files import parse_toml
from facilitator.core.health import review_overdue
from facilitator.core.model import AgendaItem, Session
from facilitator.core.patterns import lazy
from facilitator.core.speakers import balance, unheard
from facilitator.core.working_days import papers_for, papers_status

Config = dict[str, dict[str, Any]]


class PromptConfigError(UserError):
    """A prompts.toml that cannot be used: one line naming the file and the field."""


class Prompt(msgspec.Struct, frozen=True):
    rule: str
    key: str  # identifies this instance, for dismiss and snooze
    text: str
    reason: str
    source: str
    priority: int
    choice: bool = False  # the chair must choose (overrun: extend, defer, decide)


PARTNERSHIP_PROMPTS = "prompts.toml"  # in the data folder: the partnership's own settings


def for_folder(data_dir: Path) -> Config:
    """The chair's prompts for a data folder: shipped, with its ``prompts.toml`` on top
    (the live screen and the room view both read them here)."""
    return load_config(data_dir / PARTNERSHIP_PROMPTS)


def load_config(override: Path | None = None) -> Config:
    """The shipped prompts, with a partnership's overrides on top."""
    config: Config = shipped.toml("prompts.toml")
    for fields in config.values():
        _cite(fields)
    if override is None or not override.is_file():
        return config
    try:
        extra = parse_toml(override.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not TOML, a huge number
        reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise PromptConfigError(f"{override}: cannot be read ({reason})") from None
    for rule, fields in extra.items():
        if rule not in config or not isinstance(fields, dict):
            raise PromptConfigError(f"{override}: [{rule}] is not a chair prompt")
        for key, value in fields.items():
            if (rule, key) == ("papers_late", "minimum_days"):
                raise PromptConfigError(
                    f"{override}: papers_late.minimum_days is now each meeting's own setting "
                    "('papers: clear working days' on the plan screen): remove it here"
                )
            if key not in config[rule] or type(value) is not type(config[rule][key]):
                raise PromptConfigError(f"{override}: {rule}.{key} is not a setting of that type")
            problem = _setting_problem(rule, key, value)
            if problem:
                raise PromptConfigError(f"{override}: {problem}")
            config[rule][key] = value
        if "own_rule" in fields and "source" not in fields:
            _cite(config[rule])
    return config


def _cite(fields: dict[str, Any]) -> None:
    """The source shown with a prompt: the words of the clauses it cites (clauses.toml),
    then what in it is the partnership's own rule."""
    own = fields.get("own_rule", "")
    fields["source"] = cite(fields["cites"]) + (f"; {own}" if own else "")


LIMITS: dict[str, tuple[float, float]] = {
    # what each number in prompts.toml may be: beyond these a prompt would never or always
    # show, or its arithmetic would overflow (a nan or inf share, a million months)
    "priority": (0, 1000),
    "at": (0.0, 1.0),
    "share": (0.0, 1.0),
    "start_minutes": (0, 24 * 60),
    "after_minutes": (0, 24 * 60),
    "min_seconds": (0, 24 * 3600),
    "meetings": (1, 1000),
    "months": (1, 1200),
}


def _setting_problem(rule: str, key: str, value: Any) -> str | None:
    """Why one overridden setting cannot be used (naming it), or None."""
    if isinstance(value, str):
        return _text_problem(rule, value) if key in ("text", "reason") else None
    if isinstance(value, list):  # cites: what the clause map says serves each clause
        return f"{rule}.{key} cannot be changed; set {rule}.source to cite your own rule"
    lo, hi = LIMITS.get(key, (0, 0))
    if not lo <= value <= hi:  # a nan is never in range
        return f"{rule}.{key} should be from {lo} to {hi}, not {str(value)[:20]}"
    return None


def _text_problem(rule: str, text: str) -> str | None:
    """A prompt's text is filled in by name: ``{name}``, and ``{{``/``}}`` for a brace.
    Anything else in braces (an index, an attribute, a width) is refused."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in Formatter().parse(text)]
    except ValueError as exc:
        return f"{rule}: the text has a stray brace ({exc})"
    for name, spec, conv in fields:
        if name is not None and (spec or conv or not name.isidentifier()):
            return f"{rule}: the text has {{{name}…}}: only a name goes in braces, e.g. {{name}}"
    return None


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


# --------------------------------------------------------------------------- the rules


class Context(msgspec.Struct, frozen=True):
    session: Session
    now: datetime
    config: Config
    review_gap: tuple[int, str] | None = None  # meetings since the last review, its date

    @property
    def item(self) -> AgendaItem | None:
        live = self.session.info.state == "live"
        return self.session.current if live else None

    def minutes_in(self) -> float:
        started = self.session.info.started_at
        return seconds_between(started, self.now.isoformat()) / 60 if started else 0

    def make(self, rule: str, key: str, choice: bool = False, **fields: Any) -> Prompt:
        conf = self.config[rule]
        values = _Blank({k: str(v) for k, v in fields.items()})
        return Prompt(
            rule,
            key,
            conf["text"].format_map(values),
            conf["reason"].format_map(values),
            conf["source"],
            conf["priority"],
            choice,
        )


def _timebox(item: AgendaItem) -> int:
    return item.minutes + item.extra_minutes


def overrun(c: Context) -> Iterator[Prompt]:
    item = c.item
    if item is not None:
        over = item_elapsed(item, c.now) - _timebox(item) * 60
        if over > 0:
            yield c.make(
                "overrun",
                f"overrun:{item.id}:{item.extra_minutes}",
                True,
                over=(over + 59) // 60,
                timebox=_timebox(item),
            )


def timebox_warning(c: Context) -> Iterator[Prompt]:
    item = c.item
    if item is None:
        return
    box = _timebox(item) * 60
    used = item_elapsed(item, c.now)
    if c.config["timebox_warning"]["at"] * box <= used <= box:
        yield c.make(
            "timebox_warning",
            f"timebox:{item.id}:{item.extra_minutes}",
            left=max((box - used + 59) // 60, 0),
            used=used * 100 // box,
            timebox=_timebox(item),
        )


def not_quorate(c: Context) -> Iterator[Prompt]:
    item, s = c.item, c.session
    if item is not None and item.kind == "decision" and not s.quorate:
        here = sum(1 for p in s.participants if s.here_now(p))
        yield c.make("not_quorate", f"quorum:{item.id}", here=here, quorum=s.info.quorum)


def confidential_item(c: Context) -> Iterator[Prompt]:
    if c.item is not None and c.item.confidential:
        yield c.make("confidential_item", f"confidential:{c.item.id}")


_OPENING = lazy(r"(?i)welcome|apolog|declaration|introduc")


def start_openness(c: Context) -> Iterator[Prompt]:
    """At the start, on the opening items only: it ends when the meeting moves past them
    (it used to stay up for its minutes on whatever item came next)."""
    item = c.item
    if item is None or c.minutes_in() >= c.config["start_openness"]["start_minutes"]:
        return
    first = next((i for i in c.session.agenda if not i.deferred_at), None)
    if item is first or _OPENING.search(item.title):
        yield c.make("start_openness", "start_openness")


def new_partner(c: Context) -> Iterator[Prompt]:
    if c.item is None or c.minutes_in() >= c.config["new_partner"]["start_minutes"]:
        return
    for p in c.session.participants:
        if p.new and c.session.here_now(p):
            yield c.make(
                "new_partner",
                f"new:{p.name}",
                name=p.name,
                organisation=p.organisation or "no organisation given",
            )


def decision_missing(c: Context) -> Iterator[Prompt]:
    """The decision item just left had no decision: said on the item after it, until the
    meeting leaves that one too (not for the rest of the meeting)."""
    s = c.session
    since = c.item.entered_at if c.item is not None else s.info.ended_at  # the last move
    if not since:
        return
    decided = {d.item for d in s.decisions if not d.withdrawn}
    for n, item in enumerate(s.agenda, 1):
        left = item.ended_at >= since and item is not c.item and not item.deferred_at
        if item.kind == "decision" and left and item.id not in decided:
            yield c.make("decision_missing", f"nodecision:{item.id}", number=n, title=item.title)


def sector_silent(c: Context) -> Iterator[Prompt]:
    item, conf = c.item, c.config["sector_silent"]
    if item is None or item_elapsed(item, c.now) < conf["after_minutes"] * 60:
        return
    if not any(t.item == item.id for t in c.session.turns):
        return  # no discussion tracked on this item
    spoke = {t.name for t in c.session.turns if t.item == item.id}
    sectors = {p.sector for p in c.session.participants if p.name in spoke}
    for sector, names in unheard(c.session, item.id).items():
        if sector not in sectors:
            yield c.make(
                "sector_silent",
                f"sector:{item.id}:{sector}",
                sector=sector,
                names=", ".join(names),
                minutes=conf["after_minutes"],
            )


def dominant_voice(c: Context) -> Iterator[Prompt]:
    item, conf = c.item, c.config["dominant_voice"]
    if item is None:
        return
    shares = balance(c.session, c.now, item=item.id)
    total = sum(s.seconds for s in shares)
    if total >= conf["min_seconds"] and shares and shares[0].seconds > conf["share"] * total:
        top = shares[0]
        yield c.make(
            "dominant_voice",
            f"dominant:{item.id}:{top.who}",
            name=top.who,
            percent=top.seconds * 100 // total,
            limit=int(conf["share"] * 100),
        )


def decision_flags(c: Context) -> Iterator[Prompt]:
    """About the decisions on the current item: they end with the item."""
    item = c.item  # once: it is looked up each time it is asked for
    if item is None:
        return
    for d in c.session.decisions:
        if d.withdrawn or d.item != item.id:
            continue
        if d.dissent:
            yield c.make("dissent", f"dissent:{d.seq}", decision=_short(d.text), dissent=d.dissent)
        if not d.owner:
            yield c.make("decision_no_owner", f"owner:{d.seq}", decision=_short(d.text))


def action_incomplete(c: Context) -> Iterator[Prompt]:
    """About the actions raised on the current item: they end with the item (the minutes
    and the tracker still show what an action lacks)."""
    item = c.item
    if item is None:
        return
    for a in c.session.actions:
        if a.item != item.id:
            continue
        missing = [w for w, have in (("an owner", a.owner), ("a due date", a.due)) if not have]
        if missing and not a.withdrawn and a.status == "open":
            yield c.make(
                "action_incomplete",
                f"action:{a.seq}",
                action=_short(a.text),
                missing=" and ".join(missing),
            )


def participant_silent(c: Context) -> Iterator[Prompt]:
    s = c.session
    if not s.turns or c.item is None or c.minutes_in() < s.planned_minutes / 2:
        return
    spoke = {t.name for t in s.turns}
    for p in s.participants:
        if s.here_now(p) and p.name not in spoke:
            yield c.make(
                "participant_silent",
                f"silent:{p.name}",
                name=p.name,
                organisation=p.organisation or p.sector,
            )


def hard_to_reach(c: Context) -> Iterator[Prompt]:
    if c.item is not None and c.item.kind == "decision":
        yield c.make("hard_to_reach", f"hard_to_reach:{c.item.id}")


def papers_late(c: Context) -> Iterator[Prompt]:
    """The current item's papers went out fewer clear working days ahead than the
    partnership's own rule (its bank holidays counted): the plan screen's count."""
    item = c.item
    if item is None or not c.session.info.papers_days or not papers_for(c.session, item.id):
        return  # (nothing to count: the calendar is not even loaded)
    status = papers_status(c.session, c.now.date())
    found = [i for i in status.late if i.item_id == item.id]
    if found:
        days = found[0].clear_days or 0
        plural = "" if days == 1 else "s"
        yield c.make(
            "papers_late",
            f"papers:{item.id}",
            days=days,
            days_text=f"{days} clear working day{plural}",
            minimum=status.rule_days,
        )


def checklist_due(c: Context) -> Iterator[Prompt]:
    conf = c.config["checklist_due"]
    if c.item is None or c.review_gap is None or c.minutes_in() > 30:
        return
    if any(not a.sector for a in c.session.checklist):
        return  # reviewing now
    since, last = c.review_gap
    if review_overdue(since, last, c.now.date(), conf["meetings"], conf["months"]):
        when = f"on {last}" if last else "never"
        yield c.make(
            "checklist_due",
            "checklist_due",
            when=when,
            meetings=conf["meetings"],
            months=conf["months"],
        )


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


RULES: list[Callable[[Context], Iterator[Prompt]]] = [
    overrun,
    timebox_warning,
    not_quorate,
    confidential_item,
    start_openness,
    new_partner,
    decision_missing,
    sector_silent,
    dominant_voice,
    decision_flags,
    action_incomplete,
    participant_silent,
    hard_to_reach,
    checklist_due,
    papers_late,
]


def evaluate(
    session: Session,
    now: datetime,
    config: Config,
    review_gap: tuple[int, str] | None = None,
) -> list[Prompt]:
    """Every prompt that applies now and is neither dismissed nor snoozed, most urgent first.
    ``review_gap`` (meetings since the partnership last reviewed its checklist, and when)
    comes from the archive; without it the checklist nudge stays quiet."""
    context = Context(session, now, config, review_gap)
    quiet = {
        m.key
        for m in session.prompt_marks
        if m.state == "dismissed" or (m.until and datetime.fromisoformat(m.until) > now)
    }
    found = [p for rule in RULES for p in rule(context) if p.key not in quiet]
    return sorted(found, key=lambda p: -p.priority)
