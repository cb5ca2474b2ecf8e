"""Comparing what people type with what is stored: names and search ignore accents and case.

``@Sian`` finds Siân, ``/interest Lukasz`` finds Łukasz and a search for ``sian`` finds
"Siân": :func:`fold` is the one rule, used wherever typed text is matched against names,
titles or the record. Nothing is stored folded; names are kept and shown as written.
"""

from __future__ import annotations

import unicodedata

# Letters that NFKD leaves whole (they are letters of their own, not a letter plus a mark),
# written as a reader without them would type them.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "Ŀ": "l",
        "ŧ": "t",
        "Ŧ": "t",
        "þ": "th",
        "Þ": "th",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """``text`` as it is compared: compatibility-decomposed (NFKD), without combining marks,
    letters such as ł, ø, ß and æ spelt plainly, and case-folded.

    ``fold("Siân Łukasiewicz") == fold("SIAN lukasiewicz") == "sian lukasiewicz"``. The
    result can be longer or shorter than ``text`` (ß → ss), so it is for comparing only,
    never for slicing the original.
    """
    if text.isascii():  # the same answer, without decomposing every character
        return text.lower()
    return _bare(_bare(text).translate(_LETTERS).casefold())
