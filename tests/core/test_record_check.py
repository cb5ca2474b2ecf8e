"""The record check (issue 17.6): msgspec checks each stored field against its annotation in
core/model.py, and ``Says`` explains a refusal. The two must agree — msgspec refuses exactly
what the explanation finds wrong — or a file would be refused with no reason given, or a bad
value let through. They are compared here on every date of the years dates are typed in, on
times, and on arbitrary text; and every kind of field refused says why in the user's words.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import model
from facilitator.core.dates import MAX_YEAR, MIN_YEAR
from facilitator.core.model import (
    Day,
    Line,
    Moment,
    RecordError,
    Stamp,
    When,
    _rules,
    day_problem,
    moment_problem,
)
from facilitator.core.store import TABLES, CorruptSession, SessionStore
from facilitator.core.tracker import INDEX, Archive

KINDS = {"Day": Day, "Moment": Moment, "Stamp": Stamp, "When": When, "Line": Line}


def accepted(kind: Any, value: Any) -> bool:
    try:
        msgspec.convert(value, kind)
    except msgspec.ValidationError:
        return False
    return True


def explained(kind: Any, value: str) -> str | None:
    """What the kind's Says finds wrong with ``value`` (None: nothing)."""
    (says,) = [m for m in kind.__metadata__ if isinstance(m, model.Says)]
    return says.problem(value)


def every_day_text() -> list[str]:
    """Every YYYY-MM-DD from the year before MIN_YEAR to the year after MAX_YEAR with months
    00-13 and days 00-32: real dates, unreal ones, and years out of range."""
    return [
        f"{y:04d}-{m:02d}-{d:02d}"
        for y in range(MIN_YEAR - 1, MAX_YEAR + 2)
        for m in range(14)
        for d in range(33)
    ]


def test_the_date_pattern_is_exactly_the_dates_day_problem_accepts() -> None:
    texts = every_day_text()
    agree = [t for t in texts if accepted(Day, t) == (day_problem(t) is None)]
    assert len(agree) == len(texts)
    real = sum(day_problem(t) is None for t in texts)
    expected = (date(MAX_YEAR, 12, 31) - date(MIN_YEAR, 1, 1)).days + 1
    assert real == expected  # every real day in the years, and no other text


TIMES = [
    f"T{h:02d}:{m:02d}{s}"
    for h in (0, 9, 23, 24, 25)
    for m in (0, 59, 60)
    for s in ("", ":00", ":59", ":60", ":30.123456", ":30.12345", ":30.1234567", ".5")
]
DAYS = ["2026-11-02", "2024-02-29", "2026-02-29", "1900-01-01", "2200-12-31", "2201-01-01"]


@pytest.mark.parametrize("kind", ["Moment", "Stamp", "When"])
def test_the_time_patterns_are_exactly_the_times_moment_problem_accepts(kind: str) -> None:
    for text in [d + t for d in DAYS for t in TIMES] + [d + " 14:00" for d in DAYS]:
        assert accepted(KINDS[kind], text) == (moment_problem(text) is None), text
        assert (explained(KINDS[kind], text) is None) == accepted(KINDS[kind], text), text


def test_blank_is_a_value_for_all_but_a_stamp() -> None:
    assert all(accepted(KINDS[k], "") for k in ("Day", "Moment", "When", "Line"))
    assert not accepted(Stamp, "") and explained(Stamp, "")


@given(st.text(max_size=40))
def test_msgspec_and_the_explanation_agree_on_any_text(text: str) -> None:
    for name, kind in KINDS.items():
        assert accepted(kind, text) == (explained(kind, text) is None), (name, text)


@given(
    st.from_regex(r"\A[0-9٠-٩０-９]{4}-[0-9٠-٩]{2}-[0-9٠-٩]{2}(T[0-9٠-٩]{2}:[0-9]{2})?\n?\Z")
)
def test_other_scripts_digits_and_a_final_newline_are_refused(text: str) -> None:
    for name, kind in KINDS.items():
        if name != "Line":
            assert accepted(kind, text) == (explained(kind, text) is None), (name, text)


