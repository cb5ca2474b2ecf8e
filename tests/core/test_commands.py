"""The one table of capture commands (core/capture.py ``COMMANDS``): every command has its
help, its usage and what carries it out, and everything that carries one out is reached.

The parser, the meeting, F1 help and the command palette all read the table; these tests
hold each row to what they need of it.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import get_type_hints

import pytest

from facilitator.core import capture
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.capture import ALIASES, COMMANDS, CaptureError, OpenCmd, Takes
from facilitator.core.meeting import Meeting
from facilitator.core.outcome import Outcome
from facilitator.core.record import Part
from tests.helpers import agenda

CORE = Path(capture.__file__).parent
SPECS = list(COMMANDS.values())
ARGUMENT = {Takes.NOTHING: "", Takes.OPTIONAL: "", Takes.REQUIRED: " 2 to 3"}
WHEN_ENDED_ARGUMENT = {"nextmeeting": " 10/02/2027 14:00"}  # what such a command takes


@pytest.fixture
def meeting(store, clock):
    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    writer = store.writer(sid)
    yield Meeting(writer, clock=clock)
    writer.close()


def parts(meeting: Meeting) -> dict[str, Part]:
    return {name: part for name, part in vars(meeting).items() if isinstance(part, Part)}


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_command_has_help_a_usage_and_one_thing_it_does(spec):
    assert spec.summary.strip() and "\n" not in spec.summary
    assert spec.usage.split(" ")[0] == f"/{spec.name}"
    assert bool(spec.does) != bool(spec.opens), "a handler or a screen it opens, not both"


@pytest.mark.parametrize("spec", [s for s in SPECS if s.does], ids=lambda s: s.name)
def test_every_handler_named_is_a_method_of_a_part_returning_an_outcome(meeting, spec):
    part, method = spec.does.split(".")
    assert part in parts(meeting), f"{spec.does}: the meeting has no part {part!r}"
    handler = meeting.handler(spec)
    assert handler == getattr(parts(meeting)[part], method)
    assert get_type_hints(handler)["return"] is Outcome


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_command_is_reached_by_its_name_and_each_alias(spec):
    heads = [f"/{spec.name}", f"/{spec.name.upper()}", *spec.aliases]
    for head in heads:
        found = capture.read(head + ARGUMENT[spec.takes])
        assert found is not None and found[0] is spec, head
    assert all(ALIASES[a] == spec.name for a in spec.aliases)


def test_an_alias_is_never_also_a_command_or_another_alias():
    aliases = [a for s in SPECS for a in s.aliases]
    assert len(aliases) == len(set(aliases)) == len(ALIASES)
    assert not any(a.startswith("/") for a in aliases)


def test_no_handler_is_unreachable(meeting):
    """Every public method of a part that carries a line out (it returns an Outcome) is
    reached: named by a command, asked for by the screens through ``Meeting``, or called by
    another part."""
    named = {spec.does for spec in SPECS if spec.does}
    sources = {path: path.read_text(encoding="utf-8") for path in CORE.glob("*.py")}
    unreached = []
    for part_name, part in parts(meeting).items():
        home = Path(inspect.getfile(type(part)))
        for name, method in inspect.getmembers(type(part), inspect.isfunction):
            if name.startswith("_") or get_type_hints(method).get("return") is not Outcome:
                continue
            called = any(f".{name}(" in text for path, text in sources.items() if path != home)
            if f"{part_name}.{name}" not in named and not hasattr(Meeting, name) and not called:
                unreached.append(f"{part_name}.{name}")
    assert unreached == []


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_argument_rule_of_every_command(spec):
    if spec.takes is Takes.NOTHING:
        with pytest.raises(CaptureError, match=f"^/{spec.name} takes nothing after it$"):
            capture.parse(f"/{spec.name} more")
        assert capture.parse(f"/{spec.name}") is not None
    elif spec.takes is Takes.REQUIRED:
        with pytest.raises(CaptureError, match="needs more") as refused:
            capture.parse(f"/{spec.name}")
        assert str(refused.value) == f"/{spec.name} needs more: {spec.usage}"
    else:
        assert capture.parse(f"/{spec.name}") is not None
        assert capture.parse(f"/{spec.name} 2") is not None


def test_an_alias_of_a_command_that_takes_nothing_is_a_whole_line():
    assert capture.parse("ack") == capture.ChairCmd("nextspeaker")
    assert capture.parse("ACK") == capture.ChairCmd("nextspeaker")
    assert capture.parse("ack that point") == capture.NoteCmd("ack that point")


def test_a_command_that_opens_a_screen_is_found_from_the_table():
    assert capture.opens("/edit") == OpenCmd("edit_decision")
    assert capture.opens("/CHECKLIST Scottish") == OpenCmd("checklist", "Scottish")
    assert capture.opens("/checklist") == OpenCmd("checklist")
    for line in ["/edit now", "/editor", "/checklistx", "edit", "/note /edit", "/decision x"]:
        assert capture.opens(line) is None, line


def test_the_meeting_says_a_screen_is_opened_elsewhere(meeting):
    for spec in (s for s in SPECS if s.opens):
        with pytest.raises(CaptureError, match="opens a screen of the live meeting"):
            meeting.capture(f"/{spec.name}")


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_on_an_ended_meeting_only_what_the_table_allows_is_carried_out(meeting, spec):
    meeting.capture("/end")
    line = f"/{spec.name}" + WHEN_ENDED_ARGUMENT.get(spec.name, ARGUMENT[spec.takes])
    if spec.when_ended:
        assert meeting.capture(line) is not None
    else:
        with pytest.raises(CaptureError, match="this meeting has ended"):
            meeting.capture(line)
