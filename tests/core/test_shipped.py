"""The shipped TOML files the live screen reads at its start are also shipped parsed, as
JSON twins (core/shipped.py): a twin is used only when it was made from the file as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.core import shipped


@pytest.mark.parametrize("name", shipped.TWINNED)
def test_each_twin_is_made_from_its_file_as_it_is(name: str) -> None:
    twin = (shipped.DATA / name).with_suffix(".json")
    assert twin.read_text(encoding="utf-8") == shipped.twin_text(name), (
        f"{twin.name} is out of date: run python -m facilitator.core.shipped"
    )


@pytest.mark.parametrize("name", shipped.TWINNED)
def test_a_twin_holds_what_parsing_the_file_gives(name: str) -> None:
    import tomllib

    assert shipped.toml(name) == tomllib.loads(shipped.text(name))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(shipped, "DATA", tmp_path)
    (tmp_path / "rules.toml").write_text('[rule]\ntext = "as the file says"\nat = 0.8\n')
    return tmp_path


def test_a_current_twin_is_what_is_read(data: Path) -> None:
    made = json.loads(shipped.twin_text("rules.toml"))
    made["data"]["rule"]["text"] = "from the twin"  # tells which was read
    (data / "rules.json").write_text(json.dumps(made))
    assert shipped.toml("rules.toml") == {"rule": {"text": "from the twin", "at": 0.8}}


@pytest.mark.parametrize(
    "twin",
    [
        None,  # none shipped
        "not json {",
        '["a list"]',
        '{"made_from": "crc32:00000000:3", "data": {"rule": {"text": "stale"}}}',
        "{stamp}",  # the right stamp, but no data
        '{stamp, "data": ["not", "tables"]}',
    ],
)
def test_a_missing_damaged_or_stale_twin_is_never_used(data: Path, twin: str | None) -> None:
    if twin is not None:
        stamp = json.dumps(json.loads(shipped.twin_text("rules.toml"))["made_from"])
        (data / "rules.json").write_text(twin.replace("{stamp", '{"made_from": ' + stamp))
    assert shipped.toml("rules.toml") == {"rule": {"text": "as the file says", "at": 0.8}}


def test_an_edited_file_is_read_as_it_now_says(data: Path) -> None:
    (data / "rules.json").write_text(shipped.twin_text("rules.toml"))
    (data / "rules.toml").write_text('[rule]\ntext = "edited"\nat = 0.9\n')
    assert shipped.toml("rules.toml") == {"rule": {"text": "edited", "at": 0.9}}
