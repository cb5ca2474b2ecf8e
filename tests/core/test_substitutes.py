"""Substitutes and remote attendance recorded live in the register (/sub, /remote), shown
in the minutes' attendance list and counted by the registers."""

from __future__ import annotations

import pytest

from facilitator.core import registers as reg
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import CaptureError
from facilitator.core.meeting import Meeting
from facilitator.core.minutes import build_minutes
from facilitator.core.minutes_doc import render
from tests.helpers import MeetingRig, agenda


@pytest.fixture
def rig(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    rig = MeetingRig(store, sid, clock, Meeting(store.writer(sid), clock=clock))
    yield rig
    rig.meeting.writer.close()


def person(rig: MeetingRig, name: str):
    return next(p for p in rig.on_disk().participants if p.name == name)


def test_a_newcomer_stands_in_for_a_member(rig: MeetingRig) -> None:
    said = rig.meeting.capture("/sub Bill Black for Ravi").message
    assert said == (
        "Bill Black added to the participants: present; standing in for Ravi Patel; "
        "Ravi Patel: sent apologies"
    )
    bill = person(rig, "Bill Black")
    # the member's organisation and sector: Bill represents the police today
    assert (bill.substitute_for, bill.organisation, bill.sector) == (
        "Ravi Patel", "Northfield Police", "public",
    )  # fmt: skip
    assert person(rig, "Ravi Patel").attendance == "apologies"


def test_a_participant_stands_in_and_a_late_one_arrives(rig: MeetingRig) -> None:
    rig.run("/sub Sam for Owen")  # Owen already sent apologies (from the plan): left as it is
    assert person(rig, "Sam Okafor").substitute_for == "Owen Hughes"
    assert person(rig, "Owen Hughes").attendance == ""
    rig.run("/next", 5)
    said = rig.meeting.capture("/sub Tia Tran for Lena").message
    assert said.startswith("Tia Tran added to the participants: arrived during item 2")
    assert [a.name for a in rig.on_disk().attendance] == ["Tia Tran"]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/sub Bill", "say who stands in for whom"),
        ("/sub for Ravi", "say who stands in for whom"),
        ("/sub Joan for Joan", "cannot stand in for themselves"),
        ("/sub Bill for Nobody", "not"),
    ],
)
def test_what_a_substitution_refuses(rig: MeetingRig, line: str, said: str) -> None:
    with pytest.raises(CaptureError, match=said):
        rig.meeting.capture(line)
    assert len(rig.on_disk().participants) == 5  # nothing saved


def test_no_one_stands_in_for_someone_here_or_twice(rig: MeetingRig) -> None:
    rig.run("/present Ravi")
    with pytest.raises(CaptureError, match="Ravi Patel is marked present"):
        rig.meeting.capture("/sub Bill for Ravi")
    rig.run("/sub Ann Ash for Lena")
    with pytest.raises(CaptureError, match="Ann Ash already stands in for Lena Novak"):
        rig.meeting.capture("/sub Tia for Lena")


def test_remote_and_back_in_the_room(rig: MeetingRig) -> None:
    assert rig.meeting.capture("/remote Lena").message == "Lena Novak: attending remotely"
    assert person(rig, "Lena Novak").remote
    assert rig.meeting.capture("/remote Lena").message == "Lena Novak: in the room"
    assert not person(rig, "Lena Novak").remote


def test_the_minutes_and_the_registers_say_so(rig: MeetingRig) -> None:
    rig.run("/sub Bill Black for Ravi", "/remote Lena", "/end")
    session = rig.on_disk()
    text = render(build_minutes(session), "md")
    assert "Bill Black (substitute for Ravi Patel)" in text
    assert "Lena Novak (remote)" in text
    series = reg.make_series([session], session.info.partnership, None, None)
    police = next(r for r in reg.attendance(series, "organisation") if r.who == "Northfield Police")
    assert (police.expected, police.present, police.substitutes) == (1, 1, 1)  # Bill, for Ravi
    ravi = next(r for r in reg.attendance(series, "person") if r.who == "Ravi Patel")
    assert (ravi.present, ravi.apologies, ravi.substitutes) == (0, 1, 1)
    [held] = reg.meetings(series)
    # Joan, Sam, Lena (remote) and Bill: Ravi and Owen sent apologies
    assert (held.present, held.remote, held.substitutes) == (4, 1, 1)


# -- in the plan: a substitute known before the meeting


@pytest.fixture
def planner(store, clock):
    from facilitator.core.planning import Planner

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    yield Planner(writer, clock)
    writer.close()


def test_the_plan_records_a_substitute_and_remote_attendance(planner) -> None:
    person = planner.add_participant(
        {
            "name": "Bill Black",
            "organisation": "Northfield Police",
            "sector": "public",
            "substitute_for": "ravi patel",
            "remote": True,
        }  # fmt: skip
    )
    assert (person.substitute_for, person.remote) == ("Ravi Patel", True)  # as the roll has it
    joan = next(p for p in planner.session.participants if p.name == "Joan Pike")
    planner.update_participant(joan.id, {"name": "Joan Pike", "remote": True})
    assert next(p for p in planner.session.participants if p.name == "Joan Pike").remote


@pytest.mark.parametrize(
    ("member", "said"), [("Nobody Here", "not one of the participants"), ("Bill", "themselves")]
)
def test_the_plan_refuses_a_substitute_for_nobody_or_themselves(planner, member, said) -> None:
    from facilitator.core.planning import PlanError

    planner.add_participant({"name": "Bill"})
    bill = next(p for p in planner.session.participants if p.name == "Bill")
    with pytest.raises(PlanError, match=said):
        planner.update_participant(bill.id, {"name": "Bill", "substitute_for": member})


# -- in an agenda file


def test_an_agenda_file_names_a_substitute_and_remote_attendance(clock) -> None:
    import tomllib

    from facilitator.core.agenda import to_toml

    data = agenda()
    data["participants"].append(
        {
            "name": "Bill Black",
            "organisation": "Northfield Police",
            "sector": "public",
            "substitute_for": "ravi patel",
            "remote": True,
        }  # fmt: skip
    )
    session = agenda_from_dict(data, clock().date())
    bill = session.participants[-1]
    assert (bill.substitute_for, bill.remote) == ("Ravi Patel", True)  # as the list has it
    text = to_toml(session)
    assert 'substitute_for = "Ravi Patel"\nremote = true' in text
    assert text.count("remote") == 1  # written only for who attends remotely
    again = agenda_from_dict(tomllib.loads(text), clock().date())
    assert again.participants == session.participants


@pytest.mark.parametrize(
    ("member", "said"),
    [("Nobody Here", "'Nobody Here' is not one of the participants"), ("Bill", "themselves")],
)
def test_an_agenda_file_refuses_a_substitute_for_nobody_or_themselves(clock, member, said):
    from facilitator.core.agenda import AgendaError

    data = agenda()
    data["participants"].append({"name": "Bill", "substitute_for": member})
    with pytest.raises(AgendaError, match=f"participants\\[6\\].substitute_for.*{said}"):
        agenda_from_dict(data, clock().date())
