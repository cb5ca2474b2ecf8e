"""Resolve ``@OWNER`` in a captured line against the meeting's participants.

``@`` followed by a participant's full name, first name or organisation names the owner,
ignoring case and accents (``@sian`` is Siân, ``@Lukasz`` is Łukasz: ``text.fold``);
multi-word names work because the longest match wins: ``@Priya Shah to circulate`` and
``@Priya to circulate`` both find Priya Shah. An ``@`` that matches nobody, or a name two
people share once accents are ignored ("Sian" when Sian and Siân are both there), is refused
with the reason; the full name typed exactly as written always finds its owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from facilitator.core.capture import CaptureError
from facilitator.core.model import Participant
from facilitator.core.patterns import lazy
from facilitator.core.text import fold

_MAX_NAME_WORDS = 8
_AT = lazy(r"(?:(?<=\s)|^)@(?=\S)")
_TRAILING = ".,;:!?)"


def _key(text: str) -> str:
    return fold(" ".join(text.split()))


def _as_written(text: str) -> str:
    return " ".join(text.split()).casefold()


class Owners(msgspec.Struct, frozen=True):
    """The names an ``@`` can refer to, each mapped to the owner stored in the record."""

    table: dict[str, tuple[str, ...]]  # key → the distinct owners it could mean

    people_only: bool = False

    @classmethod
    def of(cls, participants: Iterable[Participant], *, people_only: bool = False) -> Owners:
        """Everyone (and, unless ``people_only``, every organisation) a name can mean."""
        table: dict[str, set[str]] = {}
        for person in participants:
            for key in _name_keys(person.name):
                table.setdefault(_key(key), set()).add(person.name)
            if people_only:
                continue
            org = person.organisation
            for key in (org, _acronym(org), *_org_words(org)):
                table.setdefault(_key(key), set()).add(org)
        table.pop("", None)
        return cls({k: tuple(sorted(v)) for k, v in table.items()}, people_only)

    def resolve(self, words: list[str]) -> tuple[str, int]:
        """The owner named by the first words of ``words`` and how many words it took."""
        if words and words[0].startswith("@"):
            words = [words[0][1:], *words[1:]]
        for n in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            typed = " ".join(words[:n]).rstrip(_TRAILING)
            if typed.casefold().endswith("'s"):
                typed = typed[:-2]
            key = _key(typed)
            found = self.table.get(key)
            if found and len(found) == 1:
                return found[0], n
            if found:
                exact = [o for o in found if _as_written(o) == _as_written(typed)]
                if len(exact) == 1:  # a full name typed as written, accents and all
                    return exact[0], n
                how = " exactly as written" if any(_key(o) == key for o in found) else ""
                raise CaptureError(
                    f"@{' '.join(words[:n])} could be {' or '.join(found)} — use the full "
                    f"name{how}"
                )
        if not self.table:
            raise CaptureError(
                f"@{words[0]} is not known: this meeting has no participants yet "
                "(add them on the plan screen: facilitator plan ID)"
            )
        what = "a participant" if self.people_only else "a participant or organisation"
        label = words[0] if self.people_only else f"@{words[0]}"
        raise CaptureError(f"{label} is not {what} in this meeting")


_STOPWORDS = {"and", "the", "for", "of", "with", "trust", "group", "services", "service"}


HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "cllr",
    "councillor",
    "rev",
    "revd",
    "sir",
    "dame",
    "lord",
    "lady",
    "insp",
    "inspector",
    "supt",
    "ch",
    "sgt",
    "pc",
}


def _name_keys(name: str) -> list[str]:
    """A person answers to the full name, the name without a title ("Dr", "Cllr") and any
    one part of it ("@Grace", "@Obi")."""
    words = name.split()
    plain = [w for w in words if w.casefold().rstrip(".") not in HONORIFICS] or words
    return [name, " ".join(plain), *plain]


def _org_words(organisation: str) -> list[str]:
    """Distinctive words of an organisation's name: "@Council", "@Constabulary"."""
    words = organisation.replace("(", " ").replace(")", " ").split()
    return [
        w
        for w in words
        if (len(w) >= 4 or (len(w) >= 2 and w.isupper())) and w.casefold() not in _STOPWORDS
    ]


def _acronym(organisation: str) -> str:
    words = [w for w in organisation.split() if w.casefold() not in {"and", "the", "of", "&"}]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def split_owner(body: str, owners: Owners) -> tuple[str, str]:
    """Take the ``@OWNER`` out of ``body``: returns (text without it, owner or "")."""
    match = _AT.search(body)
    if match is None:
        return body.strip(), ""
    before, after = body[: match.start()], body[match.end() :]
    owner, used = owners.resolve(after.split())
    name_span = re.match(r"\s*" + r"\S+\s+" * (used - 1) + r"\S+", after)
    rest = after[name_span.end() if name_span else 0 :].strip()
    if _AT.search(rest):
        raise CaptureError("only one @owner per line")
    text = " ".join(part for part in (before.strip(), rest) if part)
    return text, owner
