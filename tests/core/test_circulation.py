"""The circulation table: each time a pack or minutes are produced to be sent, and the day the
agenda first went out (read by the papers-deadline check)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from facilitator.core.agenda import agenda_from_dict
from facilitator.core.circulation import agenda_circulated, circulated, record_circulation
from facilitator.core.store import RecordRefused
from tests.helpers import agenda


def test_the_agenda_circulated_is_the_first_time_it_went_out(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    assert agenda_circulated(store.load(sid)) is None
    writer = store.writer(sid)
    try:
        record_circulation(writer, "minutes", "eml", public=True, at=datetime(2026, 11, 1, 9))
        assert agenda_circulated(writer.session) is None  # minutes are not the agenda
        record_circulation(writer, "agenda", "eml", public=False, at=datetime(2026, 11, 16, 10),
                           to=["a@x.org"])
        record_circulation(writer, "agenda", "html", public=True, at=datetime(2026, 11, 18, 8))
    finally:
        writer.close()
    session = store.load(sid)  # read back from the file
    assert agenda_circulated(session) == date(2026, 11, 16)
    assert [(c.format, c.public, c.to) for c in circulated(session, "agenda")] == [
        ("eml", False, ["a@x.org"]), ("html", True, []),
    ]


def test_an_unknown_kind_of_circulation_is_never_written(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    try:
        with pytest.raises(RecordRefused):
            record_circulation(writer, "notes", "eml", public=True, at=clock())
    finally:
        writer.close()
    assert store.load(sid).circulation == []
