"""Citations: every prompt, checklist item and template cites clauses of the five compacts by
id, every id is in the clause map (facilitator/data/clauses.toml), every clause in the map is
served by something that exists or says why it is not, and each summary's quoted words are
the document's own, in the clause it names (checked against the seed documents)."""

from __future__ import annotations

import argparse
import re
import tomllib
from importlib import resources
from pathlib import Path

import msgspec
import pytest

from facilitator.cli import build_parser, main
from facilitator.core import model
from facilitator.core.capture import COMMANDS
from facilitator.core.checklists import BUILT_IN
from facilitator.core.clauses import Clause, UnknownClause, cite, clause, clause_map
from facilitator.core.prompts import PromptConfigError, load_config
from facilitator.core.templates import templates

SEEDS = Path("/work/shared/seeds")
README = Path(__file__).resolve().parents[2] / "README.md"
CLAUSES = clause_map().clauses


def served(entry: str) -> bool:
    """Whether a ``served_by`` entry names something facilitator has (see clauses.toml)."""
    kind, _, what = entry.partition(":")
    if kind == "prompt":
        return what in load_config()
    if kind == "checklist":
        checklist_id, _, ref = what.partition("/")
        found = BUILT_IN.get(checklist_id)
        return found is not None and (not ref or found.item(ref) is not None)
    if kind == "template":
        return what in templates()
    if kind == "command":
        return what in COMMANDS
    if kind == "field":
        name, _, field = what.partition(".")
        cls = getattr(model, name, None)
        return isinstance(cls, type) and issubclass(cls, msgspec.Struct) and field in {
            f.name for f in msgspec.structs.fields(cls)
        }
    if kind == "cli":
        command, _, option = what.partition(" ")
        (subs,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
        parser = subs.choices.get(command)
        return parser is not None and (not option or option in parser._option_string_actions)
    if kind == "key":
        from facilitator.ui.binding_ids import all_ids

        return what in all_ids()
    return False


# --------------------------------------------------------------------------- the map


def test_clause_ids_are_unique_and_follow_the_scheme() -> None:
    raw = tomllib.loads(resources.files("facilitator").joinpath("data/clauses.toml").read_text())
    ids = [c["id"] for c in raw["clauses"]]
    assert len(ids) == len(set(ids)) == len(CLAUSES)
    for c in CLAUSES.values():
        assert c.id.startswith(f"{c.compact.key}-"), c.id
        # the id ends as the document's reference does: 5.6, joint undertaking 3, 2.1 Openness
        assert c.id.rsplit("-", 1)[-1] == c.ref.rsplit(" ", 1)[-1].lower(), c.id


def test_the_map_covers_every_clause_the_issue_lists() -> None:
    def count(prefix: str) -> int:
        return sum(i.startswith(prefix) for i in CLAUSES)

    assert {f"gloucestershire-5.{n}" for n in range(1, 17)} <= set(CLAUSES)
    assert (count("gloucestershire-6."), count("gloucestershire-7.")) == (4, 3)
    assert (count("gloucestershire-factor-"), count("wiltshire-factor-")) == (11, 11)
    assert (count("wiltshire-joint-"), count("wiltshire-vcs-"), count("wiltshire-public-")) == (
        15,
        3,
        4,
    )
    assert (count("scottish-compact-"), count("scottish-practice-")) == (6, 12)
    assert count("kirklees-2.1-") == 7
    assert (count("kirklees-2.2-statutory-"), count("kirklees-2.2-vcs-")) == (6, 5)
    assert {"kirklees-3", "kirklees-3.2", "kirklees-4", "kirklees-4a", "kirklees-4c"} <= set(
        CLAUSES
    )
    assert count("recipe-") == 13


@pytest.mark.parametrize("c", CLAUSES.values(), ids=list(CLAUSES))
def test_every_clause_is_served_or_says_why_not(c: Clause) -> None:
    assert bool(c.served_by) != bool(c.not_served.strip()), c.id
    assert c.summary.strip() and re.search(r'"[^"]+"', c.summary), "quote the clause's words"
    assert [e for e in c.served_by if not served(e)] == []


@pytest.mark.parametrize(
    "entry",
    [
        "prompt:openness",
        "checklist:ingredients/I14",
        "checklist:nope",
        "template:board",
        "command:nope",  # (/challenge exists now: it serves Kirklees §4)
        "field:Participant.interest",
        "field:Nothing.name",
        "cli:clauses --public",
        "cli:nope",
        "key:live.nope",
        "feature:anything",
    ],
)
def test_a_served_by_entry_that_names_nothing_is_caught(entry: str) -> None:
    assert not served(entry)


def test_an_unknown_clause_id_is_refused_by_name() -> None:
    with pytest.raises(UnknownClause, match="no clause 'kirklees-9'"):
        cite(["kirklees-9"])


# --------------------------------------------------------------------------- who cites what


@pytest.mark.parametrize("rule", list(load_config()))
def test_every_prompt_cites_clauses_in_the_map_that_list_it(rule: str) -> None:
    conf = load_config()[rule]
    assert conf["cites"], rule
    for clause_id in conf["cites"]:
        assert f"prompt:{rule}" in clause(clause_id).served_by, clause_id
    own = conf.get("own_rule", "")
    assert conf["source"] == cite(conf["cites"]) + (f"; {own}" if own else "")


def test_every_built_in_checklist_item_cites_its_clause() -> None:
    for checklist in BUILT_IN.values():
        for item in checklist.items:
            assert item.cites, (checklist.id, item.ref)
            for clause_id in item.cites:
                c = clause(clause_id)
                assert c.label in item.source, (item.source, c.label)
                assert f"checklist:{checklist.id}/{item.ref}" in c.served_by, clause_id


def test_every_template_cites_clauses_in_the_map_that_list_it() -> None:
    for name, template in templates().items():
        assert template.cites, name
        for clause_id in template.cites:
            assert f"template:{name}" in clause(clause_id).served_by, (name, clause_id)
        assert template.sources == cite(template.cites, words=False)


def test_no_data_file_cites_in_free_text() -> None:
    """A citation is by clause id: a hand-written source could say what no clause says."""
    data = resources.files("facilitator").joinpath("data")
    assert all(
        "source" not in fields
        for fields in tomllib.loads(data.joinpath("prompts.toml").read_text("utf-8")).values()
    )
    for entry in data.joinpath("templates").iterdir():
        assert "sources" not in tomllib.loads(entry.read_text("utf-8")), entry.name


def test_the_readme_prompt_table_cites_what_each_prompt_cites() -> None:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = line.split(" | ")
        if len(cells) == 3 and (rule := re.fullmatch(r"`(\w+)`", cells[1])):
            rows[rule.group(1)] = cells[2]
    config = load_config()
    assert set(rows) == set(config)
    for rule, cell in rows.items():
        assert re.findall(r"`([a-z0-9.-]+)`", cell) == config[rule]["cites"], rule
        for clause_id in config[rule]["cites"]:
            assert clause(clause_id).ref in cell, (rule, clause_id)
        summaries = _normal(" ".join(clause(i).summary for i in config[rule]["cites"]))
        for quoted in re.findall(r'"([^"]+)"', cell):  # the README quotes the clause's words
            assert _normal(quoted) in summaries, (rule, quoted)


# --------------------------------------------------------------------------- the wrong ones


def test_dissent_is_not_sent_to_the_kirklees_challenge_process() -> None:
    """Kirklees 4 is for breaches of the Compact: it 'should not be used to challenge
    decisions'. What happens when agreement cannot be reached is the Scottish guide's."""
    dissent = load_config()["dissent"]
    assert dissent["cites"] == ["scottish-practice-11"]
    assert "Kirklees" not in dissent["source"]
    assert "if agreement cannot be reached" in dissent["source"]
    assert "should not be used to challenge decisions" in clause("kirklees-4").summary
    for rule, conf in load_config().items():
        assert not [c for c in conf["cites"] if c.startswith("kirklees-4")], rule


def test_apologies_and_declarations_cite_organisational_interests_not_openness() -> None:
    start = load_config()["start_openness"]
    assert start["cites"] == ["gloucestershire-5.6"]
    assert start["source"] == 'Gloucestershire Compact 5.6: "clarify organisational interests"'
    assert "prompt:start_openness" in clause("wiltshire-joint-8").served_by
    assert "be clear about organisational interests" in clause("wiltshire-joint-8").summary
    assert "kirklees-2.1-openness" not in start["cites"]


def test_a_silent_sector_cites_participation_and_the_chair_not_hard_to_reach_groups() -> None:
    silent = load_config()["sector_silent"]
    assert silent["cites"] == ["gloucestershire-5.7", "gloucestershire-5.13"]
    assert "hard-to-reach" not in silent["source"]


def test_the_quorum_is_the_partnerships_own_rule_not_gloucestershire_512() -> None:
    quorum = load_config()["not_quorate"]
    assert "gloucestershire-5.12" not in quorum["cites"]
    assert "5.12" not in quorum["source"]
    assert "quorum" not in clause("gloucestershire-5.12").summary.lower()
    assert quorum["source"].endswith("the quorum itself is the partnership's own rule")


def test_five_working_days_for_papers_is_the_partnerships_own_rule() -> None:
    papers = load_config()["papers_late"]
    assert model.SessionInfo(id="s", title="t").papers_days == 5  # the rule is each session's
    assert papers["source"].endswith("the number of days is the partnership's own rule (default 5)")
    assert "day" not in clause("scottish-practice-7").summary


# --------------------------------------------------------------------------- overrides


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prompts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_partnership_states_its_own_rule_or_its_own_source(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[papers_late]\nown_rule = "ours: 10 working days"\n'))
    assert config["papers_late"]["source"] == cite(["scottish-practice-7"]) + (
        "; ours: 10 working days"
    )
    config = load_config(write(tmp_path, '[papers_late]\nsource = "Our terms, 4.2"\n'))
    assert config["papers_late"]["source"] == "Our terms, 4.2"
    config = load_config(
        write(tmp_path, '[papers_late]\nsource = "Our terms, 4.2"\nown_rule = "ours"\n')
    )
    assert config["papers_late"]["source"] == "Our terms, 4.2"


def test_a_partnership_cannot_change_what_a_prompt_cites(tmp_path: Path) -> None:
    path = write(tmp_path, '[dissent]\ncites = ["kirklees-4"]\n')
    with pytest.raises(PromptConfigError) as refused:
        load_config(path)
    assert str(refused.value) == (
        f"{path}: dissent.cites cannot be changed; set dissent.source to cite your own rule"
    )


# --------------------------------------------------------------------------- the CLI


def test_facilitator_clauses_prints_the_map(capsys, tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "clauses"]) == 0
    out = capsys.readouterr().out
    for c in CLAUSES.values():
        assert f"  {c.id}  {c.label}: {c.summary}\n" in out
    assert "not served: a matter between each representative and the organisation" in out
    left = sum(not c.served_by for c in CLAUSES.values())
    assert out.endswith(
        f"{len(CLAUSES)} clauses: {len(CLAUSES) - left} served, {left} not served "
        "(facilitator/data/clauses.toml)\n"
    )
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- the seeds


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").split()).lower()


def _between(text: str, start: str, end: str | None = None) -> str:
    after = text[text.index(start) + len(start) :]
    return after[: after.index(end)] if end else after


def _bullets(text: str, marker: str) -> list[str]:
    """The list's points in order, a point's continuation lines joined to it."""
    points: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith(marker):
            points.append(line.strip()[len(marker) :])
        elif line.strip() and points:
            points[-1] += " " + line.strip()
    return points


def seed_clause(c: Clause) -> str:
    """The text of the clause ``c`` names, found in its seed document by its reference."""
    path = SEEDS / c.compact.seed
    if not path.is_file():
        pytest.skip(f"the seed document {path} is not on this machine")
    text = path.read_text(encoding="utf-8")
    number = int(n[-1]) if (n := re.findall(r"\d+", c.ref)) and c.ref[-1].isdigit() else 0
    key = (c.compact.key, re.sub(r"\s*\d+$", "", c.ref))
    lists = {
        ("gloucestershire", "common success factor"): ("include:", "Joint Undertakings", "- "),
        ("wiltshire", "success factor"): ("there should be:", "Joint Undertakings:", "• "),
        ("wiltshire", "joint undertaking"): ("We all undertake to:", "Voluntary and", "• "),
        ("wiltshire", "VCS undertaking"): ("sector partners undertake to:", "Public Sector", "• "),
        ("wiltshire", "public sector undertaking"): (
            "public sector partners undertake to:",
            "YOU CAN",
            "• ",
        ),
        ("scottish", "Compact commitment"): ("Executive will:", "Partnership working", "- "),
        ("scottish", "best practice"): ("should be observed:", None, "- "),
        ("kirklees", "2.2 statutory partners"): ("Statutory Partners will:", "VCS Organ", "- "),
        ("kirklees", "2.2 VCS organisations"): ("VCS Organisations will", "## **3.", "- "),
    }
    if key in lists:
        start, end, marker = lists[key]
        return _bullets(_between(text, start, end), marker)[number - 1]
    if c.compact.key == "recipe":  # the table's rows, after its heading row
        rows = _between(text, "shopping list", "Utensils").splitlines()[1:]
        return [row for row in rows if row.strip()][number - 1]
    if c.compact.key == "gloucestershire":  # 5.6, 6.1, 7.3: to the next clause or heading
        after = _between(text, f"- {c.ref} ")
        return re.split(r"\n\s*- \d+\.\d+ |\n\d+ [A-Z]|\nFor further", after)[0]
    if re.fullmatch(r"[24][a-d]", c.ref):  # the vision's and the disputes process's a to d
        start, end = ("# 2. Our", "## 2.1") if c.ref[0] == "2" else ("## 4. Disputes", None)
        return _between(_between(text, start, end), f"- {c.ref[1]}. ", "\n")
    if c.ref.startswith("2.1 "):  # a principle, by name: its text, to the next one
        principles = _between(text, "## 2.1. Key Principles", "## 2.2.")
        return _between(principles, f"**{c.ref[4:]}**").split("\n- **")[0]
    sections = {
        "3": ("3. Communication and Representation", "3.1."),
        "3.1": ("3.1. Compact champions", "3.2."),
        "3.2": ("3.2. Compact Overview", "3.3."),
        "3.3": ("3.3. Wider Involvement", "3.4."),
        "3.4": ("3.4. Communication and Media", "## 4."),
        "4": ("## 4. Disputes and challenges", None),
    }
    return _between(text, *sections[c.ref])


@pytest.mark.parametrize("c", CLAUSES.values(), ids=list(CLAUSES))
def test_a_summarys_quoted_words_are_in_the_clause_it_names(c: Clause) -> None:
    found = _normal(seed_clause(c))
    for quoted in re.findall(r'"([^"]+)"', c.summary):
        assert _normal(quoted) in found, (quoted, found)


def test_the_seed_lookup_finds_the_right_clause() -> None:
    """The check above is only as good as its lookup: spot-check it against known text."""
    expect = {
        "gloucestershire-5.12": "Accessible meetings",
        "gloucestershire-5.16": "earliest practicable stage",
        "wiltshire-joint-12": "Action planning",
        "wiltshire-public-4": "organisation in their own right",
        "scottish-practice-11": "a partner wishes to withdraw",
        "scottish-compact-6": "not confidential unless otherwise stated",
        "kirklees-4": "should not be used to challenge decisions",
        "kirklees-4b": "Compact Steering Group will be asked to review",
        "kirklees-2b": "transparent decision making",
        "kirklees-2.1-involvement": "continue to involve communities",
        "recipe-13": "regular review",
    }
    for clause_id, words in expect.items():
        assert _normal(words) in _normal(seed_clause(clause(clause_id))), clause_id
    assert "Accessible meetings" not in seed_clause(clause("gloucestershire-5.13"))
    assert "withdraw" not in seed_clause(clause("scottish-practice-10"))


def test_the_old_papers_setting_in_prompts_toml_says_where_it_went(tmp_path: Path) -> None:
    with pytest.raises(PromptConfigError, match="minimum_days is now each meeting's own setting"):
        load_config(write(tmp_path, "[papers_late]\nminimum_days = 7\n"))