def record_fields() -> list[tuple[type, str]]:
    return [(cls, f.name) for cls in TABLES.values() for f in msgspec.structs.fields(cls)]


def test_every_whole_number_in_a_file_has_a_range() -> None:
    """No number read from a file is unbounded: date and time arithmetic on it stays sane."""
    for cls, name in record_fields():
        kind, meta, _ = _rules(cls)[name]
        if kind is int:
            assert meta is not None and meta.ge is not None and meta.le is not None, name


def test_every_choice_and_pattern_has_words_for_its_refusal() -> None:
    for cls, name in record_fields():
        _, meta, says = _rules(cls)[name]
        if meta is not None and meta.pattern is not None:
            assert says is not None, f"{cls.__name__}.{name}"


def good_doc(cls: type) -> dict[str, Any]:
    """A record of ``cls`` that passes: its defaults, and a good value for each required."""
    good = {"at": "2026-11-02T14:00:00", "start": "2026-11-02T14:00:00", "state": "snoozed",
            "answer": "yes", "text": "arrived", "what": "agenda"}
    doc = {}
    for f in msgspec.structs.fields(cls):
        if f.default is not msgspec.NODEFAULT:
            doc[f.name] = f.default
        elif f.default_factory is not msgspec.NODEFAULT:
            doc[f.name] = f.default_factory()
        else:
            kind = _rules(cls)[f.name][0]
            doc[f.name] = good.get(f.name, 1 if kind is int else "x")
    return doc


@pytest.mark.parametrize(("cls", "name"), record_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_a_value_of_the_wrong_type_in_any_field_is_named_in_words(cls: type, name: str) -> None:
    doc = good_doc(cls)
    assert cls.from_doc(doc) is not None
    kind = _rules(cls)[name][0]
    doc[name] = [1] if kind is list else (1.5 if kind is not str else 7)
    with pytest.raises(RecordError) as refused:
        cls.from_doc(doc)
    assert str(refused.value).startswith(f"field {name}: should be ")
    assert "Expected" not in str(refused.value)  # msgspec's words are never shown


@pytest.mark.parametrize(("cls", "name"), record_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_a_missing_field_says_so_or_takes_its_default(cls: type, name: str) -> None:
    doc = good_doc(cls)
    del doc[name]
    field = next(f for f in msgspec.structs.fields(cls) if f.name == name)
    if field.default is msgspec.NODEFAULT and field.default_factory is msgspec.NODEFAULT:
        with pytest.raises(RecordError, match=f"^field {name}: is missing$"):
            cls.from_doc(doc)
    else:
        assert cls.from_doc(doc) == cls.from_doc(good_doc(cls))


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(RecordError, match="^is not a record"):
        model.AgendaItem.from_doc(["title"])  # type: ignore[arg-type]


def test_a_list_of_text_holding_a_number_is_named(tmp_path: Any, clock: Any) -> None:
    from facilitator.core.agenda import agenda_from_dict
    from tests.helpers import agenda

    store = SessionStore(tmp_path)
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    path = store.path_for(sid)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["session"]["1"]["queue"] = ["Priya Shah", 3]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CorruptSession, match=r"session record 1, field queue: should be a list"):
        store.load(sid)


# --------------------------------------------------------------------------- the tracker's index


def test_a_damaged_row_in_the_summary_index_is_derived_again(tmp_path: Any) -> None:
    from facilitator.core.demo import create_demo
    from tests.conftest import FROZEN_NOW

    store = SessionStore(tmp_path)
    create_demo(store, FROZEN_NOW)
    rows = Archive(store).actions()
    index = tmp_path / INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    first = next(iter(data["sessions"].values()))["summary"]
    for row, bad in zip(first["actions"], ["3", True, None, 2.0], strict=False):
        row["seq"] = bad  # a number that is not one: the row cannot be trusted
    index.write_text(json.dumps(data), encoding="utf-8")
    assert [dataclasses.asdict(r) for r in Archive(store).actions()] == [
        dataclasses.asdict(r) for r in rows
    ]
    fixed = json.loads(index.read_text(encoding="utf-8"))
    assert all(
        type(r["seq"]) is int
        for s in fixed["sessions"].values()
        for r in s["summary"]["actions"]
    )

