"""Fixtures the core tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator.core.store import SessionStore
from tests.conftest import FakeClock


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review index's test archive (tests/core/test_review_index.py ``fill``: ties,
    confidential items, a lone surrogate, two partnerships), made once a module: each test
    reads a copy of its own."""
    from tests.core.test_review_index import fill

    store = SessionStore(tmp_path_factory.mktemp("built") / "sessions")
    fill(store, FakeClock())
    return store.root


@pytest.fixture
def archive(built: Path, tmp_path: Path) -> SessionStore:
    shutil.copytree(built, tmp_path / "sessions", symlinks=True)
    return SessionStore(tmp_path / "sessions")
