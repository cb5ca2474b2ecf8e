"""The base of facilitator's screens: ``self.app`` is the FacilitatorApp, typed as such.

Textual types a screen's ``app`` as ``App[Any]``, so every use of the app's own attributes
(``store``, ``now``, ``opened``, ``open_meeting``) was a guess the type checker could not
follow. Screens of the main app derive from :class:`AppScreen` instead of ``Screen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import events, on
from textual.screen import ModalScreen, Screen

from facilitator.ui import collector

if TYPE_CHECKING:  # the app imports the screens; this is for the type checker only
    from facilitator.ui.app import FacilitatorApp

ResultType = TypeVar("ResultType")


class _OfTheApp:
    @property
    def app(self) -> FacilitatorApp:
        return cast("FacilitatorApp", super().app)  # type: ignore[misc]


class AppScreen(_OfTheApp, Screen[ResultType]):  # type: ignore[misc]  # app, narrowed
    """A screen of the main app."""

    @on(events.Mount)
    def _release_collector(self) -> None:  # besides the screen's own on_mount
        self.call_after_refresh(collector.release)  # the app's first screen is drawn


class AppModal(_OfTheApp, ModalScreen[ResultType]):  # type: ignore[misc]  # app, narrowed
    """A modal screen of the main app."""
