"""Compact challenges (Kirklees Compact §4): one tracked case per challenge, and its moves.

A partner "can 'challenge' a process if they believe the terms of Compact have not been
followed". Each case records who raises it, who is challenged, which undertaking they believe
was not followed, the evidence, and how it moves on, each move dated:

* stage a: the partners "initially discuss concerns" between themselves (where every case
  starts);
* stage b: the Compact Steering Group is asked to review it, and "will nominate at least two
  people to consider the situation and make recommendations to both parties" (fewer than
  two nominees is refused);
* stage c: "the challenging organisation may, if appropriate, take the concern to the
  national structures such as the LA Ombudsman" (only after stage b: "if a resolution cannot
  be reached at this point");
* the Compact Champions informed, and the outcome and "resultant action taken" when it closes.

A challenge belongs to a partnership, not to one meeting: stage a happens between meetings,
and a case is moved on from the command line while a meeting may hold its session's lock.
So every case lives in one file of the data folder, ``challenges.json`` (the store's layout:
a table of records per line, written with :func:`files.write_atomic` under its own lock,
``.challenges.json.lock``), and every record is checked by msgspec when the file is read, as a
session's are. A file of that name that facilitator did not write is never written over.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec

from facilitator.core.dates import echo_date
from facilitator.core.errors import UserError
from facilitator.core.files import (
    NotRegularFile,
    dumps,
    open_lock_file,
    read_text,
    remove_stale_temps,
    write_atomic,
)
from facilitator.core.model import (
    Count,
    Day,
    Line,
    RecordError,
    Stamp,
    _Doc,
    choice,
    has_line_break,
    load_tables,
    one_of,
)

FILE = "challenges.json"
LOCK = ".challenges.json.lock"  # (no session id has a dot: never a session's lock)
VERSION = 1
STALE_TEMP = 600.0  # seconds: a temp file of challenges.json older than this was a crash's
LOCK_WAIT = 2.0  # seconds to wait for another writer (a write takes milliseconds)
MIN_NOMINEES = 2  # §4 b: "at least two people"

STAGES = ("a", "b", "c")
STAGE_NAMES = {
    "a": "discussed between the partners",
    "b": "referred to the steering group",
    "c": "taken to a national body",
}
MOVES = ("raised", "referred", "escalated", "informed", "recommended", "closed")
STATUSES = ("open", "closed")

ABOUT = (
    "A challenge is about process and relationships: a partner believes the terms of the "
    "Compact have not been followed (Kirklees Compact §4). It is not for challenging a "
    "decision: for that, 'the normal grievance / complaint processes should be used'."
)
"""What the live screen and the challenges screen say of every challenge (§4's words)."""


class ChallengeError(UserError):
    """A challenge that cannot be raised or moved like that; one line for the user."""


class Challenge(_Doc):
    """One case. ``stage`` is where it stands now; ``moves`` say when it got there."""

    number: Count  # 1, 2, …: the case's number in the data folder
    partnership: Line
    raised_by: Line  # the organisation raising it
    against: Line  # the organisation challenged
    undertaking: Line  # which undertaking of the Compact they believe was not followed
    raised_on: Day
    evidence: str = ""
    stage: Annotated[str, choice(*STAGES), one_of(*STAGES)] = "a"
    status: Annotated[str, choice(*STATUSES), one_of(*STATUSES)] = "open"
    nominees: list[str] = msgspec.field(default_factory=list)  # stage b: who considers it (≥ 2)
    national_body: Line = ""  # stage c: where it was taken ("the LA Ombudsman")
    champions: list[str] = msgspec.field(default_factory=list)  # Compact Champions informed
    recommendations: str = ""  # the nominees' recommendations to both parties
    outcome: str = ""  # how it ended (when closed)
    action_taken: str = ""  # "resultant action taken" (§4)
    closed_on: Day = ""
    confidential: bool = False  # left out of public outputs, as a confidential item is
    session: str = ""  # the meeting it was raised at, if any


class Move(_Doc):
    """One dated move of a case: raised, referred (b), escalated (c), champions informed,
    recommendations made, closed."""

    challenge: Count  # the case's number
    what: Annotated[str, choice(*MOVES), one_of(*MOVES)]
    on: Day  # the day it happened (typed; today unless said)
    at: Stamp  # when it was recorded
    detail: str = ""  # in words: "nominees: Ann, Bo", "to the LA Ombudsman", the outcome
    session: str = ""  # the meeting it was recorded at, if any


TABLES: dict[str, type] = {"challenges": Challenge, "moves": Move}


@dataclass
class Case:
    """A challenge with its moves, oldest first: what a screen, the CLI and the annual
    report show of one."""

    challenge: Challenge
    moves: list[Move]

    @property
    def number(self) -> int:
        return self.challenge.number

    @property
    def open(self) -> bool:
        return self.challenge.status == "open"

    def moved_on(self, what: str) -> str:
        """The day of the latest move ``what`` ("referred", …), or ""."""
        days = [m.on for m in self.moves if m.what == what]
        return days[-1] if days else ""


# --------------------------------------------------------------------------- the file


class ChallengeBook:
    """The data folder's challenges file: read (checked) and changed (under its lock)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.path = self.root / FILE

    # -- reading

    def cases(self, partnership: str | None = None) -> list[Case]:
        """Every case (of ``partnership``, if given), by number. A missing file is no case;
        a damaged or foreign one raises ChallengeError naming the file and the record."""
        challenges, moves = self._read()
        found = []
        for c in challenges:
            if partnership is not None and c.partnership != partnership:
                continue
            found.append(Case(c, [m for m in moves if m.challenge == c.number]))
        return found

    def case(self, number: int) -> Case:
        for found in self.cases():
            if found.number == number:
                return found
        raise ChallengeError(
            f"no challenge {number} in {self.root} (see 'facilitator challenge list')"
        )

    def _read(self) -> tuple[list[Challenge], list[Move]]:
        try:
            text = read_text(self.path)
        except FileNotFoundError:
            return [], []
        except NotRegularFile as exc:
            raise ChallengeError(f"{self.path} cannot be read: {exc.strerror}") from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise ChallengeError(f"{self.path} cannot be read ({reason})") from None
        return parse(text, self.path)

    # -- writing

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The challenges file's writer lock, waited for a moment (another process's write
        takes milliseconds); ChallengeError if it cannot be had."""
        lock_path = self.root / LOCK
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = open_lock_file(lock_path)
        except OSError as exc:
            if isinstance(exc, NotRegularFile) or exc.errno in (errno.ELOOP, errno.EISDIR):
                raise ChallengeError(
                    f"cannot change the challenges: {lock_path} is not a file; remove it and "
                    "try again"
                ) from None
            raise ChallengeError(
                f"cannot change the challenges: cannot make {lock_path} ({exc.strerror})"
            ) from None
        try:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ChallengeError(
                            "the challenges are being changed elsewhere just now; try again"
                        ) from None
                    time.sleep(0.05)
            remove_stale_temps(self.root, {FILE}, older_than=STALE_TEMP)
            yield
        finally:
            os.close(fd)

    def _write(self, challenges: list[Challenge], moves: list[Move]) -> None:
        tables = {
            "about": {"1": {"app": "facilitator", "file": "challenges", "version": VERSION}},
            "challenges": {str(n): c.to_doc() for n, c in enumerate(challenges, start=1)},
            "moves": {str(n): m.to_doc() for n, m in enumerate(moves, start=1)},
        }
        write_atomic(self.path, dumps(tables))

    def _change(self, number: int, change: Any) -> Case:
        """Read under the lock, apply ``change(challenge, moves) -> (challenge, [new
        moves])`` to case ``number``, write, and return the case as now stored."""
        with self._locked():
            challenges, moves = self._read()
            index = next((i for i, c in enumerate(challenges) if c.number == number), None)
            if index is None:
                raise ChallengeError(f"no challenge {number} (see 'facilitator challenge list')")
            old = challenges[index]
            if old.status == "closed":
                raise ChallengeError(
                    f"challenge {number} was closed on {old.closed_on}: it cannot be moved on"
                )
            new, added = change(old, [m for m in moves if m.challenge == number])
            challenges[index] = new
            moves = [*moves, *added]
            self._write(challenges, moves)
        return Case(new, [m for m in moves if m.challenge == number])

    # -- the moves

    def _known_name(self, typed: str) -> str:
        """The partnership as its meetings here name it, found as every --partnership is
        (any unique part, accents and case ignored): the report, the nudges and /challenge
        N match a case's partnership exactly. Kept as typed while no meeting is recorded."""
        from facilitator.core.registers import RegisterError, find_partnership, known_partnerships
        from facilitator.core.store import SessionStore

        store = SessionStore(self.root)
        if not known_partnerships(store):
            return typed
        try:
            return find_partnership(store, typed)
        except RegisterError as exc:
            raise ChallengeError(str(exc)) from None

    def raise_challenge(
        self,
        *,
        partnership: str,
        raised_by: str,
        against: str,
        undertaking: str,
        evidence: str = "",
        on: date,
        now: datetime,
        confidential: bool = False,
        session: str = "",
    ) -> Case:
        """A new case, at stage a (the partners discuss it first, §4 a)."""
        partnership = self._known_name(_line(partnership, "the partnership"))
        raised_by = _line(raised_by, "the organisation raising it")
        against = _line(against, "the organisation challenged")
        undertaking = _line(undertaking, "the undertaking not followed")
        if raised_by.casefold() == against.casefold():
            raise ChallengeError("an organisation cannot challenge itself")
        with self._locked():
            challenges, moves = self._read()
            number = max((c.number for c in challenges), default=0) + 1
            case = Challenge(
                number=number,
                partnership=partnership,
                raised_by=raised_by,
                against=against,
                undertaking=undertaking,
                evidence=_text(evidence),
                raised_on=on.isoformat(),
                confidential=confidential,
                session=session,
            )
            move = _move(number, "raised", on, now, f"{raised_by} challenges {against}", session)
            self._write([*challenges, case], [*moves, move])
        return Case(case, [move])

    def refer(
        self, number: int, nominees: list[str], *, on: date, now: datetime, session: str = ""
    ) -> Case:
        """Stage b: the steering group reviews it, and nominates at least two people."""
        names = _names(nominees)
        if len(names) < MIN_NOMINEES:
            said = "one nominee" if names else "no nominees"
            raise ChallengeError(
                f"the steering group nominates at least two people to consider a challenge "
                f"(Kirklees Compact §4 b), not {said}: name them, separated by commas"
            )

        def change(old: Challenge, past: list[Move]) -> tuple[Challenge, list[Move]]:
            if old.stage != "a":
                raise ChallengeError(
                    f"challenge {number} is already at stage {old.stage} ({STAGE_NAMES[old.stage]})"
                )
            _not_before(on, past, number)
            detail = "nominees: " + ", ".join(names)
            return msgspec.structs.replace(old, stage="b", nominees=names), [
                _move(number, "referred", on, now, detail, session)
            ]

        return self._change(number, change)

    def escalate(
        self, number: int, body: str, *, on: date, now: datetime, session: str = ""
    ) -> Case:
        """Stage c: the challenging organisation takes it to a national body. Only after
        the steering group has had it (§4 c: "if a resolution cannot be reached at this
        point")."""
        body = _line(body, "the national body (e.g. the LA Ombudsman)")

        def change(old: Challenge, past: list[Move]) -> tuple[Challenge, list[Move]]:
            if old.stage == "a":
                raise ChallengeError(
                    f"challenge {number} has not been to the steering group yet: stage c comes "
                    "after stage b (Kirklees Compact §4 c)"
                )
            if old.stage == "c":
                raise ChallengeError(f"challenge {number} is already with {old.national_body}")
            _not_before(on, past, number)
            return msgspec.structs.replace(old, stage="c", national_body=body), [
                _move(number, "escalated", on, now, f"to {body}", session)
            ]

        return self._change(number, change)

    def inform(
        self, number: int, champions: list[str], *, on: date, now: datetime, session: str = ""
    ) -> Case:
        """The Compact Champions informed (§4 a: "The Compact Champion for each partner will
        be informed")."""
        names = _names(champions)
        if not names:
            raise ChallengeError("name the Compact Champions informed, separated by commas")

        def change(old: Challenge, past: list[Move]) -> tuple[Challenge, list[Move]]:
            _not_before(on, past, number)
            known = {n.casefold() for n in old.champions}
            added = [n for n in names if n.casefold() not in known]
            return msgspec.structs.replace(old, champions=[*old.champions, *added]), [
                _move(number, "informed", on, now, ", ".join(names), session)
            ]

        return self._change(number, change)

    def recommend(
        self, number: int, text: str, *, on: date, now: datetime, session: str = ""
    ) -> Case:
        """The nominees' recommendations "to both parties" (stage b)."""
        text = _text(text).strip()
        if not text:
            raise ChallengeError("say what the nominees recommend")

        def change(old: Challenge, past: list[Move]) -> tuple[Challenge, list[Move]]:
            if old.stage == "a":
                raise ChallengeError(
                    f"challenge {number} has no nominees yet: refer it to the steering group "
                    "first (stage b)"
                )
            _not_before(on, past, number)
            return msgspec.structs.replace(old, recommendations=text), [
                _move(number, "recommended", on, now, text, session)
            ]

        return self._change(number, change)

    def close(
        self,
        number: int,
        outcome: str,
        action_taken: str = "",
        *,
        on: date,
        now: datetime,
        session: str = "",
    ) -> Case:
        """The case ends: how (an agreement, the nominees' recommendations accepted, the
        national body's finding, withdrawn) and the action taken."""
        outcome = _text(outcome).strip()
        if not outcome:
            raise ChallengeError("say how the challenge ended (the outcome)")

        def change(old: Challenge, past: list[Move]) -> tuple[Challenge, list[Move]]:
            _not_before(on, past, number)
            detail = outcome + (f"; action taken: {action_taken.strip()}" if action_taken else "")
            closed = msgspec.structs.replace(
                old,
                status="closed",
                outcome=outcome,
                action_taken=_text(action_taken).strip(),
                closed_on=on.isoformat(),
            )
            return closed, [_move(number, "closed", on, now, detail, session)]

        return self._change(number, change)


# --------------------------------------------------------------------------- checks


def parse(text: str, path: Path | str = FILE) -> tuple[list[Challenge], list[Move]]:
    """The challenges and moves in a challenges file's ``text``, every record checked.
    ChallengeError (one line naming the file, table, record and field) if anything is not
    as facilitator writes it, or the file is another program's."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ChallengeError(
            f"{path} is not facilitator's challenges file (not JSON); left as it is"
        ) from None
    about = data.get("about") if isinstance(data, dict) else None
    first = about.get("1") if isinstance(about, dict) else None
    if not isinstance(first, dict) or first.get("file") != "challenges":
        raise ChallengeError(f"{path} is not facilitator's challenges file; left as it is")
    if first.get("version") != VERSION:
        raise ChallengeError(
            f"{path} was written by a newer facilitator (version {first.get('version')!r}); "
            "left as it is"
        )
    try:
        tables = load_tables(data, TABLES, int)
    except RecordError as exc:
        raise ChallengeError(f"{path}: {exc}") from None
    challenges: list[Challenge] = tables["challenges"]
    moves: list[Move] = tables["moves"]
    seen: set[int] = set()
    for c in challenges:
        if c.number in seen:
            raise ChallengeError(f"{path}: two challenges are numbered {c.number}")
        if not c.raised_on:
            raise ChallengeError(f"{path}: challenge {c.number} has no date it was raised")
        seen.add(c.number)
    for m in moves:
        if m.challenge not in seen:
            raise ChallengeError(
                f"{path}: a move names challenge {m.challenge}, which is not there"
            )
    return challenges, moves


def _line(text: str, what: str) -> str:
    text = " ".join(_text(text).split())
    if not text:
        raise ChallengeError(f"{what} is required")
    return text


def _text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ChallengeError("the text has a broken character that cannot be saved") from None
    return text


def _names(names: list[str]) -> list[str]:
    found: list[str] = []
    for typed in names:
        for part in typed.split(","):
            name = " ".join(_text(part).split())
            if name and name.casefold() not in {n.casefold() for n in found}:
                found.append(name)
    return found


def not_after(on: date, today: date) -> date:
    """``on``, refused if it is after ``today``: a move is recorded once it has happened (the
    CLI and the screens check what is typed; the book itself takes any day, for a record
    brought in from elsewhere)."""
    if on > today:
        raise ChallengeError(
            f"a move is recorded once it has happened: {echo_date(on)} is after today"
        )
    return on


def _not_before(on: date, past: list[Move], number: int) -> None:
    latest = max((m.on for m in past), default="")
    if latest and on.isoformat() < latest:
        raise ChallengeError(
            f"challenge {number} last moved on {latest}: a later move cannot be dated before it"
        )


def _move(number: int, what: str, on: date, now: datetime, detail: str, session: str) -> Move:
    if has_line_break(detail):
        detail = " ".join(detail.split())
    return Move(
        challenge=number,
        what=what,
        on=on.isoformat(),
        at=now.isoformat(timespec="seconds"),
        detail=detail,
        session=session,
    )


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class Summary:
    """What the annual report summarises of a partnership's challenges in a period (§4: "any
    challenges made and resultant action taken")."""

    cases: list[Case]  # raised in the period, or still open during it, by number
    raised: int  # raised in the period
    open: int  # open at the period's end
    closed: int  # closed in the period
    by_stage: dict[str, int]  # the furthest stage each case reached: "a" | "b" | "c" → count
    withheld: int = 0  # confidential cases left out (public=True)


def summary(
    cases: list[Case], start: date | None = None, end: date | None = None, *, public: bool = False
) -> Summary:
    """The cases of a period (``start``..``end`` inclusive, either open-ended): those raised in
    it and those still open at its start. ``public`` leaves confidential cases out (counted
    in ``withheld``)."""
    lo = start.isoformat() if start else ""
    hi = end.isoformat() if end else "9999-12-31"

    def during(c: Challenge) -> bool:
        if c.raised_on > hi:
            return False
        return c.raised_on >= lo or c.status == "open" or c.closed_on >= lo

    found = [case for case in cases if during(case.challenge)]
    withheld = 0
    if public:
        kept = [case for case in found if not case.challenge.confidential]
        withheld, found = len(found) - len(kept), kept
    by_stage = dict.fromkeys(STAGES, 0)
    for case in found:
        by_stage[case.challenge.stage] += 1
    return Summary(
        cases=found,
        raised=sum(lo <= case.challenge.raised_on <= hi for case in found),
        open=sum(not case.challenge.closed_on or case.challenge.closed_on > hi for case in found),
        closed=sum(
            lo <= case.challenge.closed_on <= hi for case in found if case.challenge.closed_on
        ),
        by_stage=by_stage,
        withheld=withheld,
    )


def stage_text(c: Challenge) -> str:
    """ "b: referred to the steering group", or "closed at b"."""
    if c.status == "closed":
        return f"closed at {c.stage}"
    return f"{c.stage}: {STAGE_NAMES[c.stage]}"


def detail_rows(c: Challenge) -> list[tuple[str, str]]:
    """A case's particulars as (label, value), those with a value only: what `challenge
    show` prints and the challenges screen shows (evidence on one line)."""
    rows = [
        ("Raised by", c.raised_by),
        ("Challenged", c.against),
        ("Undertaking not followed", c.undertaking),
        ("Evidence", " ".join(c.evidence.split())),
        ("Stage", stage_text(c)),
        ("Nominees", ", ".join(c.nominees)),
        ("National body", c.national_body),
        ("Compact Champions informed", ", ".join(c.champions)),
        ("Recommendations", c.recommendations),
        ("Outcome", c.outcome),
        ("Action taken", c.action_taken),
        ("Confidential", "yes" if c.confidential else ""),
    ]
    return [(label, value) for label, value in rows if value]


def minute_of(case: Case) -> str:
    """The note a meeting records when it raised or moved ``case`` on (its latest move), so
    that its minutes say what it did. A confidential case is named by number only."""
    c, move = case.challenge, case.moves[-1]
    head = f"Compact challenge {c.number}"
    if c.confidential:
        said = {
            "raised": "raised",
            "referred": "referred to the steering group (stage b)",
            "escalated": "taken to a national body (stage c)",
            "informed": "Compact Champions informed",
            "recommended": "recommendations made",
            "closed": "closed",
        }[move.what]
        return f"{head} (confidential): {said}"
    if move.what == "raised":
        return (
            f"{head} raised: {c.raised_by} challenges {c.against} on {c.undertaking} "
            "(stage a: the partners discuss it first)"
        )
    if move.what == "referred":
        return f"{head} referred to the steering group (stage b); nominees: {', '.join(c.nominees)}"
    if move.what == "escalated":
        return f"{head} taken to {c.national_body} (stage c)"
    if move.what == "informed":
        return f"{head}: Compact Champions informed: {move.detail}"
    if move.what == "recommended":
        return f"{head}: the nominees recommend: {c.recommendations}"
    taken = f"; action taken: {c.action_taken}" if c.action_taken else ""
    return f"{head} closed: {c.outcome}{taken}"
