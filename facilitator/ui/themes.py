"""Themes for rooms with projectors: full-strength text, strong contrast."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

THEMES = [
    Theme(
        name="projector-dark",
        primary="#4da3ff",
        secondary="#9ecbff",
        accent="#ffd166",
        warning="#ffb000",
        error="#ff5c5c",
        success="#5ce08a",
        foreground="#ffffff",
        background="#000000",
        surface="#0b0b0b",
        panel="#1a1a1a",
        dark=True,
        text_alpha=1.0,
    ),
    Theme(
        name="projector-light",
        primary="#0044aa",
        secondary="#003377",
        accent="#8a4b00",
        warning="#8a5a00",
        error="#b00020",
        success="#006622",
        foreground="#000000",
        background="#ffffff",
        surface="#f4f4f4",
        panel="#e6e6e6",
        dark=False,
        text_alpha=1.0,
    ),
    Theme(
        name="high-contrast",
        primary="#ffff00",
        secondary="#00ffff",
        accent="#ff00ff",
        warning="#ffff00",
        error="#ff3030",
        success="#00ff00",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#000000",
        dark=True,
        text_alpha=1.0,
    ),
]
THEME_NAMES = [t.name for t in THEMES]


def register(app: App[Any]) -> None:
    for theme in THEMES:
        app.register_theme(theme)
