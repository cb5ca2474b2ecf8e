"""`facilitator challenge raise|move|inform|recommend|close|list|show` (Kirklees Compact §4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core.challenges import FILE, ChallengeBook

pytestmark = pytest.mark.usefixtures("cli_today")  # today is Mon 23 Nov 2026


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


RAISE = (
    "challenge",
    "raise",
    "--partnership",
    "Kirklees Compact",
    "--by",
    "Third Sector Leaders",
    "--against",
    "Kirklees Council",
    "--undertaking",
    "2.1 Openness",
    "--evidence",
    "one week's notice of the grants review",
    "--on",
    "1/9/2026",
)


def test_a_challenge_moves_a_b_c_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    d = ("--data-dir", tmp_path)
    code, out, _ = run(capsys, *RAISE, *d)
    assert code == 0
    assert "Challenge 1 raised by Third Sector Leaders — a: discussed between the partners" in out
    assert "normal grievance / complaint processes" in out
    code, out, _ = run(capsys, "challenge", "move", "1", "b", "--nominees", "Ann Lee, Bo Chan", *d)
    assert (code, "b: referred to the steering group" in out) == (0, True)
    code, _, err = run(capsys, "challenge", "inform", "1", "Chair", "--on", "yesterday", *d)
    assert (code, "cannot be dated before" in err) == (2, True)  # moves come in order
    code, _, _ = run(capsys, "challenge", "inform", "1", "Chair of TSL", *d)
    assert code == 0
    code, out, _ = run(capsys, "challenge", "move", "1", "c", "--body", "the LA Ombudsman", *d)
    assert (code, "taken to the LA Ombudsman" in out) == (0, True)
    code, out, _ = run(
        capsys, "challenge", "close", "1", "--outcome", "upheld", "--action", "new rule", *d
    )
    assert (code, "closed at c" in out) == (0, True)
    case = ChallengeBook(tmp_path).case(1)
    assert [(m.what, m.on) for m in case.moves] == [
        ("raised", "2026-09-01"),
        ("referred", "2026-11-23"),
        ("informed", "2026-11-23"),
        ("escalated", "2026-11-23"),
        ("closed", "2026-11-23"),
    ]
    assert case.challenge.champions == ["Chair of TSL"]
    code, out, _ = run(capsys, "challenge", "show", "1", *d)
    assert code == 0
    for said in (
        "Challenge 1 (closed)",
        "Nominees: Ann Lee, Bo Chan",
        "National body: the LA Ombudsman",
        "Outcome: upheld",
        "Action taken: new rule",
        "Mon 23 Nov 2026  referred  nominees: Ann Lee, Bo Chan",
    ):
        assert said in out
    code, out, _ = run(capsys, "challenge", "list", "--format", "json", *d)
    (listed,) = json.loads(out)
    assert (listed["stage"], listed["status"], len(listed["moves"])) == ("c", "closed", 5)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("move", "1", "b", "--nominees", "Ann Lee"), "at least two people"),
        (("move", "1", "b"), "at least two people"),
        (("move", "1", "c", "--body", "the LA Ombudsman"), "stage c comes after stage b"),
        (("move", "1", "c"), "stage c needs --body"),
        (("move", "1", "b", "--body", "x"), "--body is for stage c"),
        (("move", "1", "d"), "invalid choice"),
        (("move", "9", "b", "--nominees", "A, B"), "no challenge 9"),
        (("move", "1", "b", "--nominees", "A, B", "--on", "31/2/2026"), "31/2/2026"),
        (("move", "1", "b", "--nominees", "A, B", "--on", "1/8/2026"), "cannot be dated before"),
        (("close", "1", "--outcome", " "), "the outcome"),
        (("close", "1", "--outcome", "agreed", "--on", "next friday"), "is after today"),
        (("show", "x"), "invalid int value"),
    ],
)
def test_a_refused_move_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], said: str
) -> None:
    run(capsys, *RAISE, "--data-dir", tmp_path)
    before = (tmp_path / FILE).read_bytes()
    code, out, err = run(capsys, "challenge", *argv, "--data-dir", tmp_path)
    assert code == 2
    assert err.startswith("facilitator: ") and err.count("\n") == 1
    assert said in err
    assert (tmp_path / FILE).read_bytes() == before


def test_list_filters_and_public_leaves_confidential_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    d = ("--data-dir", tmp_path)
    run(capsys, *RAISE, *d)
    run(capsys, *RAISE, "--confidential", *d)
    raise_other = [*RAISE]
    raise_other[3] = "Other Partnership"
    run(capsys, *raise_other, *d)
    run(capsys, "challenge", "close", "1", "--outcome", "agreed", *d)
    code, out, _ = run(capsys, "challenge", "list", "--open", "--partnership", "kirklees", *d)
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["2"]
    _, out, _ = run(capsys, "challenge", "--public", *d)  # no verb: the list
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["1", "3"]
    code, _, err = run(capsys, "challenge", "show", "2", "--public", *d)
    assert (code, "is confidential" in err) == (2, True)
    _, out, _ = run(capsys, "challenge", "list", *d)
    assert "No challenges" not in out
    _, out, _ = run(capsys, "challenge", "list", "--data-dir", tmp_path / "empty")
    assert out == "No challenges match.\n"


def test_closing_at_stage_a_without_champions_says_what_the_compact_asks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, *RAISE, "--data-dir", tmp_path)
    _, out, _ = run(
        capsys, "challenge", "close", "1", "--outcome", "agreed", "--data-dir", tmp_path
    )
    assert "no Compact Champions are recorded as informed" in out


def test_hostile_text_is_printed_literally_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = "[red]x[/] <b>y</b> \x1b[2J"
    argv = [*RAISE]
    argv[argv.index("--evidence") + 1] = hostile
    run(capsys, *argv, "--data-dir", tmp_path)
    out_file = tmp_path / "one.txt"
    run(capsys, "challenge", "show", "1", "-o", out_file, "--data-dir", tmp_path)
    assert f"Evidence: {hostile}\n" in out_file.read_text()


def test_a_challenge_is_filed_under_the_partnership_its_meetings_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Typed in part, or without its accents, the partnership is found as every
    --partnership is, so the report and the nudges (which match exactly) find the case; a
    name no meeting uses is refused once meetings are recorded."""
    d = ("--data-dir", tmp_path)
    assert run(capsys, "new", "--title", "Board", "--partnership", "Kirklees Compact Café",
               "--date", "1/12/2026 10:00", *d)[0] == 0
    partial = list(RAISE)
    partial[partial.index("Kirklees Compact")] = "compact cafe"
    code, _, _ = run(capsys, *partial, *d)
    assert code == 0
    assert ChallengeBook(tmp_path).case(1).challenge.partnership == "Kirklees Compact Café"
    wrong = list(RAISE)
    wrong[wrong.index("Kirklees Compact")] = "Kirkless"
    code, _, err = run(capsys, *wrong, *d)
    assert code == 2 and "no partnership 'Kirkless'" in err and len(err.splitlines()) == 1
