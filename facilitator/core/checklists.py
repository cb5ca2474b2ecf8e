"""Checklists a partnership reviews itself against, each item with its source."""

from __future__ import annotations

from dataclasses import dataclass

RECIPE_CARD = '"Effective partnership working" recipe card, key ingredients'

ANSWERS = {"yes": "✓ yes", "no": "✗ no", "unsure": "? not sure"}


@dataclass(frozen=True)
class ChecklistItem:
    ref: str
    text: str
    source: str


@dataclass(frozen=True)
class Checklist:
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

INGREDIENTS = Checklist(
    id="ingredients",
    title="The 13 ingredients of an effective partnership",
    items=tuple(
        ChecklistItem(f"I{n}", text, f"{RECIPE_CARD}, ingredient {n}")
        for n, text in enumerate(_INGREDIENTS, start=1)
    ),
)

CHECKLISTS = {INGREDIENTS.id: INGREDIENTS}
