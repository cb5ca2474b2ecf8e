"""A user's own keys and theme, kept in the data folder."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.agenda import agenda_from_dict
from facilitator.ui.app import make_app
from tests.helpers import agenda, screen_text


async def test_a_keymap_rebinds_by_binding_id(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    (store.root / "keymap.toml").write_text('[keys]\n"live.next" = "f9"\n', encoding="utf-8")
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert "Item 2 of 3" in screen_text(app)


async def test_a_bad_keymap_is_reported_and_the_defaults_kept(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    (store.root / "keymap.toml").write_text('[keys]\n"no.such" = "f9"\n', encoding="utf-8")
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("is not a binding id" in m for m in messages), messages
        app.screen.query_one("#capture", Input).focus()
        await pilot.press("f6")
        await pilot.pause()
        assert "Item 2 of 3" in screen_text(app)


async def test_the_chosen_theme_is_remembered(store, clock):
    store.create(agenda_from_dict(agenda(), clock().date()))
    app = make_app(store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "projector-light"
        await pilot.pause()
    again = make_app(store, clock=clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "projector-light"
