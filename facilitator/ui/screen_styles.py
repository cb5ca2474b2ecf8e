"""Each screen's own rules, read when the screen is first made rather than at every start.

Textual parses every rule of the app's stylesheet before the first screen is drawn, and
parsing is slow: app.tcss, when it held every screen's rules, was the largest single part of
start-up after the imports (7.5 ms of its parsing alone, of 14 for all the CSS the first
screen uses). So app.tcss holds only what every screen shares, and a screen names its own
file in ``STYLES`` (beside its module: ``live.tcss``), read when the first such screen is
made. The file is added to the app's stylesheet as app.tcss is, as the app's own CSS, so its
rules outrank the widgets' defaults exactly as they did in app.tcss, and later files win a
tie as later rules in one file did.

Textual's own ``Screen.CSS_PATH`` is not used: a screen that has one makes Textual parse the
whole stylesheet again, every rule of every file and widget (``Stylesheet.reparse``), and
restyle every widget of every screen, on the event loop, the first time it is shown. Adding
the file as a source parses that file, and the rest is taken from Textual's cache of what
it parsed before (while the cache holds them: it keeps 64 sources, each widget class's
default CSS one of them, and a change of theme empties it). A screen's rules name its own
widgets (their ids and classes), so the widgets of screens already shown never need them;
rules for widgets of several screens stay in app.tcss.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from textual.app import App

_FILES: dict[type[Any], Path] = {}  # by screen class: asked each time such a screen is made


def styles_file(screen: type[Any]) -> Path:
    """The file the screen's ``STYLES`` names, beside the module of the class that names it
    (a subclass elsewhere keeps its base's rules)."""
    if screen not in _FILES:
        owner = next(cls for cls in screen.__mro__ if "STYLES" in cls.__dict__)
        _FILES[screen] = Path(inspect.getfile(owner)).with_name(owner.__dict__["STYLES"])
    return _FILES[screen]


def add(app: App[Any], path: Path) -> bool:
    """The rules in ``path`` as the app's own CSS, once an app. True if they were added now."""
    where = str(path)
    if app.stylesheet.has_source(where):
        return False
    app.stylesheet.add_source(  # parsed when next asked for, the others' rules kept
        path.read_text(encoding="utf-8"), read_from=(where, ""), is_default_css=False
    )
    if app.css_monitor is not None:  # `textual run --dev`: edits to the file shown live
        app.css_monitor.add_paths([path])
    return True
