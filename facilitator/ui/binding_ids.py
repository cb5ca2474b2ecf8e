"""Every binding id the app defines, for checking a user's keymap.

Listed here as data, by the class whose ``BINDINGS`` declare them, so reading a keymap (at
every start) imports no screen and this module imports none of the app: the screens, and
Markdown and pygments with them, are loaded when they are first shown.
tests/ui/test_binding_ids.py checks this list against every class's ``BINDINGS``.
"""

from __future__ import annotations

BINDING_IDS: dict[str, tuple[str, ...]] = {
    "FacilitatorApp": ("app.quit", "app.help", "app.help-key"),
    "AttendanceScreen": (
        "attendance.present",
        "attendance.absent",
        "attendance.apologies",
        "attendance.new",
        "attendance.remote",
        "attendance.done",
    ),
    "CaptureBar": ("capture.up", "capture.down"),
    "ChallengesScreen": (
        "challenges.raise",
        "challenges.move",
        "challenges.open",
        "challenges.back",
    ),
    "ChecklistScreen": ("checklist.next", "checklist.prev", "checklist.back"),
    "ConfirmScreen": ("confirm.yes", "confirm.no"),
    "FormScreen": ("form.cancel", "form.save"),
    "HealthScreen": ("health.cycle", "health.back"),
    "HelpScreen": ("help.close",),
    "HomeScreen": (
        "home.open",
        "home.run",
        "home.plan",
        "home.new",
        "home.like",
        "home.minutes",
        "home.tracker",
        "home.health",
        "home.registers",
        "home.search",
        "home.demo",
        "home.next",
        "home.overdue",
        "home.challenges",
        "home.reload",
    ),
    "LiveScreen": (
        "live.next",
        "live.prev",
        "live.goto",
        "live.decision",
        "live.action",
        "live.undo",
        "live.attendance",
        "live.add",
        "live.defer",
        "live.move",
        "live.end",
        "live.minutes",
        "live.speakers",
        "live.edit",
        "live.checklist",
        "live.challenge",
        "live.dismiss",
        "live.home",
    ),
    "MinutesScreen": ("minutes.back", "minutes.export", "minutes.public"),
    "PagedTable": (
        "table.select",
        "table.up",
        "table.down",
        "table.page-up",
        "table.page-down",
        "table.first",
        "table.last",
        "table.left",
        "table.right",
    ),
    "PlanScreen": (
        "plan.add",
        "plan.edit",
        "plan.remove",
        "plan.up",
        "plan.down",
        "plan.run",
        "plan.papers",
        "plan.pack",
        "plan.home",
    ),
    "TabStrip": ("tabs.previous", "tabs.next"),
    "RegistersScreen": (
        "registers.next",
        "registers.prev",
        "registers.period",
        "registers.public",
        "registers.reload",
        "registers.back",
    ),
    "ReviewScreen": ("review.back", "review.export", "review.public"),
    "SearchScreen": ("search.back",),
    "SpeakersPanel": (
        "speakers.queue",
        "speakers.unqueue",
        "speakers.next",
        "speakers.stop",
        "speakers.leave",
    ),
    "TrackerScreen": (
        "tracker.open",
        "tracker.overdue",
        "tracker.week",
        "tracker.done",
        "tracker.redate",
        "tracker.undo",
        "tracker.search",
        "tracker.home",
    ),
}

# The room view (facilitator room) is an app of its own that reads no keymap.
NOT_IN_KEYMAP = frozenset({"RoomApp"})


def all_ids() -> set[str]:
    return {binding_id for ids in BINDING_IDS.values() for binding_id in ids}
