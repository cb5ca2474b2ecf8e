"""Checklists a partnership reviews itself against, each item with its source.

Three are built in, verbatim from the seed documents: the 13 ingredients of the "Effective
partnership working" recipe card, the 11 common success factors (Gloucestershire Compact,
with Wiltshire's additions on capacity) and the 7 Kirklees Compact principles. A partnership
adds its own as TOML files in ``<data-dir>/checklists/``::

    id = "youth-voice"
    title = "Youth voice in the partnership"
    source = "Our terms of reference, 2026"
    [[items]]
    text = "Young people are consulted before decisions that affect them"
"""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from facilitator.core.errors import UserError
from facilitator.core.files import parse_toml
from facilitator.core.patterns import lazy

# A built-in item cites its clause by id (facilitator/data/clauses.toml) and its source is that
# clause's label there (tests/core/test_citations.py checks they agree); written out here so that
# importing this module reads no file.
RECIPE_CARD = '"Effective partnership working" recipe card'
GLOUCESTERSHIRE = "Gloucestershire Compact"
WILTSHIRE = "Wiltshire Compact"
KIRKLEES = "Kirklees Compact"

ANSWERS = {"yes": "✓ yes", "no": "✗ no", "unsure": "? not sure"}


class ChecklistError(UserError):
    """A checklist file that cannot be used: one line naming the file and the problem."""


class ChecklistItem(msgspec.Struct, frozen=True):
    ref: str
    text: str
    source: str
    cites: tuple[str, ...] = ()  # clause ids (clauses.toml); a partnership's own cite none


class Checklist(msgspec.Struct, frozen=True):
    id: str
    title: str
    items: tuple[ChecklistItem, ...]

    def item(self, ref: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.ref == ref), None)


_INGREDIENTS = (
    "Partners see real benefit and results in collaboration",
    "Partnership will achieve more than can be achieved without it",
    "The partnership is inclusive and representative of stakeholder interests",
    "The common interest is a higher priority than individual partner interest",
    'Partners use "we" when talking about partnership issues',
    "Partners are willing to change to achieve shared goals",
    "Responsibilities and rewards are shared",
    "There is a real will to succeed and dedicate resources to make this happen",
    "There is a shared vision of what success looks like",
    "Partners understand and respect each others' diversity and cultural differences",
    "Partners understand the use of strengths and talents within different organisations",
    "Effective communication methods are in place",
    "There is regular review in which partners assess how well the partnership is performing "
    "and decide on actions to improve if appropriate",
)

_SUCCESS_FACTORS = (
    ("Active agreement that a partnership is necessary", ""),
    ("Shared, clear and defined purpose", ""),
    ("Confidence in the commitments, capacity and actions of different partners", "capacity"),
    ("Commitment and the capacity to achieving the best outcomes for end users", "capacity"),
    ("Leadership by respected individuals", ""),
    ("A clear and open decision-making process", ""),
    ("The development of a shared vision of what might be achieved", ""),
    ("Time to build the partnership", ""),
    ("Shared or overlapping agendas", ""),
    ("Good communication between partners", ""),
    ("Effective partnership management", ""),
)

_PRINCIPLES = (
    (
        "Openness",
        "We will act with integrity, accountability, fairness, openness and honesty "
        "with each other.",
    ),
    (
        "Mutual Respect",
        "We will respect and be respected. We will be valued equally, recognising "
        "the unique contributions, resources and constraints each brings to the "
        "partnership.",
    ),
    (
        "Partnership",
        "We will work towards common aims, evidence based best practice and "
        "contribute according to areas of expertise and ability.",
    ),
    (
        "Leadership & Governance",
        "We will ensure that we provide clear open strong leadership and "
        "ensure the governance arrangements of our organisations are "
        "representative and inclusive.",
    ),
    (
        "Diversity",
        "The diversity of the voluntary and community sector will be acknowledged and "
        "respected. The public sector will work with organisations in a way that is "
        "appropriate to their size and role within Kirklees.",
    ),
    (
        "Equality",
        "Our partnership recognises the differing needs and abilities in our community. "
        "We will work to ensure that everyone is able to realise their potential and "
        "benefit from the cultural, social and economic vitality of Kirklees.",
    ),
    (
        "Involvement",
        "We will continue to involve communities as a partnership approach to "
        "support our shared vision of the future.",
    ),
)


def _slug(name: str) -> str:
    """A principle's name in its clause id: "Leadership & Governance" → leadership-governance."""
    return "-".join(re.findall(r"[a-z]+", name.lower()))


INGREDIENTS = Checklist(
    id="ingredients",
    title="The 13 ingredients of an effective partnership",
    items=tuple(
        ChecklistItem(f"I{n}", text, f"{RECIPE_CARD}, ingredient {n}", (f"recipe-{n}",))
        for n, text in enumerate(_INGREDIENTS, start=1)
    ),
)

SUCCESS_FACTORS = Checklist(
    id="success-factors",
    title="The 11 common success factors of multi-sector partnerships",
    items=tuple(
        ChecklistItem(
            f"S{n}",
            text,
            f"{GLOUCESTERSHIRE}, common success factor {n}; {WILTSHIRE}, success factor {n}"
            + (f" adds {extra}" if extra else ""),
            (f"gloucestershire-factor-{n}", f"wiltshire-factor-{n}"),
        )
        for n, (text, extra) in enumerate(_SUCCESS_FACTORS, start=1)
    ),
)

PRINCIPLES = Checklist(
    id="kirklees-principles",
    title="The 7 key principles of the Kirklees Compact",
    items=tuple(
        ChecklistItem(
            f"K{n}", f"{name}: {text}", f"{KIRKLEES} 2.1 {name}", (f"kirklees-2.1-{_slug(name)}",)
        )
        for n, (name, text) in enumerate(_PRINCIPLES, start=1)
    ),
)

BUILT_IN = {c.id: c for c in (INGREDIENTS, SUCCESS_FACTORS, PRINCIPLES)}
CHECKLISTS = BUILT_IN  # the built-in ones; ``available`` adds a partnership's own
_ID = lazy(r"[a-z0-9][a-z0-9-]{0,39}")


def available(data_dir: Path | None = None) -> dict[str, Checklist]:
    """The built-in checklists and those in ``<data-dir>/checklists/*.toml``."""
    found = dict(BUILT_IN)
    folder = data_dir / "checklists" if data_dir else None
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.toml")):
        checklist = load_checklist(path)
        if checklist.id in found:
            raise ChecklistError(f"{path}: id {checklist.id!r} is already a checklist")
        found[checklist.id] = checklist
    return found


def load_checklist(path: Path) -> Checklist:
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not TOML, a huge number
        reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise ChecklistError(f"{path}: cannot be read ({reason})") from None
    for key in ("id", "title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ChecklistError(f"{path}: {key} is required (text)")
    if not _ID.fullmatch(data["id"]):
        raise ChecklistError(f"{path}: id should be lower-case letters, digits and hyphens")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ChecklistError(f"{path}: items should be a list of [[items]] with text")
    built = []
    for n, item in enumerate(items, start=1):
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise ChecklistError(f"{path}: items[{n}].text is required (text)")
        source = item.get("source", data["source"])
        if not isinstance(source, str):
            raise ChecklistError(f"{path}: items[{n}].source should be text")
        built.append(ChecklistItem(f"C{n}", " ".join(text.split()), source))
    return Checklist(data["id"], " ".join(data["title"].split()), tuple(built))
