"""The binding ids a keymap may name are listed as data (facilitator/ui/binding_ids.py), so
that reading a keymap at start imports no screen: the list must be every id the app's
classes declare in their ``BINDINGS``, no more and no fewer."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import facilitator.ui
from facilitator.ui import binding_ids


def declared() -> dict[str, tuple[str, ...]]:
    """Each class of facilitator.ui with its own BINDINGS, by name, with their ids."""
    found: dict[str, tuple[str, ...]] = {}
    for info in pkgutil.walk_packages(facilitator.ui.__path__, "facilitator.ui."):
        module = importlib.import_module(info.name)
        for name, owner in vars(module).items():
            if (
                inspect.isclass(owner)
                and issubclass(owner, DOMNode)
                and owner.__module__ == module.__name__
                and "BINDINGS" in owner.__dict__
            ):
                bindings = owner.__dict__["BINDINGS"]
                assert all(isinstance(b, Binding) and b.id for b in bindings), name
                found[name] = tuple(b.id for b in bindings)
    return found


def test_the_listed_binding_ids_are_those_the_classes_declare():
    found = declared()
    assert binding_ids.NOT_IN_KEYMAP <= set(found)
    expected = {name: ids for name, ids in found.items() if name not in binding_ids.NOT_IN_KEYMAP}
    assert binding_ids.BINDING_IDS == expected


def test_all_ids_are_the_listed_ones():
    ids = binding_ids.all_ids()
    assert {"live.next", "home.open", "speakers.queue", "capture.up"} <= ids
    assert "room.quit" not in ids  # the room view reads no keymap
    assert len(ids) == sum(len(v) for v in binding_ids.BINDING_IDS.values())  # none twice
