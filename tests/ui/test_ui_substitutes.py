"""Substitutes and remote attendance in the register screen (F4): r marks someone remote,
and someone new can be recorded as standing in for a member."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.ui.app import make_app
from facilitator.ui.attendance import AttendanceScreen
from tests.helpers import new_session, status, type_line


def roll_row(app, name: str) -> list[str]:
    table = app.screen.query_one("#roll", DataTable)
    rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
    return next(r for r in rows if r[0] == name)


async def test_r_marks_someone_remote_and_n_adds_a_substitute(store, clock):
    sid = new_session(store, clock)
    app = make_app(store, session_id=sid, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_line(pilot, "the meeting has begun")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("down", "down", "down", "r")  # Lena Novak, the fourth
        await pilot.pause()
        assert status(app, "#attendance-status").startswith("✓ Lena Novak: attending remotely")
        assert roll_row(app, "Lena Novak")[3].endswith(" · remote")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Bill Black"
        app.screen.query_one("#field-substitute_for", Input).value = "ravi"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        assert status(app, "#attendance-status").startswith(
            "✓ Bill Black added to the participants: arrived during item 1; standing in for "
            "Ravi Patel; Ravi Patel: sent apologies"
        )
        assert roll_row(app, "Bill Black")[3] == "✓ arrived at item 1, 14:00 · for Ravi Patel"
        assert roll_row(app, "Ravi Patel")[3] == "✉ apologies"
    bill = store.load(sid).participants[-1]
    # the member's organisation and sector, none typed
    assert (bill.substitute_for, bill.organisation, bill.sector) == (
        "Ravi Patel", "Northfield Police", "public",
    )  # fmt: skip
