"""Compact challenges (Kirklees Compact §4): a case moves a → b → c, refused moves, the file."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from facilitator.core import templates
from facilitator.core.agenda import AgendaError, agenda_from_dict, to_toml
from facilitator.core.challenges import (
    FILE,
    ChallengeBook,
    ChallengeError,
    minute_of,
    not_after,
    parse,
    stage_text,
    summary,
)
from facilitator.core.minutes import build_minutes
from facilitator.core.model import ROLES
from facilitator.core.planning import PlanError, Planner
from facilitator.core.store import SessionStore
from tests.helpers import agenda

NOW = datetime(2026, 12, 2, 10, 0)


def raised(book: ChallengeBook, on: date = date(2026, 9, 1), **given: object) -> int:
    fields: dict[str, object] = {
        "partnership": "Kirklees Compact",
        "raised_by": "Third Sector Leaders",
        "against": "Kirklees Council",
        "undertaking": "2.1 Openness: consult in good time",
        "evidence": "the grants review was published with one week's notice",
        "on": on,
        "now": NOW,
    }
    fields.update(given)
    return book.raise_challenge(**fields).number  # type: ignore[arg-type]


def test_a_challenge_moves_from_a_to_b_to_c_and_closes(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    n = raised(book)
    assert book.case(n).challenge.stage == "a"
    book.inform(n, ["Chair of Third Sector Leaders"], on=date(2026, 9, 10), now=NOW)
    book.refer(n, ["Ann Lee, Bo Chan"], on=date(2026, 9, 20), now=NOW)
    case = book.case(n)
    assert (case.challenge.stage, case.challenge.nominees) == ("b", ["Ann Lee", "Bo Chan"])
    book.recommend(n, "publish papers four weeks ahead", on=date(2026, 10, 1), now=NOW)
    book.escalate(n, "the LA Ombudsman", on=date(2026, 10, 15), now=NOW)
    book.close(n, "upheld in part", "consultation rule adopted", on=date(2026, 11, 30), now=NOW)
    case = ChallengeBook(tmp_path).case(n)  # read back from the file
    c = case.challenge
    assert (c.stage, c.status, c.national_body, c.closed_on) == (
        "c",
        "closed",
        "the LA Ombudsman",
        "2026-11-30",
    )
    assert c.champions == ["Chair of Third Sector Leaders"]
    assert (c.outcome, c.action_taken) == ("upheld in part", "consultation rule adopted")
    assert [(m.what, m.on) for m in case.moves] == [
        ("raised", "2026-09-01"),
        ("informed", "2026-09-10"),
        ("referred", "2026-09-20"),
        ("recommended", "2026-10-01"),
        ("escalated", "2026-10-15"),
        ("closed", "2026-11-30"),
    ]
    assert case.moved_on("referred") == "2026-09-20"
    assert stage_text(c) == "closed at c"


@pytest.mark.parametrize("nominees", [[], ["Ann Lee"], ["Ann Lee, ann lee"], [" , "]])
def test_the_steering_group_nominates_at_least_two(tmp_path: Path, nominees: list[str]) -> None:
    book = ChallengeBook(tmp_path)
    n = raised(book)
    with pytest.raises(ChallengeError, match="at least two people"):
        book.refer(n, nominees, on=date(2026, 9, 2), now=NOW)
    assert book.case(n).challenge.stage == "a"


def test_stage_c_only_after_the_steering_group(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    n = raised(book)
    with pytest.raises(ChallengeError, match="stage c comes after stage b"):
        book.escalate(n, "the LA Ombudsman", on=date(2026, 9, 2), now=NOW)
    with pytest.raises(ChallengeError, match="no nominees yet"):
        book.recommend(n, "talk", on=date(2026, 9, 2), now=NOW)
    book.refer(n, ["Ann", "Bo"], on=date(2026, 9, 3), now=NOW)
    with pytest.raises(ChallengeError, match="already at stage b"):
        book.refer(n, ["Cy", "Di"], on=date(2026, 9, 4), now=NOW)
    book.escalate(n, "the LA Ombudsman", on=date(2026, 9, 5), now=NOW)
    with pytest.raises(ChallengeError, match="already with the LA Ombudsman"):
        book.escalate(n, "another", on=date(2026, 9, 6), now=NOW)


def test_refused_moves_change_nothing(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    n = raised(book)
    before = (tmp_path / FILE).read_bytes()
    with pytest.raises(ChallengeError, match="cannot be dated before"):
        book.refer(n, ["Ann", "Bo"], on=date(2026, 8, 1), now=NOW)
    with pytest.raises(ChallengeError, match="the outcome"):
        book.close(n, "  ", on=date(2026, 9, 2), now=NOW)
    with pytest.raises(ChallengeError, match="Thu 3 Dec 2026 is after today"):
        not_after(date(2026, 12, 3), NOW.date())  # what the CLI and the screens check
    assert not_after(date(2026, 12, 2), NOW.date()) == date(2026, 12, 2)
    with pytest.raises(ChallengeError, match="no challenge 7"):
        book.close(7, "done", on=date(2026, 9, 2), now=NOW)
    assert (tmp_path / FILE).read_bytes() == before
    book.close(n, "agreed between the partners", on=date(2026, 9, 2), now=NOW)
    with pytest.raises(ChallengeError, match="closed on 2026-09-02"):
        book.inform(n, ["Someone"], on=date(2026, 9, 3), now=NOW)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("raised_by", " ", "the organisation raising it is required"),
        ("against", "", "the organisation challenged is required"),
        ("undertaking", "\n", "the undertaking not followed is required"),
        ("against", "third sector LEADERS", "cannot challenge itself"),
    ],
)
def test_raising_needs_both_organisations_and_the_undertaking(
    tmp_path: Path, field: str, value: str, said: str
) -> None:
    with pytest.raises(ChallengeError, match=said):
        raised(ChallengeBook(tmp_path), **{field: value})
    assert not (tmp_path / FILE).exists()


def test_text_is_kept_literally_and_one_line_fields_stay_one_line(tmp_path: Path) -> None:
    hostile = "[bold red]x[/] <script>alert(1)</script> $(rm -rf) \x1b[31m"
    book = ChallengeBook(tmp_path)
    n = raised(book, raised_by="Org\nwith a break", evidence=hostile)
    c = book.case(n).challenge
    assert c.raised_by == "Org with a break"
    assert c.evidence == hostile


def test_numbers_follow_on_and_cases_are_by_partnership(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    assert [raised(book), raised(book, partnership="Other"), raised(book)] == [1, 2, 3]
    assert [c.number for c in book.cases("Kirklees Compact")] == [1, 3]
    assert [c.number for c in book.cases()] == [1, 2, 3]


def test_a_foreign_or_damaged_file_is_one_line_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / FILE
    for text in ['{"name": "my-project"}', "{not json", '{"about": {"1": {"file": "x"}}}']:
        path.write_text(text)
        with pytest.raises(ChallengeError, match="not facilitator's challenges file"):
            ChallengeBook(tmp_path).cases()
        with pytest.raises(ChallengeError, match="not facilitator's challenges file"):
            raised(ChallengeBook(tmp_path))
        assert path.read_text() == text


def test_a_hand_edited_record_is_refused_with_its_field(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    raised(book)
    data = json.loads((tmp_path / FILE).read_text())
    data["challenges"]["1"]["stage"] = "d"
    with pytest.raises(ChallengeError, match="challenges record 1, field stage: should be one of"):
        parse(json.dumps(data))
    data["challenges"]["1"]["stage"] = "a"
    data["challenges"]["1"]["raised_on"] = "31/02/2026"
    with pytest.raises(ChallengeError, match="field raised_on"):
        parse(json.dumps(data))
    data["challenges"]["1"]["raised_on"] = "2026-09-01"
    data["moves"]["1"]["challenge"] = 9
    with pytest.raises(ChallengeError, match="names challenge 9"):
        parse(json.dumps(data))


def test_a_fifo_at_the_file_never_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / FILE)
    with pytest.raises(ChallengeError, match="cannot be read"):
        ChallengeBook(tmp_path).cases()


def test_a_fifo_at_the_lock_is_refused_never_locked(tmp_path: Path) -> None:
    """The lock is opened as the sessions' locks are (core/files.open_lock_file): a FIFO
    planted at its path is refused in one line, and nothing is written."""
    os.mkfifo(tmp_path / ".challenges.json.lock")
    book = ChallengeBook(tmp_path)
    with pytest.raises(ChallengeError, match="is not a file; remove it"):
        raised(book)
    assert not (tmp_path / FILE).exists()


def test_the_summary_of_a_year(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    old = raised(book, on=date(2025, 3, 1))  # raised before the year, still open in it
    book.refer(old, ["Ann", "Bo"], on=date(2025, 4, 1), now=NOW)
    done_before = raised(book, on=date(2025, 2, 1))
    book.close(done_before, "agreed", on=date(2025, 2, 20), now=NOW)  # over before the year
    this_year = raised(book, on=date(2026, 5, 1), confidential=True)
    book.close(this_year, "agreed", "apology", on=date(2026, 6, 1), now=NOW)
    raised(book, on=date(2027, 1, 5))  # after the year
    s = summary(book.cases(), date(2026, 1, 1), date(2026, 12, 31))
    assert [c.number for c in s.cases] == [old, this_year]
    assert (s.raised, s.open, s.closed, s.by_stage) == (1, 1, 1, {"a": 1, "b": 1, "c": 0})
    public = summary(book.cases(), date(2026, 1, 1), date(2026, 12, 31), public=True)
    assert [c.number for c in public.cases] == [old]
    assert public.withheld == 1


# ----------------------------------------------------------------- steering group, champions


def test_a_steering_group_meeting_from_an_agenda_file_the_plan_and_the_template(
    store: SessionStore,
) -> None:
    today = date(2026, 12, 2)
    session = agenda_from_dict(agenda(steering_group=True), today)
    assert session.info.steering_group
    assert "steering_group = true" in to_toml(session)
    assert not agenda_from_dict(agenda(), today).info.steering_group
    assert "steering_group" not in to_toml(agenda_from_dict(agenda(), today))
    with pytest.raises(AgendaError, match="steering_group"):
        agenda_from_dict(agenda(steering_group="yes"), today)
    sid = store.create(agenda_from_dict(agenda(), today))
    writer = store.writer(sid)
    try:
        planner = Planner(writer)
        assert planner.set_detail("steering_group", "Yes") == "steering group: yes"
        assert store.load(sid).info.steering_group
        assert planner.set_detail("steering_group", "") == "no (yes to mark it)"
        with pytest.raises(PlanError, match="type yes or no"):
            planner.set_detail("steering_group", "maybe")
        assert not store.load(sid).info.steering_group
    finally:
        writer.close()
    made = templates.from_template("compact-steering-group", partnership="K", today=today)
    assert made.info.steering_group
    assert templates.like(made, title="Next review", items=[]).info.steering_group
    assert not templates.from_template(
        "partnership-board", partnership="K", today=today
    ).info.steering_group


def test_a_compact_champion_is_a_role_the_minutes_name() -> None:
    data = agenda()
    data["participants"][0]["role"] = "champion"
    session = agenda_from_dict(data, date(2026, 12, 2))
    assert session.participants[0].role == "champion"
    assert "champion" in ROLES
    minutes = build_minutes(session)
    assert any("Joan Pike (Compact Champion)" in names for _, _, names in minutes.present)


def test_a_session_called_challenges_never_shares_the_challenges_lock(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    held = store.acquire_lock("challenges")  # a meeting of that id open for writing
    try:
        assert raised(ChallengeBook(tmp_path)) == 1
    finally:
        held.close()


def test_the_note_a_meeting_records_of_each_move(tmp_path: Path) -> None:
    book = ChallengeBook(tmp_path)
    n = raised(book)
    assert minute_of(book.case(n)) == (
        "Compact challenge 1 raised: Third Sector Leaders challenges Kirklees Council on 2.1 "
        "Openness: consult in good time (stage a: the partners discuss it first)"
    )
    day = date(2026, 9, 2)
    said = [
        (book.inform(n, ["Chair of TSL"], on=day, now=NOW), "Compact Champions informed: Chair"),
        (
            book.refer(n, ["Ann, Bo"], on=day, now=NOW),
            "steering group (stage b); nominees: Ann, Bo",
        ),
        (book.recommend(n, "notice", on=day, now=NOW), "the nominees recommend: notice"),
        (book.escalate(n, "the LA Ombudsman", on=day, now=NOW), "to the LA Ombudsman (stage c)"),
        (
            book.close(n, "upheld", "a rule", on=day, now=NOW),
            "closed: upheld; action taken: a rule",
        ),
    ]
    for case, words in said:
        assert words in minute_of(case)
    secret = raised(book, confidential=True, against="Secret Org")
    assert minute_of(book.case(secret)) == "Compact challenge 2 (confidential): raised"
    moved = book.refer(secret, ["Ann", "Bo"], on=day, now=NOW)
    assert "Ann" not in minute_of(moved) and "(confidential)" in minute_of(moved)
