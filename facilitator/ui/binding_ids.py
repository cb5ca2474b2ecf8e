"""Every binding id the app defines, for checking a user's keymap."""

from __future__ import annotations

from textual.binding import Binding


def all_ids() -> set[str]:
    from facilitator.ui.app import FacilitatorApp
    from facilitator.ui.attendance import AttendanceScreen
    from facilitator.ui.checklist import ChecklistScreen
    from facilitator.ui.confirm import ConfirmScreen
    from facilitator.ui.form import FormScreen
    from facilitator.ui.health import HealthScreen
    from facilitator.ui.help import HelpScreen
    from facilitator.ui.home import HomeScreen
    from facilitator.ui.live import LiveScreen
    from facilitator.ui.minutes_view import MinutesScreen
    from facilitator.ui.plan import PlanScreen
    from facilitator.ui.review import ReviewScreen, SearchScreen
    from facilitator.ui.speakers_panel import SpeakersPanel
    from facilitator.ui.tracker import TrackerScreen

    owners = [
        FacilitatorApp,
        AttendanceScreen,
        ChecklistScreen,
        ConfirmScreen,
        FormScreen,
        HealthScreen,
        HelpScreen,
        HomeScreen,
        LiveScreen,
        MinutesScreen,
        PlanScreen,
        ReviewScreen,
        SearchScreen,
        SpeakersPanel,
        TrackerScreen,
    ]
    return {b.id for o in owners for b in o.BINDINGS if isinstance(b, Binding) and b.id}
