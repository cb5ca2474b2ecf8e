"""The fingerprint of approved minutes: SHA-256 of their canonical text.

The canonical text of a version of the minutes (full or public) is its plain-text rendering
(``minutes_doc.to_text``), before the fingerprint line is added and without the chair's
signature block (only Word and HTML have one), normalised: Unicode NFC, every run of
whitespace one space, none at either end. It is the same whichever format the minutes are
circulated in, so the fingerprint printed in a Word, HTML, Markdown or text copy is the same
for one version; the public and the full minutes each have their own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

LABEL = "Fingerprint (SHA-256 of the plain-text minutes without this line)"
_STATED = re.compile(r"Fingerprint \(SHA-256[^)]*\):?\s*([0-9a-f]{64})")


def canonical(text: str) -> str:
    """``text`` normalised: NFC, whitespace runs collapsed to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(text: str) -> str:
    """The SHA-256 (hex) of ``text``'s canonical form."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def line(digest: str) -> str:
    return f"{LABEL}: {digest}"


def stated(text: str) -> str:
    """The fingerprint a copy of the minutes states, or "" if it states none."""
    found = _STATED.search(text)
    return found.group(1) if found else ""


def unstated(text: str) -> str:
    """``text`` with the fingerprint it states taken out (the rest is compared word for
    word; the fingerprint on its own)."""
    return _STATED.sub(LABEL, text)
