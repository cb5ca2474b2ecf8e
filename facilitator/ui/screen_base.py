"""The base of facilitator's screens: ``self.app`` is the FacilitatorApp, typed as such.

Textual types a screen's ``app`` as ``App[Any]``, so every use of the app's own attributes
(``store``, ``now``, ``opened``, ``open_meeting``) was a guess the type checker could not
follow. Screens of the main app derive from :class:`AppScreen` instead of ``Screen`` (and
its modal screens from :class:`AppModal`), which also reads the screen's own rules
(``STYLES``) when it is first made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.screen import ModalScreen, Screen

from facilitator.ui import collector, screen_styles

if TYPE_CHECKING:  # the app imports the screens; this is for the type checker only
    from facilitator.ui.app import FacilitatorApp

ResultType = TypeVar("ResultType")


class _OfTheApp:
    STYLES: ClassVar[str] = ""
    """The screen's own rules: a .tcss file beside its module, added to the app's stylesheet
    when the first such screen is made (ui/screen_styles.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.STYLES:
            screen_styles.add(self.app, screen_styles.styles_file(type(self)))

    @property
    def app(self) -> FacilitatorApp:
        return cast("FacilitatorApp", super().app)  # type: ignore[misc]


class AppScreen(_OfTheApp, Screen[ResultType]):  # type: ignore[misc]  # app, narrowed
    """A screen of the main app."""

    __resumed = False  # made the active screen at least once (mangled: a screen's own
    # attributes keep their names; the plan screen has a _shown of its own)

    @on(events.Mount)
    def _release_collector(self) -> None:  # besides the screen's own on_mount
        self.call_after_refresh(collector.release)  # the app's first screen is drawn

    @on(events.ScreenResume)
    def _styled_when_mounted(self, event: events.ScreenResume) -> None:
        """Shown for the first time: its widgets were styled as they were mounted, just
        before, so Textual is told not to style every one of them again (it does so at every
        resume, for a screen come back to after the theme or the CSS may have changed). On
        the live screen that second pass was a fiftieth of the start. This handler runs
        before Screen's own (Textual calls a class's handlers before its bases')."""
        if not self.__resumed:
            self.__resumed = True
            event.refresh_styles = False


class AppModal(_OfTheApp, ModalScreen[ResultType]):  # type: ignore[misc]  # app, narrowed
    """A modal screen of the main app."""
