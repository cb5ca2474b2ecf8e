"""Shared fixtures: a temporary data folder and a frozen clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from facilitator.core.store import SessionStore

FROZEN_NOW = datetime(2026, 11, 23, 14, 0, 0)  # a Monday afternoon


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
