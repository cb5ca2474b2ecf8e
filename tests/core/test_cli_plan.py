"""The command line for planning: templates, new --template / --like, agenda export."""

from __future__ import annotations

import tomllib

import pytest

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from facilitator.core.meeting import Meeting
from tests.helpers import agenda


def run(capsys, store, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(store.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_are_listed_with_their_sources(capsys, store):
    code, out, _ = run(capsys, store, "templates")
    assert code == 0
    for name in ("partnership-board", "compact-steering-group", "effectiveness-review"):
        assert name in out
    assert "Kirklees" in out and "Wiltshire" in out


def test_new_from_a_template_prints_the_id_last(capsys, store):
    code, out, _ = run(
        capsys,
        store,
        "new",
        "--template",
        "effectiveness-review",
        "--partnership",
        "Northfield CSP",
        "--date",
        "12/02/2027 14:00",
    )
    assert code == 0
    session = store.load(out.strip().splitlines()[-1])
    assert session.info.title == "Partnership effectiveness review"
    assert session.info.date == "2027-02-12T14:00"
    assert any(i.kind == "review" for i in session.agenda)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "--template", "nope", "--partnership", "P"], "no template 'nope'"),
        (["new", "--template", "partnership-board"], "needs --partnership"),
        (
            ["new", "--template", "partnership-board", "--partnership", "P", "--date", "blurgh"],
            "blurgh",
        ),
        (["new", "--like", "no-such-session"], "no session"),
        (["agenda", "no-such-session"], "no session"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, store, argv, message):
    code, _, err = run(capsys, store, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err


def test_new_like_copies_people_and_standing_items_and_brings_deferred_ones(capsys, store, clock):
    data = agenda()
    data["items"][0]["standing"] = True
    first = store.create(agenda_from_dict(data, clock().date()))
    writer = store.writer(first)
    meeting = Meeting(writer, clock=clock)
    meeting.capture("/defer 2")
    meeting.capture("/end")
    writer.close()

    code, out, _ = run(capsys, store, "new", "--like", first, "--date", "21/12/2026 14:00")
    assert code == 0
    assert "deferred from an earlier meeting: Street lighting on Hope Street" in out
    second = store.load(out.strip().splitlines()[-1])
    assert [p.name for p in second.participants] == [p["name"] for p in data["participants"]]
    assert not any(p.apologies for p in second.participants)
    assert [i.title for i in second.agenda] == [  # the usual standing items, by their titles
        "Welcome and apologies",
        "Street lighting on Hope Street",
        "Any other business",
    ]


UNFLAGGED = [  # no item marked standing, as in most boards' own agenda files
    {"title": "Welcome and Apologies", "minutes": 5},
    {"title": "Declarations of Interest", "minutes": 5},
    {"title": "Street lighting on Hope Street", "minutes": 15},
    {"title": "Youth services contract", "minutes": 20},
    {"title": "Any other business", "minutes": 5},
]


@pytest.mark.parametrize(
    ("picked", "titles"),
    [
        ([], ["Welcome and Apologies", "Declarations of Interest", "Any other business"]),
        (["--items", "4, 1"], ["Welcome and Apologies", "Youth services contract"]),
        (["--items", ""], []),
        (["--all-items"], [i["title"] for i in UNFLAGGED]),
    ],
)
def test_new_like_carries_the_usual_items_or_those_picked(capsys, store, clock, picked, titles):
    first = store.create(agenda_from_dict(agenda(items=UNFLAGGED), clock().date()))
    code, out, err = run(capsys, store, "new", "--like", first, "--date", "21/12/2026", *picked)
    assert code == 0, err
    assert [i.title for i in store.load(out.strip().splitlines()[-1]).agenda] == titles


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--items", "1,two"], "--items takes item numbers like 1,2,5, not 'two'"),
        (["--items", "1,9"], "there is no item 9 on that agenda (it has 5)"),
        (["--items", "1", "--all-items"], "not allowed with argument --items"),
    ],
)
def test_new_like_refuses_items_it_cannot_carry(capsys, store, clock, argv, message):
    first = store.create(agenda_from_dict(agenda(items=UNFLAGGED), clock().date()))
    before = set(store.session_ids())
    code, _, err = run(capsys, store, "new", "--like", first, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1 and message in err
    assert set(store.session_ids()) == before


def test_items_without_like_is_refused(capsys, store):
    code, _, err = run(capsys, store, "new", "--title", "Board", "--items", "1")
    assert code == 2 and "--items and --all-items go with --like ID" in err


def test_agenda_export_reads_back(capsys, store, tmp_path, clock):
    sid = store.create(agenda_from_dict(agenda(title='Board "A" [b]x a\\'), clock().date()))
    target = tmp_path / "board.toml"
    code, _, _ = run(capsys, store, "agenda", sid, "-o", str(target))
    assert code == 0
    again = agenda_from_dict(tomllib.loads(target.read_text(encoding="utf-8")), clock().date())
    assert again.info.title == 'Board "A" [b]x a\\'
    assert [i.title for i in again.agenda] == [i.title for i in store.load(sid).agenda]
    code, _, err = run(capsys, store, "agenda", sid, "-o", str(target))
    assert code == 2 and "already exists" in err
