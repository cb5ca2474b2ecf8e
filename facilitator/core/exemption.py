"""Reasons for exemption: the seven paragraphs of Part 1 of Schedule 12A to the Local
Government Act 1972, which the plan screen offers for an exempt (Part B) item, and the
paragraphs a reason names (the agenda pack's resolution to exclude the public cites them)."""

from __future__ import annotations

import re

from facilitator.core.patterns import lazy

# Part 1 of Schedule 12A to the Local Government Act 1972 (as substituted in England by the
# Local Government (Access to Information) (Variation) Order 2006): the descriptions of
# exempt information, by paragraph. The plan screen offers them as reasons for exemption.
SCHEDULE_12A = (
    (1, "Information relating to any individual."),
    (2, "Information which is likely to reveal the identity of an individual."),
    (3, "Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information)."),
    (4, "Information relating to any consultations or negotiations, or contemplated "
        "consultations or negotiations, in connection with any labour relations matter "
        "arising between the authority or a Minister of the Crown and employees of, or office "
        "holders under, the authority."),
    (5, "Information in respect of which a claim to legal professional privilege could be "
        "maintained in legal proceedings."),
    (6, "Information which reveals that the authority proposes (a) to give under any "
        "enactment a notice under or by virtue of which requirements are imposed on a person; "
        "or (b) to make an order or direction under any enactment."),
    (7, "Information relating to any action taken or to be taken in connection with the "
        "prevention, investigation or prosecution of crime."),
)
_PARAGRAPH = lazy(  # "paragraph 3", "para. 1", "paragraphs 1, 2 and 4", "¶ 7"
    r"(?i)(?:\bpara(?:graph)?s?\.?|¶)\s*((?:[1-7]\b(?:\s*(?:,|&|and|or)\s*)?)+)"
)


def schedule_12a_reason(paragraph: int) -> str:
    """The reason for exemption a paragraph of Schedule 12A gives, as the plan stores it."""
    text = dict(SCHEDULE_12A)[paragraph]
    return f"Paragraph {paragraph} of Schedule 12A: {text}"


def paragraphs_of(reason: str) -> list[int]:
    """The Schedule 12A paragraphs a reason names ("Paragraph 3 …", "para 1 and para 2")."""
    named = "".join(_PARAGRAPH.findall(reason))
    return sorted({int(n) for n in re.findall(r"[1-7]", named)})


PARAGRAPH_CHOICES = (
    "none",
    "1 information relating to any individual",
    "2 likely to reveal the identity of an individual",
    "3 financial or business affairs of any particular person",
    "4 labour relations: consultations or negotiations with employees",
    "5 legal professional privilege",
    "6 a notice, order or direction the authority proposes",
    "7 prevention, investigation or prosecution of crime",
)
"""What the plan's item form offers (each starts with its paragraph's number)."""


def paragraph_choice(reason: str) -> str:
    """The choice that matches a stored reason: its first paragraph, or "none"."""
    found = paragraphs_of(reason)
    return PARAGRAPH_CHOICES[found[0]] if found else PARAGRAPH_CHOICES[0]


def reason_from(choice: str, text: str) -> str:
    """The reason to store from the form's choice of paragraph and its free text: the
    paragraph's own words when nothing else is typed (or the words of another paragraph,
    chosen before, are left as they were), the text as typed when it names that paragraph,
    and otherwise the text after the paragraph it is given under."""
    text = " ".join(text.split())
    number = int(choice[0]) if choice[:1].isdigit() else 0
    if not number:
        return text
    if not text or text in {schedule_12a_reason(n) for n, _ in SCHEDULE_12A}:
        return schedule_12a_reason(number)
    if number in paragraphs_of(text):
        return text
    return f"Paragraph {number} of Schedule 12A: {text}"
