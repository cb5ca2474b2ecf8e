"""Shared fixtures: a temporary data folder and a frozen clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from facilitator.core.store import SessionStore

FROZEN_NOW = datetime(2026, 11, 23, 14, 0, 0)  # a Monday afternoon


def frozen_datetime(now: datetime) -> type[datetime]:
    """``datetime`` whose ``now()`` is ``now``: the CLI's "today" and creation stamps."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # mirrors datetime.now
            return cls(now.year, now.month, now.day, now.hour, now.minute)

    return Frozen


@pytest.fixture
def cli_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's "today" is the frozen clock's (use with ``usefixtures``)."""
    from facilitator import cli

    monkeypatch.setattr(cli, "datetime", frozen_datetime(FROZEN_NOW))


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")
